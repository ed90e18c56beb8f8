"""A reference text names its subject and its kind first ("VP-29 was a Patrol Squadron"), then
goes on with "the squadron": that description means the subject (extract/linking.py, lead)."""

import pytest

from extract.linking import ArticleMentions, clean_name

pytestmark = pytest.mark.slow


def _mentions(extractor, text, title=None):
    doc = extractor.nlp(text)
    return doc, ArticleMentions(doc, title)


def _token(doc, word, nth=0):
    return [t for t in doc if t.text == word][nth]


def test_the_kind_the_lead_gives_stands_for_the_subject(extractor):
    doc, m = _mentions(extractor, "Orvik Rovers is a football club in Bergen. In 1990 the club moved to Oslo.",
                       "Orvik Rovers")
    assert m.lead == ("Orvik Rovers", frozenset({"club"}))
    assert m.resolve(_token(doc, "club", 1)) == "Orvik Rovers"


def test_a_name_the_ner_missed_is_the_subject_when_it_is_the_title(extractor):
    doc, m = _mentions(extractor, "VP-29 was a Patrol Squadron of the U.S. Navy. The squadron was disbanded in 1950.",
                       "VP-29")
    assert m.lead is not None and m.lead[0] == "VP-29"
    assert m.resolve(_token(doc, "squadron")) == "VP-29"


def test_an_indefinite_description_or_another_kind_is_not_the_subject(extractor):
    doc, m = _mentions(extractor, "The Orvik Five is a rock band from Bergen. A band from Oslo bought the studio.",
                       "The Orvik Five")
    assert m.lead is not None and "band" in m.lead[1]
    assert m.resolve(_token(doc, "band", 1)) is None  # "a band": some other band
    doc, m = _mentions(extractor, "Orvik Rovers is a football club in Bergen. The stadium was sold in 1990.",
                       "Orvik Rovers")
    assert m.resolve(_token(doc, "stadium")) is None


def test_a_lead_about_someone_else_than_the_title_gives_no_kind(extractor):
    _, m = _mentions(extractor, "Ada Lind is a Norwegian chemist. Her brother founded a club.", "Per Lind")
    assert m.lead is None


def test_a_person_is_not_read_for_a_firm_and_back(extractor):
    doc, m = _mentions(extractor, "Gary Mills is an English football manager. The manager joined Tamworth in 2001.",
                       "Gary Mills")
    manager = _token(doc, "manager", 1)
    assert m.resolve(manager, "PERSON") == "Gary Mills"
    assert m.resolve(manager, "ORG") is None


def test_a_bracket_opened_after_a_name_is_cut_off():
    assert clean_name("Patrol Squadron 52 (VP-52") == "Patrol Squadron 52"
    assert clean_name("Heavy Patrol Squadron (Landplane) 12") == "Heavy Patrol Squadron (Landplane) 12"

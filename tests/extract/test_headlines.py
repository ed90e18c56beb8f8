"""A headline read as a sentence of its own (extract/headlines.py): headline grammar
rewritten, dated by the publication date, cited as written, not repeated from the body, and
not read when it asks, labels or quotes."""

import pytest

from extract import headlines
from extract.articles import article_from_text
from kg.core.entities import EntityIndex
from kg.core.facts import Modality

pytestmark = pytest.mark.slow

BODY = "Dana Okoro, a former teacher, won the runoff on Tuesday, defeating Per Lund by 900 votes."


def _mayors(extractor, title, body=BODY, date="2024-03-06"):
    out = extractor.extract(article_from_text(body, title=title, published=date), EntityIndex())
    return [s for s in out.statements if s.predicate == "mayor" and s.modality is Modality.ASSERTED], out


def test_headline_grammar_is_rewritten(extractor):
    assert headlines.rewrite(extractor.nlp("Dana Okoro elected mayor of Millbrook")) == \
        "Dana Okoro was elected mayor of Millbrook."
    assert headlines.rewrite(extractor.nlp("Garber to lead Harvard through 2027")) in (
        "Garber will lead Harvard through 2027.", "Garber to lead Harvard through 2027.")
    assert headlines.rewrite(extractor.nlp("Who will lead Millbrook?")) is None
    assert headlines.rewrite(extractor.nlp("Analysis: Dana Okoro elected mayor of Millbrook")) is None
    assert headlines.rewrite(extractor.nlp('"Tonight she is the mayor," says a voter')) is None
    assert headlines.rewrite(extractor.nlp("Gary Mills (footballer)")) is None  # a name, no verb


def test_a_title_that_is_the_first_line_is_not_read_twice():
    assert not headlines.readable("Dana Okoro elected mayor of Millbrook", "Dana Okoro elected mayor of Millbrook\n\nMore.")
    assert not headlines.readable("Dana Okoro elected mayor of Mill...", "Dana Okoro elected mayor of Millbrook today.")
    assert not headlines.readable("", BODY)
    assert headlines.readable("Dana Okoro elected mayor of Millbrook", BODY)


def test_a_headline_states_a_fact_dated_by_the_publication_date(extractor):
    found, _ = _mayors(extractor, "Dana Okoro elected mayor of Millbrook")
    assert len(found) == 1, found
    fact = found[0]
    assert str(fact.valid_from) == "2024-03-06"
    assert fact.sentence == "Dana Okoro elected mayor of Millbrook"  # cited as written


def test_a_headline_the_lead_repeats_adds_nothing(extractor):
    body = "Millbrook elected Dana Okoro as its mayor on Tuesday, the city's election board said."
    found, out = _mayors(extractor, "Dana Okoro elected mayor of Millbrook", body)
    assert len(found) == 1 and found[0].sentence != "Dana Okoro elected mayor of Millbrook", found
    assert not any(c.sentence == "Dana Okoro elected mayor of Millbrook" for c in out.claims)


@pytest.mark.parametrize("title", ["Who will be the mayor of Millbrook?",
                                   "Analysis: Dana Okoro elected mayor of Millbrook",
                                   '"Dana Okoro elected mayor of Millbrook," says a voter'])
def test_a_headline_that_asks_labels_or_quotes_states_nothing(extractor, title):
    found, _ = _mayors(extractor, title)
    assert found == []


def test_a_quoted_body_claim_does_not_hide_the_headline(extractor):
    body = BODY + ' Supporters chanted her name. "Tonight she is the mayor."'
    found, _ = _mayors(extractor, "Dana Okoro elected mayor of Millbrook", body)
    assert len(found) == 1 and found[0].sentence == "Dana Okoro elected mayor of Millbrook", found



def test_a_name_the_headline_repeats_is_labelled_once(extractor):
    # the body's NER label of a name is its evidence; the headline's copy would double it and
    # outweigh a slot's (the sample article 02, "Glasgow" read as a person, lost its move so)
    from spacy.tokens import Doc

    from extract.linking import REPEATS_FROM, ArticleMentions

    body = extractor.nlp("Brightwater Energy has moved its headquarters from Aberdeen to Glasgow on Monday.")
    headline = extractor.nlp("Brightwater moves head office to Glasgow.")
    whole = Doc.from_docs([body, headline])
    whole.user_data[REPEATS_FROM] = len(body)
    in_body = ArticleMentions(body).votes
    both = ArticleMentions(whole).votes
    assert both["Glasgow"] == in_body["Glasgow"] and sum(both["Glasgow"].values()) >= 1
    body_text = "Brightwater Energy has moved its headquarters from Aberdeen to Glasgow on Monday."
    prepared = extractor.prepare(article_from_text(body_text, title="Brightwater moves head office to Glasgow",
                                                   published="2021-06-14"))
    heads = [c for _, cs in prepared.per_sentence for c in cs if c.predicate == "headquarters"]
    assert [c.object for c in heads if c.valid_from] == ["Glasgow"]  # the move, once
    assert [c.object for c in heads if not c.valid_from] == ["Aberdeen"]  # "from Aberdeen": until then

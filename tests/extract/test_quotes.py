"""Reported speech (extract/quotes.py): sentences wholly inside quotation marks, and their
claims held back as the speaker's words."""

import pytest

from extract.quotes import quoted_ranges, wholly_quoted


def test_quoted_ranges_pair_curly_and_alternate_straight_quotes():
    text = 'He said \u201cwe won\u201d and "they lost" today.'
    assert [text[a:b] for a, b in quoted_ranges(text)] == ["we won", "they lost"]
    unclosed = 'She said: "We will appeal.\n\nNext paragraph.'
    assert [unclosed[a:b] for a, b in quoted_ranges(unclosed)] == ["We will appeal."]


@pytest.mark.slow
def test_a_sentence_all_in_quotes_is_quoted_and_one_that_reports_it_is_not(extractor):
    doc = extractor.nlp('Rana Holt won the vote. "Tonight she is the mayor." Officials said turnout was "very high".')
    sentences = list(doc.sents)
    assert wholly_quoted(sentences, quoted_ranges(doc.text)) == {1}


@pytest.mark.slow
def test_claims_of_quoted_speech_are_held_back(extractor):
    from extract.articles import article_from_text
    from kg.core.entities import EntityIndex
    from kg.core.facts import Modality

    def chairs(text):
        out = extractor.extract(article_from_text(text, published="2024-03-06"), EntityIndex())
        asserted = [s for s in out.statements if s.predicate == "chairperson" and s.modality is Modality.ASSERTED]
        return asserted, out.held_back

    said = "Per Lund is the chairman of Halden Marine, said Ola Berg, a shareholder."
    found, _ = chairs("Halden Marine named Sara Voss chief executive on Monday. " + said)
    assert found  # the article's own words: a fact
    quoted = '"Per Lund is the chairman of Halden Marine." That was said by Ola Berg, a shareholder.'
    found, held = chairs("Halden Marine named Sara Voss chief executive on Monday. " + quoted)
    assert not found
    assert any(h.reason.startswith("quoted speech") and "Per Lund" in h.sentence for h in held)

"""Long texts are parsed in sections (spaCy's nlp.max_length is 1,000,000 characters)."""

from __future__ import annotations

import pytest

from extract.sections import section_docs, sections


def test_sections_cut_between_paragraphs_and_keep_every_word():
    paragraphs = [f"Paragraph {i} says something. It has two sentences." for i in range(200)]
    text = "\n\n".join(paragraphs)
    pieces = list(sections(text, size=1_000))
    assert len(pieces) > 5
    assert all(len(p) <= 1_000 for p in pieces)
    assert all(p.startswith("Paragraph") and p.endswith("sentences.") for p in pieces)  # whole paragraphs
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())


def test_a_paragraph_longer_than_a_section_is_cut_at_a_sentence_end():
    text = " ".join(f"Sentence {i} ends here." for i in range(300))
    pieces = list(sections(text, size=500))
    assert len(pieces) > 5 and all(p.endswith(".") and len(p) <= 500 for p in pieces)


def test_a_short_text_is_one_section():
    assert list(sections("One paragraph.\n\nTwo.", size=1_000)) == ["One paragraph.\n\nTwo."]


@pytest.mark.slow
def test_a_text_just_over_spacys_limit_is_ingested_as_one_source(tmp_path):
    """Regression: a 4 MB text file failed with spaCy's E088 (text longer than max_length)."""
    from kg.runtime.settings import Settings
    from kg.app.service import Evergreen

    filler = "The weather in the valley was mild for the season, and the river ran high. " * 12
    lead = "Polar Freight appointed Siri Dahl as chief executive on Monday, the company said.\n\n"
    body = []
    while sum(map(len, body)) < 1_000_500:
        body.append(filler.strip() + "\n\n")
    text = "---\ntitle: A long report\ndate: 2025-01-06\n---\n" + lead + "".join(body)
    assert len(text) > 1_000_000
    path = tmp_path / "long-report.md"
    path.write_text(text, "utf-8")
    with Evergreen(Settings(store="memory", user="tester")) as svc:
        [report] = list(svc.ingest([path]))
        assert report.status == "ok", report.error
        assert [s.title for s, _ in svc.sources()] == ["A long report"]
        assert any(r.object == "Siri Dahl" for r in report.added), report.summary()


@pytest.mark.slow
def test_a_long_text_is_read_one_section_at_a_time_and_keeps_no_doc(extractor):
    """Bounded memory for long texts: each section's Doc is dropped once its claims and names
    are read; what linking needs comes back as plain data, from every section."""
    from extract.articles import article_from_text
    from kg.core.entities import EntityIndex

    filler = "The weather in the valley was mild for the season, and the river ran high. " * 8
    text = ("Polar Freight appointed Siri Dahl as chief executive on Monday.\n\n"
            + (filler + "\n\n") * 6
            + "Ostmark Bank named Pavel Ruzicka as chairman on Tuesday.\n\n"
            + (filler + "\n\n") * 6
            + "Dahl thanked the board of Polar Freight.\n\n")
    article = article_from_text(text, published="2024-03-06")
    limit = extractor.nlp.max_length
    extractor.nlp.max_length = 2_000  # a small limit, so this short text is read in sections
    try:
        assert len(list(section_docs(extractor.nlp, text))) > 3
        prepared = extractor.prepare(article)
    finally:
        extractor.nlp.max_length = limit
    assert prepared.mentions.doc is None and prepared.mentions._by_token is None
    names = {m.text for m in prepared.mentions.mentions}
    assert {"Polar Freight", "Siri Dahl", "Ostmark Bank", "Pavel Ruzicka"} <= names
    assert len(prepared.mentions.mentions) == len(names)  # one mention kept per name
    assert prepared.mentions.type_of("Pavel Ruzicka") == "PERSON"
    assert sum(1 for _, claims in prepared.per_sentence for _ in claims) >= 2
    out = extractor.link(article, prepared, EntityIndex())
    found = {(s.subject, s.predicate, s.object.id) for s in out.statements}
    assert ("polar-freight", "chief_executive", "siri-dahl") in found
    assert ("ostmark-bank", "chairperson", "pavel-ruzicka") in found

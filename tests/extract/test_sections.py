"""Long texts are parsed in sections (spaCy's nlp.max_length is 1,000,000 characters)."""

from __future__ import annotations

import pytest

from extract.sections import parse, sections


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

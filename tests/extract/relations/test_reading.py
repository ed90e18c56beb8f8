"""Reading across the families: pronouns and the biography's subject, which one sentence
leaves for the next (extract/relations/reader.py over extract/linking.py's mentions)."""

import pytest

from extract.articles import article_from_text

pytestmark = pytest.mark.slow


def test_pronoun_follows_the_subject_not_the_latest_person(read):
    # "She" in the last sentence continues the previous sentence's subject ("she" = Maren
    # Holt), not the latest person named (Olav Brekke, the predecessor).
    out = read("Maren Holt joined Fjordline Shipping in 2001. In 2005 she became chief "
               "executive of Fjordline Shipping, succeeding Olav Brekke. She moved to "
               "Nordvik Energy in 2010.")
    subjects = {s.subject for s in out.statements if s.predicate in ("employer", "chief_executive")}
    assert "olav-brekke" not in subjects
    moved = [s for s in out.statements if getattr(s.object, "id", "") == "nordvik-energy"]
    assert moved and all(s.subject == "maren-holt" for s in moved)


def test_biography_pronoun_falls_back_to_the_title_person(extractor):
    text = ("Anton Lindqvist (born 1950) is a Swedish engineer.\n\nCareer.\n\n"
            "In 1980 the board of Halsa Verken hired Brita Ek and Nils Ek. "
            "He later joined Kvarn Industri in 1985.")
    article = article_from_text(text, title="Anton Lindqvist (engineer)", published="2024-03-06")
    mentions, _ = extractor.claims(extractor.nlp(article.text), article.published, article.title)
    assert mentions.topic() == "Anton Lindqvist"

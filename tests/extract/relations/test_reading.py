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


def test_its_and_the_company_follow_the_subject_not_a_name_said_in_passing(read, extractor):
    # "its" is Halden Marine's, the subject, though Brightwater Ports is the latest firm named;
    # in the next sentence "the company" continues that subject too.
    text = ("Halden Marine hired Sara Voss, a former director of Brightwater Ports, as its chief executive. "
            "Voss succeeds Per Lund, who ran the company for a decade. "
            "Voss spent twelve years at Brightwater Ports and ran its container terminal.")
    doc = extractor.nlp(text)
    from extract.linking import ArticleMentions

    mentions = ArticleMentions(doc)
    its = [t for t in doc if t.lower_ == "its"]
    company = next(t for t in doc if t.lower_ == "company")
    assert mentions.resolve(its[0]) == "Halden Marine"
    assert mentions.resolve(company) == "Halden Marine"
    assert mentions.resolve(its[1]) == "Brightwater Ports"  # the subject is a person: the latest firm in the sentence
    out = read(text)
    ceo = {(s.subject, getattr(s.object, "id", s.object)) for s in out.statements if s.predicate == "chief_executive"}
    assert ("halden-marine", "sara-voss") in ceo


def test_a_long_chain_of_the_company_resolves_without_recursing_through_every_sentence(extractor):
    from extract.linking import ArticleMentions

    doc = extractor.nlp("Halden Marine, the shipping group, opened in Oslo. " + "The company grew again. " * 1500)
    mentions = ArticleMentions(doc)
    last = [t for t in doc if t.lower_ == "company"][-1]
    assert mentions.resolve(last) == "Halden Marine"  # a chain followed a few steps, then the latest firm


def test_he_is_not_someone_she_stood_for(read):
    # by centering "he" would be "She", the sentence's subject; but "she" already stood for
    # Maren Holt, so "he" is the other person the sentence names
    out = read("Maren Holt was named chief executive of Fjordline Shipping on Monday. She will take "
               "over on May 1, succeeding Olav Brekke, who has run the company since 2010 and said "
               "in June that he would retire.")
    holt = [s for s in out.statements if s.predicate == "chief_executive" and s.object.id == "maren-holt"]
    assert holt and all(s.kind.value != "end" for s in holt), holt


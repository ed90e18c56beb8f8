"""Helpers for the event families' tests: an article read end to end (statements, as ingest
makes them), or one family alone over each sentence (surface claims, in order)."""

import datetime as dt

import pytest

from extract.articles import article_from_text
from extract.linking import ArticleMentions
from kg.core.entities import EntityIndex
from kg.core.facts import TimePoint

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def read(extractor):
    """read(text, date=..., title=None) -> Extraction: the whole extractor, into an empty graph."""
    def run(text, date="2024-03-06", title=None):
        article = article_from_text(text, title=title, published=date, now=NOW)
        return extractor.extract(article, EntityIndex())
    return run


@pytest.fixture
def family(extractor):
    """family(module, text, date=...) -> list[Claim]: what one event family finds on its own."""
    from extract.relations import ArticleContext, SentenceReader

    def run(module, text, date="2024-03-06", title=None):
        doc = extractor.nlp(text)
        mentions, context, out = ArticleMentions(doc, title), ArticleContext(), []
        for sent in doc.sents:
            if sent.text.strip():
                reader = SentenceReader(sent, mentions, TimePoint.parse(date), context,
                                        extractor.catalogue, extractor.mapper)
                out.extend(module.find(reader))
        return out
    return run


@pytest.fixture
def keyed():
    """keyed(extraction) -> {(subject, predicate, object, kind, modality)} of its statements."""
    return lambda extraction: {(s.subject, s.predicate, getattr(s.object, "id", getattr(s.object, "text", None)),
                                s.kind, s.modality) for s in extraction.statements}


@pytest.fixture
def triples():
    """triples(claims) -> {(subject, predicate, object)} in surface form."""
    return lambda claims: {(c.subject, c.predicate, c.object) for c in claims}

"""Ingest: articles in, one atomic commit and one report per article.

- the same content twice (same hash) is reported as a duplicate and changes nothing;
- a new version of an article already ingested from the same URL replaces the old
  version: the old source is forgotten in the same commit, so the versioning rules
  recompute its facts from what remains;
- a failed article (or file) leaves the graph unchanged and the batch goes on.
Parsing is batched through `nlp.pipe` (settings.n_process processes when above 1).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace

from kg.errors import EvergreenError
from kg.facts import Kind, Modality, Source, Statement
from kg.report import Report
from extract.articles import Article
from extract.pipeline import EXTRACTOR_NAME, Extraction, source_id_for

logger = logging.getLogger(__name__)

BATCH = 64


def ingest_articles(service, articles: Iterable[Article | Report]) -> Iterator[Report]:
    """One report per article or failed file, in order."""
    pending: list[Article | Report] = []
    for item in articles:
        pending.append(item)
        if len(pending) >= BATCH:
            yield from _ingest_batch(service, pending)
            pending = []
    if pending:
        yield from _ingest_batch(service, pending)


def _ingest_batch(service, items: list[Article | Report]) -> Iterator[Report]:
    articles = [i for i in items if isinstance(i, Article)]
    fresh = _fresh(service, articles)
    extractor = service.extractor if fresh else None
    docs = iter(extractor.docs(fresh)) if fresh else iter(())
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Report):
            yield item
            continue
        if item.content_hash in seen or service.graph.source_by_hash(item.content_hash) is not None:
            yield _duplicate(item)
            continue
        seen.add(item.content_hash)
        doc = next(docs)
        yield _ingest_one(service, item, doc)


def _fresh(service, articles: list[Article]) -> list[Article]:
    """Articles not yet in the graph (parsed; duplicates are not)."""
    out, seen = [], set()
    for article in articles:
        if article.content_hash in seen or service.graph.source_by_hash(article.content_hash) is not None:
            continue
        seen.add(article.content_hash)
        out.append(article)
    return out


def _duplicate(article: Article) -> Report:
    return Report("ingest", status="duplicate", title=article.title, file=article.file_name,
                  published=str(article.published) if article.published else None,
                  published_uncertain=article.published_uncertain,
                  source_id=source_id_for(article), error="same content as an article already ingested")


def _ingest_one(service, article: Article, doc) -> Report:
    report = Report("ingest", source_id=source_id_for(article), title=article.title, file=article.file_name,
                    published=str(article.published) if article.published else None,
                    published_uncertain=article.published_uncertain)
    try:
        extraction = service.extractor.extract_doc(article, doc, service.index)
        now = service.clock()
        source = Source(
            id=report.source_id, kind="article", title=article.title, published=article.published,
            published_uncertain=article.published_uncertain, url=article.url, file_name=article.file_name,
            content_hash=article.content_hash, recorded_at=now, agent=EXTRACTOR_NAME, text=article.text,
        )
        statements = _settle_open_starts(service, [replace(s, recorded_at=now) for s in extraction.statements])
        # A sentence repeated word for word gives the same statement id: store and count it once.
        statements = list({s.id: s for s in statements}.values())
        forget = [sid for sid in service.graph.sources_by_url(article.url) if sid != source.id] if article.url else []
        done = service.commit(report, sources=[source], statements=statements,
                              entities=extraction.entities, forget=forget)
    except EvergreenError as err:
        service._index = None  # the linker may have indexed entities that were never written
        return replace(report, status="failed", error=str(err))
    except Exception as err:  # a bug in extraction must not stop the batch; say which article
        logger.exception("ingest of %s failed", article.file_name or article.title)
        service._index = None
        return replace(report, status="failed", error=f"extraction failed ({type(err).__name__}: {err})")
    done.held_back.extend(extraction.held_back)
    done.barren_sentences.extend(extraction.barren_sentences)
    done.statements = len(statements)
    if forget:
        logger.info("%s replaces %d earlier version(s) of %s", source.id, len(forget), article.url)
    return done


def _settle_open_starts(service, statements: list[Statement]) -> list[Statement]:
    """"Y held the post until D" with no start: when the graph already knows an earlier
    holder, an open start would reach back past it; an end statement says the same safely."""
    single = [s for s in statements if s.valid_from is None and s.valid_until is not None
              and s.kind is Kind.ASSERT and s.modality is Modality.ASSERTED
              and service.catalogue.get(s.predicate).single]
    if not single:
        return statements
    known = service.graph.facts_for_keys({s.key for s in single})
    out = []
    for st in statements:
        if st in single and any(
            f.subject == st.subject and f.predicate == st.predicate and f.valid_from is not None
            and f.valid_from.date < st.valid_until.date for f in known
        ):
            out.append(Statement(subject=st.subject, predicate=st.predicate, object=st.object,
                                 source_id=st.source_id, kind=Kind.END, valid_from=st.valid_until,
                                 sentence=st.sentence, extractor=st.extractor, confidence=st.confidence,
                                 recorded_at=st.recorded_at, reason="succeeded"))
        else:
            out.append(st)
    return out

"""Ingest: articles in, one atomic commit and one report per article.

- the same content twice (same hash) is reported as a duplicate and changes nothing;
- a new version of an article already ingested from the same URL replaces the old
  version: the old source is forgotten in the same commit, so the versioning rules
  recompute its facts from what remains;
- a failed article (or file) leaves the graph unchanged and the batch goes on.
Reading (parse and claims) is batched through `nlp.pipe`; with settings.n_process above 1,
worker processes read the next batch while this process links and commits the current one
(`extract.parallel`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kg.core.catalogue import Catalogue
from kg.core.entities import EntityIndex
from kg.core.errors import EvergreenError
from kg.core.facts import Source
from kg.core.temporal import undated_held_at_publication
from kg.graph.fact_graph import FactGraph
from kg.graph.report import Report
from extract.articles import Article, LoadFailure
from extract.parallel import Reader
from extract.pipeline import Extractor, Prepared, source_id_for

if TYPE_CHECKING:
    import datetime as dt

    from kg.app.service import Evergreen

logger = logging.getLogger(__name__)

BATCH = 64

Item = Article | LoadFailure | Report  # a Report: a file the caller could not load itself


@dataclass(frozen=True)
class Writer:
    """What storing one article needs: the graph to read, the entity index and the extractor to
    link with, the catalogue, the clock, and the service's commit (audit log, write lock,
    index upkeep). The service passes these in; the steps below see nothing else of it."""

    graph: FactGraph
    index: EntityIndex
    extractor: Extractor
    catalogue: Catalogue
    clock: Callable[[], dt.datetime]
    commit: Callable[..., Report]


def ingest_articles(service: Evergreen, articles: Iterable[Item]) -> Iterator[Report]:
    """One report per article or failed file, in order. While one batch is linked and
    committed here, worker processes (settings.n_process above 1) read the next."""
    seen: set[str] = set()  # content hashes of this call: the next batch is planned before this one commits
    with Reader(_LazyExtractor(lambda: service.extractor), service.settings.n_process) as reader:
        current = None
        for batch in _batches(articles, BATCH):
            fresh = _fresh(service.graph, batch, seen)
            job = reader.submit(fresh) if fresh else None
            if reader.processes == 1:  # nothing to overlap: report this batch before reading on
                yield from _finish_batch(service, batch, fresh, job)
                continue
            if current is not None:
                yield from _finish_batch(service, *current)
            current = (batch, fresh, job)
        if current is not None:
            yield from _finish_batch(service, *current)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _fresh(graph: FactGraph, batch: list[Item], seen: set[str]) -> list[Article]:
    """The batch's articles that are not yet in the graph nor earlier in this ingest."""
    out = []
    for item in batch:
        if isinstance(item, Article) and item.content_hash not in seen \
                and graph.source_by_hash(item.content_hash) is None:
            seen.add(item.content_hash)
            out.append(item)
    return out


def _finish_batch(service: Evergreen, batch: list[Item], fresh: list[Article], job) -> Iterator[Report]:
    prepared = dict(zip((id(a) for a in fresh), job.results())) if job is not None else {}
    for item in batch:
        if isinstance(item, Report):
            yield item
        elif isinstance(item, LoadFailure):
            yield _load_failed(item)
        elif id(item) in prepared:
            report, linked = _ingest_one(_writer(service), item, prepared.pop(id(item)))
            if not linked:
                service.reset_index()  # the linker may have indexed entities that were never written
            yield report
        else:
            yield _duplicate(item)


def _writer(service: Evergreen) -> Writer:
    # Built per article: a commit that forgets sources, or a failure, resets the service's index.
    return Writer(graph=service.graph, index=service.index, extractor=service.extractor,
                  catalogue=service.catalogue, clock=service.clock, commit=service.commit)


class _LazyExtractor:
    """The extractor, loaded only when a batch has an article to read (a batch of
    duplicates or failed files must not load the models)."""

    def __init__(self, load: Callable[[], Extractor]):
        self._load = load

    def __getattr__(self, name):
        return getattr(self._load(), name)


def _load_failed(failure: LoadFailure) -> Report:
    return Report("ingest", status="failed", file=failure.file, title=failure.title, error=failure.error)


def _duplicate(article: Article) -> Report:
    return Report("ingest", status="duplicate", title=article.title, file=article.file_name,
                  published=str(article.published) if article.published else None,
                  published_uncertain=article.published_uncertain,
                  source_id=source_id_for(article), error="same content as an article already ingested")


def _ingest_one(writer: Writer, article: Article, prepared: Prepared) -> tuple[Report, bool]:
    """The article's report, and whether linking finished (False: the index may hold
    entities that were never written)."""
    report = Report("ingest", source_id=source_id_for(article), title=article.title, file=article.file_name,
                    published=str(article.published) if article.published else None,
                    published_uncertain=article.published_uncertain)
    if prepared.error:
        return replace(report, status="failed", error=prepared.error), True
    graph = writer.graph
    try:
        extraction = writer.extractor.link(article, prepared, writer.index)
        now = writer.clock()
        source = Source(
            id=report.source_id, kind="article", title=article.title, published=article.published,
            published_uncertain=article.published_uncertain, url=article.url, file_name=article.file_name,
            content_hash=article.content_hash, recorded_at=now, agent=prepared.extractor, text=article.text,
        )
        statements = [replace(s, recorded_at=now) for s in extraction.statements]
        statements = undated_held_at_publication(statements, article.published,
                                                 lambda predicate: writer.catalogue.get(predicate).single)
        # A sentence repeated word for word gives the same statement id: store and count it once.
        statements = list({s.id: s for s in statements}.values())
        forget = [sid for sid in graph.sources_by_url(article.url) if sid != source.id] if article.url else []
        done = writer.commit(report, sources=[source], statements=statements,
                             entities=extraction.entities, forget=forget)
    except EvergreenError as err:
        return replace(report, status="failed", error=str(err)), False
    except Exception as err:  # a bug in extraction must not stop the batch; say which article
        logger.exception("ingest of %s failed", article.file_name or article.title)
        return replace(report, status="failed", error=f"extraction failed ({type(err).__name__}: {err})"), False
    done.held_back.extend(extraction.held_back)
    done.notes.extend(prepared.notes)
    done.barren_sentences.extend(extraction.barren_sentences)
    done.statements = len(statements)
    if forget:
        logger.info("%s replaces %d earlier version(s) of %s", source.id, len(forget), article.url)
    return done, True

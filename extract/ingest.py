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
from collections.abc import Iterable, Iterator
from dataclasses import replace

from kg.core.errors import EvergreenError
from kg.core.facts import Kind, Modality, Ref, Source, Statement
from kg.graph.report import Report
from extract.articles import Article
from extract.parallel import Reader
from extract.pipeline import Prepared, source_id_for

logger = logging.getLogger(__name__)

BATCH = 64


def ingest_articles(service, articles: Iterable[Article | Report]) -> Iterator[Report]:
    """One report per article or failed file, in order. While one batch is linked and
    committed here, worker processes (settings.n_process above 1) read the next."""
    seen: set[str] = set()  # content hashes of this call: the next batch is planned before this one commits
    with Reader(_LazyExtractor(service), service.settings.n_process) as reader:
        current = None
        for batch in _batches(articles, BATCH):
            fresh = _fresh(service, batch, seen)
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


def _fresh(service, batch: list[Article | Report], seen: set[str]) -> list[Article]:
    """The batch's articles that are not yet in the graph nor earlier in this ingest."""
    out = []
    for item in batch:
        if isinstance(item, Article) and item.content_hash not in seen \
                and service.graph.source_by_hash(item.content_hash) is None:
            seen.add(item.content_hash)
            out.append(item)
    return out


def _finish_batch(service, batch: list[Article | Report], fresh: list[Article], job) -> Iterator[Report]:
    prepared = dict(zip((id(a) for a in fresh), job.results())) if job is not None else {}
    for item in batch:
        if isinstance(item, Report):
            yield item
        elif id(item) in prepared:
            yield _ingest_one(service, item, prepared.pop(id(item)))
        else:
            yield _duplicate(item)


class _LazyExtractor:
    """The service's extractor, loaded only when a batch has an article to read (a batch of
    duplicates or failed files must not load the models)."""

    def __init__(self, service):
        self._service = service

    def __getattr__(self, name):
        return getattr(self._service.extractor, name)


def _duplicate(article: Article) -> Report:
    return Report("ingest", status="duplicate", title=article.title, file=article.file_name,
                  published=str(article.published) if article.published else None,
                  published_uncertain=article.published_uncertain,
                  source_id=source_id_for(article), error="same content as an article already ingested")


def _ingest_one(service, article: Article, prepared: Prepared) -> Report:
    report = Report("ingest", source_id=source_id_for(article), title=article.title, file=article.file_name,
                    published=str(article.published) if article.published else None,
                    published_uncertain=article.published_uncertain)
    if prepared.error:
        return replace(report, status="failed", error=prepared.error)
    try:
        extraction = service.extractor.link(article, prepared, service.index)
        now = service.clock()
        source = Source(
            id=report.source_id, kind="article", title=article.title, published=article.published,
            published_uncertain=article.published_uncertain, url=article.url, file_name=article.file_name,
            content_hash=article.content_hash, recorded_at=now, agent=prepared.extractor, text=article.text,
        )
        statements = [replace(s, recorded_at=now) for s in extraction.statements]
        statements = _settle_open_starts(service, _lone_ends_held_until(service, statements))
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
    done.notes.extend(prepared.notes)
    done.barren_sentences.extend(extraction.barren_sentences)
    done.statements = len(statements)
    if forget:
        logger.info("%s replaces %d earlier version(s) of %s", source.id, len(forget), article.url)
    return done


def _lone_ends_held_until(service, statements: list[Statement]) -> list[Statement]:
    """"Rovers have sacked head coach Luis Ortega": when neither the graph nor the article
    knows Ortega as head coach, ending nothing would lose what the sentence says. It says he
    held the post until that day: store that (start unknown); `_settle_open_starts` then
    decides, as for any "held the post until D", whether the open start is safe."""
    ends = [s for s in statements if s.kind is Kind.END and s.modality is Modality.ASSERTED
            and isinstance(s.object, Ref) and s.valid_from is not None]
    if not ends:
        return statements
    known = {(f.subject, f.predicate, getattr(f.object, "id", None))
             for f in service.graph.facts_for_keys({s.key for s in ends})}
    known |= {(s.subject, s.predicate, s.object.id) for s in statements
              if s.kind is Kind.ASSERT and isinstance(s.object, Ref)}
    return [replace(s, kind=Kind.ASSERT, valid_from=None, valid_until=s.valid_from)
            if s in ends and (s.subject, s.predicate, s.object.id) not in known else s
            for s in statements]


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

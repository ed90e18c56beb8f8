"""The one API that the app, the CLI and the tests call.

It owns the store, the catalogue, the entity index and (lazily) the models; each
method is one thing a person does: ingest articles, look at facts, edit them,
delete a source, export or import, ask a question.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.core.catalogue import Catalogue
from kg.runtime.settings import Settings
from kg.core.entities import EntityIndex, StoreEntityIndex
from kg.core.errors import ConflictError, InvalidFactError, NotFoundError, ReadOnlyError
from kg.core.facts import (
    AuditEntry, Entity, Fact, Kind, Ref, Source, Statement, Status, TimePoint, digest, slugify,
)
from kg.graph.fact_graph import Commit, FactGraph
from kg.core.literals import value_for
from kg.graph.report import Report, describe_commit
from kg.graph.store import QuadStore, open_store
from kg.graph.read_model import FactRow, fact_rows

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


class Evergreen:
    def __init__(self, settings: Settings | None = None, store: QuadStore | None = None,
                 clock: Clock = utc_now):
        self.settings = settings or Settings()
        self.catalogue = Catalogue.load(self.settings.predicates_file or None)
        self.store = store or open_store(
            self.settings.store,
            update_url=self.settings.update_url or None,
            **_remote_options(self.settings),
        )
        self.graph = FactGraph(self.store, self.catalogue)
        self.clock = clock
        self._index: EntityIndex | None = None
        self._extractor = None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Evergreen:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- entities ----------------------------------------------------------------------

    @property
    def index(self) -> EntityIndex:
        if self._index is None:
            self._index = StoreEntityIndex(self.graph)
        return self._index

    def reset_index(self) -> None:
        """Drop the cached entity index; the next use rebuilds it from the graph (after a
        commit that forgot sources, or an ingest whose linking indexed entities it never wrote)."""
        self._index = None

    def find_entity(self, name: str) -> Entity:
        """The entity a name (label, alias or id) refers to, or a NotFoundError with suggestions."""
        name = name.strip()
        if not name:
            raise InvalidFactError("Give an entity name.")
        if name in self.index:
            return self.index.by_id[name]
        found = self.index.exact(name)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            options = "; ".join(f"{e.label} ({e.type}, id {e.id})" for e in found)
            raise NotFoundError(f"{name!r} could mean several entities: {options}. Use the id.")
        close = [e.label for e, _ in self.index.fuzzy(name, limit=3, cutoff=70)]
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise NotFoundError(f"No entity called {name!r} in the graph.{hint}")

    def search_entities(self, text: str, limit: int = 50) -> list[Entity]:
        """Entities whose label or alias matches `text`: exact matches first, then the closest
        by fuzzy match among names that share a word with it (no scan of the graph)."""
        text = " ".join(str(text or "").split())
        if not text:
            return []
        found = {e.id: e for e in self.index.exact(text)}
        for entity, _ in self.index.fuzzy(text, limit=limit, cutoff=60):
            found.setdefault(entity.id, entity)
        return list(found.values())[:limit]

    def entity_for(self, label: str, types: tuple[str, ...]) -> Entity:
        """An existing entity by name, or a new one typed from the predicate's expectations."""
        try:
            return self.find_entity(label)
        except NotFoundError:
            if not label.strip():
                raise InvalidFactError("An entity name cannot be empty.") from None
            kind = types[0] if len(types) == 1 else "THING"
            return Entity(slugify(label), label.strip(), kind)

    # -- reading -----------------------------------------------------------------------

    def rows(self, facts: Iterable[Fact]) -> list[FactRow]:
        facts = list(facts)
        ids = {f.subject for f in facts} | {f.object.id for f in facts if isinstance(f.object, Ref)}
        entities = self.index.by_id.many(ids)
        sources = self.graph.sources_by_id({s for f in facts for s in f.sources})
        return fact_rows(facts, entities, sources, self.catalogue)

    def facts(self, entity: str | None = None, as_of: dt.date | None = None,
              history: bool = False) -> list[FactRow]:
        """Facts true as of a date (default: current ones), or every version with history=True."""
        facts = self.graph.facts_about(self.find_entity(entity).id) if entity else self.graph.all_facts()
        if history:
            chosen = facts
        elif as_of is not None:
            chosen = [f for f in facts if f.valid_at(as_of)]
        else:
            chosen = [f for f in facts if f.status is Status.CURRENT]
        return self.rows(chosen)

    def fact(self, fact_id: str) -> FactRow:
        return self.rows([self.graph.fact(fact_id)])[0]

    def changes(self, since: dt.date, until: dt.date | None = None, by: str = "recorded") -> list[FactRow]:
        start = dt.datetime.combine(since, dt.time(), dt.timezone.utc)
        end = dt.datetime.combine(until, dt.time(), dt.timezone.utc) if until else None
        return self.rows(self.graph.changes(start, end, by=by))

    def sources(self) -> list[tuple[Source, int]]:
        return self.graph.sources()

    def audit_log(self, limit: int | None = None) -> list[AuditEntry]:
        """Uploads, edits, deletions and imports: who, when, what; newest first."""
        return self.graph.audit_log(limit)

    def source(self, source_id: str) -> tuple[Source, list[Statement], list[FactRow]]:
        source = self.graph.source(source_id)
        return source, self.graph.statements_of_source(source_id), self.rows(self.graph.facts_of_source(source_id))

    # -- writing -----------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.settings.read_only:
            raise ReadOnlyError("This Evergreen is read-only (setting read_only); nothing was changed.")

    def commit(self, report: Report, **changes) -> Report:
        """Apply one atomic change and describe it in `report`."""
        self._check_writable()
        # A restore from an export brings its own audit log and adds nothing to it, so that
        # export -> import gives back an identical graph.
        audit = None if not changes.pop("log", True) else AuditEntry(
            id=digest(report.action, report.source_id, self.clock().isoformat(), size=16),
            action=changes.pop("action", report.action), agent=self.settings.user_name,
            at=self.clock(), source_id=report.source_id, title=report.title or report.file or "",
            detail=changes.pop("detail", ""),
        )
        with self.graph.write_lock:
            commit: Commit = self.graph.commit(**changes, audit=audit)
            for entity in changes.get("entities", ()):
                self.index.add(entity)
            if changes.get("forget"):
                self.reset_index()  # entities may have lost their last statement
        logger.info("commit %s: %d statements, %d keys", report.action,
                    len(changes.get("statements", ())), len(commit.after))
        return describe_commit(report, commit, self.rows, report.source_id)

    def _edit_source(self, action: str, reason: str | None, *what: object) -> Source:
        """A source for one edit; its id is derived from what the edit does, who and when."""
        now = self.clock()
        user = self.settings.user_name
        return Source(
            id="edit-" + digest(action, user, now.isoformat(), reason, *what, size=12),
            kind="edit", title=f"{action} by {user}", published=TimePoint(now.date()),
            recorded_at=now, agent=user, reason=reason,
        )

    def add(self, subject: str, predicate: str, obj: str, valid_from: str | None = None,
            valid_until: str | None = None, source: str | None = None,
            reason: str | None = None) -> Report:
        """A person states a fact; it goes through the same versioning rules as articles."""
        pred = self.catalogue.resolve(predicate)
        subject_entity = self.entity_for(subject, pred.subject_types)
        entities = [subject_entity]
        if pred.literal:
            target = value_for(obj, pred.object_types)
        else:
            object_entity = self.entity_for(obj, pred.object_types)
            entities.append(object_entity)
            target = Ref(object_entity.id)
        edit = self._edit_source("add", reason or source, subject_entity.id, pred.key,
                                 target.key(), valid_from, valid_until)
        st = Statement(
            subject=subject_entity.id, predicate=pred.key, object=target, source_id=edit.id,
            valid_from=TimePoint.parse(valid_from) or TimePoint(self.clock().date()),
            valid_until=TimePoint.parse(valid_until), sentence=source,
            extractor=f"person:{edit.agent}", recorded_at=edit.recorded_at, reason=reason,
        )
        new = [e for e in entities if e.id not in self.index]
        return self.commit(Report("edit", source_id=edit.id, title=edit.title),
                           sources=[edit], statements=[st], entities=new, action="add",
                           detail=f"{subject_entity.label} | {pred.label} | {obj} from {st.valid_from}")

    def retract(self, fact_id: str, at: str | None = None, reason: str | None = None) -> Report:
        """The fact stopped being true at `at` (default today), with no successor."""
        fact = self._current_version(fact_id)
        end = TimePoint.parse(at) or TimePoint(self.clock().date())
        if fact.valid_from and end.date <= fact.valid_from.date:
            raise InvalidFactError(
                f"The fact starts on {fact.valid_from}; a retraction must come after that. "
                "To mark a fact that was never true, deprecate it."
            )
        edit = self._edit_source("retract", reason, fact.id, end)
        detail = f"fact {fact.id} ended at {end}"
        st = Statement(subject=fact.subject, predicate=fact.predicate, object=fact.object,
                       source_id=edit.id, kind=Kind.END, valid_from=end,
                       extractor=f"person:{edit.agent}", recorded_at=edit.recorded_at, reason=reason)
        return self.commit(Report("edit", source_id=edit.id, title=edit.title),
                           sources=[edit], statements=[st], action="retract", detail=detail,
                           expect=[fact.id])

    def deprecate(self, fact_id: str, reason: str) -> Report:
        """The fact was wrong: keep it, marked deprecated with the reason."""
        if not reason or not reason.strip():
            raise InvalidFactError("Say why the fact is deprecated (--reason).")
        fact = self._current_version(fact_id)
        edit = self._edit_source("deprecate", reason, fact.id)
        st = self._deprecation(fact, edit, reason)
        return self.commit(Report("edit", source_id=edit.id, title=edit.title),
                           sources=[edit], statements=[st], action="deprecate", expect=[fact.id],
                           detail=f"fact {fact.id}: {reason}")

    def correct(self, fact_id: str, obj: str | None = None, valid_from: str | None = None,
                valid_until: str | None = None, reason: str | None = None) -> Report:
        """Replace a wrong fact by a corrected one: the old one is kept, deprecated."""
        fact = self._current_version(fact_id)
        pred = self.catalogue.get(fact.predicate)
        entities = []
        target = fact.object
        if obj is not None and obj.strip():
            if pred.literal or not isinstance(fact.object, Ref):
                target = value_for(obj, pred.object_types or ("text",))
            else:
                entity = self.entity_for(obj, pred.object_types)
                entities = [entity] if entity.id not in self.index else []
                target = Ref(entity.id)
        start = TimePoint.parse(valid_from) if valid_from else fact.valid_from
        if valid_until == "":
            until = None
        else:
            until = TimePoint.parse(valid_until) if valid_until else fact.valid_until
        why = reason or "corrected"
        edit = self._edit_source("correct", why, fact.id, target.key(), start, until)
        new = Statement(subject=fact.subject, predicate=fact.predicate, object=target,
                        source_id=edit.id, valid_from=start, valid_until=until,
                        extractor=f"person:{edit.agent}", recorded_at=edit.recorded_at, reason=why)
        return self.commit(Report("edit", source_id=edit.id, title=edit.title),
                           sources=[edit], statements=[self._deprecation(fact, edit, why), new],
                           entities=entities, action="correct", expect=[fact.id],
                           detail=f"fact {fact.id} -> {target.key()} from {start} until {until}")

    def _deprecation(self, fact: Fact, edit: Source, reason: str) -> Statement:
        return Statement(subject=fact.subject, predicate=fact.predicate, object=None,
                         source_id=edit.id, kind=Kind.DEPRECATE, targets=fact.statements,
                         extractor=f"person:{edit.agent}", recorded_at=edit.recorded_at, reason=reason)

    def _current_version(self, fact_id: str) -> Fact:
        """The fact as stored now; a stale id (the fact changed since it was shown) is a conflict."""
        try:
            fact = self.graph.fact(fact_id)
        except NotFoundError:
            raise ConflictError(
                f"Fact {fact_id} no longer exists: it changed since it was shown (another edit or "
                "a new article). Reload the facts and try again."
            ) from None
        if fact.status is Status.DEPRECATED:
            raise ConflictError(f"Fact {fact_id} is already deprecated ({fact.reason}).")
        return fact

    def forget(self, source_id: str) -> Report:
        """Delete a source: facts only it supported go; facts it had superseded come back."""
        source = self.graph.source(source_id)
        return self.commit(Report("forget", source_id=source_id, title=source.title or source_id),
                           forget=[source_id], detail=f"{source.kind} {source.file_name or source.url or ''}".strip())

    # -- articles ----------------------------------------------------------------------

    @property
    def extractor(self):
        if self._extractor is None:
            from extract.pipeline import Extractor

            self._extractor = Extractor(self.settings, self.catalogue)
        return self._extractor

    def ingest(self, paths: Iterable[str | Path], published: str | None = None) -> Iterator[Report]:
        """Ingest files; one report per article, failures included (the rest still go in)."""
        from extract.articles import load_paths

        articles = load_paths(paths, published=published, max_mb=self.settings.max_file_mb,
                              now=self.clock())
        yield from self.ingest_articles(articles)

    def ingest_articles(self, articles) -> Iterator[Report]:
        """`articles` yields Article values or Report values for files that failed to load."""
        from kg.app.ingest import ingest_articles

        yield from ingest_articles(self, articles)

    # -- exchange ----------------------------------------------------------------------

    def export(self, fmt: str = "trig") -> str:
        from kg.graph.exchange import export_text

        return export_text(self.store, fmt)

    def import_file(self, path: str | Path) -> Report:
        from kg.graph.exchange import import_path

        self._check_writable()
        return import_path(self, Path(path))

    # -- answering ---------------------------------------------------------------------

    @property
    def retriever(self):
        """Question -> subgraph; loads spaCy and the sentence encoder on first use."""
        if getattr(self, "_retriever", None) is None:
            from kg.runtime.local_models import sentence_encoder, spacy_pipeline
            from kg.answer.retrieve import Retriever

            self._retriever = Retriever(self, spacy_pipeline(self.settings.spacy_model),
                                        sentence_encoder(self.settings.embedding_model))
        return self._retriever

    def ask(self, question: str, as_of: dt.date | None = None, llm: str | None = None,
            prompt_format: str = "lines"):
        """The graph's cited answer; with llm "local"/"openai" also that model's answer, checked."""
        from kg.answer.answers import Answer, GraphAnswerer
        from kg.core.errors import LLMError
        from kg.answer.prompt import build_prompt, full_prompt
        from kg.answer.timescope import TimeScope

        text = " ".join(str(question or "").split())
        if not text:
            scope = TimeScope("now", self.clock().date())
            return Answer(question or "", "The question is empty: ask about a person, place or "
                          "organisation in the graph.", as_of, "graph", [],
                          full_prompt(build_prompt("", [], scope)), False)
        retrieval = self.retriever.retrieve(text, as_of, self.settings.fact_budget)
        rows = self.rows(retrieval.facts) + self._held_back_rows(retrieval.claims)
        answer_text, values, answered = GraphAnswerer(self.catalogue).answer(retrieval, rows)
        scope = retrieval.scope
        answer = Answer(text, answer_text, scope.day if scope.past else as_of, "graph", rows,
                        full_prompt(build_prompt(text, rows, scope, prompt_format)), answered,
                        values, scope.human())
        if llm and llm not in ("graph", "none"):
            answer.llm_name = llm
            try:
                answer.llm_text = "".join(self.stream_llm(answer, llm)).strip()
            except LLMError as err:
                answer.verified, answer.verification = False, f"The {llm} LLM failed: {err}"
                logger.warning("LLM %s failed: %s", llm, err)
            else:
                answer.verified, answer.verification = self.verify(answer, answer.llm_text)
        return answer

    def _held_back_rows(self, claims):
        """Held-back claims as numbered rows after the facts, cited like them."""
        from kg.answer.claims import held_back_rows

        if not claims:
            return []
        ids = {c.subject for c in claims} | {c.object.id for c in claims if isinstance(c.object, Ref)}
        return held_back_rows(claims, self.index.by_id.many(ids),
                              self.graph.sources_by_id({c.source_id for c in claims}), self.catalogue)

    def ask_many(self, questions: Iterable[str], as_of: dt.date | None = None,
                 llm: str | None = None):
        """One answer per question; models are loaded once for all of them."""
        for question in questions:
            yield self.ask(question, as_of=as_of, llm=llm)

    def _llm(self, name: str):
        from kg.llms.base import make_llm

        cache = self.__dict__.setdefault("_llms", {})
        if name not in cache:
            cache[name] = make_llm(name, self.settings)
        return cache[name]

    def stream_llm(self, answer, llm: str) -> Iterator[str]:
        """Text chunks of the LLM's reply to `answer.prompt` (raises LLMError on failure)."""
        from kg.answer.prompt import split_prompt

        system, user = split_prompt(answer.prompt)
        yield from self._llm(llm).stream(system, user, self.settings.max_new_tokens)

    def verify(self, answer, llm_text: str) -> tuple[bool, str]:
        """Is the LLM's text supported by the graph's answer and the retrieved facts?"""
        from kg.answer.verify import verify

        return verify(answer, llm_text, self.retriever.nlp)

    def warm(self, llm: str | None = None) -> None:
        """Load the answering models now (spaCy, the sentence encoder; with `llm`, that LLM too),
        so that the first question does not wait for them."""
        self.retriever
        if llm and llm not in ("graph", "none"):
            model = self._llm(llm)
            if hasattr(model, "warm"):  # only a local model has anything to load
                model.warm()

    def llm_available(self, llm: str) -> tuple[bool, str]:
        """Can this answerer run here? If not, a one-line reason."""
        from kg.core.errors import EvergreenError

        if llm in ("graph", "none"):
            return True, ""
        try:
            return self._llm(llm).available()
        except EvergreenError as err:
            return False, str(err)


def _remote_options(settings: Settings) -> dict:
    if not settings.store.startswith(("http://", "https://")):
        return {}
    return {"user": settings.store_user or None, "password": settings.store_password or None,
            "token": settings.store_token or None, "timeout": settings.store_timeout}

"""The fact graph: reads and writes facts, statements, sources and entities on a store.

Every write goes through `commit()`, which recomputes the facts of each touched
(subject, predicate) from all of its statements (`kg.core.temporal`) and sends the
whole change as one SPARQL update, so it is atomic on every backend.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg import rdf
from kg.core.catalogue import Catalogue
from kg.core.errors import ConflictError, NotFoundError
from kg.core.facts import AuditEntry, Entity, Fact, Source, Statement, Status
from kg.graph.rdf import AUDIT_GRAPH, ENTITIES_GRAPH, FACTS_GRAPH, PREFIX_BLOCK, Vocabulary, term
from kg.graph.store import QuadStore, SharedStore
from kg.core.temporal import timeline

Key = tuple[str, str]


@dataclass
class Commit:
    """What one commit changed, per (subject, predicate): facts before and after."""

    before: dict[Key, list[Fact]] = field(default_factory=dict)
    after: dict[Key, list[Fact]] = field(default_factory=dict)

    def changed_facts(self) -> tuple[list[Fact], list[Fact]]:
        old = {f.id: f for facts in self.before.values() for f in facts}
        new = {f.id: f for facts in self.after.values() for f in facts}
        return [f for i, f in old.items() if new.get(i) != f], [f for i, f in new.items() if old.get(i) != f]


class FactGraph:
    def __init__(self, store: QuadStore, catalogue: Catalogue):
        self.store = store
        self.catalogue = catalogue
        self.vocab = Vocabulary(catalogue)
        # Serialises read-recompute-write within this process; across processes the
        # embedded store is exclusive and a SPARQL server applies each update whole.
        self.write_lock = threading.RLock()

    def _shared_lock(self):
        if isinstance(self.store, SharedStore):
            return self.store.write_lock(timeout=60.0)
        return contextlib.nullcontext()

    def _expect(self, fact_id: str) -> None:
        try:
            fact = self.fact(fact_id)
        except NotFoundError:
            fact = None
        if fact is None or fact.status is Status.DEPRECATED:
            raise ConflictError(
                f"Fact {fact_id} changed since it was shown (another edit or a new article); "
                "nothing was changed. Reload the facts and try again."
            )

    # -- writing ---------------------------------------------------------------------

    def commit(self, *, sources: Iterable[Source] = (), statements: Iterable[Statement] = (),
               entities: Iterable[Entity] = (), forget: Iterable[str] = (),
               extra_quads: Iterable[rdf.Quad] = (), audit: AuditEntry | None = None,
               expect: Iterable[str] = ()) -> Commit:
        """Add sources, statements and entities, drop forgotten sources, and recompute the
        facts of every touched (subject, predicate); `extra_quads` go in as they are.
        `expect` names facts that must still exist unchanged, checked under the lock, so two
        editors of one fact cannot both win."""
        sources, statements, entities = list(sources), list(statements), list(entities)
        forget = sorted(set(forget))
        with self.write_lock, self._shared_lock():
            for fact_id in expect:
                self._expect(fact_id)
            forgotten = [st for sid in forget for st in self.statements_of_source(sid)]
            keys = sorted({st.key for st in statements} | {st.key for st in forgotten})
            stored = self.statements_for_keys(keys)
            gone = {st.id for st in forgotten}
            merged = {st.id: st for st in stored if st.id not in gone}
            merged.update((st.id, st) for st in statements)
            by_key: dict[Key, list[Statement]] = defaultdict(list)
            for st in merged.values():
                by_key[st.key].append(st)

            result = Commit(before=self._group(self.facts_for_keys(keys)))
            for key in keys:
                single = self.catalogue.get(key[1]).single
                result.after[key] = timeline(by_key.get(key, []), single=single)
            extra = list(extra_quads) + (list(rdf.audit_quads(audit)) if audit else [])
            text = self._update_text(sources, statements, entities, forget, keys, result, extra)
            if text:
                self.store.update(text)
            return result

    def _update_text(self, sources, statements, entities, forget, keys, result, extra) -> str:
        ops = [f"DROP SILENT GRAPH {term(rdf.source_iri(sid))}" for sid in forget]
        if entities:
            values = " ".join(term(rdf.entity_iri(e.id)) for e in entities)
            ops.append(
                f"DELETE {{ GRAPH {term(ENTITIES_GRAPH)} {{ ?e ?p ?o }} }} WHERE {{ "
                f"VALUES ?e {{ {values} }} GRAPH {term(ENTITIES_GRAPH)} {{ ?e ?p ?o }} }}"
            )
        # Only what changed is rewritten, so the cost of an article does not grow with the
        # length of the histories it touches (deleting a quad is the expensive operation).
        old = {f.id: f for facts in result.before.values() for f in facts}
        new = {f.id: f for facts in result.after.values() for f in facts}
        stale = sorted(fid for fid, fact in old.items() if new.get(fid) != fact)
        fresh = [fact for fid, fact in sorted(new.items()) if old.get(fid) != fact]
        if stale:
            values = " ".join(term(rdf.fact_iri(fid)) for fid in stale)
            ops.append(
                f"DELETE {{ GRAPH {term(FACTS_GRAPH)} {{ ?f ?x ?y }} }} WHERE {{ "
                f"VALUES ?f {{ {values} }} GRAPH {term(FACTS_GRAPH)} {{ ?f ?x ?y }} }}"
            )
        was_current = {rdf.plain_quad(f, self.vocab) for f in old.values() if f.status is Status.CURRENT}
        is_current = {rdf.plain_quad(f, self.vocab) for f in new.values() if f.status is Status.CURRENT}
        if was_current - is_current:
            ops.append("DELETE DATA {\n" + rdf.quad_text(sorted(was_current - is_current, key=str)) + "\n}")
        quads = list(extra)
        for source in sources:
            quads.extend(rdf.source_quads(source))
        for st in statements:
            quads.extend(rdf.statement_quads(st, self.vocab))
        for entity in entities:
            quads.extend(rdf.entity_quads(entity))
        for fact in fresh:
            quads.extend(rdf.fact_quads(fact, self.vocab))
        quads.extend(sorted(is_current - was_current, key=str))
        # Default-graph triples get an INSERT DATA of their own (some stores reject the mix).
        for part in ([q for q in quads if q[3] is not None], [q for q in quads if q[3] is None]):
            if part:
                ops.append("INSERT DATA {\n" + rdf.quad_text(part) + "\n}")
        return " ;\n".join(ops) if ops else ""

    # -- reading: statements and facts ----------------------------------------------

    def _nodes(self, query: str) -> dict[URIRef, dict]:
        """Run a query binding ?n ?p ?o; group into {node: {property: [values]}}."""
        nodes: dict[URIRef, dict] = {}
        for row in self.store.select(PREFIX_BLOCK + query):
            nodes.setdefault(row["n"], defaultdict(list))[row["p"]].append(row["o"])
        for props in nodes.values():
            for values in props.values():
                values.sort(key=str)
        return nodes

    def _key_values(self, keys: Iterable[Key]) -> str:
        return " ".join(f"({term(rdf.entity_iri(s))} {term(self.vocab.property(p))})" for s, p in keys)

    def statements_for_keys(self, keys: Iterable[Key]) -> list[Statement]:
        keys = list(keys)
        if not keys:
            return []
        nodes = self._nodes(
            f"SELECT ?n ?p ?o WHERE {{ VALUES (?s ?pr) {{ {self._key_values(keys)} }} "
            f"GRAPH ?g {{ ?n a eg:Statement ; rdf:subject ?s ; rdf:predicate ?pr ; ?p ?o }} }}"
        )
        return [rdf.statement_from_props(n, props, self.vocab) for n, props in nodes.items()]

    def statements_of_source(self, source_id: str) -> list[Statement]:
        g = term(rdf.source_iri(source_id))
        nodes = self._nodes(f"SELECT ?n ?p ?o WHERE {{ GRAPH {g} {{ ?n a eg:Statement ; ?p ?o }} }}")
        return sorted((rdf.statement_from_props(n, p, self.vocab) for n, p in nodes.items()),
                      key=lambda s: s.id)

    def facts_for_keys(self, keys: Iterable[Key]) -> list[Fact]:
        keys = list(keys)
        if not keys:
            return []
        return self._facts(
            f"VALUES (?s ?pr) {{ {self._key_values(keys)} }} ?n rdf:subject ?s ; rdf:predicate ?pr ."
        )

    def _facts(self, pattern: str) -> list[Fact]:
        nodes = self._nodes(
            f"SELECT ?n ?p ?o WHERE {{ GRAPH {term(FACTS_GRAPH)} {{ {pattern} ?n ?p ?o }} }}"
        )
        facts = [rdf.fact_from_props(n, props, self.vocab) for n, props in nodes.items()]
        return sorted(facts, key=lambda f: (f.subject, f.predicate, _start(f), f.id))

    @staticmethod
    def _group(facts: Iterable[Fact]) -> dict[Key, list[Fact]]:
        grouped: dict[Key, list[Fact]] = defaultdict(list)
        for fact in facts:
            grouped[(fact.subject, fact.predicate)].append(fact)
        return dict(grouped)

    def fact(self, fact_id: str) -> Fact:
        facts = self._facts(f"VALUES ?n {{ {term(rdf.fact_iri(fact_id))} }}")
        if not facts:
            raise NotFoundError(f"No fact with id {fact_id!r}; list ids with `evergreen facts`.")
        return facts[0]

    def facts_about(self, entity_id: str) -> list[Fact]:
        """Every fact (any status) with the entity as subject or object."""
        e = term(rdf.entity_iri(entity_id))
        return self._facts(f"{{ ?n rdf:subject {e} }} UNION {{ ?n rdf:object {e} }}")

    def all_facts(self) -> list[Fact]:
        return self._facts("?n a eg:Fact .")

    def facts_of_source(self, source_id: str) -> list[Fact]:
        return self._facts(f"?n dcterms:source {term(rdf.source_iri(source_id))} .")

    def changes(self, since: dt.datetime, until: dt.datetime | None = None,
                by: str = "recorded") -> list[Fact]:
        """Facts learnt or invalidated (by='recorded') or starting or ending (by='valid') in the range."""
        if by == "valid":
            first, second = "eg:validFrom", "eg:validUntil"
            lo, hi = Literal(since.date().isoformat(), datatype=XSD.date), (
                Literal(until.date().isoformat(), datatype=XSD.date) if until else None)
        else:
            first, second = "prov:generatedAtTime", "prov:invalidatedAtTime"
            lo, hi = rdf.datetime_literal(since), rdf.datetime_literal(until) if until else None
        upper = f" && ?t < {term(hi)}" if hi is not None else ""
        return self._facts(
            f"{{ ?n {first} ?t }} UNION {{ ?n {second} ?t }} FILTER(?t >= {term(lo)}{upper})"
        )

    # -- reading: sources and entities ------------------------------------------------

    def sources(self) -> list[tuple[Source, int]]:
        """Every source with the number of statements it made (without article text)."""
        nodes = self._nodes(
            "SELECT ?n ?p ?o WHERE { GRAPH ?n { ?n a eg:Source ; ?p ?o FILTER(?p != eg:text) } }"
        )
        counts = {
            row["g"]: int(row["c"])
            for row in self.store.select(
                PREFIX_BLOCK + "SELECT ?g (COUNT(?st) AS ?c) WHERE { GRAPH ?g { ?st a eg:Statement } } GROUP BY ?g"
            )
        }
        listed = [(rdf.source_from_props(n, props), counts.get(n, 0)) for n, props in nodes.items()]
        return sorted(listed, key=lambda item: (item[0].recorded_at or dt.datetime.min.replace(tzinfo=dt.timezone.utc), item[0].id))

    def sources_by_id(self, ids: Iterable[str]) -> dict[str, Source]:
        """The given sources' metadata (without article text)."""
        ids = sorted(set(ids))
        if not ids:
            return {}
        values = " ".join(term(rdf.source_iri(i)) for i in ids)
        nodes = self._nodes(
            f"SELECT ?n ?p ?o WHERE {{ VALUES ?n {{ {values} }} GRAPH ?n {{ ?n ?p ?o FILTER(?p != eg:text) }} }}"
        )
        found = (rdf.source_from_props(n, props) for n, props in nodes.items())
        return {s.id: s for s in found}

    def source(self, source_id: str) -> Source:
        g = term(rdf.source_iri(source_id))
        nodes = self._nodes(f"SELECT ?n ?p ?o WHERE {{ GRAPH {g} {{ ?n a eg:Source ; ?p ?o }} }}")
        if not nodes:
            raise NotFoundError(f"No source with id {source_id!r}; list them with `evergreen sources`.")
        (node, props), = nodes.items()
        return rdf.source_from_props(node, props)

    def source_by_hash(self, content_hash: str) -> Source | None:
        rows = self.store.select(
            PREFIX_BLOCK + f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g eg:contentHash {term(Literal(content_hash))} }} }} LIMIT 1"
        )
        return self.source(rdf.local_id(rows[0]["g"], "source")) if rows else None

    def sources_by_url(self, url: str) -> list[str]:
        lit = Literal(url, datatype=XSD.anyURI)
        rows = self.store.select(
            PREFIX_BLOCK + f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g schema:url {term(lit)} }} }}"
        )
        return [rdf.local_id(r["g"], "source") for r in rows]

    def entities(self, ids: Iterable[str] | None = None) -> dict[str, Entity]:
        """Entities by id: the given ones, or all of them."""
        if ids is not None:
            ids = list(ids)
            if not ids:
                return {}
            values = "VALUES ?n { " + " ".join(term(rdf.entity_iri(i)) for i in ids) + " } "
        else:
            values = ""
        nodes = self._nodes(
            f"SELECT ?n ?p ?o WHERE {{ {values}GRAPH {term(ENTITIES_GRAPH)} {{ ?n ?p ?o }} }}"
        )
        found = (rdf.entity_from_props(n, props) for n, props in nodes.items())
        return {e.id: e for e in found}

    def entity_ids_by_name_key(self, key: str) -> list[str]:
        rows = self.store.select(
            PREFIX_BLOCK + f"SELECT DISTINCT ?e WHERE {{ GRAPH {term(ENTITIES_GRAPH)} {{ ?e eg:nameKey {term(Literal(key))} }} }}"
        )
        return sorted(rdf.local_id(r["e"], "entity") for r in rows)

    def name_keys(self) -> list[tuple[str, str]]:
        """(normalised name, entity id) for every entity name and alias."""
        prefix = len(rdf.BASE + "entity/")
        rows = self.store.select(
            PREFIX_BLOCK + f"SELECT ?k ?e WHERE {{ GRAPH {term(ENTITIES_GRAPH)} {{ ?e eg:nameKey ?k }} }}"
        )
        return [(str(r["k"]), str(r["e"])[prefix:]) for r in rows]

    def count_entities(self) -> int:
        rows = self.store.select(
            PREFIX_BLOCK + f"SELECT (COUNT(?e) AS ?c) WHERE {{ GRAPH {term(ENTITIES_GRAPH)} {{ ?e a eg:Entity }} }}"
        )
        return int(rows[0]["c"]) if rows else 0

    def entity(self, entity_id: str) -> Entity:
        found = self.entities([entity_id])
        if entity_id not in found:
            raise NotFoundError(f"No entity with id {entity_id!r}.")
        return found[entity_id]

    def audit_log(self, limit: int | None = None) -> list[AuditEntry]:
        """Changes to the graph, newest first."""
        nodes = self._nodes(f"SELECT ?n ?p ?o WHERE {{ GRAPH {term(AUDIT_GRAPH)} {{ ?n ?p ?o }} }}")
        entries = sorted((rdf.audit_from_props(n, p) for n, p in nodes.items()),
                         key=lambda e: (e.at, e.id), reverse=True)
        return entries[:limit] if limit else entries

    def count(self, kind: str) -> int:
        """Number of facts ("Fact"), statements ("Statement") or sources ("Source")."""
        graph = f"GRAPH {term(FACTS_GRAPH)}" if kind == "Fact" else "GRAPH ?g"
        rows = self.store.select(
            PREFIX_BLOCK + f"SELECT (COUNT(?n) AS ?c) WHERE {{ {graph} {{ ?n a eg:{kind} }} }}"
        )
        return int(rows[0]["c"]) if rows else 0


def _start(fact: Fact) -> dt.date:
    return fact.valid_from.date if fact.valid_from else dt.date.min



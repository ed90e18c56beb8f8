"""Whole-graph invariants that must hold after any crash or race."""

from __future__ import annotations

from collections import defaultdict

from kg.graph.fact_graph import FactGraph
from kg.graph.rdf import PREFIX_BLOCK
from kg.core.temporal import timeline


def all_statements(graph: FactGraph):
    rows = graph.store.select(PREFIX_BLOCK + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a eg:Source } }")
    statements = []
    for row in rows:
        statements.extend(graph.statements_of_source(str(row["g"]).rsplit("/", 1)[1]))
    return statements


def assert_consistent(graph: FactGraph) -> None:
    """Stored facts equal the facts recomputed from the stored statements, key by key,
    and the plain current triples match the current facts."""
    by_key = defaultdict(list)
    for st in all_statements(graph):
        by_key[st.key].append(st)
    stored = defaultdict(list)
    for fact in graph.all_facts():
        stored[(fact.subject, fact.predicate)].append(fact)
    for key in set(by_key) | set(stored):
        expected = timeline(by_key.get(key, []), single=graph.catalogue.get(key[1]).single)
        got = sorted(stored.get(key, []), key=lambda f: f.id)
        assert sorted(expected, key=lambda f: f.id) == got, f"facts of {key} do not match their statements"
    current = sum(1 for facts in stored.values() for f in facts if f.status.value == "current")
    plain = graph.store.select("SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o }")
    assert int(plain[0]["c"]) == current, "plain current triples out of step with current facts"


def statement_counts(graph: FactGraph) -> dict[str, int]:
    return {source.id: count for source, count in graph.sources()}

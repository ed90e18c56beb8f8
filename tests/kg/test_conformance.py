"""The store conformance suite: the same behaviour on memory, embedded Oxigraph and a SPARQL server."""

import datetime as dt

import pytest

from kg.core.errors import ConflictError, InvalidFactError, NotFoundError
from kg.core.facts import Ref, Source, Statement, TimePoint
from kg.graph.report import Report

HOSTILE = 'Acme "Corp" } ; DROP ALL <script>alert(1)</script> \\ \n{x}'


def chancellors(svc):
    svc.add("Germany", "head of government", "Angela Merkel", "2005-11-22")
    svc.add("Germany", "head of government", "Friedrich Merz", "2025-05-06")
    svc.add("Germany", "head of government", "Olaf Scholz", "2021-12-08")


def current(svc, entity):
    return [(r.predicate_key, r.object) for r in svc.facts(entity)]


def test_current_and_past_values(backend):
    chancellors(backend)
    assert current(backend, "Germany") == [("head_of_government", "Friedrich Merz")]
    in_2019 = backend.facts("Germany", as_of=dt.date(2019, 6, 1))
    assert [r.object for r in in_2019] == ["Angela Merkel"]
    history = backend.facts("Germany", history=True)
    assert [(r.object, r.status) for r in history] == [
        ("Angela Merkel", "superseded"), ("Olaf Scholz", "superseded"), ("Friedrich Merz", "current")]


def test_plain_current_triples_are_queryable_without_the_reification(backend):
    chancellors(backend)
    rows = backend.store.select(
        "SELECT ?who WHERE { <https://evergreen.example/entity/germany> "
        "<http://www.wikidata.org/prop/direct/P6> ?who }")
    assert [str(r["who"]) for r in rows] == ["https://evergreen.example/entity/friedrich-merz"]


def test_forgetting_a_source_restores_what_it_superseded(backend):
    backend.add("Acme", "CEO", "Ingrid Dahl", "2019")
    report = backend.add("Acme", "CEO", "Tomas Berg", "2023-02-14")
    assert [s.old.object for s in report.superseded] == ["Ingrid Dahl"]
    gone = backend.forget(report.source_id)
    assert [r.object for r in gone.removed] == ["Tomas Berg"]
    assert [r.object for r in gone.restored] == ["Ingrid Dahl"]
    assert current(backend, "Acme") == [("chief_executive", "Ingrid Dahl")]


def test_retract_deprecate_and_correct_keep_history(backend, clock):
    backend.add("Acme", "CEO", "Ingrid Dahl", "2019")
    (dahl,) = backend.facts("Acme")
    clock.tick()
    report = backend.correct(dahl.id, obj="Tomas Berg", reason="wrong person")
    assert [r.object for r in report.deprecated] == ["Ingrid Dahl"]
    history = {(r.object, r.status) for r in backend.facts("Acme", history=True)}
    assert history == {("Ingrid Dahl", "deprecated"), ("Tomas Berg", "current")}
    (berg,) = backend.facts("Acme")
    clock.tick()
    ended = backend.retract(berg.id, at="2024-05-01", reason="left the company")
    assert [r.object for r in ended.ended] == ["Tomas Berg"]
    assert backend.facts("Acme") == []
    edits = [s for s, _ in backend.sources() if s.kind == "edit"]
    assert [s.agent for s in edits] == ["tester"] * 3
    assert {s.reason for s in edits} >= {"wrong person", "left the company"}


def test_stale_edit_is_a_conflict(backend, clock):
    backend.add("Acme", "CEO", "Ingrid Dahl", "2019")
    (dahl,) = backend.facts("Acme")
    backend.correct(dahl.id, obj="Tomas Berg", reason="first editor")
    clock.tick()
    with pytest.raises(ConflictError):
        backend.correct(dahl.id, obj="Someone Else", reason="second editor, stale view")


def test_multi_valued_facts_accumulate(backend):
    backend.add("Corvid Labs", "acquired", "Pellucid", "2021")
    backend.add("Corvid Labs", "acquired", "Brightline", "2023")
    assert sorted(r.object for r in backend.facts("Corvid Labs")) == ["Brightline", "Pellucid"]


def test_literal_values_and_lookup_by_alias(backend):
    backend.add("Millbrook", "population", "48,200", "2020")
    backend.add("Millbrook", "population", "51,900 people", "2024")
    (row,) = backend.facts("millbrook")
    assert (row.object, row.valid_from) == ("51,900 people", "2024")


def test_hostile_text_is_stored_verbatim_and_changes_no_query(backend):
    backend.add(HOSTILE, "CEO", "Tomas Berg", "2023", source=HOSTILE)
    (row,) = backend.facts(HOSTILE)
    assert row.subject == HOSTILE.strip()
    assert backend.graph.count("Fact") == 1
    (src, _), = backend.sources()
    _, statements, _ = backend.source(src.id)
    assert statements[0].sentence == HOSTILE


def test_source_queries(backend):
    now = backend.clock()
    source = Source("art1", title="Berg named", published=TimePoint.parse("2023-02-14"),
                    url="https://example.com/a?b=1&c=\"2\"", recorded_at=now, text="Tomas Berg was named.")
    st = Statement("acme", "chief_executive", Ref("tomas-berg"), "art1",
                   valid_from=TimePoint.parse("2023-02-14"), sentence="Tomas Berg was named.", recorded_at=now)
    backend.commit(Report("ingest", source_id="art1"), sources=[source], statements=[st])
    assert backend.graph.sources_by_url(source.url) == ["art1"]
    got, statements, facts = backend.source("art1")
    assert got.text == "Tomas Berg was named." and got.published == TimePoint.parse("2023-02-14")
    assert [s.id for s in statements] == [st.id] and len(facts) == 1
    assert backend.graph.count("Source") == 1 and backend.graph.count("Statement") == 1


def test_changes_between_dates(backend, clock):
    backend.add("Acme", "CEO", "Ingrid Dahl", "2019")
    clock.tick(days=10)
    backend.add("Acme", "CEO", "Tomas Berg", "2023-02-14")
    start = clock.now.date()
    changed = backend.changes(start)
    assert {(r.object, r.status) for r in changed} == {("Ingrid Dahl", "superseded"), ("Tomas Berg", "current")}
    by_valid = backend.changes(dt.date(2023, 1, 1), dt.date(2023, 12, 31), by="valid")
    assert {r.object for r in by_valid} == {"Ingrid Dahl", "Tomas Berg"}


def test_unknown_things_give_clear_errors(backend):
    with pytest.raises(NotFoundError, match="No entity"):
        backend.facts("Nobody At All")
    with pytest.raises(NotFoundError):
        backend.forget("no-such-source")
    with pytest.raises(InvalidFactError):
        backend.add("Acme", "CEO", "Tomas Berg", "2023-02-30")
    assert backend.graph.count("Source") == 0


def test_audit_log_records_edits_and_deletions(backend, clock):
    report = backend.add("Acme", "CEO", "Ingrid Dahl", "2019")
    clock.tick()
    backend.forget(report.source_id)
    entries = backend.audit_log()
    assert [(e.action, e.agent) for e in entries] == [("forget", "tester"), ("add", "tester")]
    assert entries[0].source_id == report.source_id and "Ingrid Dahl" in entries[1].detail
    assert "graph/audit" in backend.export("nquads")

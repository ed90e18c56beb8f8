"""Property tests for the temporal rules and the exchange formats (hypothesis)."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.runtime.settings import Settings
from kg.graph.exchange import import_rdf, nquads
from kg.core.facts import Entity, Kind, Modality, Ref, Source, Statement, Status, TimePoint, Value
from kg.graph.report import Report
from kg.app.service import Evergreen
from kg.core.temporal import timeline

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
PEOPLE = ["ann", "bob", "cy", "dee"]
ENTITIES = [Entity(p, p.title(), "PERSON") for p in PEOPLE] + [
    Entity("acme", "Acme", "ORG"), Entity("town", "Town", "GPE")]

points = st.builds(
    lambda y, m, d, p: TimePoint.parse(f"{y}" if p == 0 else f"{y}-{m:02d}" if p == 1 else f"{y}-{m:02d}-{d:02d}"),
    st.integers(2000, 2030), st.integers(1, 12), st.integers(1, 28), st.integers(0, 2))


@st.composite
def statements(draw, source="s"):
    predicate = draw(st.sampled_from(["chief_executive", "acquired", "population"]))
    subject = "town" if predicate == "population" else "acme"
    kind = draw(st.sampled_from([Kind.ASSERT, Kind.ASSERT, Kind.ASSERT, Kind.END]))
    if predicate == "population":
        obj = Value(str(draw(st.integers(1000, 1005))), "integer", "people")
    else:
        obj = Ref(draw(st.sampled_from(PEOPLE)))
    if kind is Kind.END and draw(st.booleans()):
        obj = None
    start = draw(points)
    until = draw(st.one_of(st.none(), points.filter(lambda p: p.date >= start.date)))
    return Statement(subject, predicate, obj, source, kind=kind, valid_from=start,
                     valid_until=until if kind is Kind.ASSERT else None,
                     modality=draw(st.sampled_from([Modality.ASSERTED] * 4 + [Modality.HEDGED])),
                     sentence=draw(st.text(max_size=20)), recorded_at=NOW)


@st.composite
def articles(draw):
    count = draw(st.integers(1, 6))
    result = []
    for i in range(count):
        source = Source(f"src{i}", title=f"Article {i}", published=TimePoint.parse("2024-01-01"), recorded_at=NOW)
        result.append((source, draw(st.lists(statements(source=source.id), min_size=1, max_size=4))))
    return result


def fresh() -> Evergreen:
    return Evergreen(Settings(store="memory"), clock=lambda: NOW)


def ingest(svc, batch):
    for source, stmts in batch:
        svc.commit(Report("ingest", source_id=source.id), sources=[source], statements=stmts, entities=ENTITIES)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles(), st.randoms(use_true_random=False))
def test_ingest_order_does_not_change_the_graph(batch, rng):
    first, second = fresh(), fresh()
    ingest(first, batch)
    shuffled = list(batch)
    rng.shuffle(shuffled)
    ingest(second, shuffled)
    assert nquads(first.store) == nquads(second.store)


@settings(max_examples=40, deadline=None)
@given(articles())
def test_forgetting_a_source_equals_never_having_ingested_it(batch):
    everything, without = fresh(), fresh()
    ingest(everything, batch)
    everything.forget(batch[0][0].id)
    ingest(without, batch[1:])
    # Entities stay behind (harmless) and the audit log remembers the deletion; the facts,
    # statements, sources and current triples are identical.
    assert _without_log(everything) == _without_log(without)


def _without_log(service):
    return [line for line in nquads(service.store).splitlines()
            if not line.endswith(("/graph/entities> .", "/graph/audit> ."))]


@settings(max_examples=60, deadline=None)
@given(st.lists(statements(), max_size=12))
def test_intervals_ordered_and_at_most_one_current_value(stmts):
    single = [s for s in stmts if s.predicate != "acquired"]
    for predicate in ("chief_executive", "population"):
        facts = timeline([s for s in single if s.predicate == predicate], single=True)
        live = [f for f in facts if f.status is not Status.DEPRECATED]
        assert sum(f.status is Status.CURRENT for f in live) <= 1
        for fact in live:
            if fact.valid_from and fact.valid_until:
                assert fact.valid_from.date < fact.valid_until.date
        # Intervals of one single-valued timeline never overlap.
        # An unknown start ("held until D", a lone end) reaches back to the earliest day.
        spans = sorted((f.valid_from.date if f.valid_from else dt.date.min,
                        f.valid_until.date if f.valid_until else dt.date.max) for f in live)
        for (a_start, a_end), (b_start, _) in zip(spans, spans[1:]):
            assert a_end <= b_start


@settings(max_examples=30, deadline=None)
@given(articles())
def test_export_import_round_trip_is_lossless(batch):
    original, restored = fresh(), fresh()
    ingest(original, batch)
    for fmt in ("trig", "nquads"):
        target = fresh()
        import_rdf(target, original.export(fmt), fmt)
        assert nquads(target.store) == nquads(original.store), fmt
    import_rdf(restored, original.export("trig"), "trig")
    assert restored.export("nquads") == original.export("nquads")

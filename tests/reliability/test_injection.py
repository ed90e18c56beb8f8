"""Text from users and articles never changes a query: fuzz the path from text to SPARQL."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.runtime.settings import Settings
from kg.core.errors import EvergreenError
from kg.graph.exchange import import_rdf
from kg.core.facts import slugify
from kg.app.service import Evergreen

NASTY = ['"', "'", "}", "{", ";", "\\", "\n", "\r", "<", ">", "DROP ALL", "#", "?x", "$y", "@en",
         "^^", "\t", "\x00", "\u2028", "</script>", "INSERT DATA { <a> <b> <c> }", " ", "%20", "\ufeff"]
hostile_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), min_size=1, max_size=8).map("".join)


def fresh() -> Evergreen:
    return Evergreen(Settings(store="memory", user='ed"}; DROP ALL'), clock=lambda: dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(subject=hostile_text, obj=hostile_text, note=hostile_text, phrase=hostile_text)
def test_hostile_names_sources_and_reasons_are_stored_verbatim(subject, obj, note, phrase):
    try:
        slugify(subject), slugify(obj), slugify(phrase)
    except EvergreenError:
        assume(False)  # nothing to name an entity by: refused with a clear error elsewhere
    assume(subject.strip() and obj.strip() and note.strip() and slugify(subject) != slugify(obj))
    svc = fresh()
    svc.add(subject, "CEO", obj, "2020", source=note)
    svc.add(subject, "rel:" + phrase, obj, "2021")
    rows = svc.facts(subject)
    assert sorted(r.object for r in rows) == sorted([obj.strip(), obj.strip()])
    assert svc.graph.count("Fact") == 2 and svc.graph.count("Source") == 2
    (fact,) = [r for r in rows if r.predicate_key == "chief_executive"]
    svc.deprecate(fact.id, reason=note)
    assert [r.reason for r in svc.facts(subject, history=True) if r.status == "deprecated"] == [note]
    statements = {s.sentence for src, _ in svc.sources() for s in svc.source(src.id)[1]}
    assert note in statements
    # And the export carries all of it back unchanged.
    copy = fresh()
    import_rdf(copy, svc.export("trig"), "trig")
    assert copy.export("nquads") == svc.export("nquads")


@pytest.mark.parametrize("name", ["} ; DROP ALL ; {", '" . } DROP ALL { "', "<urn:x> <urn:y> <urn:z>"])
def test_lookups_with_query_syntax_find_nothing_and_break_nothing(service, name):
    service.add("Acme", "CEO", "Ingrid Dahl", "2019")
    with pytest.raises(EvergreenError):
        service.facts(name)
    assert [r.object for r in service.facts("Acme")] == ["Ingrid Dahl"]

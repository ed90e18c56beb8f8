"""The versioning rules, on plain values (no store)."""

import datetime as dt
import itertools

from kg.core.facts import Kind, Modality, Ref, Statement, Status, TimePoint, Value
from kg.core.temporal import timeline, undated_held_at_publication, valid_at

T = TimePoint.parse


def say(obj, start, source="s1", until=None, kind=Kind.ASSERT, modality=Modality.ASSERTED, **kw):
    return Statement("acme", "chief_executive", Ref(obj) if obj else None, source, kind=kind,
                     valid_from=T(start), valid_until=T(until), modality=modality, **kw)


def test_newer_value_supersedes_and_links_old_to_new():
    facts = timeline([say("dahl", "2019-03-01", "a"), say("berg", "2023-02-14", "b")], single=True)
    old, new = facts
    assert (old.object, old.status, str(old.valid_until)) == (Ref("dahl"), Status.SUPERSEDED, "2023-02-14")
    assert (new.object, new.status, new.valid_until) == (Ref("berg"), Status.CURRENT, None)
    assert old.replaced_by == new.id and new.replaces == old.id


def test_older_fact_read_late_goes_into_history_and_leaves_current_alone():
    facts = timeline([say("berg", "2023-02-14", "b"), say("dahl", "2019-03-01", "a")], single=True)
    current = [f for f in facts if f.status is Status.CURRENT]
    assert [f.object for f in current] == [Ref("berg")]
    dahl = next(f for f in facts if f.object == Ref("dahl"))
    assert dahl.status is Status.SUPERSEDED and str(dahl.valid_until) == "2023-02-14"


def test_any_order_gives_the_same_facts():
    statements = [say("dahl", "2019", "a"), say("berg", "2023-02-14", "b"),
                  say("lund", "2021-06", "c"), say("berg", "2024-01-01", "d")]
    results = {tuple(timeline(p, single=True)) for p in itertools.permutations(statements)}
    assert len(results) == 1


def test_explicit_end_closes_without_successor():
    facts = timeline([say("dahl", "2019-03-01"), say("dahl", "2024-05-01", "x", kind=Kind.END, reason="stepped down")],
                     single=True)
    (fact,) = facts
    assert fact.status is Status.RETRACTED and str(fact.valid_until) == "2024-05-01"
    assert fact.reason == "stepped down"


def test_end_without_object_closes_whatever_holds_then():
    facts = timeline([say("dahl", "2019-03-01"), say(None, "2020-01-01", "x", kind=Kind.END)], single=True)
    assert facts[0].status is Status.RETRACTED


def test_end_on_the_day_a_value_starts_does_not_erase_it():
    # "Murati was named interim chief; Altman was fired" on one day: one handover.
    facts = timeline([say("altman", "2019-03-01"), say("murati", "2023-11-17", "a"),
                      say("altman", "2023-11-17", "a", kind=Kind.END)], single=True)
    by = {f.object.id: f for f in facts}
    assert by["altman"].status is Status.SUPERSEDED and str(by["altman"].valid_until) == "2023-11-17"
    assert by["murati"].status is Status.CURRENT


def test_returning_value_makes_a_second_interval():
    facts = timeline([say("altman", "2019-03-01"), say("shear", "2023-11-20", "b"),
                      say("altman", "2023-11-22", "c")], single=True)
    assert [(f.object.id, f.status.value) for f in facts] == [
        ("altman", "superseded"), ("shear", "superseded"), ("altman", "current")]
    assert facts[0].id != facts[2].id


def test_same_value_from_two_sources_is_one_fact_with_both_sources():
    (fact,) = timeline([say("berg", "2023-02-14", "a"), say("berg", "2023-06-01", "b", confidence=0.5)],
                       single=True)
    assert fact.sources == ("a", "b") and str(fact.valid_from) == "2023-02-14" and fact.confidence == 1.0


def test_hedged_and_negated_claims_never_become_facts():
    facts = timeline([say("berg", "2023-02-14"), say("lund", "2024-01-01", "r", modality=Modality.HEDGED),
                      say("lund", "2024-02-01", "n", modality=Modality.NEGATED)], single=True)
    assert [f.object.id for f in facts] == ["berg"] and facts[0].status is Status.CURRENT


def test_multi_valued_facts_accumulate():
    stmts = [Statement("acme", "acquired", Ref(x), "s", valid_from=T(d)) for x, d in
             (("a", "2019"), ("b", "2020"), ("c", "2021"))]
    facts = timeline(stmts, single=False)
    assert all(f.status is Status.CURRENT for f in facts) and len(facts) == 3


def test_deprecated_statements_leave_the_timeline_and_are_kept():
    wrong = say("lund", "2023-02-14", "bad")
    fix = Statement("acme", "chief_executive", None, "edit", kind=Kind.DEPRECATE,
                    targets=(wrong.id,), reason="misread the article")
    facts = timeline([say("dahl", "2019-03-01"), wrong, fix], single=True)
    by = {f.object.id: f for f in facts}
    assert by["dahl"].status is Status.CURRENT
    assert by["lund"].status is Status.DEPRECATED and by["lund"].reason == "misread the article"


def test_literal_values_version_like_entities():
    stmts = [Statement("millbrook", "population", Value("48200", "integer", "people"), "a", valid_from=T("2020")),
             Statement("millbrook", "population", Value("51900", "integer", "people"), "b", valid_from=T("2024"))]
    facts = timeline(stmts, single=True)
    assert [f.status for f in facts] == [Status.SUPERSEDED, Status.CURRENT]


def test_valid_at_respects_the_interval():
    old, new = timeline([say("dahl", "2019-03-01"), say("berg", "2023-02-14")], single=True)
    assert old.valid_at(dt.date(2020, 1, 1)) and not old.valid_at(dt.date(2023, 2, 14))
    assert new.valid_at(dt.date(2023, 2, 14)) and not new.valid_at(dt.date(2023, 2, 13))


def test_record_time_of_closing_is_when_the_successor_was_learnt():
    t1 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    t2 = dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc)
    old, new = timeline([say("dahl", "2019", recorded_at=t1), say("berg", "2023", "b", recorded_at=t2)], single=True)
    assert old.recorded_at == t1 and old.invalidated_at == t2 and new.invalidated_at is None


def test_two_values_on_the_same_day_keep_the_more_confident_and_deprecate_the_other():
    facts = timeline([say("dahl", "2019"), say("berg", "2023-02-14", "a", confidence=0.9),
                      say("lund", "2023-02-14", "b", confidence=0.6)], single=True)
    by = {f.object.id: f for f in facts}
    assert by["berg"].status is Status.CURRENT and by["berg"].replaces == by["dahl"].id
    assert str(by["dahl"].valid_until) == "2023-02-14" and by["dahl"].replaced_by == by["berg"].id
    assert by["lund"].status is Status.DEPRECATED and "same date" in by["lund"].reason


# -- values with no start: "held until D", a lone end, an undated statement --------------------

def held_until(obj, until, source):
    return Statement("acme", "chief_executive", Ref(obj), source, valid_until=T(until))


def _history(facts):
    return [(f.object.id, str(f.valid_from), str(f.valid_until), f.status.value)
            for f in facts if f.status is not Status.DEPRECATED]


def test_an_older_undated_value_never_closes_a_newer_held_until_in_either_order():
    # 2019 article: "Iger, Disney's chief executive" (dated at publication); 2022 article:
    # "Iger returns, replacing Chapek" (Chapek held until then, start unknown; Iger from then).
    older = say("iger", "2019-03-20", "a")
    newer = [held_until("chapek", "2022-11-21", "b"), say("iger", "2022-11-21", "b")]
    histories = {tuple(_history(timeline(p, single=True)))
                 for p in itertools.permutations([older, *newer])}
    assert len(histories) == 1
    (history,) = histories
    assert history == (("iger", "2019-03-20", "2019-03-21", "superseded"),
                       ("chapek", "2019-03-21", "2022-11-21", "superseded"),
                       ("iger", "2022-11-21", "None", "current"))
    facts = timeline([older, *newer], single=True)
    assert [f.object.id for f in valid_at(facts, dt.date(2021, 6, 1))] == ["chapek"]


def test_held_until_of_the_value_that_holds_then_is_its_end():
    facts = timeline([say("chapek", "2020-02-25", "a"), held_until("chapek", "2022-11-21", "b"),
                      say("iger", "2022-11-21", "b")], single=True)
    assert _history(facts) == [("chapek", "2020-02-25", "2022-11-21", "superseded"),
                               ("iger", "2022-11-21", "None", "current")]


def test_held_until_with_nothing_before_keeps_an_unknown_start():
    (fact,) = timeline([held_until("ortega", "2023-02-11", "a")], single=True)
    assert fact.valid_from is None and str(fact.valid_until) == "2023-02-11"


def test_a_lone_end_is_held_until_whatever_the_order():
    # "Rovers sacked head coach Ortega" (nothing else says he held the post), then an
    # appointment; and an older value from another article.
    statements = [say("ortega", "2023-02-11", "a", kind=Kind.END), say("halvorsen", "2023-03-01", "b"),
                  say("berg", "2019-05-01", "c")]
    histories = {tuple(_history(timeline(p, single=True))) for p in itertools.permutations(statements)}
    assert histories == {(("berg", "2019-05-01", "2019-05-02", "superseded"),
                          ("ortega", "2019-05-02", "2023-02-11", "superseded"),
                          ("halvorsen", "2023-03-01", "None", "current"))}


def test_two_held_untils_follow_each_other():
    facts = timeline([say("dahl", "2015-01-01", "a"), held_until("lund", "2018-06-01", "b"),
                      held_until("berg", "2020-06-01", "c")], single=True)
    assert [(o, start, until) for o, start, until, _ in _history(facts)] == [
        ("dahl", "2015-01-01", "2015-01-02"), ("lund", "2015-01-02", "2018-06-01"),
        ("berg", "2018-06-01", "2020-06-01")]


def test_an_undated_statement_holds_on_its_articles_date():
    undated = Statement("acme", "chief_executive", Ref("iger"), "a")
    undated_multi = Statement("acme", "acquired", Ref("pixar"), "a")
    dated = say("chapek", "2020-02-25", "a")
    out = undated_held_at_publication([undated, undated_multi, dated], T("2019-03-20"),
                                      lambda predicate: predicate == "chief_executive")
    assert [str(s.valid_from) for s in out] == ["2019-03-20", "None", "2020-02-25"]
    assert out[0].id != undated.id and out[2] is dated
    assert undated_held_at_publication([undated], None, lambda p: True) == [undated]

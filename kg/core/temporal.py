"""Pure interval logic: statements about one subject and predicate -> facts.

Everything derived (validity intervals, status, which fact replaced which) is a
function of the set of statements alone, so ingest order cannot matter and
deleting a source restores what it had superseded: the caller just recomputes.

Single-valued predicates form one timeline: each value holds until the next
value starts or an explicit end closes it. A value "held until D" with no start
(and an end of a value the statements never assert, "sacked head coach X") is
placed just before D, after the last day another value is known to have held;
it never reaches back past an earlier value. Multi-valued predicates form one
timeline per object. Statements that a person deprecated make deprecated facts
of their own and take no part in the timeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from kg.core.facts import Fact, Kind, Modality, Statement, Status, Term, TimePoint, fact_id, term_key

_FAR_PAST = dt.date.min


@dataclass
class _Run:
    object: Term
    start: TimePoint | None
    support: list[Statement] = field(default_factory=list)
    end: TimePoint | None = None
    closer: Statement | None = None  # the statement that closed the run
    next: _Run | None = None
    prev: _Run | None = None


def _day(point: TimePoint | None) -> dt.date:
    return point.date if point else _FAR_PAST


def _event_order(event):
    # Same day: assertions (0) before ends (1), so "X steps down; Y named" on one day gives
    # one handover whatever order the sentences came in. Among assertions of one day the
    # most confident comes last and so holds the day (ties broken by object, for determinism).
    day, is_end, st = event[0], event[1], event[2]
    return (day, is_end, 0.0 if is_end else st.confidence, term_key(event[3]), st.id)


def timeline(statements: Iterable[Statement], single: bool) -> list[Fact]:
    """Derive the facts for one (subject, predicate) from its statements."""
    statements = list(statements)
    deprecations = [s for s in statements if s.kind is Kind.DEPRECATE]
    deprecated = {target: d for d in deprecations for target in d.targets}
    usable = [s for s in statements if s.modality is Modality.ASSERTED and s.kind is not Kind.DEPRECATE]
    live = [s for s in usable if s.id not in deprecated]
    dead = [s for s in usable if s.id in deprecated and s.kind is Kind.ASSERT]

    conflicts: list[_Run] = []
    if single:
        runs = _runs(_placed_open_starts(live), conflicts=conflicts)
    else:
        by_object: dict[str, list[Statement]] = {}
        live = _lone_ends_held_until(live)
        for st in live:
            if st.kind is Kind.ASSERT:
                by_object.setdefault(term_key(st.object), []).append(st)
        ends = [s for s in live if s.kind is Kind.END]
        runs = []
        for key, asserts in sorted(by_object.items()):
            own_ends = [e for e in ends if e.object is None or term_key(e.object) == key]
            runs.extend(_runs(asserts + own_ends, link=False))

    facts = [_to_fact(run) for run in runs]
    ids = {id(run): fact.id for run, fact in zip(runs, facts)}
    facts = [
        _link(fact, ids.get(id(run.prev)), ids.get(id(run.next)))
        for run, fact in zip(runs, facts)
    ]
    facts.extend(_deprecated_facts(dead, deprecated))
    facts.extend(_conflict_fact(run) for run in conflicts)
    return sorted(facts, key=lambda f: (_day(f.valid_from), f.id))


def _is_open_start(st: Statement) -> bool:
    return st.kind is Kind.ASSERT and st.valid_from is None and st.valid_until is not None


def _placed_open_starts(statements: list[Statement]) -> list[Statement]:
    """Single-valued: give every "held until D" with no start its place in the timeline, from
    the whole set of statements (so ingest order cannot matter).

    An end of a value that no statement asserts ("Rovers sacked head coach Luis Ortega", the
    first the graph hears of him) says the same as "held until D". Where the value already
    holds on the day before D, the statement is its end. Otherwise it starts on the day after
    the last day another value is known to have held before D (its last dated statement, or
    the day before its end), so that an older value never closes it and it never reaches back
    past an older value; with no earlier value its start stays unknown."""
    statements = _lone_ends_held_until(statements)
    open_starts = [s for s in statements if _is_open_start(s)]
    if not open_starts:
        return statements
    placed = [s for s in statements if not _is_open_start(s)]
    # Earliest end first, each placed among those before it: two such values in a row follow
    # each other instead of both starting after the same older value.
    for st in sorted(open_starts, key=lambda s: (s.valid_until.date, term_key(s.object), s.id)):
        placed.append(_place(st, _runs(placed)))
    return placed


def _lone_ends_held_until(statements: list[Statement]) -> list[Statement]:
    """An end of a value that no statement asserts: it held until that day (start unknown)."""
    asserted = {term_key(s.object) for s in statements if s.kind is Kind.ASSERT}
    return [replace(s, kind=Kind.ASSERT, valid_from=None, valid_until=s.valid_from)
            if s.kind is Kind.END and s.object is not None and s.valid_from is not None
            and term_key(s.object) not in asserted else s
            for s in statements]


def _place(st: Statement, runs: list[_Run]) -> Statement:
    until, key = st.valid_until.date, term_key(st.object)
    holding = next((r for r in runs if _day(r.start) < until and (r.end is None or r.end.date >= until)), None)
    as_end = replace(st, kind=Kind.END, valid_from=st.valid_until, valid_until=None,
                     reason=st.reason or "succeeded")
    if holding is not None and term_key(holding.object) == key:
        return as_end
    seen = [_last_seen(r, until) for r in runs
            if r.start is not None and r.start.date < until and term_key(r.object) != key]
    if not seen:
        return st
    start = max(seen) + dt.timedelta(days=1)
    # Another value seen on the last day before D leaves no room: the statement only ends.
    return replace(st, valid_from=TimePoint(start)) if start < until else as_end


def _last_seen(run: _Run, before: dt.date) -> dt.date:
    """The last day before `before` on which the run's value is known to have held."""
    days = [s.valid_from.date for s in run.support if s.valid_from and s.valid_from.date < before]
    if run.end is not None and run.end.date <= before:
        days.append(run.end.date - dt.timedelta(days=1))
    return max(days) if days else run.start.date


def _runs(statements: list[Statement], link: bool = True,
          conflicts: list[_Run] | None = None) -> list[_Run]:
    events = []
    for st in statements:
        if st.kind is Kind.ASSERT:
            events.append((_day(st.valid_from), 0, st, st.object))
            if st.valid_until:
                events.append((st.valid_until.date, 1, st, st.object))
        elif st.kind is Kind.END:
            events.append((_day(st.valid_from), 1, st, st.object))
    events.sort(key=_event_order)

    runs: list[_Run] = []
    active: _Run | None = None
    for day, is_end, st, obj in events:
        obj_key = term_key(obj)
        if is_end:
            closes_it = obj is None or obj_key == term_key(active.object) if active else False
            # An end on the day a run starts would leave an empty interval: ignore it.
            if active and closes_it and day > _day(active.start):
                active.end = st.valid_until if st.kind is Kind.ASSERT else st.valid_from
                active.closer = st
                active = None
            continue
        if active and term_key(active.object) == obj_key:
            active.support.append(st)
            continue
        run = _Run(object=obj, start=st.valid_from, support=[st])
        if active and link and day == _day(active.start) and conflicts is not None:
            # Two values from the same day: the later-sorted (more confident) one holds it;
            # the other is kept aside as a conflict rather than given an empty interval.
            loser = runs.pop()
            conflicts.append(loser)
            loser.prev = None
            active = None
            if runs:
                runs[-1].next = None
                if runs[-1].closer is loser.support[0]:
                    # Reopen the value the loser had closed; the winner closes it below.
                    runs[-1].end, runs[-1].closer = None, None
                    active = runs[-1]
        if active and link:
            active.end, active.closer = st.valid_from, st
        if link and runs:
            # Chain to the previous run whether it was closed by this one or ended earlier.
            run.prev, runs[-1].next = runs[-1], run
        runs.append(run)
        active = run
    return runs


def _to_fact(run: _Run) -> Fact:
    first = run.support[0]
    if run.end is None:
        status = Status.CURRENT
    elif run.next is not None:
        status = Status.SUPERSEDED
    else:
        status = Status.RETRACTED
    recorded = _earliest(s.recorded_at for s in run.support)
    invalidated = None
    if run.end is not None:
        closers = [run.closer] if run.closer else []
        if run.next is not None and run.closer is not run.next.support[0]:
            closers.extend(run.next.support)
        when = _earliest(c.recorded_at for c in closers)
        invalidated = max(recorded, when) if recorded and when else when
    return Fact(
        id=fact_id(first.subject, first.predicate, run.object, run.start),
        subject=first.subject,
        predicate=first.predicate,
        object=run.object,
        status=status,
        valid_from=run.start,
        valid_until=run.end,
        recorded_at=recorded,
        invalidated_at=invalidated,
        statements=tuple(sorted({s.id for s in run.support})),
        sources=tuple(sorted({s.source_id for s in run.support})),
        confidence=max(s.confidence for s in run.support),
        reason=run.closer.reason if run.closer is not None and run.closer.kind is Kind.END else None,
    )


def _conflict_fact(run: _Run) -> Fact:
    """A value that lost a same-day contradiction: kept, deprecated, with the reason."""
    fact = _to_fact(run)
    return replace(
        fact, id=fact_id(fact.subject, fact.predicate, fact.object, fact.valid_from, deprecated=True),
        status=Status.DEPRECATED, valid_until=None, invalidated_at=None,
        reason="contradicted by another value from the same date with more support",
    )


def _link(fact: Fact, prev_id: str | None, next_id: str | None) -> Fact:
    return replace(fact, replaces=prev_id, replaced_by=next_id if fact.status is Status.SUPERSEDED else None)


def _deprecated_facts(dead: list[Statement], deprecated: dict[str, Statement]) -> list[Fact]:
    """One deprecated fact per object and start, carrying the person's reason."""
    groups: dict[tuple[str, TimePoint | None], list[Statement]] = {}
    for st in dead:
        groups.setdefault((term_key(st.object), st.valid_from), []).append(st)
    facts = []
    for (_, start), group in sorted(groups.items(), key=lambda kv: (kv[0][0], _day(kv[0][1]))):
        first = group[0]
        edits = sorted((deprecated[s.id] for s in group), key=lambda d: d.id)
        ends = [s.valid_until for s in group if s.valid_until]
        facts.append(Fact(
            id=fact_id(first.subject, first.predicate, first.object, start, deprecated=True),
            subject=first.subject,
            predicate=first.predicate,
            object=first.object,
            status=Status.DEPRECATED,
            valid_from=start,
            valid_until=min(ends, key=lambda p: p.date) if ends else None,
            recorded_at=_earliest(s.recorded_at for s in group),
            invalidated_at=_earliest(e.recorded_at for e in edits),
            statements=tuple(sorted({s.id for s in group})),
            sources=tuple(sorted({s.source_id for s in group})),
            confidence=max(s.confidence for s in group),
            reason=edits[0].reason,
        ))
    return facts


def _earliest(times: Iterable[dt.datetime | None]) -> dt.datetime | None:
    known = [t for t in times if t is not None]
    return min(known) if known else None


def valid_at(facts: Iterable[Fact], day: dt.date) -> list[Fact]:
    return [f for f in facts if f.valid_at(day)]


# -- a rule applied to an article's statements before they are stored ------------------------

def undated_held_at_publication(statements: list[Statement], published: TimePoint | None,
                                single: Callable[[str], bool]) -> list[Statement]:
    """A statement of a single-valued predicate with no date at all ("Chapek, Disney's chief
    executive, said ..."; a learned extractor's claim) says the value held when its source
    was published: that day is its place in the timeline. Left without one, it would sort
    before every dated value and be closed by the oldest of them, whichever article that came
    from. It depends only on the article, so ingest order cannot matter. `single(predicate)`
    says whether the predicate holds one value at a time."""
    if published is None:
        return statements
    return [replace(s, valid_from=published, id="") if s.kind is Kind.ASSERT and s.valid_from is None
            and s.valid_until is None and single(s.predicate) else s
            for s in statements]

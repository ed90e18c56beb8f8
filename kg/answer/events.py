"""The day of an event a question names instead of a date: "when it bought Whole Foods",
"when Ingrid Dahl left", "before Claudine Gay", "after the merger".

The event is a fact of the graph: among the facts of the entities the event clause names
(preferring those that also involve the asked entity), the one whose predicate best matches
the clause's words; its start is the event's day, or its end when the clause's verb ends
something ("left", "stepped down").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kg.core.facts import Fact, Ref, Status

INVOLVES_BONUS = 0.3  # a fact that also involves the asked entity is likelier the event meant
MIN_EVENT = 0.45  # with no entity in the clause, the words alone must match this well


@dataclass(frozen=True)
class Event:
    fact: Fact
    day: dt.date


def _other(fact: Fact) -> str | None:
    return fact.object.id if isinstance(fact.object, Ref) else None


def _dated(fact: Fact) -> bool:
    return fact.status is not Status.DEPRECATED and (fact.valid_from is not None or fact.valid_until is not None)


def _day(fact: Fact, ends: bool) -> dt.date | None:
    if ends and fact.valid_until:
        return fact.valid_until.date
    return fact.valid_from.date if fact.valid_from else None


def find_event(anchor_ids: list[str], asked_ids: list[str], words, reader, ends: bool = False,
               skip_predicate: str | None = None) -> Event | None:
    """The fact that best fits the event clause. `words` scores predicates against the clause
    (an Intents); `asked_ids` are the question's entity and its hop entity."""
    candidates: list[tuple[float, Fact]] = []
    if anchor_ids:
        for anchor in anchor_ids:
            for fact in reader.about(anchor):
                if not _dated(fact):
                    continue
                involves = bool({fact.subject, _other(fact)} & set(asked_ids))
                candidates.append((words.score(fact.predicate) + (INVOLVES_BONUS if involves else 0.0), fact))
    else:  # an event in words only ("after the merger"): the asked entity's own dated facts
        for entity in asked_ids:
            for fact in reader.about(entity):
                if _dated(fact) and fact.predicate != skip_predicate and words.score(fact.predicate) >= MIN_EVENT:
                    candidates.append((words.score(fact.predicate), fact))
    candidates = [(score, fact) for score, fact in candidates if _day(fact, ends)]
    if not candidates:
        return None
    score, fact = max(candidates, key=lambda sf: (sf[0], _day(sf[1], ends)))
    return Event(fact, _day(fact, ends))

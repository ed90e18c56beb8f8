"""Names as they were at the question's time: an entity renamed in the graph (a name fact,
question_cues.yaml name_predicates) is answered by the name it had then, with its current name
said too ("Kestrel Valve Works (now Kestrel Flow Systems)"). Old names and short names reach
the entity through the linker's aliases; this only chooses which name to show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kg.answer.question import cues
from kg.core.facts import Fact, Ref, Status


@dataclass(frozen=True)
class Naming:
    then: str  # the name at the asked time
    now: str  # the name today
    fact: Fact | None  # the rename fact that gives `now` (cited when the names differ)


def names_at(entity_ids, label_of, day: dt.date, today: dt.date, reader) -> dict[str, Naming]:
    """Entity id -> its names then and now, for the entities that have name facts."""
    keys = set(cues()["name_predicates"])
    out = {}
    for entity_id in dict.fromkeys(entity_ids):
        names = sorted((f for f in reader.about(entity_id) if f.predicate in keys and f.subject == entity_id
                        and f.status is not Status.DEPRECATED and not isinstance(f.object, Ref)),
                       key=lambda f: f.valid_from.date if f.valid_from else dt.date.min)
        if not names:
            continue
        label = label_of(entity_id)
        then = _holding(names, day)
        now = _holding(names, today)
        out[entity_id] = Naming(then.object.text if then else label, now.object.text if now else label, now)
    return out


def _holding(names: list[Fact], day: dt.date) -> Fact | None:
    held = [f for f in names if (f.valid_from is None or f.valid_from.date <= day)
            and (f.valid_until is None or f.valid_until.date > day)]
    return held[-1] if held else None

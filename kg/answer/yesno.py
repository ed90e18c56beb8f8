"""Yes/no questions about an event or a state: "Did X buy Y?", "Has X moved its head office to Z?".

Decided from the facts that join the two entities the question names: a fact of the asked kind
that held at the asked time means yes; otherwise no, with the claim that was held back (hedged
or negated: "in talks to buy", "withdrew its offer") when a source made one, else saying that the
graph records no such fact. The predicate is the one the question's words ask for among those
that could join the two entities; it is never taken from an unrelated fact of the same entity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.core.facts import Entity, Fact, Modality, Ref, Statement, Status
from kg.answer.timescope import TimeScope

CANDIDATE_PREDICATES = 6  # the question's best-scoring predicates whose held-back claims are read
MIN_ASKED = 0.45  # a joining fact whose predicate scores below this is not what is asked


@dataclass
class Decision:
    """The answer to a yes/no question: `yes` is None when the graph cannot tell."""

    yes: bool | None
    subject: Entity
    other: Entity | None
    predicate: str
    facts: list[Fact] = field(default_factory=list)  # facts that decide it, cited
    claims: list[Statement] = field(default_factory=list)  # held-back claims that decide it
    note: str = ""


def _other_end(fact: Fact, entity_id: str) -> str | None:
    obj = fact.object.id if isinstance(fact.object, Ref) else None
    return obj if fact.subject == entity_id else fact.subject


def decide(subject: Entity, others: list[Entity], intents, scope: TimeScope, reader, graph,
           catalogue, present: bool = False) -> Decision:
    """`present`: the question asks in the present tense ("Is X based in Y?"), so a state must
    hold now; otherwise anything that happened or held by the asked time counts."""
    def held_in(fact: Fact) -> bool:
        state = not catalogue.get(fact.predicate).open and not _event_like(catalogue.get(fact.predicate).label)
        if present and state and not scope.past:
            return scope.holds(fact)
        return _held_in(fact, scope)

    asked = [key for key, _ in intents.ranked(CANDIDATE_PREDICATES)]
    if not others:
        return Decision(None, subject, None, asked[0],
                        note=f"it knows {subject.label} but not the other name in the question")
    ids = {o.id for o in others}
    joining = [f for f in reader.about(subject.id) if f.status is not Status.DEPRECATED
               and _other_end(f, subject.id) in ids and intents.score(f.predicate) >= MIN_ASKED]
    joining.sort(key=lambda f: -intents.score(f.predicate))
    if joining:
        best = joining[0].predicate
        same = [f for f in joining if f.predicate == best]
        other = next(o for o in others if o.id == _other_end(same[0], subject.id))
        held = [f for f in same if held_in(f)]
        if held:
            return Decision(True, subject, other, best, held)
        asked = [best] + [k for k in asked if k != best]
        other_facts = same
    else:
        other, other_facts = others[0], []
    claims = _claims(subject, others, asked, graph)
    if claims:
        other = next((o for o in others if o.id in _claim_ends(claims[0])), other)
    predicate = claims[0].predicate if claims else asked[0]
    # What the subject did instead, for the same predicate ("he joined Manchester United").
    instead = [f for f in reader.about(subject.id) if f.predicate == predicate and f.subject == subject.id
               and f.status is not Status.DEPRECATED and held_in(f)]
    return Decision(False, subject, other, predicate, other_facts + instead[:3], claims)


def _held_in(fact: Fact, scope: TimeScope) -> bool:
    """Did it happen (or hold) within the asked time? For "now", anything that has happened."""
    if fact.status is Status.DEPRECATED:
        return False
    if not scope.past:
        return fact.valid_from is None or fact.valid_from.date <= scope.today
    return scope.holds(fact)


def _event_like(label: str) -> bool:
    """ "acquired", "founded by": things that happen once, true ever after."""
    first = label.split()[0] if label else ""
    return label.endswith(" by") or first.endswith("ed")


def _claim_ends(st: Statement) -> set[str]:
    return {st.subject, st.object.id if isinstance(st.object, Ref) else ""}


def _claims(subject: Entity, others: list[Entity], predicates: list[str], graph) -> list[Statement]:
    """Held-back statements (hedged, negated) joining the subject and one of the others."""
    ids = {subject.id} | {o.id for o in others}
    keys = [(e, p) for e in ids for p in predicates]
    found = [st for st in graph.statements_for_keys(keys) if st.modality is not Modality.ASSERTED
             and len(_claim_ends(st) & ids) == 2 and subject.id in _claim_ends(st)]
    rank = {p: i for i, p in enumerate(predicates)}
    return sorted(found, key=lambda st: (rank.get(st.predicate, 99), st.id))

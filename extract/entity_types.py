"""What each name of an article is (a person, an organisation, a place ...), decided once per
article from all the evidence in it, so that every claim about a name links to one entity.

While the rules read an article, `ArticleMentions.votes` is their running guess (a pronoun needs
one before the article is read to its end). Once every claim is in, the article settles each
name's type from weighted evidence, kept here:

- spaCy's label on each mention of the name (`NER`): the small model often calls one name a
  person in one sentence and an organisation in the next, so a label alone weighs little;
- a word written before the name or beside it in apposition that says what it is (`WORD`): a
  title or role head of the catalogue ("chief executive Bob Iger", "Iger, the chairman") says
  a person; a company or place noun of the lexicon ("the carmaker Tesla") an organisation or a
  place;
- each predicate the name takes part in, once per predicate and slot: the catalogue's type gate
  when it names one type (`GATE`: the object of "chief executive" is a person, the subject of
  "employees" an organisation); where the gate allows several, the type the claim gave
  (`CLAIM`).

The decision is firm when the winner leads the next type by `FIRM_LEAD`; a name read without
firm evidence links to the graph's entity of the same name whatever its type (kg.core.linking).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

NER = 1
WORD = 2
CLAIM = 1
GATE = 3
FIRM_LEAD = 2


class TypeEvidence:
    """Weighted evidence of each name's type within one article (names as the article wrote
    them; `decide` adds up a name and its aliases)."""

    def __init__(self, entity_types: Iterable[str]):
        self.entity_types = frozenset(entity_types)  # labels that name a thing, not a value
        self.weights: dict[str, Counter] = defaultdict(Counter)
        self._slots: set[tuple[str, str, str]] = set()  # (name, predicate, slot) already counted

    def add(self, name: str, type_: str, weight: int) -> None:
        if type_ in self.entity_types:
            self.weights[name][type_] += weight

    def add_slot(self, name: str, predicate: str, slot: str, gate: Iterable[str], said: str) -> None:
        """A name in a slot of a catalogue predicate: the gate's one type; where it allows
        several, the claim's type if the gate takes it, else the gate's first type as strongly
        as a one-type gate (the slot rules out what the claim said: "Bluefin Labs has renamed
        itself", read by spaCy as a person, is a firm, product or place)."""
        key = (name, predicate, slot)
        if not name or key in self._slots:
            return
        self._slots.add(key)
        gate = [t for t in gate if t in self.entity_types]
        if len(gate) == 1:
            self.add(name, gate[0], GATE)
        elif said in gate:
            self.add(name, said, CLAIM)
        elif gate and said in self.entity_types:
            self.add(name, gate[0], GATE)

    def absorb(self, other: TypeEvidence) -> None:
        for name, weights in other.weights.items():
            self.weights[name].update(weights)
        self._slots |= other._slots

    def total(self, names: Iterable[str]) -> Counter:
        found = Counter()
        for name in names:
            found.update(self.weights.get(name, {}))
        return found

    @staticmethod
    def decide(weights: Counter, tie_break: str | None = None) -> tuple[str, bool] | None:
        """(type, firm) for a name's added-up weights, or None with no evidence. A tie goes to
        `tie_break` (the running vote) when it is one of the tied types."""
        if not weights:
            return None
        ranked = weights.most_common()
        best = ranked[0][1]
        tied = [t for t, w in ranked if w == best]
        winner = tie_break if tie_break in tied else tied[0]
        runner_up = max((w for t, w in ranked if t != winner), default=0)
        return winner, best - runner_up >= FIRM_LEAD


GRAPH = 3  # the graph's entity of the same name counts like one gated slot


def settled_with_graph(weights: Counter, existing: list, running: str | None = None) -> tuple[str, bool]:
    """The article's decision for a name with the graph's say added: the one entity the graph
    holds under exactly that name (if only one) weighs `GRAPH` for its type. So a name the graph
    holds as an organisation, read once as a person, still links to it (the decision is no
    longer firm), while a name the article reads firmly as a person does not."""
    weights = Counter(weights)
    if len(existing) == 1:
        weights[existing[0].type] += GRAPH
    return TypeEvidence.decide(weights, running)

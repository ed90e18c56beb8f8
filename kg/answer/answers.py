"""Answers, and the `graph` answerer: templated, deterministic, cited sentences from the facts.

The first sentence always states the answer (scripts score it): the answer values with
their citations [n], or "The graph holds no answer ..." when the graph has none. It never
guesses: no fact holding at the asked time means no answer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace

from kg.core.catalogue import Catalogue
from kg.core.facts import Fact, TimePoint
from kg.answer.prompt import fact_lines
from kg.answer.retrieve import Focus, Retrieval
from kg.graph.read_model import FactRow

NO_ANSWER = "The graph holds no answer"
_ABBREVIATION = re.compile(r"(\b(?:[A-Z]|Inc|Corp|Co|Ltd|Mr|Mrs|Ms|Dr|St|Jr|Sr|No|vs|U\.S|e\.g|i\.e))\.$")


@dataclass
class Answer:
    question: str
    text: str
    as_of: dt.date | None
    llm: str
    facts: list[FactRow]
    prompt: str
    answered: bool
    values: list[str] = field(default_factory=list)  # the answer itself: labels or literals
    scope: str = "now"
    llm_name: str | None = None
    llm_text: str | None = None
    verified: bool | None = None
    verification: str | None = None

    def fact_lines(self) -> list[str]:
        return fact_lines(self.facts)

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "llm": self.llm,
            "facts": [{"id": r.id, "subject": r.subject, "predicate": r.predicate, "object": r.object,
                       "valid_from": r.valid_from, "valid_until": r.valid_until, "status": r.status,
                       "source": r.source} for r in self.facts],
            "prompt": self.prompt,
            "answered": self.answered,
            "values": self.values,
            "scope": self.scope,
            "llm_name": self.llm_name,
            "llm_text": self.llm_text,
            "verified": self.verified,
            "verification": self.verification,
        }


def first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence (not "Inc." or an initial)."""
    for match in re.finditer(r"[.!?](?=\s+[A-Z\[(\"]|\s*$)", text):
        if not _ABBREVIATION.search(text[:match.end()]):
            return text[:match.end()]
    return text


# -- the graph answerer ---------------------------------------------------------------------

class GraphAnswerer:
    name = "graph"

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue

    def answer(self, retrieval: Retrieval, rows: list[FactRow]) -> tuple[str, list[str], bool]:
        """(text, answer values, answered)."""
        number = {row.id: n for n, row in enumerate(rows, 1)}
        focus = retrieval.focus
        if retrieval.decision is not None:
            return yes_no_text(retrieval, rows, number, self.catalogue)
        vacant = retrieval.vacated and self.catalogue.get(focus.predicate).single
        if vacant and retrieval.vacated.id in number:
            return self._vacant(retrieval, rows, number), [], True
        if focus is None or not focus.facts:
            return self._none(retrieval, number, rows), [], False
        rows = [_named(row, retrieval.names) for row in rows]
        by_id = {row.id: row for row in rows}
        answers = [by_id[f.id] for f in focus.facts if f.id in by_id]
        side = "object" if focus.direction == "out" else "subject"
        values = list(dict.fromkeys(getattr(row, side) for row in answers))
        text = self._sentence(retrieval, focus, answers, number, by_id)
        extra = " ".join(x for x in (_renamed(retrieval.names, number), self._context(retrieval)) if x)
        return (text + (" " + extra if extra else "")), values, True

    # -- sentences ---------------------------------------------------------------------

    def _sentence(self, retrieval: Retrieval, focus: Focus, answers: list[FactRow],
                  number: dict[str, int], by_id: dict[str, FactRow]) -> str:
        pred = self.catalogue.get(focus.predicate)
        scope = retrieval.scope
        now = not scope.past
        verb = _verb_like(pred.label, pred.open)
        if focus.via:
            main = self._clause(pred.label, verb, focus.direction, answers, number, now, scope,
                                retrieval, hop=True)
            bridges = [by_id[f.id] for f in focus.bridge if f.id in by_id]
            tail = "; ".join(self._plain(row, number) for row in bridges[:3])
            return f"{main}{'; ' + tail if tail else ''}."
        if retrieval.form.history and now:
            text = self._history(pred.label, verb, focus.direction, answers, number)
        else:
            text = self._clause(pred.label, verb, focus.direction, answers, number, now, scope, retrieval)
        if retrieval.form.count and len(answers) > 0 and (focus.direction == "in" or answers[0].object_id):
            return f"{len(answers)}: {text}."
        return text + "."

    def _history(self, label, verb, direction, answers, number) -> str:
        """Every value over time, oldest first: "Boeing's headquarters location has been
        Seattle (until 2001) [1] and Chicago (since 2001) [2]"."""
        answers = sorted(answers, key=lambda row: row.valid_from or "")
        if direction == "in":
            names = _join([f"{row.subject}{_dates(row, True, verb)} [{number[row.id]}]" for row in answers])
            return f"{names} {_tense(label, True, len(answers))} {answers[0].object}" if verb else \
                f"{names} {'has' if len(answers) == 1 else 'have'} been {label} of {answers[0].object}"
        names = _join([f"{row.object}{_dates(row, True, verb)} [{number[row.id]}]" for row in answers])
        if verb:
            return f"{answers[0].subject} {_tense(label, True, 1)} {names}"
        return f"The {label} of {answers[0].subject} has been {names}"

    def _vacant(self, retrieval: Retrieval, rows: list[FactRow], number: dict[str, int]) -> str:
        """ "No one is chief executive of X now: B left on 30 September 2024 [1]; no successor
        is recorded." """
        row = rows[number[retrieval.vacated.id] - 1]
        label = self.catalogue.get(retrieval.focus.predicate).label
        return (f"No one is {label} of {row.subject} now, as far as the graph knows: {row.object} "
                f"left the post on {_human(row.valid_until)} [{number[row.id]}]; no successor is recorded.")

    def _clause(self, label, verb, direction, answers, number, now, scope, retrieval, hop=False):
        first = answers[0]
        when = "" if now else f" {scope.human()}"
        if direction == "in":  # the question names the object: the answers are subjects
            names = _join([f"{row.subject}{_dates(row, now, verb)} [{number[row.id]}]" for row in answers])
            if verb:
                return f"{names} {_tense(label, now, len(answers))} {first.object}{when}"
            # A noun label reads from the object: "X was chief executive of A [1] and B [2]".
            return f"{first.object} {'is' if now else 'was'} {label} of {names}{when}"
        subject = first.subject
        if verb:
            names = _join([f"{row.object}{_dates(row, now, True)} [{number[row.id]}]" for row in answers])
            return f"{subject} {_tense(label, now, 1)} {names}{when}"
        if len(answers) == 1:
            row = answers[0]
            cite = f"[{number[row.id]}]"
            person = row.object_id and retrieval.entities.get(row.object_id) is not None and \
                retrieval.entities[row.object_id].type == "PERSON"
            if person and now:
                since = f" since {_human(row.valid_from)}" if row.valid_from else ""
                have = "has been" if since else "is"
                return f"{row.object} {have} {label} of {subject}{since} {cite}"
            if person:
                return f"{row.object} was {label} of {subject}{when}{_dates(row, False)} {cite}"
            value = row.object + (f" {row.unit}" if row.unit and row.unit not in row.object else "")
            return (f"The {label} of {subject}{when} {'is' if now else 'was'} {value}"
                    f"{_dates(row, now)} {cite}")
        names = _join([f"{row.object}{_dates(row, now)} [{number[row.id]}]" for row in answers])
        return f"The {label} of {subject}{when} {'is' if now else 'was'} {names}"

    def _plain(self, row: FactRow, number: dict[str, int]) -> str:
        pred = self.catalogue.get(row.predicate_key)
        if _verb_like(pred.label, pred.open):
            return f"{row.subject} {_tense(pred.label, True, 1)} {row.object}{_dates(row, True, True)} [{number[row.id]}]"
        return f"{row.object} is {pred.label} of {row.subject} [{number[row.id]}]"

    def _context(self, retrieval: Retrieval) -> str:
        if retrieval.scope.day > retrieval.scope.today:
            return (f"The graph knows nothing after today ({retrieval.scope.today.isoformat()}), "
                    "so later changes are missing.")
        return ""

    def _none(self, retrieval: Retrieval, number: dict[str, int], rows: list[FactRow]) -> str:
        focus = retrieval.focus
        scope = retrieval.scope
        if not retrieval.links:
            return (f"{NO_ANSWER} to this question: it names no person, place or organisation "
                    "that the graph knows.")
        if retrieval.note:
            return f"{NO_ANSWER} to this question: {retrieval.note}."
        names = _join(list(dict.fromkeys(link.entity.label for link in retrieval.links))[:3])
        if focus is None:
            return (f"{NO_ANSWER} to this question. The graph knows {names}, but holds no fact "
                    "about what the question asks.")
        pred = self.catalogue.get(focus.predicate)
        when = "now" if not scope.past else scope.human()
        text = f"{NO_ANSWER} for the {pred.label} of {focus.entity.label} {when}."
        known = sorted((f for f in focus.history if f.id in number), key=_start)
        if known and scope.past and scope.day < _start(known[0]):
            row = rows[number[known[0].id] - 1]
            text += f" Its earliest record starts on {_human(known[0].valid_from)} [{number[row.id]}]."
        elif known:
            text += " The facts it holds about it are listed."
        return text


def _named(row: FactRow, names: dict) -> FactRow:
    """The row with each renamed entity called by its name at the asked time."""
    changes = {}
    if row.subject_id in names:
        changes["subject"] = names[row.subject_id].then
    if row.object_id in names:
        changes["object"] = names[row.object_id].then
    return dc_replace(row, **changes) if changes else row


def _renamed(names: dict, number: dict[str, int]) -> str:
    """ "Kestrel Valve Works is now called Kestrel Flow Systems [3]." for names that changed."""
    said = []
    for naming in names.values():
        if naming.then != naming.now:
            cite = f" [{number[naming.fact.id]}]" if naming.fact and naming.fact.id in number else ""
            said.append(f"{naming.then} is now called {naming.now}{cite}.")
    return " ".join(said)


def _verb_like(label: str, open_relation: bool) -> bool:
    """Labels that read as verbs ("acquired", "founded by"), not nouns ("chief executive")."""
    first = label.split()[0] if label else ""
    return open_relation or label.endswith(" by") or first.endswith("ed") and first not in ("need",)


def _tense(label: str, now: bool, count: int) -> str:
    if label.endswith(" by"):
        return ("is " if count == 1 else "are ") + label if now else ("was " if count == 1 else "were ") + label
    return label


def _dates(row: FactRow, now: bool, event: bool = False) -> str:
    start = TimePoint.parse(row.valid_from) if row.valid_from else None
    end = TimePoint.parse(row.valid_until) if row.valid_until else None
    if event:  # "acquired (11 June 2020)": the start is when it happened
        return f" ({start.human()})" if start else ""
    if start and end:
        return f" (from {start.human()} until {end.human()})"
    if start:
        return f" (since {start.human()})" if now else f" (from {start.human()})"
    if end:
        return f" (until {end.human()})"
    return ""


def _human(point) -> str:
    if point is None:
        return ""
    point = TimePoint.parse(point) if isinstance(point, str) else point
    return point.human()


def _start(fact: Fact) -> dt.date:
    return fact.valid_from.date if fact.valid_from else dt.date.min


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# -- yes/no -------------------------------------------------------------------------------

def yes_no_text(retrieval: Retrieval, rows: list[FactRow], number: dict[str, int],
                catalogue: Catalogue) -> tuple[str, list[str], bool]:
    """ "Yes: X acquired Y (5 March 2019) [1]." / "No: the graph records no fact that X
    acquired Y; a claim was held back as hedged, see [4]. It said: "..." (source) [4]." """
    decision = retrieval.decision
    if decision.yes is None:
        return f"{NO_ANSWER} to this yes/no question: {decision.note}.", [], False
    by_id = {row.id: row for row in rows}
    cited = [by_id[f.id] for f in decision.facts if f.id in by_id]
    pred = catalogue.get(decision.predicate)
    when = f" {retrieval.scope.human()}" if retrieval.scope.past else ""
    if decision.yes:
        return f"Yes: {_join([_stated(row, number, catalogue) for row in cited])}{when}.", ["yes"], True
    other = decision.other.label if decision.other else "it"
    if pred.label.endswith(" by"):  # "Did X buy Y?" read as "Y owned by X"
        what = f"{other} {_tense(pred.label, False, 1)} {decision.subject.label}"
    elif _verb_like(pred.label, pred.open):
        what = f"{decision.subject.label} {_tense(pred.label, False, 1)} {other}"
    else:
        what = f"the {pred.label} of {decision.subject.label} was {other}"
    claim = next((c for c in decision.claims if c.id in number), None)
    if claim is None:
        text = f"No: the graph records no fact that {what}{when}."
    else:  # cited like a fact: [n] opens its source
        cite = f"[{number[claim.id]}]"
        row = by_id[claim.id]
        source = f"{row.sources[0].title}, {row.sources[0].published}" if row.sources and row.sources[0].published \
            else (row.sources[0].title if row.sources else "")
        quote = (claim.sentence or "").strip().replace('"', "'")[:200]
        text = (f"No: the graph records no fact that {what}{when}; a claim was held back as "
                f"{claim.modality.value}, see {cite}. It said: \"{quote}\"{f' ({source})' if source else ''} {cite}.")
    if cited:
        text += f" The graph records that {_join([_stated(row, number, catalogue) for row in cited])}."
    return text, ["no"], True


def _stated(row: FactRow, number: dict[str, int], catalogue: Catalogue) -> str:
    pred = catalogue.get(row.predicate_key)
    if _verb_like(pred.label, pred.open):
        return f"{row.subject} {_tense(pred.label, False, 1)} {row.object}{_dates(row, True, True)} [{number[row.id]}]"
    return f"the {pred.label} of {row.subject} {'is' if row.status == 'current' else 'was'} {row.object}" \
           f"{_dates(row, row.status == 'current')} [{number[row.id]}]"

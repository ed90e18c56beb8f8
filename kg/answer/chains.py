"""Chains of facts whose hops ask different times, read from the question's parse.

"Where is the head office of the company Mara Ostrem ran in 2019?" asks the bridge (Ostrem ran
the company) in 2019 and the answer (its head office) now; "Which club did Liverpool's current
coach manage before?" asks the bridge now and the answer before the bridge began. Each word of
the question belongs to the clause that governs it in the parse: the main clause (the answer's
hop) or a nested clause or describing noun phrase (a bridge); each part's time is parsed from
its own words. Pure: no graph, only the parse, the links and kg/answer/question_cues.yaml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kg.answer.question import cues
from kg.answer.timescope import TimeScope, mentions_now, parse_scope

CLAUSE_OWNERS = {"relcl", "ccomp", "acl"}  # a verb with one of these heads a nested clause (an
# adverbial clause, "before it moved to Chicago", dates the main clause instead)
DESCRIBING = {"poss", "compound"}  # "Liverpool's coach", "the Starbucks CEO": a name describing a noun


@dataclass(frozen=True)
class ChainTimes:
    """The time of each hop: `answer` for the main clause, `bridge` for the hop(s) from the
    linked entity. `relative` ("before"/"after"): the answer's time is set by the bridge fact
    ("before joining Starbucks", "manage before"), resolved by the retriever."""

    answer: TimeScope
    bridge: TimeScope
    relative: str = ""


def describing_head(doc, link):
    """The noun a name describes ("CEO" in "the current Starbucks CEO"), or None."""
    end = link.end
    while end - 1 > link.start and doc[end - 1].tag_ == "POS":  # "Ravensholt FC's": the name, not "'s"
        end -= 1
    last = doc[end - 1]
    head = last.head
    if last.dep_ in DESCRIBING and head.i >= end and head not in doc[link.start:link.end] \
            and head.pos_ in ("NOUN", "PROPN"):
        return head
    return None


def nested_predicates(doc, skip: set[int]) -> int:
    """Verbs heading nested clauses ("that bought", "X founded"): each one more hop."""
    return sum(1 for t in doc if t.i not in skip and t.tag_.startswith("VB") and (
        t.dep_ in CLAUSE_OWNERS or t.dep_ == "advcl" and not _marked(t)))


def _marked(verb) -> bool:
    """An adverbial clause opened by a marker ("before it moved") dates the main clause; one
    without ("the firm X founded", misread as adverbial by the small parser) is a hop."""
    return any(c.dep_ in ("mark", "advmod") and c.i < verb.i for c in verb.children)


def in_nested_clause(doc, link, event_span=(0, 0)) -> bool:
    """The name sits in a clause nested in the main one ("the company Odile Markham ran"), even
    where the small parser reads the clause as a complement rather than a relative clause."""
    return _owner(doc[link.start], set(), set(range(*event_span))) == "bridge"


def read_chain(doc, links, today: dt.date, as_of: dt.date | None, event_span=(0, 0)) -> ChainTimes | None:
    """Per-hop times when the question gives its bridge a time of its own or puts the answer
    before/after the bridge; None when one time serves the whole question."""
    describing = {h.i for h in (describing_head(doc, link) for link in links) if h is not None}
    event = set(range(*event_span))
    parts: dict[str, list] = {"answer": [], "bridge": []}
    for token in doc:
        parts[_owner(token, describing, event)].append(token)
    answer_text = " ".join(t.text for t in parts["answer"])
    bridge_text = " ".join(t.text for t in parts["bridge"])
    if not parts["bridge"]:
        return None
    answer = parse_scope(answer_text, today, as_of)
    bridge = parse_scope(bridge_text, today, as_of)
    relative = _relative(parts["answer"], answer)
    if not relative and not bridge.past and not mentions_now(bridge_text):
        return None
    if relative and answer.kind == "now":
        answer = TimeScope(relative, today)
    return ChainTimes(answer, bridge, relative)


def trailing_time(scope: TimeScope, doc, link, today: dt.date, as_of: dt.date | None) -> ChainTimes | None:
    """Where the parse shows no nested clause but the question turns out to be a chain, a
    time phrase after the chain's innermost name belongs to that name's clause (English puts
    it there: "the company Odile Markham ran in 2019"); the answer's hop is then asked now."""
    if not scope.past or not scope.text or scope.kind in ("before", "after", "when"):
        return None
    at = doc.text.find(scope.text)
    if at < 0 or at < doc[link.start].idx:
        return None
    return ChainTimes(parse_scope("", today, as_of), scope)


def _owner(token, describing: set[int], event: set[int]) -> str:
    """ "answer" when the main clause governs the word, "bridge" when a nested clause or a
    noun phrase a name describes does (an event clause, "when it bought X", dates the answer)."""
    if token.i in event:
        return "answer"
    while True:
        if token.i in describing:
            return "bridge"
        if token.dep_ in CLAUSE_OWNERS and token.tag_.startswith("VB"):
            return "bridge"
        if token.head.i == token.i:
            return "answer"
        token = token.head


def _relative(tokens, scope: TimeScope) -> str:
    """ "before"/"after" when the main clause's time is given relative to something else: a
    lone adverb ("manage before") or a before/after phrase naming no date."""
    if scope.kind in ("before", "after"):
        return scope.kind
    adverbs = cues()["relative_adverbs"]
    for token in tokens:
        if token.lower_ in adverbs and token.dep_ in ("advmod", "prep") and not list(token.children):
            return adverbs[token.lower_]
    return ""

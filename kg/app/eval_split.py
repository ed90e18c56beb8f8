"""Was a missed question's answer in the graph? Splits an evaluation's misses into "answered
wrong although the graph held the facts" (the answering side's fault) and "facts missing"
(extraction's gap), from the graph itself:

- a question about values (current, past, multi-valued): held when a gold answer (every one,
  for "all" questions) is the other end of a non-deprecated fact of a linked entity whose
  predicate is one the question asks for (its three best intents) and, for "current", whose
  status is current, for "past", that holds at the time the answerer resolved (so a wrongly
  resolved time counts against the answerer only when the gold still holds then);
- multi-hop: the same over the linked entities and their neighbours one fact away;
- negative (a yes/no whose answer is no): held unless the graph asserts the very thing
  denied, i.e. a live fact of an asked predicate joins two linked entities (then extraction
  asserted what the articles withdrew or denied).

An automatic check, so approximate (a gold name on the right predicate but with a wrong
date counts as held); docs/BENCHMARKS.md lists the hand check of each miss.
"""

from __future__ import annotations

import re

from kg.core.facts import Ref, Status

HELD, MISSING = "graph held the facts", "facts missing"


def _names(service, facts) -> dict[str, set[str]]:
    """Fact id -> the labels and aliases of both ends (and the literal's text)."""
    ids = {f.subject for f in facts} | {f.object.id for f in facts if isinstance(f.object, Ref)}
    entities = service.graph.entities(ids)
    out = {}
    for f in facts:
        labels = set()
        for end in (f.subject, f.object.id if isinstance(f.object, Ref) else None):
            if end and end in entities:
                labels.update([entities[end].label, *entities[end].aliases])
        if not isinstance(f.object, Ref):
            labels.update([f.object.text, f"{float(f.object.text):,.0f}" if _number(f.object.text) else ""])
        out[f.id] = {x.casefold() for x in labels if x}
    return out


def _number(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(\.\d+)?", text or ""))


def _mentions(labels: set[str], gold: str) -> bool:
    pattern = r"(?<!\w)" + re.escape(gold.casefold()) + r"(?!\w)"
    return any(re.search(pattern, label) for label in labels)


def classify(service, question: dict) -> str:
    retrieval = service.retriever.retrieve(question["q"])
    linked = list(dict.fromkeys(link.entity.id for link in retrieval.links))
    asked = {key for key, _ in retrieval.intents}
    if retrieval.focus is not None:
        asked.add(retrieval.focus.predicate)
    graph = service.graph
    facts = [f for e in linked for f in graph.facts_about(e) if f.status is not Status.DEPRECATED]
    if question.get("kind") == "negative":
        ids = set(linked)
        asserted = [f for f in facts if f.predicate in asked and f.subject in ids
                    and isinstance(f.object, Ref) and f.object.id in ids and f.subject != f.object.id]
        return MISSING if asserted else HELD
    if question.get("kind") == "multi-hop":
        near = {f.object.id if f.subject in linked else f.subject for f in facts if isinstance(f.object, Ref)}
        facts += [f for e in near - set(linked) for f in graph.facts_about(e) if f.status is not Status.DEPRECATED]
    facts = [f for f in facts if f.predicate in asked or question.get("kind") == "multi-hop"]
    if question.get("kind") == "current":
        facts = [f for f in facts if f.status is Status.CURRENT]
    elif question.get("kind") == "past" and retrieval.scope.past and retrieval.scope.resolved:
        facts = [f for f in facts if retrieval.scope.holds(f)]  # the gold must hold at the asked time
    names = _names(service, facts)
    found = [g for g in question.get("gold", []) if any(_mentions(names[f.id], g) for f in facts)]
    if question.get("all"):
        return HELD if len(found) == len(question["gold"]) else MISSING
    return HELD if found else MISSING

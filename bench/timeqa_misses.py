"""Why TimeQA's answerable questions go unanswered or wrong: every miss in one class.

    .venv/bin/python bench/timeqa_misses.py [--docs 40] [--skip 0] [--extraction hybrid] [--graphs DIR] [--show]

Runs the same loop as bench/eval_timeqa.py (one empty graph per document, its questions asked
through the graph answerer) and sorts each answerable question that is not answered with the
gold answer into the first class that fits:

  d  name form   an answer value is the gold answer in another form (token F1 >= 0.5) but
                 exact match does not credit it
  a  extraction  no fact joins the page's subject to the gold answer:
                 a1 the graph holds no fact of the question's relation for the subject at all,
                 a2 it holds such facts, but none with the gold answer
  b  dates       a fact joins them, but none holds at the time the question asks:
                 b1 none of them has an interval, b2 they have intervals that miss the time
  c  answering   a fact joining them holds at the asked time, yet the answer is another or none:
                 c1 the question's time was not read (asked as "now"), c2 the relation was
                 (the fact is of the relation), c3 the fact is of another predicate
                 (an open relation or a neighbouring one)

The question's relation is the document's Wikidata property (TimeQA's `type`), read as
catalogue predicates through their `wikidata` field and bench/timeqa_relations.yaml. The
subject is the page's title. Nothing here looks at anything but the document and its answers,
so it runs on any split of the same format unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file (python bench/x.py): the project root is importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import collections
import json
import re

import yaml

from bench.eval_timeqa import arguments, f1, normalise, run, selected, tidy
from kg.answer.timescope import parse_scope
from kg.core.catalogue import Catalogue

RELATIONS = Path(__file__).with_name("timeqa_relations.yaml")
CLASSES = ("right", "d", "a1", "a2", "b1", "b2", "c1", "c2", "c3")


def relation_predicates(catalogue: Catalogue) -> dict[str, list[tuple[str, str]]]:
    """Wikidata property -> [(catalogue predicate, direction)]."""
    found: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for pred in catalogue:
        if getattr(pred, "wikidata", None):
            found[pred.wikidata].append((pred.key, "out"))
    for prop, entries in yaml.safe_load(RELATIONS.read_text("utf-8")).items():
        found[prop].extend((e["predicate"], e["direction"]) for e in entries)
    return found


def same_name(a: str, b: str) -> bool:
    """Loosely the same name: token F1 of at least 0.5 ("Thomas Cook AG" ~ "Thomas Cook
    Group", "University of Arizona" ~ "University of Arizona, Tucson"; not "New York" inside
    a college's ten-word name)."""
    return f1(tidy(a), tidy(b)) >= 0.5


def subject_names(doc: dict) -> list[str]:
    """The page's title, and its URL name without the bracketed qualifier."""
    page = doc["index"].split("#")[0].rsplit("/", 1)[-1].replace("_", " ")
    return [doc["paras"][0], re.sub(r"\s*\(.*\)\s*$", "", page)]


def classify(doc: dict, question: str, golds: list[str], answer, service, relations) -> tuple[str, list]:
    """(class, the facts joining the subject to a gold answer)."""
    if any(normalise(v) == normalise(g) for v in answer.values[:1] for g in golds):
        return "right", []
    if any(same_name(v, g) for v in answer.values for g in golds):
        return "d", []
    names = subject_names(doc)
    is_subject = lambda label: any(same_name(label, n) for n in names)  # noqa: E731
    rows = service.facts(history=True)
    wanted = relations.get(doc["type"], [])

    def of_relation(row) -> bool:
        return any(row.predicate_key == pred and is_subject(row.subject if d == "out" else row.object)
                   for pred, d in wanted)

    # A gold answer that is the subject's own name (an official name) joins it to itself.
    golds = [g for g in golds if not is_subject(g)] or golds
    joined = [r for r in rows if r.status != "deprecated" and r.subject_id != r.object_id and any(
        (is_subject(r.subject) and same_name(r.object, g)) or (is_subject(r.object) and same_name(r.subject, g))
        for g in golds)]
    if not joined:
        return ("a2" if any(of_relation(r) for r in rows) else "a1"), []
    scope = parse_scope(question, service.clock().date())
    holding = [r for r in joined if r.fact is not None and scope.holds(r.fact)]
    if scope.kind == "now" and scope.start is None:
        return "c1", joined
    if not holding:
        return ("b2" if any(r.valid_from or r.valid_until for r in joined) else "b1"), joined
    return ("c2" if any(of_relation(r) for r in holding) else "c3"), holding


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each question with its class")
    args = parser.parse_args()
    counts: collections.Counter = collections.Counter()
    by_relation: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    state = {}

    def inspect(doc, question, golds, answer, service):
        if not golds:
            return
        if "relations" not in state:
            state["relations"] = relation_predicates(service.catalogue)
        kind, evidence = classify(doc, question, golds, answer, service, state["relations"])
        counts[kind] += 1
        by_relation[doc["type"]][kind] += 1
        if args.show:
            said = answer.values[0] if answer.values else "-"
            print(f"{kind:5} {doc['type']:6} {question} | gold {tidy(golds[0])!r} | said {said!r}", flush=True)
            for row in evidence[:3]:
                print(f"        {row.subject} | {row.predicate_key} | {row.object} | "
                      f"{row.valid_from or ''}..{row.valid_until or ''} {row.status}", flush=True)

    summary = run(selected(args), args.extraction, args.graphs, inspect, first=args.skip)
    print(json.dumps({"slice": f"documents {args.skip}..{args.skip + args.docs - 1}",
                      "extraction": args.extraction, "answerable": sum(counts.values()),
                      "classes": {k: counts[k] for k in CLASSES},
                      "by_relation": {p: dict(c) for p, c in sorted(by_relation.items())},
                      "scores": summary}))


if __name__ == "__main__":
    main()

"""TimeQA (human-annotated, development part) with the `graph` answerer: ingest each
document's paragraphs into an empty graph, ask its questions, score SQuAD-style exact match
and token F1 of the answer values; an unanswerable question counts as correct only when the
answer says the graph holds no answer.

    .venv/bin/python bench/eval_timeqa.py [--docs 128] [--skip 0] [--extraction rules|hybrid|learned]
        [--data ...json] [--graphs DIR]

--graphs DIR keeps each document's ingested graph as DIR/<extraction>-<n>.trig and reads it back
on the next run instead of ingesting again: for trying answering changes quickly. Figures for
the docs come from runs without it (a fresh ingest in the current code).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import string
import sys
import time
from pathlib import Path

from kg.runtime.settings import Settings
from kg.app.service import Evergreen

SHARED = Path(__file__).resolve().parents[1].parent / "shared"  # beside the checkout, as in CI
DATA = SHARED / "eval" / "timeqa-dev" / "timeqa_human_test_dev.json"


def tidy(text: str) -> str:
    """TimeQA text is space-tokenised ("Tucson ," "Inc ."): put the punctuation back."""
    text = re.sub(r"\s+([,.;:!?)'])", r"\1", " ".join(text.split()))
    text = re.sub(r"([(])\s+", r"\1", text)
    return text.replace(" 's", "'s").replace(" - ", "-")


def normalise(text: str) -> str:
    text = " ".join(text.replace(" ,", ",").replace(" .", ".").split()).lower()
    text = "".join(c for c in text if c not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def f1(prediction: str, gold: str) -> float:
    p, g = normalise(prediction).split(), normalise(gold).split()
    common = sum((collections.Counter(p) & collections.Counter(g)).values())
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def document_text(doc: dict) -> str:
    return "\n\n".join(tidy(p) for p in doc["paras"][1:])


def _load(service, doc: dict, number: int, extraction: str, graphs: Path | None) -> None:
    """Ingest the document into the empty graph, or read back the graph a run kept."""
    from extract.articles import article_from_text

    kept = graphs / f"{extraction}-{number}.trig" if graphs else None
    if kept is not None and kept.is_file():
        service.import_file(kept)
        return
    list(service.ingest_articles([article_from_text(document_text(doc), title=doc["paras"][0])]))
    if kept is not None:
        graphs.mkdir(parents=True, exist_ok=True)
        kept.write_text(service.export("trig"), "utf-8")


def run(docs: list[dict], extraction: str = "rules", graphs: Path | None = None, inspect=None,
        first: int = 0) -> dict:
    """Scores over `docs` (numbered from `first` in the data file). `inspect(doc, question,
    golds, answer, service)` is called for every question, while its graph is open."""
    em = f1_sum = total = unanswerable = unanswerable_ok = answered = 0
    answerable_answered = answerable_exact = 0
    started = time.perf_counter()
    for number, doc in enumerate(docs, first):
        with Evergreen(Settings(store="memory", user="timeqa", extraction=extraction)) as service:
            _load(service, doc, number, extraction, graphs)
            for question, spans in doc["questions"]:
                golds = [s["answer"] for s in spans if s["answer"]]
                answer = service.ask(question)
                if inspect is not None:
                    inspect(doc, question, golds, answer, service)
                total += 1
                answered += answer.answered
                if not golds:
                    unanswerable += 1
                    hit = not answer.answered
                    unanswerable_ok += hit
                    em += hit
                    f1_sum += hit
                    continue
                prediction = answer.values[0] if answer.values else ""
                exact = max(normalise(prediction) == normalise(g) for g in golds)
                em += exact
                answerable_answered += answer.answered
                answerable_exact += exact
                f1_sum += max(f1(prediction, g) for g in golds)
        # one line per document on stderr, so a run cut short still says how far it got
        print(json.dumps({"documents_done": number - first + 1, "questions": total, "em": em,
                          "answerable_exact": answerable_exact, "answered": answered}), file=sys.stderr, flush=True)
    answerable = total - unanswerable
    return {"extraction": extraction, "documents": len(docs), "first_document": first, "questions": total, "answered": answered,
            "answerable": answerable, "answerable_answered": answerable_answered,
            "answerable_exact": answerable_exact,
            "answerable_exact_share": round(answerable_exact / answerable, 3) if answerable else 0.0,
            "EM": round(100 * em / total, 1), "F1": round(100 * f1_sum / total, 1),
            "unanswerable": unanswerable, "unanswerable_correct": unanswerable_ok,
            "seconds": round(time.perf_counter() - started)}


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--docs", type=int, default=128, help="how many documents")
    parser.add_argument("--skip", type=int, default=0, help="documents to skip first (a later slice)")
    parser.add_argument("--extraction", default="rules", help="setting extraction: rules, hybrid or learned")
    parser.add_argument("--graphs", type=Path, default=None,
                        help="folder keeping each document's ingested graph, read back on later runs")
    return parser


def selected(args) -> list[dict]:
    return json.loads(args.data.read_text("utf-8"))[args.skip:args.skip + args.docs]


def main() -> None:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    print(json.dumps(run(selected(args), args.extraction, args.graphs, first=args.skip)))


if __name__ == "__main__":
    main()

"""TimeQA (human-annotated, development part) with the `graph` answerer: ingest each
document's paragraphs into an empty graph, ask its questions, score SQuAD-style exact match
and token F1 of the answer values; an unanswerable question counts as correct only when the
answer says the graph holds no answer.

    .venv/bin/python bench/eval_timeqa.py [--docs 128] [--data shared/eval/timeqa-dev/...json]
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import string
import time
from pathlib import Path

from kg.runtime.settings import Settings
from kg.app.service import Evergreen

DATA = Path("/work/shared/eval/timeqa-dev/timeqa_human_test_dev.json")


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


def run(docs: list[dict]) -> dict:
    from extract.articles import article_from_text

    em = f1_sum = total = unanswerable = unanswerable_ok = answered = 0
    started = time.perf_counter()
    for doc in docs:
        with Evergreen(Settings(store="memory", user="timeqa")) as service:
            text = "\n\n".join(tidy(p) for p in doc["paras"][1:])
            list(service.ingest_articles([article_from_text(text, title=doc["paras"][0])]))
            for question, spans in doc["questions"]:
                golds = [s["answer"] for s in spans if s["answer"]]
                answer = service.ask(question)
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
                em += max(normalise(prediction) == normalise(g) for g in golds)
                f1_sum += max(f1(prediction, g) for g in golds)
    return {"documents": len(docs), "questions": total, "answered": answered,
            "EM": round(100 * em / total, 1), "F1": round(100 * f1_sum / total, 1),
            "unanswerable": unanswerable, "unanswerable_correct": unanswerable_ok,
            "seconds": round(time.perf_counter() - started)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--docs", type=int, default=128)
    args = parser.parse_args()
    docs = json.loads(args.data.read_text("utf-8"))[:args.docs]
    print(json.dumps(run(docs)))


if __name__ == "__main__":
    main()

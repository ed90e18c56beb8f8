"""Latency of one graph answer (retrieval + templated answer) on a synthetic store, and the
local model's time to first token.

    .venv/bin/python bench/synth.py --facts 100000 --store bench/out/store-100k
    .venv/bin/python bench/ask_latency.py bench/out/store-100k [--questions 40] [--ttft]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from kg.runtime.settings import Settings
from kg.app.service import Evergreen


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return sorted_values[max(0, min(len(sorted_values) - 1, round(share * len(sorted_values)) - 1))]


def latency(store: Path, count: int) -> dict:
    questions = [json.loads(l)["q"] for l in
                 store.with_name(store.name + ".questions.jsonl").read_text().splitlines() if l.strip()]
    with Evergreen(Settings(store=str(store))) as service:
        started = time.perf_counter()
        service.ask(questions[0])  # loads models, the entity index and the predicate phrases
        warm = time.perf_counter() - started
        retriever = service.retriever
        retrieve, spent = retriever.retrieve, []

        def timed_retrieve(*args, **kwargs):
            begun = time.perf_counter()
            try:
                return retrieve(*args, **kwargs)
            finally:
                spent.append(time.perf_counter() - begun)

        retriever.retrieve = timed_retrieve
        times, answered = [], 0
        for question in questions[1:count + 1]:
            started = time.perf_counter()
            answer = service.ask(question)
            times.append(time.perf_counter() - started)
            answered += answer.answered
        facts = service.graph.count("Fact")
    times.sort()
    spent.sort()
    return {"store": str(store), "facts": facts, "questions": len(times), "answered": answered,
            "first_ask_s": round(warm, 2),
            "retrieval_median_ms": round(statistics.median(spent) * 1000, 1),
            "retrieval_p95_ms": round(percentile(spent, 0.95) * 1000, 1),
            "median_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(percentile(times, 0.95) * 1000, 1)}


def ttft(settings: Settings) -> dict:
    from kg.llms.local import TransformersLocalLLM, load, model_location

    started = time.perf_counter()
    load(str(model_location(settings)))
    loaded = time.perf_counter() - started
    llm = TransformersLocalLLM(settings)
    user = "Facts:\n[1] Halvorsen Marine | chief executive | Tomas Berg | from 2023-02-14\n" \
           "Question: Who is the chief executive of Halvorsen Marine?"
    started = time.perf_counter()
    stream = llm.stream("Answer from the facts.", user, 32)
    next(stream)
    first = time.perf_counter() - started
    count = 1 + sum(1 for _ in stream)
    total = time.perf_counter() - started
    return {"load_s": round(loaded, 1), "ttft_s": round(first, 2), "chunks": count,
            "chunks_per_s": round(count / total, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="*", type=Path)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--ttft", action="store_true", help="also time the local model")
    args = parser.parse_args()
    results = []
    for store in args.stores:
        results.append(latency(store, args.questions))
        print(json.dumps(results[-1]), flush=True)
    if len(results) > 1:
        small, large = min(results, key=lambda r: r["facts"]), max(results, key=lambda r: r["facts"])
        print(json.dumps({"ratio_median_largest_to_smallest": round(large["median_ms"] / small["median_ms"], 2),
                          "ratio_p95_largest_to_smallest": round(large["p95_ms"] / small["p95_ms"], 2)}))
    if args.ttft:
        print(json.dumps(ttft(Settings())), flush=True)


if __name__ == "__main__":
    main()

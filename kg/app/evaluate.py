"""Scoring an evaluation stream (shared/eval/README.md): ingest the articles in the order of
order.txt, ask questions.jsonl, and score the first sentence of each answer: correct when a
gold answer appears (every one with "all": true) as whole words and no stale answer appears
before it."""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from pathlib import Path

from kg.answer.answers import first_sentence
from kg.app.eval_split import HELD, MISSING, classify
from kg.core.errors import ImportFormatError


def _position(text: str, name: str) -> int | None:
    match = re.search(r"(?<!\w)" + re.escape(name.casefold()) + r"(?!\w)", text.casefold())
    return match.start() if match else None


def score(question: dict, answer_text: str) -> tuple[bool, bool]:
    """(correct, stale) for one answer; stale: an outdated answer came before any gold one."""
    sentence = first_sentence(answer_text)
    gold = [p for p in (_position(sentence, g) for g in question.get("gold", [])) if p is not None]
    stale = [p for p in (_position(sentence, s) for s in question.get("stale", [])) if p is not None]
    if question.get("all"):
        ok = len(gold) == len(question["gold"])
    else:
        ok = bool(gold)
    first_gold = min(gold) if gold else None
    is_stale = bool(stale) and (first_gold is None or min(stale) < first_gold)
    return ok and not is_stale, is_stale


def run_stream(service, stream_dir: Path, llm: str = "graph", split: bool = True) -> dict:
    """Score a stream; with `split`, each miss is also classified by whether the graph held
    the facts it needed (kg/app/eval_split.py)."""
    stream_dir = Path(stream_dir)
    order, questions_file = stream_dir / "order.txt", stream_dir / "questions.jsonl"
    if not order.is_file() or not questions_file.is_file():
        raise ImportFormatError(f"{stream_dir} needs order.txt and questions.jsonl (see the eval README).")
    names = [line.strip() for line in order.read_text("utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    failed = [r for name in names for r in service.ingest([stream_dir / "articles" / name])
              if r.status == "failed"]
    ingest_seconds = time.perf_counter() - started
    questions = [json.loads(line) for line in questions_file.read_text("utf-8").splitlines() if line.strip()]
    results, per_kind = [], defaultdict(lambda: [0, 0])
    started = time.perf_counter()
    use_llm = llm not in (None, "graph", "none")
    for question in questions:
        answer = service.ask(question["q"], llm=llm if use_llm else None)
        text = (answer.llm_text or "") if use_llm else answer.text
        correct, stale = score(question, text)
        kind = question.get("kind", "other")
        per_kind[kind][0] += correct
        per_kind[kind][1] += 1
        cause = None if correct or not split else classify(service, question)
        results.append({"id": question.get("id"), "kind": kind, "q": question["q"], "answer": text,
                        "correct": correct, "stale": stale, "verified": answer.verified, "miss": cause})
    ask_seconds = time.perf_counter() - started
    total = len(results)
    correct = sum(r["correct"] for r in results)
    stale_now = sum(r["stale"] for r in results if r["kind"] == "current")
    kinds = {k: {"correct": c, "total": n, "accuracy": round(c / n, 3),
                 "missed_held": sum(r["miss"] == HELD for r in results if r["kind"] == k),
                 "missed_missing": sum(r["miss"] == MISSING for r in results if r["kind"] == k)}
             for k, (c, n) in sorted(per_kind.items())}
    result = {
        "llm": llm, "articles": len(names), "failed_articles": len(failed),
        "accuracy": round(correct / total, 3) if total else 0.0, "correct": correct, "total": total,
        "per_kind": kinds, "stale": sum(r["stale"] for r in results), "stale_current": stale_now,
        "ingest_seconds": round(ingest_seconds, 1),
        "seconds_per_question": round(ask_seconds / total, 3) if total else 0.0, "results": results,
    }
    lines = [f"{stream_dir.name} with {llm}: {correct}/{total} correct ({result['accuracy']:.0%}); "
             f"stale answers: {result['stale']} (about the present: {stale_now})"]
    lines += [f"  {k}: {v['correct']}/{v['total']}"
              + (f" (misses: {v['missed_held']} with the facts in the graph, {v['missed_missing']} facts missing)"
                 if split and v["correct"] < v["total"] else "") for k, v in kinds.items()]
    lines += [f"  WRONG {r['id']}{' [' + r['miss'] + ']' if r['miss'] else ''}: {r['q']} -> {r['answer']}"
              for r in results if not r["correct"]]
    result["text"] = "\n".join(lines)
    return result

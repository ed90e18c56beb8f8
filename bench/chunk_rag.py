"""The peer a user would pick instead: plain retrieval-augmented generation over article chunks.

Chunks are sentences (with their article's title and date); sentence-transformers embeds them;
each question takes the top-k chunks by cosine. Two answerers read them, each the counterpart
of one of ours on the graph:
- `extractive` (no model, like our `graph` answerer): the first entity of the type the question
  asks for (who -> person, where -> place, which companies -> organisations, how many -> number)
  in the best chunks, skipping names the question already contains;
- `local` (the same local LLM and token budget as our `local` answerer), prompted with the chunks.
Both are scored exactly as `evergreen eval` scores the graph (kg.app.evaluate.score).

    .venv/bin/python -m bench.chunk_rag ../shared/eval/news-stream-dev [--llm local] [--k 4]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np

from kg.runtime.settings import Settings
from kg.app.evaluate import score
from kg.runtime.local_models import sentence_encoder, spacy_pipeline

WANTED = [
    (re.compile(r"^\s*(who|whom)\b", re.I), {"PERSON"}),
    (re.compile(r"^\s*where\b|\bbased\b|\bhead office\b|\bheadquarter", re.I), {"GPE", "LOC", "FAC"}),
    (re.compile(r"\bpopulation\b|\bhow many\b|\bhow much\b", re.I), {"CARDINAL", "QUANTITY", "MONEY"}),
    (re.compile(r"\bwhich (companies|firms|organisations|organizations)\b", re.I), {"ORG"}),
]
NO_ANSWER = "The passages hold no answer."


def chunks(stream: Path, nlp) -> list[dict]:
    from extract.articles import load_paths

    order = [l.strip() for l in (stream / "order.txt").read_text().splitlines() if l.strip()]
    found = []
    for article in load_paths([stream / "articles" / name for name in order]):
        doc = nlp(article.text)
        for sent in doc.sents:
            found.append({"text": sent.text.strip(), "date": str(article.published), "title": article.title,
                          "ents": [(e.text, e.label_) for e in sent.ents]})
    return found


def retrieve(question: str, passages: list[dict], matrix: np.ndarray, encoder, k: int) -> list[dict]:
    query = encoder.encode([question], normalize_embeddings=True)[0]
    best = np.argsort(-(matrix @ query))[:k]
    return [passages[i] for i in best]


def extractive(question: str, top: list[dict]) -> str:
    wanted = next((types for pattern, types in WANTED if pattern.search(question)), {"PERSON", "ORG", "GPE"})
    asked = question.casefold()
    names = []
    for passage in top:
        for text, label in passage["ents"]:
            clean = re.sub(r"['’]s$", "", text).strip()
            if label in wanted and clean.casefold() not in asked and clean not in names:
                names.append(clean)
    if not names:
        return NO_ANSWER
    if "ORG" in wanted and len(wanted) == 1:
        return ", ".join(names) + "."
    return f"{names[0]}."


def llm_answer(question: str, top: list[dict], llm, budget: int) -> str:
    from kg.llms.base import complete

    system = ("You answer questions using only the numbered passages from news articles given by the "
              "user. Answer in one or two sentences; the first sentence states the answer. "
              f"If the passages do not answer the question, reply exactly: {NO_ANSWER}")
    lines = [f'[{i}] ({p["date"]}) "{p["title"]}": {p["text"]}' for i, p in enumerate(top, 1)]
    user = "Passages:\n" + "\n".join(lines) + f"\n\nQuestion: {question}"
    return complete(llm, system, user, budget)


def run(stream: Path, answerer: str = "extractive", k: int = 4, settings: Settings | None = None) -> dict:
    settings = settings or Settings()
    nlp = spacy_pipeline(settings.spacy_model)
    encoder = sentence_encoder(settings.embedding_model)
    passages = chunks(stream, nlp)
    matrix = encoder.encode([p["text"] for p in passages], normalize_embeddings=True)
    llm = None
    if answerer != "extractive":
        from kg.llms.base import make_llm

        llm = make_llm(answerer, settings)
    questions = [json.loads(l) for l in (stream / "questions.jsonl").read_text().splitlines() if l.strip()]
    results = []
    for q in questions:
        top = retrieve(q["q"], passages, matrix, encoder, k)
        text = extractive(q["q"], top) if llm is None else llm_answer(q["q"], top, llm, settings.max_new_tokens)
        correct, stale = score(q, text)
        results.append({"id": q.get("id"), "kind": q.get("kind"), "answer": text, "correct": correct, "stale": stale})
    total = len(results)
    return {
        "system": f"chunk RAG ({answerer}, top-{k} of {len(passages)} sentences)",
        "accuracy": round(sum(r["correct"] for r in results) / total, 3),
        "stale": sum(r["stale"] for r in results),
        "stale_current": sum(r["stale"] for r in results if r["kind"] == "current"),
        "results": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stream", type=Path)
    parser.add_argument("--llm", default="extractive", help="extractive (no model) or local / openai")
    parser.add_argument("--k", type=int, default=4)
    args = parser.parse_args()
    result = run(args.stream, args.llm, args.k)
    print(json.dumps({k: v for k, v in result.items() if k != "results"}))
    for r in result["results"]:
        print(f"  {'ok ' if r['correct'] else 'BAD'}{' STALE' if r['stale'] else ''} {r['id']}: {r['answer'][:100]}")


if __name__ == "__main__":
    main()

"""Print the timelines extracted from TimeQA biographies (dev part), one empty graph per document.

Usage: python bench/timeqa_timelines.py [N_DOCS]   (answers are scored by the answering issue)
Shows, per document, the subject's facts with their intervals beside the gold answers,
and counts how many gold answers appear as an object of some extracted fact.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file (python bench/x.py): the project root is importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import json
import re

from kg.runtime.settings import Settings
from kg.app.service import Evergreen
from bench.eval_timeqa import tidy
from extract.articles import article_from_text

DATA = Path("/work/shared/eval/timeqa-dev/timeqa_human_test_dev.json")


def main(limit: int = 10) -> None:
    docs = json.loads(DATA.read_text())[:limit]
    found = total = 0
    from extract.pipeline import Extractor

    shared = None
    for doc in docs:
        with Evergreen(Settings(store="memory")) as svc:
            if shared is None:
                shared = Extractor(svc.settings, svc.catalogue)
            svc._extractor = shared
            text = "\n\n".join(tidy(p) for p in doc["paras"][1:])
            article = article_from_text(text, title=doc["paras"][0], published="2021-06-01")
            list(svc.ingest_articles([article]))
            rows = svc.facts(history=True)
            print(f"## {doc['index']} ({len(rows)} facts)")
            for row in rows:
                print(f"   {row.subject} | {row.predicate} | {row.object} | {row.valid_from}..{row.valid_until or ''}")
            objects = " ".join(r.object.lower() for r in rows)
            for question, answers in doc["questions"]:
                golds = [tidy(a["answer"]) for a in answers if a["answer"]]
                if not golds:
                    continue
                total += 1
                hit = any(g.lower() in objects for g in golds)
                found += hit
                print(f"   {'+' if hit else '-'} {question} -> {golds[0]}")
    print(f"gold answers present as a fact object: {found}/{total}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)

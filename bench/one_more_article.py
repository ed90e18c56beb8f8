"""Cost of one more article: the time to ingest one article into an empty graph and into a large
one (the 1M-fact synthetic store). Systems that re-index or re-cluster on every update grow
with the graph; an atomic commit that recomputes only the touched facts should not.

    .venv/bin/python bench/one_more_article.py bench/out/store-1000000 [--repeat 5]

Both stores are embedded Oxigraph on disk. The models are loaded and warmed on one article
first (which also loads the entity names, once per process); the timed articles are
forgotten again at the end, so the large store is left as it was.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file (python bench/x.py): the project root is importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import json
import statistics
import tempfile
import time

from kg.core.catalogue import Catalogue
from kg.runtime.settings import Settings
from kg.app.service import Evergreen
from extract.articles import load_paths
from extract.pipeline import Extractor

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def articles() -> list:
    return list(load_paths(sorted(SAMPLES.glob("*.md"))))


def timings(store: Path, extractor: Extractor, repeat: int) -> dict:
    pool = articles()
    with Evergreen(Settings(store=str(store), user="bench")) as service:
        service._extractor = extractor
        facts = service.graph.count("Fact")
        started = time.perf_counter()
        warm = list(service.ingest_articles([pool[0]]))[0]  # loads the entity names once
        first = time.perf_counter() - started
        seconds, added, done = [], [], [warm.source_id]
        for article in pool[1:repeat + 1]:
            started = time.perf_counter()
            report = list(service.ingest_articles([article]))[0]
            seconds.append(time.perf_counter() - started)
            added.append(len(report.added))
            done.append(report.source_id)
        for source_id in reversed(done):  # leave the store as it was
            service.forget(source_id)
    return {"store": str(store), "facts_before": facts, "first_article_ms": round(first * 1000),
            "articles": len(seconds),
            "median_ms": round(statistics.median(seconds) * 1000), "max_ms": round(max(seconds) * 1000),
            "facts_added_per_article": round(statistics.mean(added), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("large", type=Path, help="a large store, e.g. bench/out/store-1000000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    extractor = Extractor(Settings(store="memory"), Catalogue.load())
    with tempfile.TemporaryDirectory() as tmp:
        empty = timings(Path(tmp) / "store", extractor, args.repeat)
    print(json.dumps(empty), flush=True)
    large = timings(args.large, extractor, args.repeat)
    print(json.dumps(large), flush=True)
    print(json.dumps({"ratio_large_to_empty": round(large["median_ms"] / empty["median_ms"], 2)}))


if __name__ == "__main__":
    main()

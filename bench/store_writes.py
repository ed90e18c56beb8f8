"""Store writes: the fact writer (one atomic commit per article, facts recomputed) against
pyoxigraph's own bulk_extend of the same quads (the storage engine's limit).

    .venv/bin/python bench/store_writes.py --facts 20000
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file (python bench/x.py): the project root is importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import json
import tempfile
import time
from collections import defaultdict

import pyoxigraph as ox

from bench.synth import Generator
from kg.core.catalogue import Catalogue
from kg.graph.fact_graph import FactGraph
from kg.graph.stores.oxigraph import OxigraphStore, to_oxigraph_quad


def run(facts: int, seed: int = 42) -> dict:
    gen = Generator(seed)
    i = 0
    while len(gen.statements) < facts:
        gen.company(i)
        i += 1
    gen.statements = gen.statements[:facts]
    gen.assign_sources()
    by_source = defaultdict(list)
    for st in gen.statements:
        by_source[st.source_id].append(st)
    entities = list(gen.entities.values())

    with tempfile.TemporaryDirectory() as tmp:
        store = OxigraphStore(Path(tmp) / "writer")
        graph = FactGraph(store, Catalogue.load())
        started = time.perf_counter()
        graph.commit(entities=entities)
        for source in gen.sources:
            graph.commit(sources=[source], statements=by_source[source.id])
        writer_seconds = time.perf_counter() - started
        quads = list(store.quads())
        store.close()

        raw = ox.Store(str(Path(tmp) / "bulk"))
        converted = [to_oxigraph_quad(q) for q in quads]
        started = time.perf_counter()
        raw.bulk_extend(converted)
        raw.flush()
        bulk_seconds = time.perf_counter() - started
    return {
        "articles": len(gen.sources), "statements": len(gen.statements), "quads": len(quads),
        "writer_quads_per_s": round(len(quads) / writer_seconds),
        "bulk_extend_quads_per_s": round(len(quads) / bulk_seconds),
        "ratio": round(bulk_seconds / writer_seconds, 3),
        "writer_ms_per_article": round(1000 * writer_seconds / len(gen.sources), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=20000)
    print(json.dumps(run(parser.parse_args().facts)))


if __name__ == "__main__":
    main()

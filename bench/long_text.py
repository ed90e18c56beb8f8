"""Peak memory and time of ingesting one long text through the CLI (issue 14: texts over
spaCy's nlp.max_length are parsed in sections, extract/sections.py).

    .venv/bin/python bench/long_text.py 1.2          # megabytes of text; writes a .md, ingests it

The text is one dated article: a lead sentence with a fact, then paragraphs of filler news
prose varied by a counter (so sentences are not all alike). Peak RSS comes from the kernel
(bench/memory.py); the store is in memory, so the number is the reader's, not a store's.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

from bench.memory import peak_mb

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("river", "council", "harbour", "weather", "season", "market", "road", "school", "ferry")


def long_article(megabytes: float, seed: int = 42) -> str:
    rng = random.Random(seed)
    out = ["---\ntitle: A long report\ndate: 2025-01-06\n---\n",
           "Polar Freight appointed Siri Dahl as chief executive on Monday, the company said.\n\n"]
    size, n = sum(map(len, out)), 0
    while size < megabytes * 1_000_000:
        n += 1
        a, b = rng.sample(WORDS, 2)
        para = (f"Section {n} of the report looks at the {a}. The {a} and the {b} were discussed "
                f"at length, and the members agreed to meet again in week {n % 52 + 1}.\n\n")
        out.append(para)
        size += len(para)
    return "".join(out)


def main(megabytes: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long-report.md"
        path.write_text(long_article(megabytes), "utf-8")
        env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
        result = peak_mb([str(ROOT / ".venv" / "bin" / "evergreen"), "--store", "memory", "ingest",
                          str(path)], env=env)
        result.update({"megabytes": megabytes, "characters": path.stat().st_size})
    return result


if __name__ == "__main__":
    print(json.dumps(main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.2), indent=2))

"""The rules' claims on a fixed corpus, one line each, sorted: a regression check for refactors.

Usage: python bench/rules_snapshot.py [--redocred N] [--extraction hybrid] > snapshot.txt

Reads every article of the news streams in ../shared/eval (news-stream-dev, news-stream-dev-2)
and the first N (default 100) Re-DocRED dev documents with `extraction = rules` (or the one
given) and prints each claim it makes (`Extractor.prepare`, before linking: subject, predicate, object, types,
kind, modality, times, rule, sentence), sorted. Diff two runs to see what a change did.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.redocred import as_article, load_documents  # noqa: E402
from extract.articles import LoadFailure, load_paths  # noqa: E402
from extract.pipeline import Extractor  # noqa: E402
from kg.core.catalogue import Catalogue  # noqa: E402
from kg.runtime.settings import Settings  # noqa: E402

EVAL = ROOT / ".." / "shared" / "eval"
STREAMS = ("news-stream-dev", "news-stream-dev-2")
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)  # undated files: the same date every run


def articles(redocred: int) -> list[tuple[str, object]]:
    out = []
    for stream in STREAMS:
        folder = EVAL / stream / "articles"
        for path in sorted(folder.iterdir()):
            for article in load_paths([path], now=NOW):
                if isinstance(article, LoadFailure):
                    raise SystemExit(article)
                out.append((f"{stream}/{path.name}", article))
    for doc in load_documents(EVAL / "redocred-dev", redocred):
        out.append((f"redocred/{doc['title']}", as_article(doc)))
    return out


def claim_line(where: str, claim) -> str:
    fields = dataclasses.asdict(claim)
    sentence = fields.pop("sentence")
    return " | ".join([where, *(f"{k}={v}" for k, v in fields.items()), sentence])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redocred", type=int, default=100, help="Re-DocRED dev documents to read")
    parser.add_argument("--extraction", default="rules", choices=["rules", "learned", "hybrid"],
                        help="the extraction setting (learned and hybrid: a confidence is the model's probability, rounded)")
    args = parser.parse_args()
    settings = Settings.load(overrides={"store": "memory", "extraction": args.extraction})
    extractor = Extractor(settings, Catalogue.load(settings.predicates_file or None)).loaded()
    lines = []
    for where, article in articles(args.redocred):
        prepared = extractor.prepare(article)
        for _, claims in prepared.per_sentence:
            lines.extend(claim_line(where, c) for c in claims)
    print("\n".join(sorted(lines)))


if __name__ == "__main__":
    main()

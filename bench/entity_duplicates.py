"""Entities that should be one, names that are not names, facts on the wrong variant: counted.

Usage: python bench/entity_duplicates.py [--redocred N] [--extraction rules hybrid] [--show K]
       [--streams NAME ...] [--eval DIR]

Ingests, each into its own in-memory graph as `evergreen ingest` would: news-stream-dev and
news-stream-dev-2 (in the order of their order.txt) and the first N (default 100) Re-DocRED dev
documents (each document one article), once per extraction setting. Then counts, on the
entities that take part in a fact:

(a) split names: a normalised name (label or alias) held by two or more entities; "typed
    apart" when their types differ (one organisation stored once as a person);
(b) names that are not names: a label that ends in a figure or a percentage ("Embraer 20 per
    cent"): a token shaped like a number, with only lower-case words or symbols after it;
(c) facts on a variant (organisations and places; a surname for a person is as meant): a fact
    from an article that never writes its entity's label but does write a shorter form of it
    (the label's first words: the article says "Amazon", the fact sits on "Amazon Studios"),
    or that writes the label only inside a longer capitalised name ("Amazon" taken from
    "Amazon Studios"). Counted per (entity, article); many are as meant ("Boeing" for "Boeing
    Co"), so the examples are grouped by entity to check by hand.

It prints the counts per data set and setting, and up to K examples of each to check by hand.
`--eval DIR` reads the news streams and Re-DocRED from DIR (the same layout) instead.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.redocred import as_article, load_documents  # noqa: E402
from extract.articles import LoadFailure, load_paths  # noqa: E402
from extract.pipeline import source_id_for  # noqa: E402
from kg.app.service import Evergreen  # noqa: E402
from kg.core.entities import normalise  # noqa: E402
from kg.core.facts import Ref  # noqa: E402
from kg.runtime.settings import Settings  # noqa: E402

EVAL = ROOT / ".." / "shared" / "eval"
STREAMS = ("news-stream-dev", "news-stream-dev-2")
_NUMBER = re.compile(r"^[$€£]?\d[\d.,]*%?$")
_WORD = re.compile(r"[\w$€£%][\w.,%'’-]*")


def data_sets(eval_dir: Path, redocred: int, streams=STREAMS) -> list[tuple[str, list]]:
    out = []
    for stream in streams:
        folder = eval_dir / stream
        names = [n.strip() for n in (folder / "order.txt").read_text("utf-8").splitlines() if n.strip()]
        articles = list(load_paths([folder / "articles" / n for n in names]))
        failed = [a for a in articles if isinstance(a, LoadFailure)]
        if failed:
            raise SystemExit(f"{failed[0]}")
        out.append((stream, articles))
    if redocred:
        docs = load_documents(eval_dir / "redocred-dev", redocred)
        out.append((f"redocred-dev[:{redocred}]", [as_article(d) for d in docs]))
    return out


def ingest(articles: list, extraction: str) -> Evergreen:
    service = Evergreen(Settings.load(overrides={"store": "memory", "extraction": extraction}))
    for article in articles:  # one at a time, in order, as the eval streams are read
        for report in service.ingest_articles([article]):
            if report.status == "failed":
                raise SystemExit(f"{article.title}: ingest failed")
    return service


def statements(service: Evergreen) -> list:
    out = []
    for source, _ in service.graph.sources():
        out.extend(service.graph.statements_of_source(source.id))
    return out


def used_entities(service: Evergreen, stmts: list) -> dict:
    ids = {s.subject for s in stmts} | {s.object.id for s in stmts if isinstance(s.object, Ref)}
    return service.graph.entities(sorted(ids))


def split_names(entities: dict) -> list[tuple[str, list]]:
    """(a) Normalised names held by more than one entity."""
    holders = defaultdict(set)
    for entity in entities.values():
        for name in (entity.label, *entity.aliases):
            if normalise(name):
                holders[normalise(name)].add(entity.id)
    return [(key, sorted((entities[i] for i in ids), key=lambda e: e.id))
            for key, ids in sorted(holders.items()) if len(ids) > 1]


def ends_in_figure(label: str) -> bool:
    """(b) "Embraer 20 per cent", "Acme 5%": a number-shaped word, then only lower-case words
    or symbols. ("Apollo 11" and "Formula 1 Group" are names.)"""
    words = _WORD.findall(label)
    for n, word in enumerate(words):
        if n and _NUMBER.match(word) and all(not w[:1].isupper() for w in words[n + 1:]):
            return True
    return False


def _occurs(name: str, text: str) -> list[re.Match]:
    return list(re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text))


def on_variant(label: str, text: str) -> str | None:
    """(c) 'longer' when the article writes only a shorter form of the label; 'shorter' when
    it writes the label only inside a longer capitalised name."""
    found = _occurs(label, text)
    words = label.split()
    if not found:
        if len(words) > 1 and any(_occurs(" ".join(words[:k]), text) for k in range(1, len(words))):
            return "longer"
        return None
    inside = [m for m in found if re.match(r"\s+[A-Z]\w", text[m.end():])]
    return "shorter" if len(inside) == len(found) else None


def measure(service: Evergreen, texts: dict[str, str]) -> dict:
    stmts = statements(service)
    entities = used_entities(service, stmts)
    splits = split_names(entities)
    typed_apart = [(k, es) for k, es in splits if len({e.type for e in es}) > 1]
    figures = sorted(e.label for e in entities.values() if ends_in_figure(e.label))
    variants = defaultdict(set)  # (how, label) -> articles
    for st in stmts:
        for entity_id in (st.subject, st.object.id if isinstance(st.object, Ref) else None):
            entity = entities.get(entity_id)
            if entity is None or entity.type in ("PERSON", "ROLE") or st.source_id not in texts \
                    or not entity.label[:1].isupper():  # a post ("governor of Bank of Canada"), not a name
                continue
            how = on_variant(entity.label, texts[st.source_id])
            if how:
                variants[(how, entity.label)].add(st.source_id)
    return {"entities": len(entities), "statements": len(stmts), "splits": splits,
            "typed_apart": typed_apart, "figures": figures, "variants": variants}


def report(name: str, extraction: str, found: dict, show: int) -> None:
    variants = found["variants"]
    longer = sum(len(a) for (how, _), a in variants.items() if how == "longer")
    shorter = sum(len(a) for (how, _), a in variants.items() if how == "shorter")
    print(f"{name} ({extraction}): {found['entities']} entities in {found['statements']} statements; "
          f"(a) split names {len(found['splits'])}, of them typed apart {len(found['typed_apart'])}; "
          f"(b) names ending in a figure {len(found['figures'])}; "
          f"(c) entity-articles on a variant {longer + shorter} (longer {longer}, shorter {shorter}; "
          f"{len(variants)} entities)")
    for key, es in found["splits"][:show]:
        print(f"   (a) {key!r}: " + "; ".join(f"{e.id} {e.label} ({e.type})" for e in es))
    for label in found["figures"][:show]:
        print(f"   (b) {label!r}")
    for (how, label), where in sorted(variants.items())[:show]:
        print(f"   (c) {how}: {label!r} in {len(where)} article(s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redocred", type=int, default=100, help="Re-DocRED dev documents (0: none)")
    parser.add_argument("--extraction", nargs="+", default=["rules", "hybrid"])
    parser.add_argument("--show", type=int, default=10, help="examples of each kind to print")
    parser.add_argument("--streams", nargs="*", default=list(STREAMS), help="news streams to read")
    parser.add_argument("--eval", default=str(EVAL), help="folder with the news streams and redocred-dev")
    args = parser.parse_args()
    sets = data_sets(Path(args.eval), args.redocred, args.streams)
    for extraction in args.extraction:
        for name, articles in sets:
            texts = {source_id_for(a): a.text for a in articles}
            with ingest(articles, extraction) as service:
                report(name, extraction, measure(service, texts), args.show)


if __name__ == "__main__":
    main()

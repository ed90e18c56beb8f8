"""Re-DocRED (dev, Wikipedia): document-level relation extraction, end to end, scored.

Usage: python bench/redocred.py [DATA_DIR] [--part report|train|all] [--limit N]
       [--extraction rules|hybrid|...] [--json] [--dump FILE]

The learned extractor trains on the first 250 documents (extract/model/redocred_data.py), so
scores are reported on the other 250 (`--part report`, the default).

Each document is one article (tokens joined, punctuation detokenised, title given) read by the
real extractor (`extract.pipeline.Extractor`: parse, claims, then linking against a fresh
in-memory entity index, as `evergreen ingest` does into an empty graph). Scoring, as the
data set's README says: a predicted (subject, predicate, object) is correct when its predicate
maps to the gold relation (bench/redocred_alignment.yaml) and its subject and object names each
match the name of some mention of the gold head and tail entity; names are casefolded with
punctuation and articles dropped. A predicted entity's names are its label and its aliases. A
date object matches a TIME entity whose mention reads as the same date (kg.core.dates, same
precision). Each gold (h, r, t) counts once: predictions that match the same gold triple count as
one prediction. Only asserted statements count (hedged and negated ones are held back).
P/R/F1 per relation and micro over the aligned relations.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

# The checkout this file is in, not whichever copy of the packages is installed in the venv.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.core.catalogue import Catalogue  # noqa: E402
from kg.runtime.settings import Settings, SettingsError  # noqa: E402
from kg.core.entities import EntityIndex  # noqa: E402
from kg.core.facts import Modality, Ref, TimePoint, Value  # noqa: E402
from extract.articles import Article, content_hash  # noqa: E402
from kg.core.dates import resolve  # noqa: E402
from extract.pipeline import Extractor  # noqa: E402
from extract.model.redocred_data import TRAINING_DOCUMENTS, read_documents  # noqa: E402
from extract.model.redocred_data import detokenise as tokens_as_text  # noqa: E402

DATA = ROOT / ".." / "shared" / "eval" / "redocred-dev"
ALIGNMENT = Path(__file__).resolve().parent / "redocred_alignment.yaml"
_NO_BASE = TimePoint.parse("2000-01-01")  # gold dates name their year; the base fills nothing
_ARTICLES = re.compile(r"\b(the|a|an)\b")


def norm(name: str) -> str:
    """Casefolded, accents, punctuation and articles dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(_ARTICLES.sub(" ", text).split())


def detokenise(tokens: list[str]) -> str:
    """Re-DocRED's tokens as text (the same joining the model's training sentences use)."""
    return tokens_as_text(tokens)[0]


def load_documents(data: Path, limit: int | None, part: str = "report") -> list[dict]:
    docs = read_documents(part, data / "dev_revised.json")
    return docs[:limit] if limit else docs


def entity_keys(mentions: list[dict]) -> set[str]:
    """The normalised names of a gold entity, and for a TIME entity the dates it reads as."""
    keys = {norm(m["name"]) for m in mentions}
    for m in mentions:
        if m["type"] == "TIME":
            point = resolve(m["name"], _NO_BASE)
            if point is not None:
                keys.add("date:" + str(point))
    return keys - {""}


def as_article(doc: dict) -> Article:
    """A document as `evergreen ingest` would hold it; no publication date (Wikipedia has none)."""
    text = " ".join(detokenise(sent) for sent in doc["sents"])
    return Article(title=doc["title"], text=text, published=None, published_uncertain=True, url=None,
                   file_name=None, content_hash=content_hash(text))


def gold_triples(doc: dict, alignment: dict[str, str]) -> set[tuple[int, str, int]]:
    return {(lab["h"], lab["r"], lab["t"]) for lab in doc["labels"] if lab["r"] in alignment}


def predicted_triples(extraction, alignment: dict[str, str]) -> list[tuple[frozenset, str, frozenset, str]]:
    """(subject keys, relation, object keys, readable) for each asserted statement of an aligned predicate."""
    relation_of = {key: pid for pid, key in alignment.items()}
    entities = {e.id: e for e in extraction.entities}

    def keys(obj) -> tuple[frozenset, str]:
        if isinstance(obj, Ref):
            entity = entities.get(obj.id)
            names = (entity.label, *entity.aliases) if entity else (obj.id,)
            return frozenset(norm(n) for n in names) - {""}, names[0]
        if isinstance(obj, Value) and obj.datatype in ("date", "year"):
            return frozenset({"date:" + str(TimePoint.parse(obj.text))}), obj.text
        text = obj.text if isinstance(obj, Value) else str(obj)
        return frozenset({norm(text)}), text

    out, seen = [], set()
    for st in extraction.statements:
        pid = relation_of.get(st.predicate)
        if pid is None or st.modality is not Modality.ASSERTED:
            continue
        (s_keys, s_name), (o_keys, o_name) = keys(Ref(st.subject)), keys(st.object)
        key = (s_keys, pid, o_keys)
        if key not in seen:
            seen.add(key)
            out.append((s_keys, pid, o_keys, f"{s_name} | {st.predicate} | {o_name} <- {st.sentence}"))
    return out


def score_document(doc: dict, predicted, alignment) -> tuple[Counter, Counter, Counter, list, list]:
    """Per relation: gold count, distinct gold triples found, predictions (each gold once)."""
    names = [entity_keys(v) for v in doc["vertexSet"]]
    gold = gold_triples(doc, alignment)
    n_gold = Counter(r for _, r, _ in gold)
    found: set[tuple[int, str, int]] = set()
    wrong = Counter()
    false_positives = []
    for s_keys, rel, o_keys, readable in predicted:
        hits = {(h, r, t) for h, r, t in gold if r == rel and s_keys & names[h] and o_keys & names[t]}
        if hits:
            found |= hits
        else:
            wrong[rel] += 1
            false_positives.append(readable)
    n_found = Counter(r for _, r, _ in found)
    n_pred = wrong + n_found
    misses = [(doc["vertexSet"][h][0]["name"], r, doc["vertexSet"][t][0]["name"])
              for h, r, t in sorted(gold - found)]
    return n_gold, n_found, n_pred, false_positives, misses


def prf(hit: int, n_pred: int, n_gold: int) -> dict:
    p = hit / n_pred if n_pred else 0.0
    r = hit / n_gold if n_gold else 0.0
    return {"gold": n_gold, "predicted": n_pred, "correct": hit, "p": p, "r": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0}


def run(data: Path, limit: int | None, extraction: str, part: str = "report") -> dict:
    alignment = yaml.safe_load(ALIGNMENT.read_text("utf-8"))
    try:
        settings = Settings.load(overrides={"store": "memory", "extraction": extraction})
    except SettingsError as err:
        raise SystemExit(f"bench/redocred.py: {err}") from None
    catalogue = Catalogue.load(settings.predicates_file or None)
    missing = sorted(set(alignment.values()) - {p.key for p in catalogue})
    if missing:
        raise SystemExit(f"bench/redocred_alignment.yaml names predicates the catalogue lacks: {missing}")
    extractor = Extractor(settings, catalogue).loaded()
    docs = load_documents(data, limit, part)
    articles = [as_article(d) for d in docs]
    totals = [Counter(), Counter(), Counter()]
    false_positives, misses = [], []
    started = time.perf_counter()
    for doc, article, prepared in zip(docs, articles, extractor.prepare_many(articles)):
        if prepared.error:
            raise SystemExit(f"{doc['title']}: {prepared.error}")
        linked = extractor.link(article, prepared, EntityIndex())
        *counts, fps, missed = score_document(doc, predicted_triples(linked, alignment), alignment)
        for total, count in zip(totals, counts):
            total.update(count)
        false_positives += [(doc["title"], x) for x in fps]
        misses += [(doc["title"], x) for x in missed]
    seconds = time.perf_counter() - started
    n_gold, n_found, n_pred = totals
    per_relation = {f"{pid} {key}": prf(n_found[pid], n_pred[pid], n_gold[pid]) for pid, key in alignment.items()}
    micro = prf(sum(n_found.values()), sum(n_pred.values()), sum(n_gold.values()))
    return {"documents": len(docs), "part": part, "extraction": extraction, "seconds": seconds, "micro": micro,
            "per_relation": per_relation, "false_positives": false_positives, "misses": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(DATA))
    parser.add_argument("--part", choices=("report", "train", "all"), default="report",
                        help=f"report: documents {TRAINING_DOCUMENTS}-499, never trained on (default); "
                             f"train: the first {TRAINING_DOCUMENTS}, which the learned extractor is trained on; all")
    parser.add_argument("--limit", type=int, default=None, help="first N documents of the part only")
    parser.add_argument("--extraction", default="rules", help="the extraction setting (rules, llm, ...)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--dump", help="write the false positives and missed gold triples to this JSON file")
    args = parser.parse_args()
    result = run(Path(args.data), args.limit, args.extraction, args.part)
    if args.dump:
        Path(args.dump).write_text(json.dumps({k: result[k] for k in ("false_positives", "misses")},
                                              ensure_ascii=False, indent=1), "utf-8")
    result = {k: v for k, v in result.items() if k not in ("false_positives", "misses")}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{'relation':32} {'gold':>5} {'pred':>5} {'right':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for name, r in [*result["per_relation"].items(), ("micro (aligned relations)", result["micro"])]:
        print(f"{name:32} {r['gold']:5d} {r['predicted']:5d} {r['correct']:5d} {r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f}")
    print(f"{result['documents']} documents ({result['part']} part) in {result['seconds']:.1f} s (extraction {result['extraction']}, models loaded before)")


if __name__ == "__main__":
    main()

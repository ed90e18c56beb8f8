"""Text2KGBench (Wikidata-TekGen, dev part): ontology-guided extraction, scored.

Usage: python bench/text2kgbench.py [DATA_DIR] [--limit N] [--cutoff 0.35]

For each ontology, every test sentence is parsed (spaCy, one nlp.pipe run), the
parse's (subject, phrase, object) candidates are mapped onto the ontology's
relations by embedding similarity (extract.ontology), and the result is compared
with the ground truth on normalised (subject, relation, object):
- micro precision/recall/F1 over all triples;
- the paper's averages: P/R/F1 per sentence, averaged over sentences;
- ontology conformance (share of predicted relations in the ontology; 1.0 by construction);
- hallucination: share of predicted triples whose subject or object is not in the sentence.
The published reference (Vicuna-13B, all ten ontologies) is P .38 R .35 F1 .35.
"""

from __future__ import annotations

import argparse
import json
import re
import time
import unicodedata
from pathlib import Path

from kg.config import Settings
from kg.models import sentence_encoder, spacy_pipeline
from extract.linking import ArticleMentions
from extract.ontology import OntologyMapper, Relation, surface_triples

DATA = Path("/work/shared/eval/text2kgbench-dev")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def score(pred: set, gold: set) -> tuple[float, float, float]:
    hit = len(pred & gold)
    p = hit / len(pred) if pred else 0.0
    r = hit / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run(data: Path, limit: int | None, cutoff: float, show: int = 0) -> dict:
    settings = Settings()
    nlp = spacy_pipeline(settings.spacy_model)
    encoder = sentence_encoder(settings.embedding_model)

    def encode(texts):
        return encoder.encode(list(texts), normalize_embeddings=True, show_progress_bar=False, batch_size=64)

    results = {}
    totals = {"tp": 0, "pred": 0, "gold": 0, "halluc": 0, "sent_p": [], "sent_r": [], "sent_f": []}
    started = time.perf_counter()
    for onto_path in sorted((data / "ontologies").glob("*.json")):
        onto = json.loads(onto_path.read_text("utf-8"))
        relations = [Relation(r["label"], r["pid"], r.get("domain", ""), r.get("range", "")) for r in onto["relations"]]
        concepts = {c["qid"]: c["label"] for c in onto.get("concepts", [])}
        mapper = OntologyMapper(relations, encode, cutoff=cutoff, concepts=concepts)
        truth = load_jsonl(data / "ground_truth" / f"{onto['id']}_ground_truth.jsonl")[:limit]
        tp = n_pred = n_gold = halluc = 0
        sp, sr, sf = [], [], []
        for row, doc in zip(truth, nlp.pipe((r["sent"] for r in truth), batch_size=64)):
            mentions = ArticleMentions(doc)
            predicted = mapper.map(surface_triples(doc[:], mentions))
            pred = {(norm(t.subject), norm(t.relation), norm(t.object)) for t in predicted}
            gold = {(norm(t["sub"]), norm(t["rel"]), norm(t["obj"])) for t in row["triples"]}
            sentence = norm(row["sent"])
            halluc += sum(1 for s, _, o in pred if s not in sentence or o not in sentence)
            hit = len(pred & gold)
            tp, n_pred, n_gold = tp + hit, n_pred + len(pred), n_gold + len(gold)
            p, r, f = score(pred, gold)
            if show and len(sp) < show:
                print(f"\n{row['sent']}\n  gold: {sorted(gold)}\n  pred: {sorted(pred)}")
            sp.append(p), sr.append(r), sf.append(f)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        results[onto["id"]] = {
            "sentences": len(truth), "micro_p": p, "micro_r": r,
            "micro_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "avg_p": sum(sp) / len(sp), "avg_r": sum(sr) / len(sr), "avg_f1": sum(sf) / len(sf),
            "conformance": 1.0, "hallucination": halluc / n_pred if n_pred else 0.0,
        }
        for key, value in (("tp", tp), ("pred", n_pred), ("gold", n_gold), ("halluc", halluc)):
            totals[key] += value
        totals["sent_p"] += sp
        totals["sent_r"] += sr
        totals["sent_f"] += sf
    p = totals["tp"] / totals["pred"] if totals["pred"] else 0.0
    r = totals["tp"] / totals["gold"] if totals["gold"] else 0.0
    n = len(totals["sent_f"])
    results["overall"] = {
        "sentences": n, "micro_p": p, "micro_r": r, "micro_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "avg_p": sum(totals["sent_p"]) / n, "avg_r": sum(totals["sent_r"]) / n,
        "avg_f1": sum(totals["sent_f"]) / n, "conformance": 1.0,
        "hallucination": totals["halluc"] / totals["pred"] if totals["pred"] else 0.0,
        "seconds": time.perf_counter() - started,
    }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(DATA))
    parser.add_argument("--limit", type=int, default=None, help="sentences per ontology")
    parser.add_argument("--cutoff", type=float, default=0.35, help="embedding similarity cut-off")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", type=int, default=0, help="print gold and predicted triples of the first N sentences per ontology")
    args = parser.parse_args()
    results = run(Path(args.data), args.limit, args.cutoff, args.show)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'ontology':22} {'n':>5} {'P':>6} {'R':>6} {'F1':>6} | {'avgP':>6} {'avgR':>6} {'avgF1':>6} | halluc")
    for name, r in results.items():
        print(f"{name:22} {r['sentences']:5d} {r['micro_p']:6.3f} {r['micro_r']:6.3f} {r['micro_f1']:6.3f} | "
              f"{r['avg_p']:6.3f} {r['avg_r']:6.3f} {r['avg_f1']:6.3f} | {r['hallucination']:.3f}")


if __name__ == "__main__":
    main()

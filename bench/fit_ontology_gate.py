"""Fit the ontology mode's pair gate (extract/ontology_gate.npz) on Text2KGBench train splits.

Usage: OMP_NUM_THREADS=1 python bench/fit_ontology_gate.py [--ontologies 1,2,3,4] [--out FILE]

Every train sentence goes through the ontology mode's own candidate step (extract.ontology);
each candidate (subject, object) pair is a positive when the sentence's train triples join the
same two names (labels compared as bench/text2kgbench.py compares them), else a negative. The
trained extractor (extract.model, committed adapter) gives each pair its embedding and
predicate probabilities (extract.ontology_evidence.PairEncoder); a logistic regression on them,
with L2, is the gate. Only the train splits are read (the README's rule): the test splits,
which bench/text2kgbench.py reports on, are not. By default ontologies 1-4 only, so that
5-7 stay a check on relations the gate never saw.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.text2kgbench import DATA, load_jsonl, norm  # noqa: E402
from extract.linking import ArticleMentions  # noqa: E402
from extract.ontology import candidates  # noqa: E402
from extract.model.artefact import fingerprint as adapter_fingerprint  # noqa: E402
from extract.ontology_evidence import GATE_FILE, Gate, PairEncoder  # noqa: E402


def train_sentences(data: Path, ontologies: list[int]) -> list[tuple[str, set[tuple[str, str]]]]:
    """(sentence, its gold (subject, object) pairs), one entry per distinct sentence."""
    pairs: dict[str, set[tuple[str, str]]] = {}
    for n in ontologies:
        for path in sorted((data / "train").glob(f"ont_{n}_*_train.jsonl")):
            for row in load_jsonl(path):
                pairs.setdefault(row["sent"], set()).add((norm(row["sub_label"]), norm(row["obj_label"] or "")))
    return list(pairs.items())


def examples(nlp, model, sentences) -> tuple[np.ndarray, np.ndarray]:
    docs = list(nlp.pipe((s for s, _ in sentences), batch_size=64))
    per_sentence = [candidates(doc[:], ArticleMentions(doc)) for doc in docs]
    views = PairEncoder(model).views([doc.text for doc in docs], per_sentence)
    x, y = [], []
    for (_, gold), cands, view in zip(sentences, per_sentence, views):
        for cand, features in zip(cands, view.features):
            x.append(features)
            y.append(float((norm(cand.subject), norm(cand.object)) in gold))
    return np.array(x, np.float32), np.array(y, np.float32)


def fit(x: np.ndarray, y: np.ndarray, l2: float, adapter: str) -> Gate:
    """L2-regularised logistic regression (torch L-BFGS) on standardised features."""
    import torch

    mean, scale = x.mean(0), x.std(0) + 1e-6
    xs = torch.tensor((x - mean) / scale)
    ys = torch.tensor(y)
    w = torch.zeros(x.shape[1], requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    optimiser = torch.optim.LBFGS([w, b], max_iter=300, line_search_fn="strong_wolfe")
    loss_fn = torch.nn.BCEWithLogitsLoss()

    def closure():
        optimiser.zero_grad()
        loss = loss_fn(xs @ w + b, ys) + l2 * (w ** 2).sum()
        loss.backward()
        return loss

    optimiser.step(closure)
    return Gate(mean, scale, w.detach().numpy().copy(), float(b.item()), adapter)


def accuracy(gate: Gate, x: np.ndarray, y: np.ndarray) -> dict:
    p = gate.probability(x) >= 0.5
    tp = float(((p == 1) & (y == 1)).sum())
    return {"accuracy": round(float((p == y).mean()), 3), "precision": round(tp / max(1.0, float(p.sum())), 3),
            "recall": round(tp / max(1.0, float(y.sum())), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--ontologies", default="1,2,3,4", help="train splits to fit on")
    parser.add_argument("--l2", type=float, default=0.03, help="chosen by log-loss on a held-apart fifth (1e-3 to 0.3 tried)")
    parser.add_argument("--out", default=str(GATE_FILE))
    args = parser.parse_args()
    from extract.model.artefact import DEFAULT_ADAPTER, RelationModel
    from kg.runtime.local_models import spacy_pipeline
    from kg.runtime.settings import Settings

    started = time.perf_counter()
    ontologies = [int(n) for n in args.ontologies.split(",")]
    sentences = train_sentences(Path(args.data), ontologies)
    nlp, model = spacy_pipeline(Settings().spacy_model), RelationModel.load()
    x, y = examples(nlp, model, sentences)
    print(f"{len(sentences)} train sentences of ontologies {ontologies}: {len(y)} candidate pairs, "
          f"{int(y.sum())} of them gold", flush=True)
    order = list(range(len(y)))
    random.Random(42).shuffle(order)
    cut = len(order) * 4 // 5  # a fifth of the train pairs held apart to say how well it fits
    held = np.array(order[cut:])
    fingerprint = adapter_fingerprint(DEFAULT_ADAPTER)
    trial = fit(x[order[:cut]], y[order[:cut]], args.l2, fingerprint)
    print("held-apart fifth of the train pairs:", accuracy(trial, x[held], y[held]))
    gate = fit(x, y, args.l2, fingerprint)
    gate.save(Path(args.out), ontologies=args.ontologies, pairs=len(y), positives=int(y.sum()), l2=args.l2)
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s (adapter {fingerprint})")


if __name__ == "__main__":
    main()

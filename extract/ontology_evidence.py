"""The trained relation extractor's evidence for the ontology mode.

`extract.ontology` scores a candidate (subject, object) against the user's relations by what
the sentence's words mean (linking words vs label, object kind vs range). This module adds
what the trained extractor (`extract.model`, read through its public API only) sees in the
same pair, from one encoder pass per batch of sentences:

- *predicate evidence*: the model's probability for each catalogue predicate, carried over to
  the ontology's relations that are the same Wikidata property (the relation's `pid`) or whose
  label means the same (embedding similarity of the labels, at least `LABEL_MATCH`);
- *pair evidence*: a logistic "is this pair a fact at all" over the model's pair embedding
  (`[s; o; s*o; between; sentence; types]` and the predicate probabilities), fitted on
  Text2KGBench train splits by `bench/fit_ontology_gate.py` and stored in `ontology_gate.npz`
  beside this file with the adapter's fingerprint (an adapter retrained since makes the gate
  stale: it is then not used, and a warning names the command that refits it).

`OntologyEvidence.scores` gives, per sentence, a (candidates x relations) matrix to add to
the mapper's scores.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from extract.ontology import Candidate, OntologyMapper

logger = logging.getLogger(__name__)

GATE_FILE = Path(__file__).with_name("ontology_gate.npz")
FIT_COMMAND = ".venv/bin/python bench/fit_ontology_gate.py"
LABEL_MATCH = 0.6  # a catalogue predicate's label this close to a relation's carries its probability over
# weights of the two signals in the mapper's score (chosen on Text2KGBench ontologies 1-4; see
# docs/BENCHMARKS.md): the gate adds its log-odds, so an undecided pair (p = 0.5) moves nothing
LOG_ODDS_CAP = 6.0
CUTOFF = 0.5  # the ontology mode's cut-off with the evidence (chosen with the weights; 0.5 was the lowest tried)
GATE_WEIGHT = 0.06
PREDICATE_WEIGHT = 0.0


@dataclass(frozen=True)
class PairViews:
    """The model's view of one sentence's candidates: the gate's input and predicate probabilities."""
    features: np.ndarray  # (n_candidates, n_features)
    probabilities: np.ndarray  # (n_candidates, n_predicates)


@dataclass(frozen=True)
class Gate:
    """Logistic regression over standardised pair features."""
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    adapter: str  # fingerprint of the adapter whose features it was fitted on

    def log_odds(self, features: np.ndarray) -> np.ndarray:
        return ((features - self.mean) / self.scale) @ self.weights + self.bias

    def probability(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.log_odds(features)))

    def save(self, path: Path = GATE_FILE, **meta) -> None:
        np.savez_compressed(path, mean=self.mean, scale=self.scale, weights=self.weights,
                            bias=np.array(self.bias), adapter=np.array(self.adapter),
                            **{k: np.array(v) for k, v in meta.items()})

    @classmethod
    def load(cls, path: Path = GATE_FILE) -> Gate | None:
        if not path.is_file():
            return None
        data = np.load(path)
        return cls(data["mean"], data["scale"], data["weights"], float(data["bias"]), str(data["adapter"]))


def _label(label: str, types: Sequence[str]) -> str:
    return label if label in types else "OTHER"


class PairEncoder:
    """Pair features and predicate probabilities for ontology candidates, from the trained
    extractor's encoder: one pass per batch of sentences, all their candidate pairs pooled
    from it (no pass per pair)."""

    def __init__(self, model, batch_size: int = 32):
        self.model = model
        self.batch_size = batch_size

    def views(self, texts: Sequence[str], per_sentence: Sequence[Sequence[Candidate]]) -> list[PairViews]:
        import torch

        from extract.model.mentions import TYPES, Mention
        from extract.model.network import encode_batch, pair_features, pair_inputs

        n_pred = len(self.model.mapping)
        dim = self.model.encoder.config.hidden_size
        width = 5 * dim + 2 * len(TYPES)
        out = [PairViews(np.zeros((len(c), width + n_pred), np.float32), np.zeros((len(c), n_pred), np.float32))
               for c in per_sentence]
        mentions, pairs = [], []
        for cands in per_sentence:
            spans: dict[tuple[int, int], int] = {}
            ms, ps = [], []
            for c in cands:
                ends = []
                for span, label in ((c.subject_span, c.subject_label), (c.span, c.object_label)):
                    if span not in spans:
                        spans[span] = len(ms)
                        ms.append(Mention(span[0], span[1], _label(label, TYPES)))
                    ends.append(spans[span])
                ps.append(tuple(ends))
            mentions.append(ms)
            pairs.append(ps)
        order = sorted((i for i, c in enumerate(per_sentence) if c), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for first in range(0, len(order), self.batch_size):
                chunk = order[first:first + self.batch_size]
                encoded = encode_batch(self.model.tokenizer, [texts[i] for i in chunk])
                inputs, rows = pair_inputs(encoded, [mentions[i] for i in chunk], [pairs[i] for i in chunk])
                if not rows:
                    continue
                feats = pair_features(self.model.runner, encoded, inputs)
                # pair_features is the head's input: [s; o; s*o; between; sentence; one-hot types]
                s, o, between, text = feats[:, :dim], feats[:, dim:2 * dim], feats[:, 3 * dim:4 * dim], feats[:, 4 * dim:5 * dim]
                probs = torch.sigmoid(self.model.head(s, o, between, text, inputs["s_type"], inputs["o_type"]))
                full = torch.cat([feats, probs], dim=-1).numpy()
                for (b, n), f, p in zip(rows, full, probs.numpy()):
                    out[chunk[b]].features[n] = f
                    out[chunk[b]].probabilities[n] = p
        return out


class OntologyEvidence:
    """The model's signal for each candidate and relation, to add to the mapper's scores."""

    def __init__(self, model, catalogue, gate: Gate | None = None, gate_weight: float = GATE_WEIGHT,
                 predicate_weight: float = PREDICATE_WEIGHT):
        self.pairs = PairEncoder(model)
        self.gate = gate
        self.gate_weight = gate_weight
        self.predicate_weight = predicate_weight
        self._predicates = [catalogue.get(m.predicate) for m in model.mapping]
        self._carry: dict[int, np.ndarray] = {}  # id(mapper) -> (n_predicates, n_relations)

    @classmethod
    def load(cls, catalogue, gate_weight: float = GATE_WEIGHT, predicate_weight: float = PREDICATE_WEIGHT,
             adapter: Path | None = None, gate_file: Path = GATE_FILE, model=None,
             runtime: str = "onnx") -> OntologyEvidence:
        """The committed adapter (or `model`, already loaded from `adapter`) with the committed
        gate (left out, with a warning, when the gate was fitted on other adapter weights)."""
        from extract.model.artefact import DEFAULT_ADAPTER, RelationModel, fingerprint

        folder = Path(adapter or DEFAULT_ADAPTER)
        model = model if model is not None else RelationModel.load(folder, runtime)
        gate = Gate.load(gate_file)
        if gate is not None and gate.adapter != fingerprint(folder):  # the gate is only valid for these weights
            logger.warning("The ontology gate %s was fitted on other adapter weights; not using it. Refit it with `%s`.",
                           gate_file, FIT_COMMAND)
            gate = None
        return cls(model, catalogue, gate, gate_weight, predicate_weight)

    def carry_over(self, mapper: OntologyMapper) -> np.ndarray:
        """How much of each catalogue predicate's probability goes to each ontology relation:
        1 for the same Wikidata property, the label similarity where it is at least LABEL_MATCH."""
        key = id(mapper)
        if key not in self._carry:
            labels = np.stack([mapper.vector(p.label) for p in self._predicates])
            sims = labels @ mapper.label_vectors.T
            carry = np.where(sims >= LABEL_MATCH, sims, 0.0)
            for k, pred in enumerate(self._predicates):
                for r, rel in enumerate(mapper.relations):
                    if pred.wikidata and rel.pid == pred.wikidata:
                        carry[k, r] = 1.0
            self._carry[key] = carry
        return self._carry[key]

    def parts(self, mapper: OntologyMapper, views: Sequence[PairViews]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per sentence, the two signals unweighted: the gate's log-odds per candidate (clipped
        to +-LOG_ODDS_CAP; zeros without a gate) and the predicate evidence per candidate and relation."""
        carry = self.carry_over(mapper)
        out = []
        for v in views:
            gate = np.clip(self.gate.log_odds(v.features), -LOG_ODDS_CAP, LOG_ODDS_CAP) \
                if self.gate is not None and len(v.features) else np.zeros(len(v.features))
            predicate = np.max(v.probabilities[:, :, None] * carry[None], axis=1) if len(v.features) else \
                np.zeros((0, len(mapper.relations)))
            out.append((gate, predicate))
        return out

    def scores(self, mapper: OntologyMapper, texts: Sequence[str],
               per_sentence: Sequence[Sequence[Candidate]]) -> list[np.ndarray]:
        views = self.pairs.views(texts, per_sentence)
        return [combine(gate, predicate, self.gate_weight, self.predicate_weight)
                for gate, predicate in self.parts(mapper, views)]


def combine(gate: np.ndarray, predicate: np.ndarray, gate_weight: float, predicate_weight: float) -> np.ndarray:
    return gate_weight * gate[:, None] + predicate_weight * predicate

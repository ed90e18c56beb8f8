"""Training examples from KnowledgeNet: one example per passage, every ordered pair of its
mentions labelled with the catalogue predicates it states.

Mentions are the gold argument spans plus what spaCy finds (names, dates, personal pronouns),
so the negatives look like what the model meets at inference. A passage is exhaustively
annotated only for the properties in its `annotated` list: a pair counts as a negative for a
predicate only when that predicate's property is annotated there (`mask`).
Only folds 1-2 are for training; fold 3 is the development set the benchmark reports on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from extract.model.mentions import OTHER, PRONOUN, Mention, mentions_in

TRAIN_FOLDS = (1, 2)
DEV_FOLD = 3
MAPPING_FILE = Path(__file__).with_name("knowledgenet.yaml")


def shared_dir() -> Path:
    """`../shared` beside the checkout (the team's data sets)."""
    return Path(__file__).resolve().parents[2] / ".." / "shared"


def passages_file() -> Path:
    return shared_dir() / "eval" / "knowledgenet-dev" / "passages.jsonl"


@dataclass(frozen=True)
class PropertyMap:
    property: str
    predicate: str
    swap: bool
    subject: tuple[str, ...]
    object: tuple[str, ...]

    def allows(self, subject_label: str, object_label: str) -> bool:
        return subject_label in self.subject and object_label in self.object


def load_mapping(path: Path = MAPPING_FILE) -> list[PropertyMap]:
    data = yaml.safe_load(path.read_text("utf-8"))
    return [PropertyMap(prop, e["predicate"], bool(e.get("swap")), tuple(e["subject"]), tuple(e["object"]))
            for prop, e in data.items()]


@dataclass
class Example:
    """One text, its mentions, and for each ordered pair (i, j) the predicates it states."""

    text: str
    mentions: list[Mention]
    pairs: list[tuple[int, int]] = field(default_factory=list)
    labels: list[list[int]] = field(default_factory=list)  # per pair, one 0/1 per predicate
    mask: list[list[int]] = field(default_factory=list)  # per pair, 1 where the label counts


def read_passages(folds: tuple[int, ...], path: Path | None = None) -> list[dict]:
    path = path or passages_file()
    if not path.is_file():
        raise FileNotFoundError(f"KnowledgeNet passages not found at {path} (expected ../shared beside the checkout).")
    with path.open(encoding="utf-8") as fh:
        return [p for p in map(json.loads, fh) if p["fold"] in folds]


def candidate_pairs(mentions: list[Mention], mapping: list[PropertyMap]) -> list[tuple[int, int]]:
    """Ordered pairs of distinct, non-overlapping mentions that some predicate's types allow."""
    labels = {m.label for m in mentions}
    typed = {(a, b) for a in labels for b in labels if any(m.allows(a, b) for m in mapping)}
    return [(i, j) for i, s in enumerate(mentions) for j, o in enumerate(mentions)
            if i != j and (s.label, o.label) in typed and not s.overlaps(o.start, o.end)]


def build_example(passage: dict, doc, mapping: list[PropertyMap]) -> Example:
    mentions = _merge_gold(passage, mentions_in(doc[:], offset=0), doc)
    index = {m.predicate: k for k, m in enumerate(mapping)}
    annotated = {index[m.predicate] for m in mapping if m.property in passage["annotated"]}
    gold = []  # (predicate index, subject span, object span) in the catalogue's direction
    for fact in passage["facts"]:
        pm = next((m for m in mapping if m.property == fact["property"]), None)
        if pm is None:
            continue
        s, o = tuple(fact["subject_span"]), tuple(fact["object_span"])
        gold.append((index[pm.predicate], *((o, s) if pm.swap else (s, o))))
    example = Example(passage["text"], mentions)
    for i, s in enumerate(mentions):
        for j, o in enumerate(mentions):
            if i == j or s.overlaps(o.start, o.end):
                continue
            labels = [0] * len(mapping)
            for k, gs, go in gold:
                if s.overlaps(*gs) and o.overlaps(*go):
                    labels[k] = 1
            mask = [int(labels[k] or (k in annotated and mapping[k].allows(s.label, o.label)))
                    for k in range(len(mapping))]
            if any(mask):
                example.pairs.append((i, j))
                example.labels.append(labels)
                example.mask.append(mask)
    return example


def _merge_gold(passage: dict, found: list[Mention], doc) -> list[Mention]:
    """spaCy's mentions, with each gold argument span in place of those it overlaps."""
    spans = {tuple(f[k]) for f in passage["facts"] for k in ("subject_span", "object_span")}
    merged = list(found)
    for start, end in sorted(spans):
        hit = [m for m in merged if m.overlaps(start, end)]
        label = hit[0].label if hit else _label_of_unfound(doc, start, end)
        merged = [m for m in merged if m not in hit] + [Mention(start, end, label)]
    return sorted(set(merged), key=lambda m: (m.start, m.end))


def _label_of_unfound(doc, start: int, end: int) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and len(span) == 1 and span[0].pos_ == "PRON":
        return PRONOUN
    return OTHER


def build_examples(passages: list[dict], nlp, mapping: list[PropertyMap]) -> list[Example]:
    docs = nlp.pipe((p["text"] for p in passages), batch_size=64)
    return [build_example(p, doc, mapping) for p, doc in zip(passages, docs)]

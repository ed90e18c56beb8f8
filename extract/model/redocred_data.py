"""Training examples from Re-DocRED (Wikipedia): one example per sentence, every ordered pair of
its mentions labelled with the model's predicates that the document's gold relations state.

Re-DocRED's development split is the only part of it here, so it is cut in two by document:
the first `TRAINING_DOCUMENTS` are for training, the rest are what `bench/redocred.py` reports
on (`--part report`, its default). Wikipedia prose is what KnowledgeNet lacks: sentences that
state none of the model's relations, and relations KnowledgeNet does not annotate (heads of
state and government, chairpersons, owners, sports teams).

The annotation is exhaustive over its 96 relations, so a pair of annotated entities with no gold
relation is a negative for every predicate aligned with one of those relations (the catalogue's
`wikidata` property, plus `wikidata_inverse` in knowledgenet.yaml). What the annotation cannot
say stays unlabelled (mask 0): pairs with a pronoun (Re-DocRED marks no pronoun as a mention),
and a document-level relation in a sentence that is not among its evidence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from extract.model.data import MAPPING_FILE, Example, PropertyMap, shared_dir
from extract.model.mentions import OTHER, PRONOUN, Mention, mentions_in
from kg.core.catalogue import Catalogue

TRAINING_DOCUMENTS = 250  # documents [0, 250) train; [250, 500) are reported
_GLUE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "n't", "'", "'re", "'ve", "'ll", "'d", "'m"}
_GLUE_AFTER = {"(", "[", "$", "-", "–"}  # "co - founder" was one word


def documents_file() -> Path:
    return shared_dir() / "eval" / "redocred-dev" / "dev_revised.json"


def read_documents(part: str = "train", path: Path | None = None) -> list[dict]:
    """The documents of one part: "train" (the first TRAINING_DOCUMENTS), "report" (the rest) or "all"."""
    path = path or documents_file()
    if not path.is_file():
        raise FileNotFoundError(f"Re-DocRED not found at {path} (expected ../shared beside the checkout).")
    docs = json.loads(path.read_text("utf-8"))
    return {"train": docs[:TRAINING_DOCUMENTS], "report": docs[TRAINING_DOCUMENTS:], "all": docs}[part]


def detokenise(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Re-DocRED's tokens as text, and each token's character span in it: no space before closing
    punctuation or clitics, none after an opening bracket, none around a hyphen; straight double
    quotes alternate opening and closing."""
    text, spans = "", []
    quote_open = glue_next = False
    for tok in tokens:
        glue = glue_next or tok in _GLUE_BEFORE or tok in {"-", "–"}
        glue_next = tok in _GLUE_AFTER
        if tok == '"':
            glue, glue_next = (True, False) if quote_open else (glue, True)
            quote_open = not quote_open
        if text and not glue:
            text += " "
        spans.append((len(text), len(text) + len(tok)))
        text += tok
    return text, spans


@dataclass(frozen=True)
class Alignment:
    """Which of the model's predicates each Wikidata property states, and in which direction."""

    direct: dict[str, list[int]]  # property -> predicate indices, same direction
    inverse: dict[str, list[int]]  # property -> predicate indices, subject and object swapped

    @property
    def aligned(self) -> set[int]:
        return {k for ks in (*self.direct.values(), *self.inverse.values()) for k in ks}


def load_alignment(mapping: list[PropertyMap], annotated: set[str], catalogue: Catalogue | None = None,
                   path: Path = MAPPING_FILE) -> Alignment:
    """`annotated`: the Wikidata properties the documents are annotated for (a predicate whose
    property is not among them, such as chief executive, gets no negatives from them)."""
    catalogue = catalogue or Catalogue.load()
    wikidata = {p.key: p.wikidata for p in catalogue}
    extra = yaml.safe_load(path.read_text("utf-8"))
    direct: dict[str, list[int]] = {}
    inverse: dict[str, list[int]] = {}
    for k, m in enumerate(mapping):
        if wikidata.get(m.predicate) in annotated:
            direct.setdefault(wikidata[m.predicate], []).append(k)
        for prop in extra.get(m.property, {}).get("wikidata_inverse", []):
            if prop in annotated:
                inverse.setdefault(prop, []).append(k)
    return Alignment(direct, inverse)


def sentence_examples(doc: dict, parsed: list, mapping: list[PropertyMap], alignment: Alignment) -> list[Example]:
    """One example per sentence of a document; `parsed` holds spaCy's doc of each sentence's text."""
    stated: dict[tuple[int, int], dict[int, set[int] | None]] = {}  # (h, t) -> predicate -> evidence (None: any)
    for label in doc["labels"]:
        for ks, (h, t) in ((alignment.direct.get(label["r"], []), (label["h"], label["t"])),
                           (alignment.inverse.get(label["r"], []), (label["t"], label["h"]))):
            known = stated.setdefault((h, t), {})
            for k in ks:
                # Most relations Re-DocRED added over DocRED name no evidence: any sentence with both counts.
                if not label["evidence"] or known.get(k, set()) is None:
                    known[k] = None
                else:
                    known[k] = known.get(k, set()) | set(label["evidence"])
    examples = []
    for n, (tokens, spacy_doc) in enumerate(zip(doc["sents"], parsed)):
        text, spans = detokenise(tokens)
        mentions, entity_of = _mentions(doc, n, spans, spacy_doc)
        example = Example(text, mentions)
        for i, s in enumerate(mentions):
            for j, o in enumerate(mentions):
                if i == j or s.overlaps(o.start, o.end) or PRONOUN in (s.label, o.label):
                    continue
                h, t = entity_of[i], entity_of[j]
                if h is not None and h == t:
                    continue
                known = stated.get((h, t), {}) if h is not None and t is not None else {}
                labels = [0] * len(mapping)
                mask = [0] * len(mapping)
                for k in alignment.aligned:
                    if k in known:  # stated here, or somewhere else in the document (unknown here)
                        labels[k] = mask[k] = int(known[k] is None or n in known[k])
                    elif mapping[k].allows(s.label, o.label):
                        mask[k] = 1
                if any(mask):
                    example.pairs.append((i, j))
                    example.labels.append(labels)
                    example.mask.append(mask)
        examples.append(example)
    return examples


def _mentions(doc: dict, sentence: int, spans: list[tuple[int, int]], spacy_doc) -> tuple[list[Mention], list[int | None]]:
    """spaCy's mentions with each gold mention of this sentence in place of those it overlaps
    (keeping spaCy's label, as at inference; OTHER where spaCy found nothing), and the gold
    entity each mention is (None for a spaCy mention no gold mention overlaps)."""
    found = mentions_in(spacy_doc[:], offset=0)
    gold = []
    for e, entity in enumerate(doc["vertexSet"]):
        for m in entity:
            if m["sent_id"] == sentence:
                gold.append((spans[m["pos"][0]][0], spans[m["pos"][1] - 1][1], e))
    merged: list[tuple[Mention, int | None]] = [(m, None) for m in found]
    for start, end, e in sorted(gold):
        hit = [(m, x) for m, x in merged if m.overlaps(start, end)]
        if any(x is not None for _, x in hit):
            continue  # overlapping gold mentions (nested names): the first one stays
        label = next((m.label for m, _ in hit if m.label != PRONOUN), OTHER)
        merged = [(m, x) for m, x in merged if (m, x) not in hit] + [(Mention(start, end, label), e)]
    merged.sort(key=lambda mx: (mx[0].start, mx[0].end))
    return [m for m, _ in merged], [x for _, x in merged]


def annotated_relations(docs: list[dict]) -> set[str]:
    """The relations the annotation covers, read off the documents: Re-DocRED's 96 relations all
    occur in any few hundred of its documents; a catalogue predicate outside them (chief
    executive) is not annotated there at all."""
    return {label["r"] for doc in docs for label in doc["labels"]}


def build_examples(docs: list[dict], nlp, mapping: list[PropertyMap], alignment: Alignment | None = None) -> list[Example]:
    alignment = alignment or load_alignment(mapping, annotated_relations(docs))
    texts = [detokenise(tokens)[0] for doc in docs for tokens in doc["sents"]]
    parsed = iter(nlp.pipe(texts, batch_size=64))
    return [ex for doc in docs for ex in sentence_examples(doc, [next(parsed) for _ in doc["sents"]], mapping, alignment)]

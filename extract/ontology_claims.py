"""The ontology mode: facts of the user's own relations, read beside the catalogue's.

A user's ontology file (setting `ontology`, `evergreen ingest --ontology FILE`) lists relations
and concepts in Text2KGBench's shape, as JSON or YAML:

    relations: [{label: director, pid: P57, domain: Q11424, range: Q5}, ...]
    concepts:  [{qid: Q11424, label: film}, {qid: Q5, label: human}, ...]

(`pid`, `domain`, `range` and `concepts` are optional.) `extract.ontology` maps each
sentence's candidates onto those relations; every triple it keeps becomes a claim of the open
relation named by the label ("rel:director"), so it is linked, stored, versioned and answered
like any open relation, and the relation's id is kept in the claim's extractor tag.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from kg.core.catalogue import open_predicate_key
from kg.core.errors import EvergreenError
from kg.core.facts import TimePoint
from extract.linking import ArticleMentions
from extract.ontology import OntologyMapper, Relation, Triple, extract_many
from extract.relations import Claim

EXTRACTOR_NAME = "evergreen-ontology/1"
CUTOFF = 0.7  # the cut-off bench/text2kgbench.py reports at (chosen on ontologies 1-4)
CONFIDENCE = 0.5  # as sure as an open relation the rules found


class OntologyError(EvergreenError, ValueError):
    """An ontology file that cannot be used."""


@dataclass(frozen=True)
class Ontology:
    relations: tuple[Relation, ...]
    concepts: dict[str, str]  # concept id -> label


def load_ontology(path: str | Path) -> Ontology:
    """Read an ontology file (JSON, or YAML of the same shape); a file that cannot be used
    raises OntologyError saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise OntologyError(f"The ontology file {path} does not exist (setting ontology, --ontology).")
    try:
        text = path.read_text("utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as err:
        raise OntologyError(f"Cannot read the ontology file {path}: {err}") from None
    entries = data.get("relations") if isinstance(data, dict) else None
    if not entries or not all(isinstance(r, dict) and str(r.get("label", "")).strip() for r in entries):
        raise OntologyError(f"The ontology file {path} needs a list 'relations' whose entries each have a "
                            "'label' (and optionally 'pid', 'domain', 'range').")
    relations = tuple(Relation(str(r["label"]).strip(), str(r.get("pid") or ""), str(r.get("domain") or ""),
                               str(r.get("range") or "")) for r in entries)
    concepts = {str(c["qid"]): str(c["label"]) for c in data.get("concepts") or ()
                if isinstance(c, dict) and c.get("qid") and c.get("label")}
    return Ontology(relations, concepts)


class OntologyClaimFinder:
    """Claims of the ontology's relations for the sentences of one article; with `evidence`
    (extract.ontology_evidence.OntologyEvidence) the trained extractor's view of each pair
    joins the scores, as bench/text2kgbench.py --model measures it."""

    def __init__(self, ontology: Ontology, encode: Callable[[Sequence[str]], np.ndarray], cutoff: float = CUTOFF,
                 evidence=None):
        self.mapper = OntologyMapper(ontology.relations, encode, cutoff=cutoff, concepts=ontology.concepts)
        self._pid = {r.label: r.pid for r in ontology.relations}
        self.evidence = evidence

    @classmethod
    def for_ingest(cls, ontology: Ontology, encode: Callable[[Sequence[str]], np.ndarray], catalogue,
                   model=None, runtime: str = "onnx") -> OntologyClaimFinder:
        """The finder the ingest uses: with the trained extractor's evidence where its measured
        weights are not zero (extract.ontology_evidence), at the cut-off chosen with them.
        `model`: the committed RelationModel when the extractor has loaded it already; else it
        is loaded with the encoder `runtime` (the setting model_runtime)."""
        from extract import ontology_evidence as ev

        if not (ev.GATE_WEIGHT or ev.PREDICATE_WEIGHT):
            return cls(ontology, encode)
        evidence = ev.OntologyEvidence.load(catalogue, model=model, runtime=runtime)
        if evidence.gate is None and not ev.PREDICATE_WEIGHT:
            return cls(ontology, encode)  # a stale gate (adapter retrained): the measured mode without the model
        return cls(ontology, encode, cutoff=ev.CUTOFF, evidence=evidence)

    def claims(self, sents: Sequence, mentions: ArticleMentions, published: TimePoint) -> list[list[Claim]]:
        """One list of claims per sentence, in order (all candidates encoded in one batch, and
        with evidence one pass of the trained extractor per batch of sentences)."""
        found = extract_many(((sent, mentions) for sent in sents), self.mapper, self.evidence)
        return [[self._claim(t, sent.text.strip(), published) for t in triples]
                for sent, triples in zip(sents, found)]

    def _claim(self, triple: Triple, sentence: str, published: TimePoint) -> Claim:
        pid = self._pid.get(triple.relation, "")
        # types are the parse's guesses: leave them to the linker's vote, as for open relations
        return Claim(triple.subject, open_predicate_key(triple.relation), triple.date or triple.object, sentence,
                     object_type="date" if triple.date else "THING", valid_from=published,
                     confidence=CONFIDENCE, rule="ontology",
                     extractor=f"{EXTRACTOR_NAME}:{pid or triple.relation}")

"""Entity linking for questions: which entities of the graph a question names.

Three stages, cheapest first, each independent of the size of the graph:
1. exact: every word n-gram of the question looked up in the entity index (labels, aliases);
2. fuzzy: spaCy entities and noun chunks not matched exactly, compared with rapidfuzz to the
   names that share a word with them (an inverted word index, so never all names);
3. embedding: the same mentions against sentence embeddings of entity names. The vectors are
   cached per name and updated incrementally as entities arrive; in a small graph every name
   is encoded, in a large one only the names that share a word with the mention.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from kg.core.entities import EntityIndex, normalise
from kg.core.facts import Entity

logger = logging.getLogger(__name__)

MAX_NGRAM = 6
FUZZY_CUTOFF = 88.0
EMBED_CUTOFF = 0.80
ENCODE_ALL_BELOW = 20_000  # names; above this only candidates sharing a word are encoded
SKIP_ENTITY_LABELS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}


@dataclass(frozen=True)
class Link:
    entity: Entity
    mention: str
    score: float  # 0..1
    how: str  # exact | fuzzy | embedding
    start: int  # token offsets in the parsed question
    end: int
    nested: bool = False  # inside a relative clause: "the company that bought X"


class Linker:
    def __init__(self, index: EntityIndex, encoder=None, stop_words: set[str] = frozenset()):
        self.index = index
        self.encoder = encoder  # a SentenceTransformer, or None to skip the embedding stage
        self.stop_words = {normalise(w) for w in stop_words}  # predicate words: never entity names
        self._vectors: dict[str, np.ndarray] = {}  # normalised name -> unit vector

    # -- linking ------------------------------------------------------------------------

    def link(self, doc) -> list[Link]:
        """Links for a parsed question (a spaCy Doc), longest non-overlapping mentions first."""
        links = self._exact(doc)
        taken = {i for link in links for i in range(link.start, link.end)}
        for span in self._mentions(doc):
            if any(i in taken for i in range(span.start, span.end)):
                continue
            found = self._fuzzy(span) or self._embedded(span)
            if found:
                links.extend(found)
                taken.update(range(span.start, span.end))
        return sorted(links, key=lambda link: (link.start, -link.score))

    def _exact(self, doc) -> list[Link]:
        found = []
        for n in range(min(MAX_NGRAM, len(doc)), 0, -1):
            for start in range(len(doc) - n + 1):
                span = doc[start:start + n]
                if not self._nameable(span):
                    continue
                for entity in self.index.exact(span.text):
                    # A lower-case common word that names an entity is weaker evidence.
                    plain = n == 1 and span[0].is_lower
                    found.append(Link(entity, span.text, 0.8 if plain else 1.0, "exact",
                                      span.start, span.end, _nested(span)))
        chosen, taken = [], set()
        for link in sorted(found, key=lambda l: (-(l.end - l.start), -l.score, l.start)):
            cover = set(range(link.start, link.end))
            clash = cover & taken
            same = [c for c in chosen if (c.start, c.end) == (link.start, link.end)]
            if clash and not same:
                continue
            chosen.append(link)
            taken |= cover
        return chosen

    def _nameable(self, span) -> bool:
        if all(t.is_stop or t.is_punct or t.is_space for t in span):
            return False
        if span[0].is_punct or span[-1].is_punct:
            return False
        key = normalise(span.text)
        return bool(key) and not all(w in self.stop_words for w in key.split())

    def _mentions(self, doc):
        """Name-like spans for the fuzzy and embedding stages."""
        spans = [e for e in doc.ents if e.label_ not in SKIP_ENTITY_LABELS]
        for chunk in doc.noun_chunks:
            words = [t for t in chunk if not (t.is_stop or t.is_punct or t.tag_ == "POS")]
            if words and any(t.pos_ == "PROPN" or t.is_title for t in words):
                spans.append(doc[words[0].i:words[-1].i + 1])
        seen, unique = set(), []
        for span in sorted(spans, key=lambda s: -(s.end - s.start)):
            if (span.start, span.end) not in seen and self._nameable(span):
                seen.add((span.start, span.end))
                unique.append(span)
        return unique

    def _candidates(self, key: str) -> set[str]:
        return self.index.candidates(key, whole_words=True)

    def _fuzzy(self, span) -> list[Link]:
        key = normalise(span.text)
        best, best_score = None, 0.0
        for name in self._candidates(key):
            score = fuzz.WRatio(key, name)
            if score > best_score:
                best, best_score = name, score
        if best is None or best_score < FUZZY_CUTOFF:
            return []
        return [Link(e, span.text, best_score / 100, "fuzzy", span.start, span.end, _nested(span))
                for e in self.index.exact(best)]

    def _embedded(self, span) -> list[Link]:
        if self.encoder is None:
            return []
        key = normalise(span.text)
        names = self._all_names() if self._small() else sorted(self._candidates(key))
        if not names:
            return []
        self._encode([n for n in names if n not in self._vectors])
        query = self.encoder.encode([key], normalize_embeddings=True)[0]
        matrix = np.stack([self._vectors[n] for n in names])
        scores = matrix @ query
        best = int(np.argmax(scores))
        if scores[best] < EMBED_CUTOFF:
            return []
        return [Link(e, span.text, float(scores[best]), "embedding", span.start, span.end, _nested(span))
                for e in self.index.exact(names[best])]

    def _small(self) -> bool:
        return len(self.index.names()) <= ENCODE_ALL_BELOW

    def _all_names(self) -> list[str]:
        return sorted(k for k, ids in self.index.names().items() if ids)

    def _encode(self, names: list[str]) -> None:
        if not names:
            return
        vectors = self.encoder.encode(names, batch_size=128, normalize_embeddings=True)
        self._vectors.update(zip(names, vectors))
        logger.info("encoded %d entity names (%d cached)", len(names), len(self._vectors))


def _nested(span) -> bool:
    """True when the span sits inside a relative or participle clause of another noun."""
    token = span.root
    while token.head.i != token.i:
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
    return False

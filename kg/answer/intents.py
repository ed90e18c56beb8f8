"""Which predicate a question asks about.

Every predicate is described by phrases from the catalogue (label, synonyms, inverse label);
a question is compared with them by sentence embeddings, and a synonym that appears in the
question word for word (or lemma for lemma: "leads" ~ "lead") adds a bonus. Predicates that
are not in the catalogue (open relations "rel:...") get phrases from their label on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from kg.core.catalogue import Catalogue, Predicate
from kg.core.linking import compatible

EXACT_BONUS = 0.25


def predicate_phrases(pred) -> list[str]:
    phrases = [pred.label, *pred.synonyms]
    if pred.inverse_label:
        phrases.append(pred.inverse_label)
    phrases.append(f"what is the {pred.label} of it")
    return list(dict.fromkeys(p for p in phrases if p))


class IntentMatcher:
    """Predicate phrases, embedded once per process; questions are scored against them."""

    def __init__(self, catalogue: Catalogue, encoder, nlp):
        self.catalogue = catalogue
        self.encoder = encoder
        self.nlp = nlp
        self._phrases: dict[str, np.ndarray] = {}
        self._words: dict[str, list[tuple[str, str]]] = {}  # key -> [(surface, lemmas)]
        for pred in catalogue:
            self._add(pred)

    def _add(self, pred) -> None:
        phrases = predicate_phrases(pred)
        self._phrases[pred.key] = self.encoder.encode(phrases, normalize_embeddings=True)
        forms = []
        for phrase, doc in zip(phrases[:-1], self.nlp.pipe(phrases[:-1])):
            forms.append((phrase.casefold(), " ".join(t.lemma_.casefold() for t in doc)))
        self._words[pred.key] = forms

    def vocabulary(self) -> set[str]:
        """Words of predicate names (they never name entities in a question)."""
        words = set()
        for forms in self._words.values():
            for surface, _ in forms:
                words.update(surface.split())
        return words

    def read(self, text: str, doc) -> Intents:
        """The question's intents; `text` is the question with names and dates taken out."""
        vector = self.encoder.encode([text or doc.text], normalize_embeddings=True)[0]
        lemmas = " " + " ".join(t.lemma_.casefold() for t in doc) + " "
        surface = " " + " ".join(t.text.casefold() for t in doc) + " "
        hits = _exact_hits(self._words, surface, lemmas)
        return Intents(self, vector, hits)

    def relatedness(self, a: str, b: str) -> float:
        """How close two predicates' phrases come (1.0 when they share one: "manager")."""
        return float((self._vectors(a) @ self._vectors(b).T).max())

    def similarity(self, key: str, vector: np.ndarray) -> float:
        return float(np.max(self._vectors(key) @ vector))

    def _vectors(self, key: str) -> np.ndarray:
        if key not in self._phrases:
            self._add(self.catalogue.get(key))
        return self._phrases[key]


def takes_type(pred: Predicate, entity_type: str) -> bool:
    """Whether an entity of this type may be the predicate's subject or object (no gate, or an
    untyped entity: yes)."""
    gates = (*pred.subject_types, *pred.object_types)
    return not gates or entity_type in ("THING", "", None) or any(compatible(entity_type, t) for t in gates)


def _exact_hits(words: dict, surface: str, lemmas: str) -> dict[str, int]:
    """Predicates whose synonym occurs in the question; where synonyms overlap ("head" inside
    "head office"), only the longest counts. Value: length of the matched phrase."""
    found = []
    for key, forms in words.items():
        for phrase, lemma in forms:
            for text, form in ((surface, phrase), (lemmas, lemma)):
                match = re.search(r"(?<=\s)" + re.escape(form) + r"(?=\s)", text)
                if match and form.strip():
                    found.append((key, len(form), match.start(), match.end(), text is lemmas))
    hits: dict[str, int] = {}
    spans: list[tuple[int, int, bool, int]] = []
    for key, length, start, end, lemma in sorted(found, key=lambda f: -f[1]):
        if any(l == lemma and start < e and s < end and length < n for s, e, l, n in spans):
            continue
        spans.append((start, end, lemma, length))
        hits[key] = max(hits.get(key, 0), length)
    return hits


@dataclass
class Intents:
    matcher: IntentMatcher
    vector: np.ndarray
    exact: dict[str, int]
    _cache: dict[str, float] = field(default_factory=dict)

    def score(self, key: str) -> float:
        if key not in self._cache:
            bonus = EXACT_BONUS if key in self.exact else 0.0
            self._cache[key] = self.matcher.similarity(key, self.vector) + bonus
        return self._cache[key]

    def ranked(self, limit: int = 5, entity_type: str | None = None) -> list[tuple[str, float]]:
        """The best-scoring predicates; with `entity_type`, only those whose type gates let an
        entity of that type be their subject or object (a university has no head of state)."""
        scores = [(p.key, self.score(p.key)) for p in self.matcher.catalogue
                  if entity_type is None or takes_type(p, entity_type)]
        return sorted(scores, key=lambda kv: -kv[1])[:limit]

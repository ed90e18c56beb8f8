"""Entity linking: which of the graph's entities a name refers to, for articles and questions.

One module, one set of cut-offs, the same stages cheapest first: exact (normalised label or
alias in the EntityIndex), then rapidfuzz over the names that share a word, then sentence
embeddings of the names (the encoder is passed in; nothing here loads a model).

- `Linker` maps the names of one article (already resolved within it by
  `extract.linking.ArticleMentions`) onto the graph's entities, always within compatible
  types, so a person never merges with a company; two equally good candidates are reported
  as an ambiguity instead of guessed; a name with no match becomes a new entity.
- `QuestionLinker` finds the entities a parsed question names: every word n-gram looked up
  exactly, then spaCy entities and proper-noun chunks by fuzzy match and by embedding (the
  vectors cached per name; in a small graph every name is encoded, in a large one only the
  names sharing a word with the mention).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz

from kg.core.entities import EntityIndex, normalise
from kg.core.facts import Entity, slugify

logger = logging.getLogger(__name__)

# One set of cut-offs for articles and questions.
FUZZY_CUTOFF = 90.0  # rapidfuzz WRatio, 0..100
EMBEDDING_CUTOFF = 0.86  # cosine similarity of the names' sentence embeddings
MAX_NGRAM = 6  # longest word n-gram of a question looked up exactly
ENCODE_ALL_BELOW = 20_000  # names; above this a question's mention is compared only with names sharing a word
SKIP_ENTITY_LABELS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}

# Types that may name the same thing; a PERSON only ever matches a PERSON.
COMPATIBLE = {
    "PERSON": {"PERSON"},
    "ORG": {"ORG", "FAC", "PRODUCT", "NORP", "THING"},
    "GPE": {"GPE", "LOC", "NORP", "THING"},
    "LOC": {"GPE", "LOC", "THING"},
    "NORP": {"NORP", "ORG", "GPE"},
    "FAC": {"FAC", "ORG", "THING"},
    "PRODUCT": {"PRODUCT", "ORG", "THING"},
    "THING": {"THING", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "ROLE"},
}


def compatible(a: str, b: str) -> bool:
    return b in COMPATIBLE.get(a, {a, "THING"}) or a in COMPATIBLE.get(b, {b, "THING"})


# -- articles ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Link:
    entity: Entity
    new: bool  # not in the graph before
    changed: bool = False  # an existing entity that gained an alias
    ambiguity: str | None = None  # why the link is doubtful (reported, not guessed)


class Linker:
    """Maps an article's names onto the graph's entities (kept in an EntityIndex)."""

    def __init__(self, index: EntityIndex, encoder=None, fuzzy_cutoff: float = FUZZY_CUTOFF,
                 embedding_cutoff: float = EMBEDDING_CUTOFF):
        self.index = index
        self.encoder = encoder  # a callable: list[str] -> normalised vectors, or None
        self.fuzzy_cutoff = fuzzy_cutoff
        self.embedding_cutoff = embedding_cutoff

    def link(self, name: str, type_: str, aliases: tuple[str, ...] = (), weak: bool = False) -> Link:
        """`weak`: the type is only NER's guess; an existing entity of the same name wins."""
        if weak:
            found = self.index.exact(name)
            if len(found) == 1:
                return self._with_aliases(found[0], (name, *aliases))
        for candidate in (name, *aliases):
            found = [e for e in self.index.exact(candidate) if compatible(type_, e.type)]
            if len(found) == 1:
                return self._with_aliases(found[0], (name, *aliases))
            if len(found) > 1:
                return self._ambiguous(name, type_, found)
        close = [(e, s) for e, s in self.index.fuzzy(name, limit=5, cutoff=self.fuzzy_cutoff)
                 if compatible(type_, e.type) and _fuzzy_plausible(name, e, type_)]
        if close:
            best = close[0][1]
            top = [e for e, s in close if s >= best - 1.0]
            if len(top) == 1:
                return self._with_aliases(top[0], (name, *aliases))
            return self._ambiguous(name, type_, top)
        embedded = self._embedding_match(name, type_)
        if embedded is not None:
            return self._with_aliases(embedded, (name, *aliases))
        return self._new(name, type_, aliases)

    def prefetch(self, names: list[tuple[str, str]]) -> None:
        """Encode, in one call, the names of an article that linking may compare by meaning
        (no exact match, some known name sharing a word) together with those known names: one
        encoder call per name cost more than the rest of an article's linking."""
        if self.encoder is None or len(self.index) == 0:
            return
        texts: set[str] = set()
        for name, type_ in names:
            if type_ == "PERSON" or self.index.exact(name):
                continue
            pool = self._embedding_pool(name, type_)
            if pool:
                texts.add(name)
                texts.update(e.label for e in pool)
        if texts:
            self.encoder(sorted(texts))

    def _embedding_pool(self, name: str, type_: str) -> list[Entity]:
        # Only names that share a word are compared: embeddings of unrelated short names
        # are close by accident (and the index finds those names without a scan).
        names = self.index.names()
        ids = sorted({i for k in self.index.candidates(name, whole_words=True) for i in names.get(k, ())})
        return [e for e in self.index.many(ids).values() if compatible(type_, e.type)]

    def _embedding_match(self, name: str, type_: str) -> Entity | None:
        if self.encoder is None or type_ == "PERSON" or len(self.index) == 0:
            return None
        pool = self._embedding_pool(name, type_)
        if not pool:
            return None
        vectors = self.encoder([name, *(e.label for e in pool)])
        scores = [float(vectors[0] @ v) for v in vectors[1:]]
        best = max(range(len(pool)), key=scores.__getitem__)
        ranked = sorted(scores, reverse=True)
        if scores[best] >= self.embedding_cutoff and (len(ranked) == 1 or ranked[0] - ranked[1] > 0.05):
            return pool[best]
        return None

    def _with_aliases(self, entity: Entity, names: tuple[str, ...]) -> Link:
        known = {normalise(n) for n in (entity.label, *entity.aliases)}
        extra = tuple(n for n in dict.fromkeys(names) if normalise(n) and normalise(n) not in known)
        if not extra:
            return Link(entity, new=False)
        updated = replace(entity, aliases=tuple(entity.aliases) + extra)
        self.index.add(updated)
        return Link(updated, new=False, changed=True)

    def _ambiguous(self, name: str, type_: str, found: list[Entity]) -> Link:
        options = ", ".join(f"{e.label} ({e.type})" for e in found[:4])
        link = self._new(name, type_, (), suffix=True)
        return replace(link, ambiguity=f"'{name}' could be {options}: kept apart for review")

    def _new(self, name: str, type_: str, aliases: tuple[str, ...], suffix: bool = False) -> Link:
        base = slugify(name)
        entity_id = base
        taken = self.index.by_id.get(entity_id)
        if taken is not None or suffix:
            entity_id = f"{base}-{type_.lower()}"
            n = 2
            while entity_id in self.index.by_id:
                entity_id = f"{base}-{type_.lower()}-{n}"
                n += 1
        entity = Entity(entity_id, name, type_, tuple(a for a in dict.fromkeys(aliases) if a != name))
        self.index.add(entity)
        return Link(entity, new=True)


def _fuzzy_plausible(name: str, entity: Entity, type_: str) -> bool:
    """Fuzzy scores reward substrings: "Johnson" matches "Boris Johnson" but also "Johnson
    Controls". Accept a shorter name only as a whole word of the other's, people by surname."""
    mine = normalise(name).split()
    for other in (entity.label, *entity.aliases):
        theirs = normalise(other).split()
        if mine == theirs:
            return True
        if type_ == "PERSON":
            if mine and theirs and mine[-1] == theirs[-1] and (len(mine) == 1 or mine[0][:1] == theirs[0][:1]):
                return True
            continue
        if len(mine) < len(theirs) and theirs[: len(mine)] == mine:
            return True
        if len(mine) == len(theirs) and sum(a != b for a, b in zip(mine, theirs)) <= 1 and len(mine) > 1:
            return True
    return False


# -- questions -----------------------------------------------------------------------------

@dataclass(frozen=True)
class MentionLink:
    entity: Entity
    mention: str
    score: float  # 0..1
    how: str  # exact | fuzzy | embedding
    start: int  # token offsets in the parsed question
    end: int
    nested: bool = False  # inside a relative clause: "the company that bought X"


class QuestionLinker:
    """Which of the graph's entities a parsed question names (token offsets kept)."""

    def __init__(self, index: EntityIndex, encoder=None, stop_words: set[str] = frozenset()):
        self.index = index
        self.encoder = encoder  # a SentenceTransformer, or None to skip the embedding stage
        self.stop_words = {normalise(w) for w in stop_words}  # predicate words: never entity names
        self._vectors: dict[str, np.ndarray] = {}  # normalised name -> unit vector

    # -- linking ------------------------------------------------------------------------

    def link(self, doc) -> list[MentionLink]:
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

    def _exact(self, doc) -> list[MentionLink]:
        found = []
        for n in range(min(MAX_NGRAM, len(doc)), 0, -1):
            for start in range(len(doc) - n + 1):
                span = doc[start:start + n]
                if not self._nameable(span):
                    continue
                for entity in self.index.exact(span.text):
                    # A lower-case common word that names an entity is weaker evidence.
                    plain = n == 1 and span[0].is_lower
                    found.append(MentionLink(entity, span.text, 0.8 if plain else 1.0, "exact",
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

    def _fuzzy(self, span) -> list[MentionLink]:
        key = normalise(span.text)
        best, best_score = None, 0.0
        for name in self._candidates(key):
            score = fuzz.WRatio(key, name)
            if score > best_score:
                best, best_score = name, score
        if best is None or best_score < FUZZY_CUTOFF:
            return []
        return [MentionLink(e, span.text, best_score / 100, "fuzzy", span.start, span.end, _nested(span))
                for e in self.index.exact(best)]

    def _embedded(self, span) -> list[MentionLink]:
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
        if scores[best] < EMBEDDING_CUTOFF:
            return []
        return [MentionLink(e, span.text, float(scores[best]), "embedding", span.start, span.end, _nested(span))
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

"""Entity linking: which of the graph's entities a name refers to, for articles and questions.

One candidate path (`Candidates`), one set of cut-offs, one word index (the EntityIndex's),
cheapest stage first: exact (normalised label or alias), then rapidfuzz over the names that
share a word, then sentence embeddings of the names sharing a word (the encoder is passed in;
nothing here loads a model). What genuinely differs between an article's name and a
question's words is a `Reading`: an article's name has a type and must be a plausible form
of the other name; a question's has no type, may name an entity by part of its name, and in
a small graph is compared by meaning with every name.

- `Linker` maps the names of one article (already resolved within it by
  `extract.linking.ArticleMentions`) onto the graph's entities, always within compatible
  types, so a person never merges with a company; two equally good candidates are reported
  as an ambiguity instead of guessed; a name with no match becomes a new entity.
- `QuestionLinker` finds the entities a parsed question names: every word n-gram looked up
  exactly, then spaCy entities and proper-noun chunks through the fuzzy and embedding stages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from kg.core.entities import EntityIndex, normalise, short_form_of
from kg.core.facts import Entity, slugify

logger = logging.getLogger(__name__)

# One set of cut-offs for articles and questions.
FUZZY_CUTOFF = 90.0  # rapidfuzz WRatio, 0..100
FUZZY_TIE = 1.0  # candidates this close to the best fuzzy score are as good as the best
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


# -- the one candidate path ------------------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """What differs between linking an article's name and a question's words."""

    partial: bool  # any name fuzzy-close counts (a question's "Orvik"), not only a plausible form of it
    compare_all: bool  # in a small graph, compare by meaning with every name, not only those sharing a word
    margin: float  # how far the best match by meaning must lead the next entity


ARTICLE = Reading(partial=False, compare_all=False, margin=0.05)
QUESTION = Reading(partial=True, compare_all=True, margin=0.0)


class Candidates:
    """The graph's entities a name may refer to, by stage. `type_` None: any type (a question).
    `encode`: list[str] -> unit vectors (cached by the caller), or None to skip embeddings."""

    def __init__(self, index: EntityIndex, encode: Callable | None = None, reading: Reading = ARTICLE,
                 fuzzy_cutoff: float = FUZZY_CUTOFF, embedding_cutoff: float = EMBEDDING_CUTOFF):
        self.index = index
        self.encode = encode
        self.reading = reading
        self.fuzzy_cutoff = fuzzy_cutoff
        self.embedding_cutoff = embedding_cutoff

    def exact(self, name: str, type_: str | None = None) -> list[Entity]:
        return [e for e in self.index.exact(name) if _fits(type_, e)]

    def fuzzy(self, name: str, type_: str | None = None) -> list[tuple[Entity, float]]:
        """The best rapidfuzz matches (ties within FUZZY_TIE), scores 0..100."""
        close = [(e, s) for e, s in self.index.fuzzy(name, limit=5, cutoff=self.fuzzy_cutoff)
                 if _fits(type_, e) and (self.reading.partial or _fuzzy_plausible(name, e, type_))]
        if not close:
            return []
        best = close[0][1]
        return [(e, s) for e, s in close if s >= best - FUZZY_TIE]

    def embedded(self, name: str, type_: str | None = None) -> list[tuple[Entity, float]]:
        """The entities whose name is closest by meaning, if close enough and clearly ahead.
        Never for people: the names of two people are close by meaning whoever they are."""
        if self.encode is None or type_ == "PERSON" or len(self.index) == 0:
            return []
        keys = self.pool(name, type_)
        if not keys:
            return []
        vectors = self.encode([normalise(name), *keys])
        by_entity: dict[str, float] = {}
        for key, score in zip(keys, (vectors[1:] @ vectors[0]).tolist()):
            for entity_id in self.index.names().get(key, ()):
                by_entity[entity_id] = max(by_entity.get(entity_id, -1.0), score)
        entities = self.index.many(by_entity)
        ranked = sorted(((e, by_entity[i]) for i, e in entities.items() if _fits(type_, e)), key=lambda es: -es[1])
        if not ranked or ranked[0][1] < self.embedding_cutoff:
            return []
        best = ranked[0][1]
        if self.reading.margin and len(ranked) > 1 and best - ranked[1][1] <= self.reading.margin:
            return []  # two names about as close: not a match
        return [(e, s) for e, s in ranked if s == best]

    def pool(self, name: str, type_: str | None = None) -> list[str]:
        """The normalised names compared with `name` by meaning: those sharing a whole word
        (embeddings of unrelated short names are close by accident), or every name of a small
        graph where the reading says so."""
        names = self.index.names()
        if self.reading.compare_all and len(names) <= ENCODE_ALL_BELOW:
            keys = [k for k, ids in names.items() if ids]
        else:
            keys = self.index.candidates(name, whole_words=True)
        if type_ is not None:  # one lookup for all the pool's entities (a store answers it in one query)
            entities = self.index.many({i for k in keys for i in names.get(k, ())})
            fitting = {i for i, e in entities.items() if _fits(type_, e)}
            keys = [k for k in keys if names.get(k, set()) & fitting]
        return sorted(keys)


def _fits(type_: str | None, entity: Entity) -> bool:
    return type_ is None or compatible(type_, entity.type)


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
        self.candidates = Candidates(index, encoder, ARTICLE, fuzzy_cutoff, embedding_cutoff)

    def link(self, name: str, type_: str, aliases: tuple[str, ...] = (), weak: bool = False) -> Link:
        """`weak`: the type is only NER's guess; an existing entity of the same name wins."""
        if weak:
            found = self.candidates.exact(name)
            if len(found) == 1:
                return self._with_aliases(found[0], (name, *aliases))
        for candidate in (name, *aliases):
            found = self.candidates.exact(candidate, type_)
            if len(found) == 1:
                return self._with_aliases(found[0], (name, *aliases))
            if len(found) > 1:
                return self._ambiguous(name, type_, found)
        top = _prefer_short_form(name, [e for e, _ in self.candidates.fuzzy(name, type_)])
        if len(top) > 1:
            return self._ambiguous(name, type_, top)
        embedded = top or [e for e, _ in self.candidates.embedded(name, type_)]
        if embedded:
            return self._with_aliases(embedded[0], (name, *aliases))
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
            pool = self.candidates.pool(name, type_)
            if pool:
                texts.add(normalise(name))
                texts.update(pool)
        if texts:
            self.encoder(sorted(texts))

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


def _prefer_short_form(name: str, found: list[Entity]) -> list[Entity]:
    """Of equally close entities, the one whose name `name` is the whole distinctive part of
    ("Boeing": "Boeing Co" rather than "Boeing Capital"), when exactly one is."""
    if len(found) < 2:
        return found
    shortened = [e for e in found if any(short_form_of(name, n) for n in (e.label, *e.aliases))]
    return shortened if len(shortened) == 1 else found


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
        self.candidates = Candidates(index, self._encode if encoder is not None else None, QUESTION)

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
                for entity in self.candidates.exact(span.text):
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

    def _fuzzy(self, span) -> list[MentionLink]:
        return [MentionLink(e, span.text, score / 100, "fuzzy", span.start, span.end, _nested(span))
                for e, score in self.candidates.fuzzy(span.text)]

    def _embedded(self, span) -> list[MentionLink]:
        return [MentionLink(e, span.text, score, "embedding", span.start, span.end, _nested(span))
                for e, score in self.candidates.embedded(span.text)]

    def _encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of names, each encoded once for this linker's graph."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            vectors = self.encoder.encode(missing, batch_size=128, normalize_embeddings=True)
            self._vectors.update(zip(missing, vectors))
            logger.info("encoded %d entity names (%d cached)", len(missing), len(self._vectors))
        return np.stack([self._vectors[t] for t in texts])


def _nested(span) -> bool:
    """True when the span sits inside a relative or participle clause of another noun."""
    token = span.root
    while token.head.i != token.i:
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
    return False

"""An in-memory index of entity labels and aliases, for lookups by name.

Built once from the graph and kept up to date by the service after each write.
Exact lookups use a normalised form (case, accents, punctuation, a leading
"the"); fuzzy lookups use rapidfuzz. Embedding matches live in extraction's linker.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources import files

import yaml

from rapidfuzz import fuzz, process

from kg.core.facts import Entity

_PUNCT = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_LEADING = re.compile(r"^(the)\s+")
_POSSESSIVE = re.compile(r"['’]s\b")
_ID = re.compile(r"[\w.-]+")


def normalise(name: str) -> str:
    """"The Acme Corp.'s" -> "acme corp"; accents dropped, case folded."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _POSSESSIVE.sub("", text)
    text = _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip()
    return _LEADING.sub("", text)


@lru_cache(maxsize=1)
def org_designators() -> frozenset[str]:
    return frozenset(yaml.safe_load(files("kg.core").joinpath("names.yaml").read_text("utf-8"))["org_designators"])


def distinctive_words(key: str) -> list[str]:
    """The words that tell an organisation's normalised name apart: without the designators
    that end it ("walt disney company" -> ["walt", "disney"]); the whole name when nothing
    else would be left."""
    words = key.split()
    designators = org_designators()
    end = len(words)
    while end > 1 and words[end - 1] in designators:
        end -= 1
    return words[:end]


def short_form_of(short: str, long: str, last_words: bool = False) -> bool:
    """Whether `short` is a short form of the organisation `long` by its distinctive words:
    the whole of them ("Boeing" for "Boeing Co"), or with `last_words` also their last words
    ("Disney" for "The Walt Disney Company", the way a surname names a person). Only where
    `long` ends in a designator: "Disney" is no short form of "Disney Parks" by this rule.
    The last words are safe only where the long name was just written in full (one article):
    in "Orvik Telecom Group" they are "Telecom"."""
    mine, theirs = normalise(short).split(), normalise(long).split()
    core = distinctive_words(" ".join(theirs))
    if not mine or len(core) == len(theirs) or len(mine) > len(core):
        return False
    return core[-len(mine):] == mine if last_words else core == mine


# A word shared by more names than this ("group", "city") is no use for finding candidates.
COMMON_WORD_LIMIT = 2_000
PREFIX = 4  # names also meet on a word's first letters, so "Starbuks" still finds "Starbucks"


def name_words(key: str) -> set[str]:
    """The index words of a normalised name: its words, and their first letters marked "^"."""
    words = key.split()
    return set(words) | {"^" + w[:PREFIX] for w in words if len(w) > PREFIX}


class EntityIndex:
    def __init__(self, entities: Iterable[Entity] = ()):
        self.by_id: dict[str, Entity] = {}
        self._by_name: dict[str, set[str]] = defaultdict(set)
        self._words: dict[str, set[str]] = defaultdict(set)  # index word -> normalised names
        for entity in entities:
            self.add(entity)

    def __len__(self) -> int:
        return len(self.by_id)

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self.by_id

    def add(self, entity: Entity) -> None:
        old = self.by_id.get(entity.id)
        if old is not None:
            for name in (old.label, *old.aliases):
                self._by_name[normalise(name)].discard(old.id)
        self.by_id[entity.id] = entity
        for name in (entity.label, *entity.aliases):
            self._index_name(normalise(name), entity.id)

    def _index_name(self, key: str, entity_id: str) -> None:
        if key:
            self._by_name[key].add(entity_id)
            for word in name_words(key):
                self._words[word].add(key)

    def names(self) -> dict[str, set[str]]:
        """Normalised name -> entity ids (the index's own map: read it, do not change it)."""
        return self._by_name

    def many(self, ids: Iterable[str]) -> dict[str, Entity]:
        return {i: self.by_id[i] for i in ids if i in self.by_id}

    def candidates(self, name: str, whole_words: bool = False) -> set[str]:
        """Normalised names that share a word (or, unless `whole_words`, a word's first letters:
        enough for a typo, not for meaning) with `name`, leaving out words so common that they
        say nothing. The cost follows the name's words, not the size of the graph."""
        self.names()  # a lazy index loads its names here
        key = normalise(name)
        found: set[str] = set()
        for word in set(key.split()) if whole_words else name_words(key):
            bucket = self._words.get(word, ())
            if len(bucket) <= COMMON_WORD_LIMIT:
                found.update(bucket)
        return {k for k in found if self._by_name.get(k)}

    def exact(self, name: str, types: Iterable[str] | None = None) -> list[Entity]:
        """Entities whose label or alias normalises to the same text as `name`."""
        wanted = set(types) if types else None
        found = [self.by_id[i] for i in sorted(self._by_name.get(normalise(name), ()))]
        return [e for e in found if wanted is None or e.type in wanted or e.type == "THING"]

    def fuzzy(self, name: str, limit: int = 5, cutoff: float = 85.0) -> list[tuple[Entity, float]]:
        """Closest entities by rapidfuzz's WRatio over the labels and aliases that share a word
        (or a word's first letters) with `name`."""
        choices = self.names()
        pool = self.candidates(name)
        if not pool or not normalise(name):
            return []
        hits = process.extract(normalise(name), sorted(pool), scorer=fuzz.WRatio,
                               limit=limit * 2, score_cutoff=cutoff)
        best: dict[str, float] = {}
        for key, score, _ in hits:
            for entity_id in choices[key]:
                best[entity_id] = max(best.get(entity_id, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [(self.by_id[i], s) for i, s in ranked]


class _StoredEntities(Mapping):
    """`by_id` of a StoreEntityIndex: entities fetched from the graph on demand and cached.
    Iterating loads every entity, which is slow on a large graph: look up by id instead."""

    def __init__(self, graph):
        self._graph = graph
        self._cache: dict[str, Entity] = {}
        self._complete = False

    def __getitem__(self, entity_id: str) -> Entity:
        if not isinstance(entity_id, str) or not _ID.fullmatch(entity_id):
            raise KeyError(entity_id)  # a name, not an id: no IRI to look up
        if entity_id not in self._cache:
            found = self._graph.entities([entity_id])
            if entity_id not in found:
                raise KeyError(entity_id)
            self._cache[entity_id] = found[entity_id]
        return self._cache[entity_id]

    def __contains__(self, entity_id: object) -> bool:
        try:
            self[entity_id]  # type: ignore[index]
            return True
        except KeyError:
            return False

    def _load_all(self) -> None:
        if not self._complete:
            self._cache.update(self._graph.entities())
            self._complete = True

    def __iter__(self):
        self._load_all()
        return iter(dict(self._cache))

    def __len__(self) -> int:
        return len(self._cache) if self._complete else self._graph.count_entities()

    def put(self, entity: Entity) -> None:
        self._cache[entity.id] = entity

    def many(self, ids: Iterable[str]) -> dict[str, Entity]:
        ids = [i for i in ids if _ID.fullmatch(i)]
        missing = [i for i in ids if i not in self._cache]
        if missing:
            self._cache.update(self._graph.entities(missing))
        return {i: self._cache[i] for i in ids if i in self._cache}


class StoreEntityIndex(EntityIndex):
    """The same lookups as EntityIndex, answered from the graph so that it scales: exact
    names are index lookups on the stored normalised names; the full name list is loaded
    only when a fuzzy lookup first needs it."""

    def __init__(self, graph):
        self._graph = graph
        self.by_id = _StoredEntities(graph)
        self._by_name = None  # normalised name -> ids, loaded lazily for fuzzy matching
        self._words = defaultdict(set)

    def __len__(self) -> int:
        return len(self.by_id)

    def add(self, entity: Entity) -> None:
        old = self.by_id._cache.get(entity.id)
        self.by_id.put(entity)
        if self._by_name is not None:
            if old is not None:
                for name in (old.label, *old.aliases):
                    self._by_name[normalise(name)].discard(old.id)
            for name in (entity.label, *entity.aliases):
                self._index_name(normalise(name), entity.id)

    def names(self) -> dict[str, set[str]]:
        if self._by_name is None:
            self._by_name = defaultdict(set)
            for key, entity_id in self._graph.name_keys():
                self._index_name(key, entity_id)
            for entity in list(self.by_id._cache.values()):
                for name in (entity.label, *entity.aliases):
                    self._index_name(normalise(name), entity.id)
        return self._by_name

    def many(self, ids: Iterable[str]) -> dict[str, Entity]:
        return self.by_id.many(ids)

    def exact(self, name: str, types: Iterable[str] | None = None) -> list[Entity]:
        key = normalise(name)
        if not key:
            return []
        if self._by_name is not None:
            ids = sorted(self._by_name.get(key, ()))
        else:
            ids = self._graph.entity_ids_by_name_key(key)
            ids += [e.id for e in self.by_id._cache.values()
                    if e.id not in ids and key in {normalise(n) for n in (e.label, *e.aliases)}]
        wanted = set(types) if types else None
        found = [e for e in self.by_id.many(sorted(set(ids))).values()]
        return [e for e in found if wanted is None or e.type in wanted or e.type == "THING"]

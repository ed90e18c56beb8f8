"""An in-memory index of entity labels and aliases, for lookups by name.

Built once from the graph and kept up to date by the service after each write.
Exact lookups use a normalised form (case, accents, punctuation, a leading
"the"); fuzzy lookups use rapidfuzz. Embedding matches live in extraction's linker.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from kg.facts import Entity

_PUNCT = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_LEADING = re.compile(r"^(the)\s+")
_POSSESSIVE = re.compile(r"['’]s\b")


def normalise(name: str) -> str:
    """"The Acme Corp.'s" -> "acme corp"; accents dropped, case folded."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _POSSESSIVE.sub("", text)
    text = _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip()
    return _LEADING.sub("", text)


class EntityIndex:
    def __init__(self, entities: Iterable[Entity] = ()):
        self.by_id: dict[str, Entity] = {}
        self._by_name: dict[str, set[str]] = defaultdict(set)
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
            key = normalise(name)
            if key:
                self._by_name[key].add(entity.id)

    def names(self) -> dict[str, set[str]]:
        return {k: v for k, v in self._by_name.items() if v}

    def exact(self, name: str, types: Iterable[str] | None = None) -> list[Entity]:
        """Entities whose label or alias normalises to the same text as `name`."""
        wanted = set(types) if types else None
        found = [self.by_id[i] for i in sorted(self._by_name.get(normalise(name), ()))]
        return [e for e in found if wanted is None or e.type in wanted or e.type == "THING"]

    def fuzzy(self, name: str, limit: int = 5, cutoff: float = 85.0) -> list[tuple[Entity, float]]:
        """Closest entities by rapidfuzz's WRatio over labels and aliases."""
        choices = self.names()
        if not choices or not normalise(name):
            return []
        hits = process.extract(normalise(name), list(choices), scorer=fuzz.WRatio,
                               limit=limit * 2, score_cutoff=cutoff)
        best: dict[str, float] = {}
        for key, score, _ in hits:
            for entity_id in choices[key]:
                best[entity_id] = max(best.get(entity_id, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [(self.by_id[i], s) for i, s in ranked]

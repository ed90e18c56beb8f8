"""The predicate catalogue: a data file (predicates.yaml) users can extend, and the one owner
of role words: the names of each predicate's post (its `roles`) and the general nouns that
name a person by their position (roles.yaml: role heads, office titles, playing positions).

Open relations that extraction finds outside the catalogue are kept under keys
"rel:<phrase>"; they are multi-valued, since nothing says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from importlib.resources import files
from pathlib import Path

import yaml

from kg.core.errors import InvalidFactError, UnknownPredicateError
from kg.core.facts import slugify

OPEN_PREFIX = "rel:"


@dataclass(frozen=True)
class Predicate:
    key: str
    label: str
    cardinality: str = "multi"  # single | multi
    wikidata: str | None = None
    subject_types: tuple[str, ...] = ()
    object_types: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    inverse_label: str | None = None
    roles: tuple[str, ...] = ()
    open: bool = False

    @property
    def single(self) -> bool:
        return self.cardinality == "single"

    @property
    def literal(self) -> bool:
        """True when the object is a value (number, date, text), not an entity."""
        return bool(self.object_types) and set(self.object_types) <= {"number", "date", "text"}


class Catalogue:
    def __init__(self, predicates: dict[str, Predicate], positions: dict[str, list[str]] | None = None):
        self._by_key = dict(predicates)
        self._positions = {k: frozenset(w.lower() for w in v) for k, v in (positions or {}).items()}

    @classmethod
    def load(cls, extra: str | Path | None = None) -> Catalogue:
        """The packaged catalogue, extended (or overridden by key) by `extra`."""
        data = _packaged("predicates.yaml")
        if extra:
            path = Path(extra)
            if not path.is_file():
                raise InvalidFactError(f"The predicates file {path} does not exist.")
            data.update(yaml.safe_load(path.read_text("utf-8")) or {})
        return cls({key: _parse(key, entry) for key, entry in data.items()}, _packaged("roles.yaml"))

    # -- role words ---------------------------------------------------------------------------

    @cached_property
    def office_titles(self) -> frozenset[str]:
        """Titles written before a name ("President X"), dropped from the name."""
        return self._positions.get("office_titles", frozenset())

    @cached_property
    def playing_positions(self) -> frozenset[str]:
        return self._positions.get("playing_positions", frozenset())

    @cached_property
    def role_heads(self) -> frozenset[str]:
        """Nouns that name a person by their post: the head nouns of every predicate's roles,
        the office titles and the general ones of roles.yaml."""
        heads = {role_head(r) for pred in self for r in pred.roles}
        return frozenset(heads | self.office_titles | self._positions.get("role_heads", frozenset()))

    @cached_property
    def organisation_post_heads(self) -> frozenset[str]:
        """Head nouns of posts held only in an organisation ("executive", "chairman", "coach"):
        the heads of the roles of person-valued predicates whose subject is an organisation,
        less any head a place's post shares ("head" of state, of government)."""
        def heads(kinds) -> set[str]:
            return {role_head(r) for pred in self if "PERSON" in pred.object_types
                    and set(pred.subject_types) & kinds for r in pred.roles}
        return frozenset(heads({"ORG"}) - heads({"GPE", "LOC"}))

    @cached_property
    def offices(self) -> dict[str, Predicate]:
        """Each name of a post held by a person in an organisation or place (the predicate's
        label, roles and synonyms, lower case) -> its predicate; the first predicate that
        names it wins."""
        found: dict[str, Predicate] = {}
        for pred in self:
            if "PERSON" in pred.object_types and set(pred.subject_types) & {"ORG", "GPE"}:
                for name in (pred.label, *pred.roles, *pred.synonyms):
                    found.setdefault(name.lower(), pred)
        return found

    @cached_property
    def office_heads(self) -> frozenset[str]:
        """Head nouns of the offices' names ("officer", "coach")."""
        return frozenset(role_head(name) for name in self.offices)

    def __iter__(self):
        return iter(self._by_key.values())

    def __contains__(self, key: str) -> bool:
        return key in self._by_key or key.startswith(OPEN_PREFIX)

    def get(self, key: str) -> Predicate:
        if key in self._by_key:
            return self._by_key[key]
        if key.startswith(OPEN_PREFIX) and len(key) > len(OPEN_PREFIX):
            # Open relations are named by a slug of their phrase, whatever was typed.
            key = open_predicate_key(key[len(OPEN_PREFIX):])
            phrase = key[len(OPEN_PREFIX):].replace("_", " ")
            return Predicate(key=key, label=phrase, open=True)
        raise UnknownPredicateError(
            f"Unknown predicate {key!r}. Use one of the catalogue's keys "
            f"({', '.join(sorted(self._by_key)[:6])}, ...), a label or synonym, "
            f"or an open relation written 'rel:<phrase>'."
        )

    def resolve(self, name: str) -> Predicate:
        """Find a predicate by key, label, synonym or Wikidata id (case-insensitive)."""
        wanted = name.strip()
        if wanted in self._by_key or wanted.startswith(OPEN_PREFIX):
            return self.get(wanted)
        folded = wanted.casefold().replace("_", " ")
        for pred in self._by_key.values():
            names = {pred.key.replace("_", " "), pred.label.casefold(), (pred.wikidata or "").casefold()}
            if folded in names:
                return pred
        for pred in self._by_key.values():
            if folded in (s.casefold() for s in pred.synonyms):
                return pred
        raise UnknownPredicateError(
            f"Unknown predicate {name!r}. See `kg/core/predicates.yaml` for the catalogue, or write "
            f"'rel:{slugify(name).replace('-', '_')}' to keep it as an open relation."
        )


def role_head(phrase: str) -> str:
    """The head noun of a post's name: "chief executive officer" -> "officer", "head of state"
    -> "head" (the word before "of", else the last)."""
    words = phrase.lower().split()
    return words[words.index("of", 1) - 1] if "of" in words[1:] else words[-1]


def _packaged(name: str) -> dict:
    return yaml.safe_load(files("kg.core").joinpath(name).read_text("utf-8")) or {}


def open_predicate_key(phrase: str) -> str:
    try:
        return OPEN_PREFIX + slugify(phrase).replace("-", "_")
    except InvalidFactError:
        raise UnknownPredicateError(
            f"The relation {phrase!r} has no letters or digits to name it by."
        ) from None


def _parse(key: str, entry: dict) -> Predicate:
    if not isinstance(entry, dict) or "label" not in entry:
        raise InvalidFactError(f"Predicate {key!r} in the catalogue needs at least a label.")
    cardinality = entry.get("cardinality", "multi")
    if cardinality not in ("single", "multi"):
        raise InvalidFactError(f"Predicate {key!r}: cardinality must be 'single' or 'multi'.")
    return Predicate(
        key=key,
        label=entry["label"],
        cardinality=cardinality,
        wikidata=entry.get("wikidata"),
        subject_types=tuple(entry.get("subject") or ()),
        object_types=tuple(entry.get("object") or ()),
        synonyms=tuple(entry.get("synonyms") or ()),
        inverse_label=entry.get("inverse_label"),
        roles=tuple(entry.get("roles") or ()),
    )

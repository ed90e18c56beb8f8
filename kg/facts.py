"""Value types for facts, statements, sources and entities.

Nothing here knows about RDF or a store: these are plain frozen values that the
temporal rules (`kg.core.temporal`) compute with and the encoder (`kg.graph.rdf`) writes.

Two layers:
- a `Statement` is what one source (an article, a person's edit, an import)
  said: "Tomas Berg is chief executive of Halvorsen Marine from 2023-02-14";
- a `Fact` is derived from all statements about one subject and predicate: one
  interval of validity with a status and every source that supports it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from enum import StrEnum

from kg.core.errors import InvalidFactError


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_ISO_PARTIAL = re.compile(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True, order=True)
class TimePoint:
    """A date known to a precision: "2019" is the year 2019, starting 2019-01-01."""

    date: dt.date
    precision: Precision = Precision.DAY

    @classmethod
    def parse(cls, text: str | dt.date | TimePoint | None) -> TimePoint | None:
        """Read "2023", "2023-02" or "2023-02-14" (also a date or a TimePoint)."""
        if text is None or isinstance(text, TimePoint):
            return text
        if isinstance(text, dt.datetime):
            return cls(text.date())
        if isinstance(text, dt.date):
            return cls(text)
        match = _ISO_PARTIAL.match(str(text).strip())
        if not match:
            raise InvalidFactError(
                f"Cannot read the date {text!r}: write it as YYYY, YYYY-MM or YYYY-MM-DD."
            )
        year, month, day = match.groups()
        try:
            if day:
                return cls(dt.date(int(year), int(month), int(day)), Precision.DAY)
            if month:
                return cls(dt.date(int(year), int(month), 1), Precision.MONTH)
            return cls(dt.date(int(year), 1, 1), Precision.YEAR)
        except ValueError as err:
            raise InvalidFactError(f"{text!r} is not a real date ({err}).") from None

    def __str__(self) -> str:
        if self.precision is Precision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    @property
    def last_day(self) -> dt.date:
        """The last day the point covers: 2019 covers up to 2019-12-31."""
        if self.precision is Precision.YEAR:
            return dt.date(self.date.year, 12, 31)
        if self.precision is Precision.MONTH:
            days = calendar.monthrange(self.date.year, self.date.month)[1]
            return dt.date(self.date.year, self.date.month, days)
        return self.date

    def human(self) -> str:
        """"14 February 2023", "February 2023" or "2023"."""
        if self.precision is Precision.YEAR:
            return str(self.date.year)
        if self.precision is Precision.MONTH:
            return self.date.strftime("%B %Y")
        return f"{self.date.day} {self.date.strftime('%B %Y')}"


class Status(StrEnum):
    """After Wikidata's ranks: what a derived fact is now."""

    CURRENT = "current"  # still true as far as the graph knows
    SUPERSEDED = "superseded"  # was true; a newer value replaced it
    RETRACTED = "retracted"  # ended with no successor
    DEPRECATED = "deprecated"  # was wrong; kept, with a reason


class Kind(StrEnum):
    """What a statement does."""

    ASSERT = "assert"  # the subject has this object (from valid_from, maybe until valid_until)
    END = "end"  # the subject stops having this object (or any object) at valid_from
    DEPRECATE = "deprecate"  # the statements in `targets` were wrong


class Modality(StrEnum):
    """How firmly a source states it; only ASSERTED statements make facts."""

    ASSERTED = "asserted"
    HEDGED = "hedged"  # "reportedly", "in talks to", "agreed to buy ... pending approval"
    NEGATED = "negated"  # "did not", "denied"


@dataclass(frozen=True)
class Ref:
    """An object that is an entity, by entity id."""

    id: str

    def key(self) -> str:
        return "e:" + self.id


DATATYPES = ("string", "integer", "decimal", "date", "year", "boolean")


@dataclass(frozen=True)
class Value:
    """An object that is a literal: text, a number with an optional unit, or a date."""

    text: str
    datatype: str = "string"
    unit: str | None = None

    def __post_init__(self) -> None:
        if self.datatype not in DATATYPES:
            raise InvalidFactError(
                f"Unknown datatype {self.datatype!r}; use one of {', '.join(DATATYPES)}."
            )

    def key(self) -> str:
        return f"v:{self.datatype}:{self.unit or ''}:{self.text}"


Term = Ref | Value


@dataclass(frozen=True)
class Entity:
    id: str
    label: str
    type: str = "THING"  # PERSON, ORG, GPE, LOC, ... (spaCy's labels) or THING
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where statements came from: an article, a person's edit or an import."""

    id: str
    kind: str = "article"  # article | edit | import
    title: str = ""
    published: TimePoint | None = None
    published_uncertain: bool = False  # no date was given: the ingest time stands in
    url: str | None = None
    file_name: str | None = None
    content_hash: str | None = None
    recorded_at: dt.datetime | None = None
    agent: str | None = None  # the person for edits, the extractor for articles
    reason: str | None = None  # why an edit was made
    text: str | None = None  # the article text, kept for highlighting sentences


@dataclass(frozen=True)
class Statement:
    """One thing one source said about one subject and predicate."""

    subject: str
    predicate: str
    object: Term | None
    source_id: str
    kind: Kind = Kind.ASSERT
    valid_from: TimePoint | None = None
    valid_until: TimePoint | None = None
    modality: Modality = Modality.ASSERTED
    sentence: str | None = None
    extractor: str | None = None
    confidence: float = 1.0
    recorded_at: dt.datetime | None = None
    targets: tuple[str, ...] = ()  # statement ids, for DEPRECATE
    reason: str | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.subject or not self.predicate:
            raise InvalidFactError("A statement needs a subject and a predicate.")
        if self.kind is Kind.ASSERT and self.object is None:
            raise InvalidFactError("An asserted statement needs an object.")
        if (
            self.valid_from
            and self.valid_until
            and self.valid_until.date < self.valid_from.date
        ):
            raise InvalidFactError(
                f"The fact ends ({self.valid_until}) before it starts ({self.valid_from})."
            )
        if not 0.0 <= self.confidence <= 1.0:
            raise InvalidFactError("Confidence must lie between 0 and 1.")
        if not self.id:
            object.__setattr__(self, "id", statement_id(self))

    @property
    def key(self) -> tuple[str, str]:
        return (self.subject, self.predicate)


@dataclass(frozen=True)
class Fact:
    """One interval in which a subject had an object for a predicate."""

    id: str
    subject: str
    predicate: str
    object: Term
    status: Status
    valid_from: TimePoint | None = None
    valid_until: TimePoint | None = None
    recorded_at: dt.datetime | None = None
    invalidated_at: dt.datetime | None = None
    statements: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    confidence: float = 1.0
    replaces: str | None = None
    replaced_by: str | None = None
    reason: str | None = None

    def valid_at(self, day: dt.date) -> bool:
        """True if the fact held on `day` (and was not deprecated)."""
        if self.status is Status.DEPRECATED:
            return False
        starts = self.valid_from.date if self.valid_from else dt.date.min
        return starts <= day and (self.valid_until is None or day < self.valid_until.date)


@dataclass(frozen=True)
class AuditEntry:
    """One change to the graph: who did what, when, to which source."""

    id: str
    action: str  # ingest | add | retract | deprecate | correct | forget | import
    agent: str
    at: dt.datetime
    source_id: str | None = None
    title: str = ""
    detail: str = ""


def digest(*parts: object, size: int = 16) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:size]


def term_key(term: Term | None) -> str:
    return term.key() if term is not None else "-"


def statement_id(st: Statement) -> str:
    return digest(
        st.source_id, st.kind, st.subject, st.predicate, term_key(st.object),
        st.valid_from, st.valid_until, st.modality, st.sentence, ",".join(st.targets),
    )


def fact_id(subject: str, predicate: str, obj: Term, valid_from: TimePoint | None,
            deprecated: bool = False) -> str:
    """Stable id: the same subject, predicate, object and start give the same id."""
    return digest(subject, predicate, term_key(obj), valid_from, "d" if deprecated else "", size=12)


_SLUG = re.compile(r"[^\w]+", re.UNICODE)


def slugify(label: str) -> str:
    """An id fragment safe in an IRI: "Tomas Berg" -> "tomas-berg"."""
    slug = _SLUG.sub("-", label.casefold()).strip("-_")
    if not slug:
        raise InvalidFactError(f"{label!r} has no letters or digits to name an entity by.")
    return slug[:120]

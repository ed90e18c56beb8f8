"""Facts joined with labels and sources, as people and scripts see them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from kg.core.catalogue import Catalogue
from kg.core.facts import Entity, Fact, Ref, Source, Value


@dataclass(frozen=True)
class SourceRef:
    id: str
    title: str
    published: str | None
    kind: str = "article"
    url: str | None = None


@dataclass(frozen=True)
class FactRow:
    id: str
    subject: str
    predicate: str
    object: str
    valid_from: str | None
    valid_until: str | None
    status: str
    subject_id: str
    predicate_key: str
    object_id: str | None
    unit: str | None = None
    confidence: float = 1.0
    replaces: str | None = None
    replaced_by: str | None = None
    reason: str | None = None
    recorded_at: str | None = None
    invalidated_at: str | None = None
    sources: tuple[SourceRef, ...] = field(default=())
    fact: Fact | None = field(default=None, compare=False, repr=False)

    @property
    def source(self) -> str:
        """The first source, as "Title (2023-02-14)"."""
        if not self.sources:
            return ""
        first = self.sources[0]
        return f"{first.title} ({first.published})" if first.published else first.title

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("fact")
        data["source"] = self.source
        data["sources"] = [asdict(s) for s in self.sources]
        return data


def object_label(obj, entities: dict[str, Entity]) -> str:
    if isinstance(obj, Ref):
        entity = entities.get(obj.id)
        return entity.label if entity else obj.id
    assert isinstance(obj, Value)
    if obj.datatype in ("integer", "decimal"):
        try:
            number = float(obj.text)
            text = f"{int(number):,}" if number.is_integer() else f"{number:,}"
        except ValueError:
            text = obj.text
        return f"{text} {obj.unit}" if obj.unit else text
    return obj.text


def fact_rows(facts: list[Fact], entities: dict[str, Entity], sources: dict[str, Source],
              catalogue: Catalogue) -> list[FactRow]:
    rows = []
    for fact in facts:
        subject = entities.get(fact.subject)
        refs = tuple(
            SourceRef(s.id, s.title or s.file_name or s.id, str(s.published) if s.published else None,
                      s.kind, s.url)
            for s in sorted((sources[i] for i in fact.sources if i in sources),
                            key=lambda s: (str(s.published or ""), s.id))
        )
        rows.append(FactRow(
            id=fact.id,
            subject=subject.label if subject else fact.subject,
            predicate=catalogue.get(fact.predicate).label,
            object=object_label(fact.object, entities),
            valid_from=str(fact.valid_from) if fact.valid_from else None,
            valid_until=str(fact.valid_until) if fact.valid_until else None,
            # people read "ended" for a fact that ended with no successor (the RDF term stays eg:retracted)
            status="ended" if fact.status.value == "retracted" else fact.status.value,
            subject_id=fact.subject,
            predicate_key=fact.predicate,
            object_id=fact.object.id if isinstance(fact.object, Ref) else None,
            unit=fact.object.unit if isinstance(fact.object, Value) else None,
            confidence=fact.confidence,
            replaces=fact.replaces,
            replaced_by=fact.replaced_by,
            reason=fact.reason,
            recorded_at=fact.recorded_at.isoformat() if fact.recorded_at else None,
            invalidated_at=fact.invalidated_at.isoformat() if fact.invalidated_at else None,
            sources=refs,
            fact=fact,
        ))
    return rows

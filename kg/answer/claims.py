"""Held-back claims (hedged or negated statements that never became facts) as numbered rows,
cited like facts: "No: ... a claim was held back as negated, see [3]." The row carries the
claim's source, so the app's citation opens it like any other, and its status says it is not
a fact ("held back (negated)")."""

from __future__ import annotations

from kg.core.catalogue import Catalogue
from kg.core.facts import Entity, Fact, Ref, Source, Statement, Status
from kg.graph.read_model import FactRow, SourceRef, object_label

HELD_BACK = "held back"


def is_held_back(row: FactRow) -> bool:
    return row.status.startswith(HELD_BACK)


def held_back_rows(claims: list[Statement], entities: dict[str, Entity], sources: dict[str, Source],
                   catalogue: Catalogue) -> list[FactRow]:
    rows = []
    for claim in claims:
        source = sources.get(claim.source_id)
        refs = (SourceRef(source.id, source.title or source.file_name or source.id,
                          str(source.published) if source.published else None, source.kind, source.url),) \
            if source else ()
        subject = entities.get(claim.subject)
        # A Fact-shaped view of the claim: `statements` points at the claim, which is what the
        # app's citation reads to quote the sentence; it never enters the graph.
        view = Fact(claim.id, claim.subject, claim.predicate, claim.object, Status.DEPRECATED,
                    claim.valid_from, claim.valid_until, statements=(claim.id,), sources=(claim.source_id,),
                    reason=f"{HELD_BACK} as {claim.modality.value}: not a fact")
        rows.append(FactRow(
            id=claim.id, subject=subject.label if subject else claim.subject,
            predicate=catalogue.get(claim.predicate).label,
            object=object_label(claim.object, entities) if claim.object is not None else "",
            valid_from=str(claim.valid_from) if claim.valid_from else None,
            valid_until=str(claim.valid_until) if claim.valid_until else None,
            status=f"{HELD_BACK} ({claim.modality.value})", subject_id=claim.subject,
            predicate_key=claim.predicate,
            object_id=claim.object.id if isinstance(claim.object, Ref) else None,
            confidence=claim.confidence, reason=view.reason, sources=refs, fact=view))
    return rows

"""A tiny graph for the question-kind tests, built through the service (none of these names
or questions occur in a dev set): posts that change hands, acquisitions, a head-office move,
a held-back (hedged) claim and a post left with no successor."""

from __future__ import annotations

import datetime as dt

from kg.runtime.settings import Settings
from kg.core.facts import Modality, Ref, Source, Statement, TimePoint
from kg.graph.report import Report
from kg.app.service import Evergreen
from tests.conftest import FixedClock

FACTS = [
    ("Quillon Foods", "chief executive", "Mara Ostrem", "2012-03-01"),
    ("Quillon Foods", "chief executive", "Devan Pike", "2019-06-15"),
    ("Quillon Foods", "chief executive", "Ilse Varga", "2024-02-01"),
    ("Quillon Foods", "headquarters", "Brantwick", "2005"),
    ("Quillon Foods", "headquarters", "Colmere", "2021-09"),
    ("Quillon Foods", "acquired", "Penrose Bakeries", "2016-05-10"),
    ("Quillon Foods", "acquired", "Tallow Dairies", "2020-11-02"),
    ("Quillon Foods", "acquired", "Orchard Vale", "2023-07-19"),
    ("Tallow Dairies", "chief executive", "Rook Hadley", "2010-01-01"),
    ("Orchard Vale", "chairperson", "Sefa Anning", "2015-04-01"),
    ("Hestia Mills", "chief executive", "Jonas Reeve", "2018-01-08"),
]


def build(models) -> Evergreen:
    clock = FixedClock(dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc))
    svc = Evergreen(Settings(store="memory", user="tester"), clock=clock)
    for subject, predicate, obj, start in FACTS:
        svc.add(subject, predicate, obj, start)
    # Jonas Reeve stepped down with no successor named.
    reeve = next(r for r in svc.facts("Hestia Mills") if r.object == "Jonas Reeve")
    svc.retract(reeve.id, at="2024-09-30", reason="stepped down")
    # A hedged claim: Quillon was "in talks to buy" Hestia Mills; it never became a fact.
    source = Source(id="article-quillon-talks", kind="article", title="Quillon in talks for Hestia",
                    published=TimePoint.parse("2025-03-04"), recorded_at=clock())
    claim = Statement(subject=_id(svc, "Quillon Foods"), predicate=svc.catalogue.resolve("acquired").key,
                      object=Ref(_id(svc, "Hestia Mills")), source_id=source.id,
                      valid_from=TimePoint.parse("2025-03-04"), modality=Modality.HEDGED,
                      sentence="Quillon Foods is in talks to buy Hestia Mills, people familiar said.",
                      extractor="test", recorded_at=clock())
    svc.commit(Report("ingest", source_id=source.id, title=source.title), sources=[source],
               statements=[claim])
    return svc


def _id(svc: Evergreen, label: str) -> str:
    return svc.find_entity(label).id

"""Fixtures for answering: a small graph built through the service, the real models loaded once."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.runtime.settings import Settings
from kg.runtime.local_models import sentence_encoder, spacy_pipeline
from kg.app.service import Evergreen
from tests.conftest import FixedClock

FACTS = [
    ("Germany", "head of government", "Angela Merkel", "2005-11-22"),
    ("Germany", "head of government", "Olaf Scholz", "2021-12-08"),
    ("Germany", "head of government", "Friedrich Merz", "2025-05-06"),
    ("Halvorsen Marine", "chief executive", "Ingrid Dahl", "2016-04-01"),
    ("Halvorsen Marine", "chief executive", "Tomas Berg", "2023-02-14"),
    ("Halvorsen Marine", "headquarters", "Bergen", "2001"),
    ("Halvorsen Marine", "headquarters", "Oslo", "2021-06"),
    ("Nordvik Shipping", "acquired", "Halvorsen Marine", "2022-09-01"),
    ("Nordvik Shipping", "acquired", "Fjord Cargo", "2019-03-05"),
    ("Nordvik Shipping", "acquired", "Skagen Ferries", "2024-01-10"),
    ("Nordvik Shipping", "chief executive", "Lena Moe", "2018-01-01"),
    ("Tarnby", "population", "12400", "2015"),
    ("Tarnby", "population", "13950", "2022"),
]


@pytest.fixture(scope="session")
def models():
    """The real spaCy pipeline and sentence encoder, loaded once for the session."""
    settings = Settings()
    return spacy_pipeline(settings.spacy_model), sentence_encoder(settings.embedding_model)


@pytest.fixture(scope="session")
def graph_service(models):
    """A memory-store service holding FACTS (read-only use: tests must not write to it)."""
    clock = FixedClock(dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc))
    with Evergreen(Settings(store="memory", user="tester"), clock=clock) as svc:
        for subject, predicate, obj, start in FACTS:
            svc.add(subject, predicate, obj, start)
        yield svc


@pytest.fixture(scope="session")
def kinds_service(models):
    """The question-kind graph of tests/kg/answer/kinds_graph.py (read-only use)."""
    from tests.kg.answer.kinds_graph import build

    svc = build(models)
    yield svc
    svc.close()

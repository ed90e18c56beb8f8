"""Shared fixtures: a service on each store backend, a fixed clock, the real models."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from kg.core.catalogue import Catalogue
from kg.runtime.settings import Settings
from kg.app.service import Evergreen

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class FixedClock:
    """A clock that only moves when told to, so record times are reproducible."""

    def __init__(self, start: dt.datetime = dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc)):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def tick(self, **delta) -> None:
        self.now += dt.timedelta(**delta or {"seconds": 1})


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def service(clock) -> Evergreen:
    """A service on the in-memory store."""
    with Evergreen(Settings(store="memory", user="tester"), clock=clock) as svc:
        yield svc


@pytest.fixture(scope="session")
def extractor():
    """The real spaCy pipeline and extractor, loaded once per session (extraction and
    reliability tests both ingest through it)."""
    from extract.pipeline import Extractor

    return Extractor(Settings(store="memory"), Catalogue.load())


@pytest.fixture
def ingest_service(clock, extractor):
    """A memory-store service that reuses the session's extractor (models loaded once)."""
    with Evergreen(Settings(store="memory", user="tester"), clock=clock) as svc:
        svc._extractor = extractor
        yield svc

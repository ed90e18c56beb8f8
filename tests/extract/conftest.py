"""Extraction fixtures: the real spaCy pipeline and extractor, loaded once per session."""

from __future__ import annotations

import pytest

from kg.catalogue import Catalogue
from kg.config import Settings
from kg.service import Evergreen


@pytest.fixture(scope="session")
def extractor():
    from extract.pipeline import Extractor

    return Extractor(Settings(store="memory"), Catalogue.load())


@pytest.fixture
def ingest_service(clock, extractor):
    """A memory-store service that reuses the session's extractor (models loaded once)."""
    with Evergreen(Settings(store="memory", user="tester"), clock=clock) as svc:
        svc._extractor = extractor
        yield svc

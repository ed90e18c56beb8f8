"""AppTest fixtures: the real app on a temporary embedded store, seeded through the service."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from kg.runtime.settings import Settings
from kg.app.service import Evergreen

APP = str(Path(__file__).resolve().parents[2] / "app.py")
HOSTILE = "Halvorsen <script>alert(1)</script> [x](javascript:alert(2)) :red[boo]"


def seed(store: str) -> None:
    """A small graph with a superseded fact, a literal and a hostile label."""
    with Evergreen(Settings(store=store, user="seeder")) as svc:
        svc.add("Halvorsen Marine", "chief executive", "Tomas Berg", valid_from="2020-03-01",
                reason="annual report 2020")
        svc.add("Halvorsen Marine", "chief executive", "Ingrid Solberg", valid_from="2023-02-14",
                reason="press release")
        svc.add("Halvorsen Marine", "headquarters", "Bergen", valid_from="2019")
        svc.add(HOSTILE, "headquarters", "Oslo <b>bold</b>", valid_from="2021")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in list(os.environ):
        if name.startswith("EVERGREEN_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no evergreen.toml, no data/samples: a clean install
    yield
    st.cache_resource.clear()  # closes the stores (on_release)


@pytest.fixture
def empty_store(tmp_path, monkeypatch) -> str:
    store = str(tmp_path / "store")
    monkeypatch.setenv("EVERGREEN_STORE", store)
    return store


@pytest.fixture
def loaded_store(empty_store) -> str:
    seed(empty_store)
    return empty_store


def open_app(page: str | None = None, secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if secrets:
        at.secrets.update(secrets)
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    return at


def texts(at: AppTest) -> str:
    """Everything the page says in Markdown-like elements, for assertions."""
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def table_text(at: AppTest) -> str:
    return "\n".join(df.value.to_csv() for df in at.dataframe)


def no_failure(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]

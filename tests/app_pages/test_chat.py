"""The chat page through AppTest on a graph built by the real extraction and answered by the real service."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kg.runtime.settings import Settings
from kg.app.service import Evergreen
from tests.app_pages.conftest import no_failure, open_app, texts
from tests.app_pages.test_pages import plain

ARTICLES = Path(__file__).parent / "articles"
QUESTION = "Who is the chief executive of Norfjord Shipping?"

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    """Both Norfjord articles ingested once; each test gets a copy of the store."""
    store = tmp_path_factory.mktemp("chat") / "store"
    with Evergreen(Settings(store=str(store), user="seeder")) as svc:
        reports = list(svc.ingest(sorted(ARTICLES.glob("*.md"))))
    assert [r.status for r in reports] == ["ok", "ok"]
    return store


@pytest.fixture
def chat_store(ingested, tmp_path, monkeypatch) -> str:
    store = tmp_path / "store"
    shutil.copytree(ingested, store)
    monkeypatch.setenv("EVERGREEN_STORE", str(store))
    monkeypatch.setenv("EVERGREEN_APP_LLM", "none")
    return str(store)


def ask(at, question: str):
    at.chat_input(key="chat_input").set_value(question).run()
    no_failure(at)
    return at.chat_message[-1]


def test_answer_with_citation_facts_and_prompt(chat_store):
    at = open_app()
    reply = ask(at, QUESTION)
    first = plain(reply.markdown[0].value)
    assert "Jonas Lie" in first and "[1]" in first
    assert any(e.label.startswith("Facts used") for e in reply.expander)
    assert "Jonas Lie" in reply.code[0].value  # the exact prompt, shown as text
    assert "Jonas Lie" in reply.dataframe[0].value.to_csv()


def test_answer_as_of_a_past_date(chat_store):
    at = open_app()
    at.toggle(key="chat_past").set_value(True).run()
    at.date_input(key="chat_as_of").set_value(dt.date(2022, 6, 1))
    reply = ask(at, QUESTION)
    first = plain(reply.markdown[0].value)
    assert "Lena Aas" in first and "Jonas Lie" not in first
    assert "as of 2022-06-01" in plain(" ".join(c.value for c in reply.caption))


def test_history_is_kept_and_questions_are_text(chat_store):
    at = open_app()
    ask(at, QUESTION)
    ask(at, "Who runs <script>alert(1)</script> [x](javascript:y)?")
    assert len(at.chat_message) == 4
    shown = at.chat_message[2].markdown[0].value
    assert "<script>" not in shown and "](javascript" not in shown
    assert "<script>alert(1)</script>" in plain(shown)


def test_an_unavailable_llm_is_explained_and_the_graph_still_answers(chat_store, monkeypatch):
    monkeypatch.setenv("EVERGREEN_OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # configured, not there
    monkeypatch.setenv("EVERGREEN_OPENAI_MODEL", "absent")
    at = open_app()
    at.radio(key="chat_llm").set_value("openai")
    reply = ask(at, QUESTION)
    assert "Jonas Lie" in plain(reply.markdown[0].value)
    assert "not available" in plain(" ".join(i.value for i in reply.info))


def test_a_blank_question_does_nothing(chat_store):
    at = open_app()
    at.chat_input(key="chat_input").set_value("   ").run()
    no_failure(at)
    assert len(at.chat_message) == 0


def test_an_unconfigured_answerer_is_not_offered(chat_store, monkeypatch):
    monkeypatch.setenv("EVERGREEN_OPENAI_BASE_URL", "")
    at = open_app()
    assert "OpenAI-compatible endpoint" not in at.radio(key="chat_llm").options
    assert "Graph only" in at.radio(key="chat_llm").options
    assert at.radio(key="chat_llm").value == "graph"


def test_the_local_llm_streams_and_is_checked(chat_store):
    with Evergreen(Settings(store="memory")) as probe:
        ok, why = probe.llm_available("local")
    if not ok:
        pytest.skip(f"the local LLM cannot run here: {why}")
    at = open_app()
    at.radio(key="chat_llm").set_value("local")
    at.default_timeout = 300
    reply = ask(at, QUESTION)
    said = plain("\n".join(m.value for m in reply.markdown))
    assert "Local LLM:" in said
    checked = [c.value for c in reply.caption if "agrees with the graph" in c.value] + \
        [w.value for w in reply.warning if "Does not agree with the graph" in plain(w.value)]
    assert checked, texts(at)

"""No silent waits in the chat: the graph answers at once, an LLM says it is loading and streams.

Issue 14: the first question showed nothing for over a minute while the local LLM loaded and
wrote. Here the page is polled while it works, as a person watching it would see it."""

from __future__ import annotations

import time

import pytest

from kg.runtime.settings import Settings
from kg.app.service import Evergreen
from tests.app_pages.conftest import seed
from tests.browser.conftest import shot
from tests.browser.streamlit_ui import open_app, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]
QUESTION = "Who is the chief executive of Halvorsen Marine?"
WORKING = ("Loading the Local LLM", "Local LLM is writing")


def test_graph_answers_first_while_the_local_llm_loads_and_streams(start_app, page_for, tmp_path):
    with Evergreen(Settings(store="memory")) as probe:
        ok, why = probe.llm_available("local")
    if not ok:
        pytest.skip(f"the local LLM cannot run here: {why}")
    seed(str(tmp_path / "store"))
    app = start_app()
    page = page_for()
    open_app(page, app.url)
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_by_role("radio", name="Graph only").is_checked()  # the default answerer
    sidebar.get_by_text("Local LLM", exact=True).click()
    settle(page)

    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(QUESTION)
    box.press("Enter")
    seen, started = [], time.monotonic()
    while time.monotonic() - started < 240:
        messages = page.get_by_test_id("stChatMessage")
        text = messages.last.inner_text() if messages.count() >= 2 else ""
        state = page.get_by_test_id("stApp").get_attribute("data-test-script-state")
        seen.append((time.monotonic() - started, "Ingrid Solberg" in text,
                     any(w in page.inner_text("body") for w in WORKING)))
        if seen[-1][1] and seen[-1][2] and len([s for s in seen if s[1] and s[2]]) == 1:
            shot(page, "wait-1-graph-answer-while-llm-works")
        if state not in ("running", "rerunRequested") and "Local LLM:" in text:
            break
        page.wait_for_timeout(250)
    settle(page, timeout=120_000)
    reply = page.get_by_test_id("stChatMessage").last.inner_text()
    shot(page, "wait-2-llm-answered")
    assert seen, "the page was never read"
    # the graph's answer was on screen while the page said the LLM was loading or writing
    assert any(graph and working for _, graph, working in seen), seen[-5:]
    assert "Local LLM:" in reply
    assert "agrees with the graph" in reply or "Does not agree with the graph" in reply, reply

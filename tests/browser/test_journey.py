"""Issue 5's journey in a real browser, on an empty store, with the real extraction and answering.

Empty store -> upload two articles, the second superseding a fact of the first -> the report
names the superseded fact -> the chat gives the new fact with a citation -> asked about the past,
the old one -> correct the fact in the graph view -> the chat gives the corrected answer ->
delete a source and see its facts go. A screenshot of each step goes to test-artifacts/browser/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import shot
from tests.browser.streamlit_ui import click, fill, go, main_text, open_app, options, pick, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTICLES = Path(__file__).resolve().parents[1] / "app_pages" / "articles"
FIRST, SECOND = sorted(ARTICLES.glob("*.md"))
QUESTION = "Who is the chief executive of Norfjord Shipping?"


def ask(page, question: str) -> str:
    """Ask in the chat; the newest assistant message's text."""
    before = page.get_by_test_id("stChatMessage").count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        f"() => document.querySelectorAll('[data-testid=stChatMessage]').length >= {before + 2}",
        timeout=120_000)
    settle(page, timeout=120_000)
    page.get_by_test_id("stChatMessage").last.get_by_text("Graph answer").wait_for()
    return page.get_by_test_id("stChatMessage").last.get_by_test_id("stChatMessageContent").inner_text().strip()


def answer_as_of(page, day: str | None) -> None:
    """Turn "Answer as of a date" on with `day` (YYYY-MM-DD), or off with None."""
    sidebar = page.get_by_test_id("stSidebar")
    field = sidebar.get_by_test_id("stDateInputField")
    on = field.get_attribute("data-disabled") != "true"  # the date is editable only when on
    if (day is not None) != on:
        sidebar.get_by_text("Answer as of a date").click()
        settle(page)
    if day:
        segments = field.get_by_role("spinbutton")
        segments.first.click()
        page.keyboard.type(day.replace("-", ""))  # year, month, day segments advance by themselves
        page.keyboard.press("Tab")
        settle(page)
        assert day.replace("-", "") in "".join(segments.all_inner_texts()).replace(" ", "")


def test_the_journey(start_app, page_for, tmp_path):
    app = start_app(tmp_path / "store", EVERGREEN_APP_LLM="none")
    page = page_for()
    open_app(page, app.url)
    assert "The graph is empty" in main_text(page)
    shot(page, "journey-1-empty-store")

    # Upload two articles; the second supersedes the first's chief executive.
    go(page, "Upload")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([str(FIRST), str(SECOND)])
    page.get_by_test_id("stDataFrame").wait_for()  # the files' publication dates, one table
    click(page, "Ingest", timeout=180_000)  # the first ingest loads the models
    page.get_by_text("Ingest report").wait_for(timeout=180_000)
    settle(page, timeout=180_000)
    page.get_by_text("Superseded (old → new)").wait_for()
    report = main_text(page)
    assert "2 articles ingested" in report
    assert "chief executive · Lena Aas (2021-04-12 – 2024-09-03, superseded) → Jonas Lie (since 2024-09-03)" in report
    shot(page, "journey-2-ingest-report")

    go(page, "Chat")
    reply = ask(page, QUESTION)
    assert "Jonas Lie" in reply.split("\n")[0] and "[1]" in reply
    page.get_by_text("Facts used").last.click()
    settle(page)
    shot(page, "journey-3-chat-new-fact")

    answer_as_of(page, "2022-06-01")
    reply = ask(page, QUESTION)
    assert "Lena Aas" in reply.split("\n")[0] and "Jonas Lie" not in reply.split("\n")[0]
    shot(page, "journey-4-chat-past")
    answer_as_of(page, None)

    # Correct the current chief executive in the graph view.
    go(page, "Graph")
    pick(page, "Entity", "Norfjord Shipping")
    pick(page, "Fact", "chief executive · Jonas Lie")
    fill(page, "Object", "Jonas Lid")
    fill(page, "Why the correction", "the surname was misspelt")
    click(page, "Save correction")
    page.get_by_text("The old version stays in the history").first.wait_for()
    page.wait_for_timeout(1500)
    shot(page, "journey-5-graph-corrected")

    go(page, "Chat")
    reply = ask(page, QUESTION)
    assert "Jonas Lid" in reply.split("\n")[0]
    shot(page, "journey-6-chat-corrected")

    # Delete the first article: the facts only it gave go.
    go(page, "Sources")
    pick(page, "Open a source", "Lena Aas")
    page.wait_for_timeout(500)
    shot(page, "journey-7-source-opened")
    page.get_by_text("Delete this source").click()
    settle(page)
    click(page, "Delete source")
    page.get_by_text("Facts that went").wait_for()
    gone = main_text(page)
    assert "Lena Aas" in gone.split("Facts that went")[1]
    shot(page, "journey-8-source-deleted")

    go(page, "Graph")
    pick(page, "Entity", "Norfjord Shipping")
    facts = options(page, "Fact")
    # What only the first article gave (Lena Aas from 2021-04-12) went; the second article's own
    # word that she held the post until Jonas Lie took over stays, with its own source.
    assert facts and not [f for f in facts if "Lena Aas" in f and "2021" in f]
    assert [f for f in facts if "Lena Aas (until 2024-09-03" in f]

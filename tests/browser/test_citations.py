"""A citation in a chat answer opens its source: title, date and the sentence quoted (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.runtime.settings import Settings
from kg.app.service import Evergreen
from tests.browser.conftest import shot
from tests.browser.streamlit_ui import open_app, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTICLES = Path(__file__).resolve().parents[1] / "app_pages" / "articles"


def test_a_citation_shows_its_sentence_and_opens_the_source(start_app, page_for, tmp_path):
    store = tmp_path / "store"
    with Evergreen(Settings(store=str(store), user="seeder")) as svc:
        assert [r.status for r in svc.ingest(sorted(ARTICLES.glob("*.md")))] == ["ok", "ok"]
    app = start_app(store)
    page = page_for(width=420, height=900, dark=True)
    open_app(page, app.url)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("Who is the chief executive of Norfjord Shipping?")
    box.press("Enter")
    reply = page.get_by_test_id("stChatMessage").nth(1)
    reply.get_by_text("Graph answer").wait_for(timeout=120_000)
    settle(page)
    citation = reply.get_by_test_id("stExpander").filter(
        has_text="[1] Norfjord Shipping appoints Jonas Lie as new chief executive (2024-09-03)")
    citation.locator("summary").click()  # open the expander
    quoted = citation.get_by_text("Norfjord Shipping appointed Jonas Lie as chief executive on Tuesday")
    quoted.wait_for()
    shot(page, "cite-1-expanded-420-dark")
    citation.get_by_role("button", name="Open in Sources").click()
    page.get_by_role("heading", name="Sources", exact=True).wait_for()
    settle(page)
    page.get_by_role("heading", name="Norfjord Shipping appoints Jonas Lie as new chief executive").wait_for()
    shot(page, "cite-2-source-opened-420-dark")

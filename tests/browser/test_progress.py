"""Long work shows progress per file and ends with a summary where the user is (issue 14)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, shot
from tests.browser.streamlit_ui import go, main_text, open_app, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SAMPLES = sorted((Path(__file__).resolve().parents[2] / "data" / "samples").glob("*.md"))


def watch(page, until: str, seconds: float = 400, name: str | None = None) -> set[str]:
    """The file states seen in the progress table while the app works, until `until` shows
    (a screenshot `name` the first time a file is being read)."""
    seen: set[str] = set()
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        text = main_text(page)
        states = set(re.findall(r"\b(queued|reading|done|failed)\b", text))
        if name and "reading" in states and "reading" not in seen:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        seen |= states
        if until in text and page.get_by_test_id("stApp").get_attribute("data-test-script-state") \
                not in ("running", "rerunRequested"):
            return seen
        page.wait_for_timeout(200)
    raise AssertionError(f"{until!r} never appeared; seen {seen}")


def test_loading_the_samples_shows_each_file_then_a_summary_with_a_link(start_app, page_for, tmp_path):
    assert len(SAMPLES) > 3
    app = start_app(tmp_path / "store")
    page = page_for()
    open_app(page, app.url)
    page.get_by_role("button", name="Load the sample articles").click()
    seen = watch(page, "Open the ingest report", name="progress-1-samples-reading")
    assert {"queued", "reading", "done"} <= seen, seen
    text = main_text(page)
    assert re.search(rf"{len(SAMPLES)} articles ingested, \d+ facts added", text), text
    shot(page, "progress-2-samples-summary")
    page.get_by_role("link", name="Open the ingest report").click()
    page.get_by_role("heading", name="Ingest report").wait_for()
    settle(page)
    assert "articles ingested" in main_text(page)


def test_fourteen_uploads_have_one_date_table_and_a_bad_date_fails_its_file(start_app, page_for, tmp_path):
    app = start_app(tmp_path / "store")
    page = page_for(width=1280, height=900)
    open_app(page, app.url)
    go(page, "Upload")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([str(p) for p in SAMPLES])
    table = page.get_by_test_id("stDataFrame")
    table.wait_for()
    settle(page)
    assert page.get_by_label(re.compile("^Published: ")).count() == 0  # not one field per file
    assert page.get_by_test_id("stDataFrame").count() == 1
    # type a date that is not one into the first file's "Published" cell (the grid is a canvas)
    box = table.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + 35 + 17)
    page.wait_for_timeout(500)
    page.keyboard.type("yesterday-ish", delay=30)  # opens the cell's editor (may drop the first key)
    page.wait_for_timeout(500)
    page.keyboard.press("Enter")
    settle(page)
    shot(page, "progress-3-upload-dates")
    ingest = page.get_by_role("button", name="Ingest", exact=True)
    ingest.scroll_into_view_if_needed()
    ingest.click()
    seen = watch(page, "Ingest report", name="progress-3b-upload-reading")
    assert {"reading", "done", "failed"} <= seen, seen
    text = main_text(page)
    assert f"{len(SAMPLES) - 1} articles ingested, 1 failed" in text, text
    assert re.search(rf"{re.escape(SAMPLES[0].name)}: .*not a date", text), text
    shot(page, "progress-4-upload-report")

"""The graph view, sources and hostile labels in a real browser, on a graph built with the service."""

from __future__ import annotations

import pytest

from tests.app_pages.conftest import HOSTILE, seed
from tests.browser.conftest import shot
from tests.browser.streamlit_ui import click, fill, go, main_text, open_app, pick, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def canvas(page):
    return page.frame_locator("iframe[title*='streamlit_cytoscape']")


def test_click_an_edge_then_correct_it_and_delete_its_source(start_app, page_for, tmp_path):
    seed(str(tmp_path / "store"))
    app = start_app()
    page = page_for()
    open_app(page, app.url)
    go(page, "Graph")
    pick(page, "Entity", "Halvorsen Marine")
    frame = canvas(page)
    frame.locator("#cy").wait_for()
    page.wait_for_timeout(1500)  # the layout animates
    shot(page, "edit-1-graph")

    # A tap on the edge of the current chief executive reaches Python and selects that fact.
    frame.locator("#cy").evaluate(
        """cy => { const c = cy._cyreg.cy;
                   const e = c.edges().filter(x => x.data('name') === 'chief executive'
                                               && x.target().data('name') === 'Ingrid Solberg');
                   e.select(); e.emit('tap'); }""")
    settle(page)
    page.get_by_text("Halvorsen Marine · chief executive · Ingrid Solberg").first.wait_for()
    shot(page, "edit-2-edge-clicked")

    fill(page, "Object", "Kari Nordmann")
    fill(page, "Why the correction", "the name was misread")
    click(page, "Save correction")
    page.get_by_text("The old version stays in the history").first.wait_for()
    text = main_text(page)
    assert "Kari Nordmann" in text
    shot(page, "edit-3-corrected")

    go(page, "Sources")
    page.get_by_text("Show edits and imports too").click()
    settle(page)
    pick(page, "Open a source", "correct by")
    page.get_by_text("Delete this source").click()
    settle(page)
    click(page, "Delete source")
    page.get_by_text("1 fact went").wait_for()
    shot(page, "edit-4-source-deleted")

    go(page, "Graph")
    pick(page, "Entity", "Halvorsen Marine")
    timeline = page.get_by_test_id("stDataFrame").last
    timeline.wait_for()
    assert "Kari Nordmann" not in main_text(page)


@pytest.mark.parametrize("width,dark", [
    (1280, False),
    (420, True),
])
def test_hostile_labels_render_as_text(start_app, page_for, tmp_path, width, dark):
    seed(str(tmp_path / "store"))
    app = start_app()
    page = page_for(width=width, height=900, dark=dark)
    alerts = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    open_app(page, app.url)
    go(page, "Graph")
    pick(page, "Entity", "Halvorsen <script>")
    pick(page, "Fact", "Oslo")
    page.wait_for_timeout(1500)
    name = f"hostile-{width}{'-dark' if dark else ''}"
    shot(page, name)
    assert "Halvorsen <script>alert(1)</script>" in main_text(page)  # shown, as text
    assert f"Add a fact about {HOSTILE}" in main_text(page)  # no link, no red directive
    assert page.locator("script:text('alert(1)')").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert not alerts

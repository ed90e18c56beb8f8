"""The graph view in a real browser: readable names at 1280 px and 420 px, captions clear of
names, the timeline with a typed date taking effect on Enter, filters, and node positions
that stay put when the date moves."""

from __future__ import annotations

import pytest

from tests.app_pages.conftest import seed
from tests.browser.conftest import shot
from tests.browser.streamlit_ui import go, main_text, open_app, pick, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# What the canvas draws, read from the component's cytoscape instance: node names with their
# positions and rendered font sizes, edge captions, and the boxes of both kinds of label.
READ_CANVAS = """cy => { const c = cy._cyreg.cy;
  const box = b => ({x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2, w: b.w});
  return {
    zoom: c.zoom(),
    nodes: c.nodes().filter(n => !n.id().startsWith('_frame')).map(n => ({id: n.id(), x: n.position('x'), y: n.position('y'),
        label: n.style('label'), font: parseFloat(n.renderedStyle('font-size')),
        hideBelow: parseFloat(n.style('min-zoomed-font-size')),
        box: box(n.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true}))})),
    edges: c.edges().map(e => ({id: e.id(), label: e.style('target-label'), look: e.data('on the day'),
        target: e.target().id(),
        box: box(e.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true}))})),
  }; }"""


def canvas(page) -> dict:
    frame = page.frame_locator("iframe[title*='streamlit_cytoscape']")
    frame.locator("#cy").wait_for()
    page.wait_for_timeout(1000)
    return frame.locator("#cy").evaluate(READ_CANVAS)


def overlaps(a: dict, b: dict) -> bool:
    return a["w"] > 0 and b["w"] > 0 and a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]


def type_date(page, text: str) -> None:
    field = page.get_by_label("Go to a date", exact=True)
    field.fill(text)
    field.press("Enter")
    settle(page)


def open_graph(start_app, page_for, tmp_path, **size):
    seed(str(tmp_path / "store"))
    app = start_app()
    page = page_for(**size)
    open_app(page, app.url)
    go(page, "Graph")
    pick(page, "Entity", "Halvorsen Marine")
    return page


def test_names_readable_and_clear_of_captions_at_1280(start_app, page_for, tmp_path):
    page = open_graph(start_app, page_for, tmp_path, width=1280, height=900)
    drawn = canvas(page)
    names = {n["label"] for n in drawn["nodes"]}
    assert {"Halvorsen Marine", "Tomas Berg", "Ingrid Solberg", "Bergen"} <= names
    for node in drawn["nodes"]:
        assert node["font"] >= 11, node  # readable on a laptop, and above the hiding threshold
        assert node["font"] >= node["hideBelow"], node
    captions = [e for e in drawn["edges"] if e["label"]]
    assert len(captions) == len(drawn["edges"]) >= 3
    for edge in captions:
        for node in drawn["nodes"]:
            assert not overlaps(edge["box"], node["box"]), (edge["label"], node["label"])
    shot(page, "graph-1280-light")


def test_names_present_at_420_dark(start_app, page_for, tmp_path):
    page = open_graph(start_app, page_for, tmp_path, width=420, height=900, dark=True)
    drawn = canvas(page)
    assert len(drawn["nodes"]) >= 4
    for node in drawn["nodes"]:
        assert node["label"] and node["font"] >= node["hideBelow"] and node["font"] >= 5, node
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 420 + 2, width  # nothing pushes the page sideways
    shot(page, "graph-420-dark")


def test_typed_date_on_enter_moves_the_view_and_keeps_positions(start_app, page_for, tmp_path):
    page = open_graph(start_app, page_for, tmp_path, width=1280, height=900)
    before = canvas(page)
    assert "held on " in main_text(page)

    type_date(page, "2021-06-01")  # Tomas Berg was chief executive then; Ingrid Solberg came later
    assert "held on 2021-06-01" in main_text(page)
    after = canvas(page)
    looks = {e["target"]: e["look"] for e in after["edges"]}
    assert looks["Tomas Berg"] == "held" and looks["Ingrid Solberg"] == "later"
    moved = {n["id"]: (n["x"], n["y"]) for n in after["nodes"]}
    kept = [n for n in before["nodes"] if n["id"] in moved]
    assert len(kept) == len(before["nodes"]) >= 4
    for node in kept:  # the same graph at another date: every node where it was
        assert moved[node["id"]] == pytest.approx((node["x"], node["y"]), abs=0.5), node["id"]
    shot(page, "graph-typed-date")

    type_date(page, "the twelfth of never")
    page.get_by_text("Cannot read").first.wait_for()
    assert "held on 2021-06-01" in main_text(page)  # a date it cannot read changes nothing

    type_date(page, "March 2024")
    assert "held on 2024-03-01" in main_text(page)
    looks = {e["target"]: e["look"] for e in canvas(page)["edges"]}
    assert looks["Tomas Berg"] == "ended" and looks["Ingrid Solberg"] == "held"


def test_status_and_predicate_filters(start_app, page_for, tmp_path):
    page = open_graph(start_app, page_for, tmp_path, width=1280, height=900)
    assert len(canvas(page)["edges"]) == 3
    type_date(page, "2021-06-01")
    page.get_by_test_id("stButtonGroup").get_by_text("Held", exact=True).click()
    settle(page)
    held = {e["target"] for e in canvas(page)["edges"]}
    assert held == {"Tomas Berg", "Bergen"}
    page.get_by_test_id("stButtonGroup").get_by_text("Ended", exact=True).click()
    settle(page)
    page.get_by_text("No facts to draw with these filters").first.wait_for()
    page.get_by_test_id("stButtonGroup").get_by_text("All", exact=True).click()
    settle(page)
    box = page.get_by_test_id("stMultiSelect").filter(has=page.get_by_text("Predicates", exact=True)).first
    box.locator("input").click()
    page.get_by_role("option").filter(has_text="headquarters").first.click()
    page.keyboard.press("Escape")
    settle(page)
    assert {e["target"] for e in canvas(page)["edges"]} == {"Bergen"}


def test_click_a_neighbour_then_expand_it(start_app, page_for, tmp_path):
    from kg.app.service import Evergreen
    from kg.runtime.settings import Settings

    seed(str(tmp_path / "store"))
    with Evergreen(Settings(store=str(tmp_path / "store"), user="seeder")) as svc:
        svc.add("Ingrid Solberg", "educated at", "University of Bergen", valid_from="2005")
    app = start_app()
    page = page_for(width=1280, height=900)
    open_app(page, app.url)
    go(page, "Graph")
    pick(page, "Entity", "Halvorsen Marine")
    before = canvas(page)
    assert "University of Bergen" not in {n["label"] for n in before["nodes"]}

    page.frame_locator("iframe[title*='streamlit_cytoscape']").locator("#cy").evaluate(
        "cy => { const n = cy._cyreg.cy.getElementById('Ingrid Solberg'); n.select(); n.emit('tap'); }")
    settle(page)
    page.get_by_text("Ingrid Solberg: 1 fact in this view").first.wait_for()
    page.get_by_role("button", name="Expand its facts").click()
    settle(page)
    after = canvas(page)
    placed = {n["label"]: (n["x"], n["y"]) for n in after["nodes"]}
    assert "University of Bergen" in placed
    for node in before["nodes"]:  # the nodes already drawn did not move
        assert placed[node["label"]] == pytest.approx((node["x"], node["y"]), abs=0.5), node["label"]
    shot(page, "graph-expanded")

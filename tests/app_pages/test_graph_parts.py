"""The graph page's pure parts: its layout, its time helpers and its canvas elements."""

import colorsys
import datetime as dt
from types import SimpleNamespace

import pytest

from app_pages import graph_time, graph_view
from app_pages.graph_layout import layout

STAR = [("focus", "a"), ("focus", "b"), ("focus", "c"), ("c", "d")]


def test_layout_is_the_same_for_the_same_graph_in_any_order():
    first = layout(STAR)
    assert set(first) == {"focus", "a", "b", "c", "d"}
    assert layout(list(reversed(STAR))) == first
    assert len(set(first.values())) == len(first)  # no two nodes on one spot


def test_layout_keeps_fixed_nodes_where_they_were():
    before = layout(STAR)
    after = layout(STAR + [("d", "e"), ("d", "f")], fixed=before)
    assert {n: after[n] for n in before} == before
    assert {"e", "f"} <= set(after) and after["e"] != after["f"]


def test_neighbours_are_apart_enough_for_a_caption():
    positions = layout(STAR)
    for a, b in STAR:
        (xa, ya), (xb, yb) = positions[a], positions[b]
        assert ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5 > 2 * graph_view.NODE_SIZE


def row(obj, start, until=None, status="current", predicate="chief executive", published=None, fact=None):
    sources = (SimpleNamespace(id=f"s-{obj}", title=f"About {obj}", published=published),) if published else ()
    return SimpleNamespace(id=f"f-{obj}", subject="Acme", subject_id="acme", predicate=predicate, object=obj,
                           object_id=obj.lower(), valid_from=start, valid_until=until, status=status,
                           sources=sources, fact=fact, source=f"About {obj}")


ROWS = [row("Ann", "2019-03", "2021-06-01", "superseded", published="2019-03-02"),
        row("Bo", "2021-06-01", published="2021-06-03"),
        row("Cy", "2020", status="deprecated")]


def test_look_on_a_day():
    on = dt.date(2020, 1, 1)
    assert graph_time.look(ROWS[0], on) == graph_time.HELD  # superseded later, but it held then
    assert graph_time.look(ROWS[0], dt.date(2021, 6, 1)) == graph_time.ENDED  # the day it ended
    assert graph_time.look(ROWS[1], on) == graph_time.LATER
    assert graph_time.look(ROWS[1], dt.date(2022, 1, 1)) == graph_time.HELD
    assert graph_time.look(ROWS[2], on) == graph_time.WRONG


def test_span_runs_from_the_first_start_to_today_and_marks_sources():
    today = dt.date(2026, 12, 1)
    assert graph_time.span(ROWS, today) == (dt.date(2019, 3, 1), today)
    assert [d for d, _ in graph_time.source_days(ROWS)] == [dt.date(2019, 3, 2), dt.date(2021, 6, 3)]


@pytest.mark.parametrize("text,expected", [
    ("2021-05-03", dt.date(2021, 5, 3)), ("May 2021", dt.date(2021, 5, 1)), ("2019", dt.date(2019, 1, 1)),
    ("3 May 2021", dt.date(2021, 5, 3)), ("blorp", None), ("", None)])
def test_typed_dates_go_through_the_date_resolver(text, expected):
    assert graph_time.read_date(text, dt.date(2026, 12, 1)) == expected


def test_holders_chart_has_a_bar_per_dated_fact():
    bars = graph_time.holders(ROWS, dt.date(2022, 1, 1), dt.date(2026, 12, 1))
    assert list(bars["value"]) == ["Ann", "Bo", "Cy"]
    assert list(bars["on the day"]) == ["ended", "held", "deprecated"]
    assert bars.loc[1, "to"] == dt.date(2026, 12, 1)  # an open fact runs to the end of the span
    spec = graph_time.chart(ROWS, dt.date(2022, 1, 1), dt.date(2000, 1, 1), dt.date(2026, 12, 1)).to_dict()
    labels = [r["label"] for data in spec["datasets"].values() for r in data if "label" in r]
    assert labels == ["", "Bo", "Cy"]  # Ann's two years of 27 are too short a bar to write on
    assert graph_time.chart([], dt.date(2022, 1, 1), dt.date(2019, 1, 1), dt.date(2026, 12, 1)).to_dict()


def test_canvas_shows_names_not_ids_and_keeps_given_positions():
    names = {"acme": SimpleNamespace(label="Acme", type="ORG"), "ann": SimpleNamespace(label="Ann", type="PERSON"),
             "bo": SimpleNamespace(label="Bo", type="PERSON"), "cy": SimpleNamespace(label="Acme", type="PERSON")}
    positions = {"acme": (0.0, 0.0), "ann": (100.0, 0.0), "bo": (0.0, 100.0), "cy": (50.0, 50.0)}
    canvas = graph_view.build(ROWS, "acme", names, dt.date(2022, 1, 1), positions, chosen="f-Bo")
    nodes = {n["data"]["id"]: n for n in canvas.elements["nodes"] if n["data"]["label"] != graph_view.FRAME}
    assert set(nodes) == {"Acme", "Ann", "Bo", "Acme (2)"}  # two entities called Acme stay apart
    assert canvas.entity["Acme (2)"] == "cy"
    assert nodes["Ann"]["position"] == {"x": 100.0, "y": 0.0}
    edges = {e["data"]["target"]: e["data"] for e in canvas.elements["edges"]}
    assert edges["Ann"]["source"] == "Acme" and edges["Ann"]["name"] == "chief executive (ended 2021-06-01)"
    assert edges["Bo"]["label"] == "held chosen"
    assert canvas.fact[next(k for k, v in canvas.fact.items() if v == "f-Cy")] == "f-Cy"
    assert all("f-" not in str(v) for e in canvas.elements["edges"] for k, v in e["data"].items() if k != "label")


def test_the_chosen_fact_looks_unlike_a_deprecated_one():
    styles = {s.label: s.dump()["style"] for s in graph_view.edge_styles()}
    wrong, chosen = styles["deprecated"], styles["held chosen"]
    assert "underlay-color" in chosen and "underlay-color" not in wrong
    # the component marks a click in red (rgb 255, 50, 50): no status may be red as well
    def reddish(colour: str) -> bool:
        hue, saturation, _ = colorsys.rgb_to_hsv(*(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)))
        return saturation > 0.4 and (hue < 20 / 360 or hue > 340 / 360)

    assert styles and not [label for label, s in styles.items() if reddish(s["line-color"])]
    assert reddish("#ff3232")  # the check itself can fail
    assert wrong["line-color"] != styles["held"]["line-color"] and wrong["line-style"] == "dotted"

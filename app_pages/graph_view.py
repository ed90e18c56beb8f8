"""The canvas of the graph page: facts as streamlit-cytoscape elements and their styles.

The component's side panel lists every data field of a clicked element, the ids that tie
edges to nodes included, so the canvas ids are the names people read ("Halvorsen Marine",
"chief executive: Halvorsen Marine → Ingrid Solberg"); `Canvas.entity` and `Canvas.fact` map
them back to the graph's ids. Node positions come from graph_layout and are sent with the
elements ("preset" layout), so the drawing does not move when the date does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from streamlit_cytoscape import EdgeStyle, NodeStyle

from app_pages.graph_time import ENDED, HELD, LATER, WRONG, look

NODE_COLOURS = {"FOCUS": "#1b5e20", "PERSON": "#1565c0", "ORG": "#6a1b9a", "GPE": "#00838f",
                "LOC": "#00838f", "VALUE": "#8d6e63", "THING": "#546e7a"}
# Sizes in canvas units, against graph_layout.SPREAD: the names stay readable when the
# canvas is fitted into a laptop column and still drawn (smaller) at 420 px. The component
# hides text below 10 rendered pixels by default ("min-zoomed-font-size"); here it never hides it.
NODE_SIZE, NODE_FONT, EDGE_FONT = 40, 26, 21
CAPTION_FROM_END = 95  # along the edge, from its target
PRESET = {"name": "preset", "fit": True, "padding": 70, "animate": False}  # room for the side panel tab


def canvas_text(text: str) -> str:
    """Text for the canvas and its side panel; the panel turns "<a href" into links, so break that."""
    return str(text).replace("<", "<\u200b")


def unique(name: str, taken: set[str]) -> str:
    name = canvas_text(name) or "(no name)"
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} ({n})", n + 1
    taken.add(candidate)
    return candidate


@dataclass
class Canvas:
    elements: dict
    entity: dict[str, str] = field(default_factory=dict)  # canvas id -> entity id
    fact: dict[str, str] = field(default_factory=dict)  # canvas id -> fact id
    node_of: dict[str, str] = field(default_factory=dict)  # graph node id -> canvas id


def node_key(row) -> str:
    """The graph node a fact points to: its object entity, or its own literal value."""
    return row.object_id or f"value:{row.id}"


def build(rows, focus: str, names: dict[str, object], on: dt.date,
          positions: dict[str, tuple[float, float]], chosen: str | None = None) -> Canvas:
    """The elements for `rows` as of `on`; `names` maps entity ids to entities (label, type)."""
    canvas = Canvas({"nodes": [], "edges": []})
    taken: set[str] = set()

    def node(key: str, label: str, kind: str) -> str:
        if key not in canvas.node_of:
            cid = canvas.node_of[key] = unique(label, taken)
            canvas.entity[cid] = key
            x, y = positions.get(key, (0.0, 0.0))
            halign, valign = label_side((x, y), positions.get(focus, (0.0, 0.0)))
            canvas.elements["nodes"].append({
                "data": {"id": cid, "label": "FOCUS" if key == focus else kind,
                         "name": cid, "type": kind.lower(), "_halign": halign, "_valign": valign},
                "position": {"x": x, "y": y},
            })
        return canvas.node_of[key]

    def entity_node(entity_id: str) -> str:
        entity = names.get(entity_id)
        return node(entity_id, entity.label if entity else entity_id, entity.type if entity else "THING")

    entity_node(focus)
    for row in rows:
        source = entity_node(row.subject_id)
        target = entity_node(row.object_id) if row.object_id else node(node_key(row), row.object, "VALUE")
        state = look(row, on)
        cid = unique(f"{row.predicate}: {row.subject} → {row.object}", taken)
        canvas.fact[cid] = row.id
        canvas.elements["edges"].append({"data": {
            "id": cid, "source": source, "target": target,
            "label": state + (" chosen" if row.id == chosen else ""),
            "name": canvas_text(caption(row, state)), "valid": dates(row), "on the day": state,
            "status": row.status, "source article": canvas_text(row.source),
        }})
    frame(canvas, taken)
    return canvas


# The component fits the drawing to its box with no margin whenever the box is resized, and
# its side-panel tab and zoom bar sit over the edges: two invisible corner nodes keep a margin
# so that the outer names are not cut off.
MARGIN = (260.0, 60.0)


def frame(canvas: Canvas, taken: set[str]) -> None:
    points = [(n["position"]["x"], n["position"]["y"]) for n in canvas.elements["nodes"]]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    for i, (x, y) in enumerate(((min(xs) - MARGIN[0], min(ys) - MARGIN[1]),
                                (max(xs) + MARGIN[0], max(ys) + MARGIN[1]))):
        canvas.elements["nodes"].append({"data": {"id": unique(f"_frame{i}", taken), "label": FRAME}, "position": {"x": x, "y": y}})


FRAME = "_FRAME"


def label_side(at: tuple[float, float], focus: tuple[float, float]) -> tuple[str, str]:
    """Where a node's name goes: on the side away from the focus, so that the edge that comes
    from the focus does not run through it (text-halign, text-valign)."""
    dx, dy = at[0] - focus[0], at[1] - focus[1]
    if abs(dx) > abs(dy) / 2:
        return ("right" if dx > 0 else "left"), "center"
    return "center", ("top" if dy < 0 else "bottom")


def dates(row) -> str:
    if row.valid_from and row.valid_until:
        return f"{row.valid_from} – {row.valid_until}"
    return f"since {row.valid_from}" if row.valid_from else (f"until {row.valid_until}" if row.valid_until else "undated")


def caption(row, state: str) -> str:
    """The edge's caption: the predicate, and for a fact that did not hold, why not."""
    if state == ENDED:
        return f"{row.predicate} (ended {row.valid_until})" if row.valid_until else f"{row.predicate} (ended)"
    if state == LATER:
        return f"{row.predicate} (from {row.valid_from})"
    if state == WRONG:
        return f"{row.predicate} (wrong)"
    return row.predicate


EDGE_LOOKS = {
    HELD: ("#2e7d32", {"width": 3}),
    ENDED: ("#757575", {"line-style": "dashed", "width": 2}),
    LATER: ("#90a4ae", {"line-style": "dotted", "width": 2, "opacity": 0.75}),
    WRONG: ("#b26a00", {"line-style": "dotted", "width": 2}),
}
# The fact chosen in the page: a wide yellow halo, unlike the component's red click highlight
# and unlike any status colour.
CHOSEN = {"underlay-color": "#fbc02d", "underlay-padding": 6, "underlay-opacity": 0.6, "width": 5}
TEXT = {"min-zoomed-font-size": 0, "text-wrap": "wrap", "text-max-width": 150}


def node_styles(kinds: set[str]) -> list[NodeStyle]:
    hidden = NodeStyle(FRAME, custom_styles={"opacity": 0, "events": "no", "width": 1, "height": 1})
    return [hidden] + [NodeStyle(kind, NODE_COLOURS.get(kind, "#546e7a"), caption="name",
                                 custom_styles=FOCUS_STYLE if kind == "FOCUS" else NODE_STYLE)
                       for kind in sorted(kinds - {FRAME})]


# A name sits beside its node, away from the focus (data fields with "_" stay out of the side panel).
NODE_STYLE = {**TEXT, "width": NODE_SIZE, "height": NODE_SIZE, "font-size": NODE_FONT,
              "text-halign": "data(_halign)", "text-valign": "data(_valign)", "text-margin-x": 0,
              "text-margin-y": 0, "text-max-width": 240}
# The focus is where every edge meets: its name is a pill over them, legible in both themes.
FOCUS_STYLE = {**TEXT, "width": NODE_SIZE * 1.3, "height": NODE_SIZE * 1.3, "font-size": NODE_FONT,
               "font-weight": "bold", "color": "#ffffff", "text-valign": "bottom", "text-margin-y": 4,
               "text-background-color": NODE_COLOURS["FOCUS"], "text-background-opacity": 1,
               "text-background-padding": 4, "text-background-shape": "round-rectangle", "text-max-width": 300}


def edge_styles() -> list[EdgeStyle]:
    styles = []
    for state, (colour, extra) in EDGE_LOOKS.items():
        # The caption sits nearer the far end than the middle, horizontal: the middle of a
        # short edge is where the focus's name is; the far node's name is on its other side.
        common = {**TEXT, "color": "#ffffff", "font-size": EDGE_FONT, "text-background-padding": 3,
                  "text-max-width": 220, "label": "", "target-label": "data(name)",
                  "target-text-offset": CAPTION_FROM_END, "target-text-rotation": "none",
                  "arrow-scale": 1.2, **extra}
        styles.append(EdgeStyle(state, colour, caption="name", directed=True, custom_styles=common))
        styles.append(EdgeStyle(f"{state} chosen", colour, caption="name", directed=True,
                                custom_styles={**common, **CHOSEN}))
    return styles

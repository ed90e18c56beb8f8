"""Where the graph view puts each node: one layout per neighbourhood, the same at every date.

The positions are computed once over every fact the neighbourhood has ever had (all dates,
all statuses) with a fixed seed, so moving the timeline only restyles or hides edges and never
moves a node. Expanding a neighbour lays out only the nodes it adds; the nodes already drawn
stay where they were and the new ones fan out from the node they hang from. Pure functions over ids (networkx), so they can be tested without a page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import networkx as nx

SEED = 42
# Canvas units between neighbours: wide enough that an edge's caption (at its middle) sits
# clear of the node names at its two ends, in the component's coordinates.
SPREAD = 360.0

Position = tuple[float, float]


def layout(edges: Iterable[tuple[str, str]], fixed: Mapping[str, Position] | None = None,
           seed: int = SEED) -> dict[str, Position]:
    """Node id -> (x, y) for the graph of `edges`; nodes in `fixed` keep their positions.

    Deterministic: the same edges (in any order) and the same fixed nodes give the same
    positions, since the graph is built in sorted order and the seed is fixed."""
    graph = nx.Graph()
    graph.add_edges_from(sorted({tuple(sorted(e)) for e in edges if e[0] != e[1]}))
    graph.add_nodes_from(sorted({n for e in edges for n in e}))
    if not graph:
        return {}
    fixed = {n: p for n, p in (fixed or {}).items() if n in graph}
    new = [n for n in graph if n not in fixed]
    if not new:
        return dict(fixed)
    if len(graph) == 1:
        return {new[0]: (0.0, 0.0)}
    if fixed:
        return _around(graph, fixed, seed)
    # kamada-kawai spaces a star-shaped neighbourhood evenly; its result is scaled so that the
    # mean edge is SPREAD long whatever the number of nodes.
    found = nx.kamada_kawai_layout(graph, pos=nx.circular_layout(graph))
    lengths = [_distance(found[a], found[b]) for a, b in graph.edges] or [1.0]
    scale = SPREAD / max(sum(lengths) / len(lengths), 1e-9)
    return {n: (round(float(x) * scale, 2), round(float(y) * scale, 2)) for n, (x, y) in found.items()}


def _around(graph: nx.Graph, fixed: Mapping[str, Position], seed: int) -> dict[str, Position]:
    """New nodes on a fan around the drawn node they hang from, pointing away from the middle
    of the drawing, a level at a time; whatever is not connected to the drawing goes through
    spring_layout with the drawn nodes pinned."""
    placed = dict(fixed)
    while True:
        anchors: dict[str, list[str]] = {}
        for node in sorted(n for n in graph if n not in placed):
            drawn = sorted(m for m in graph[node] if m in placed)
            if drawn:
                anchors.setdefault(drawn[0], []).append(node)
        if not anchors:
            break
        cx = sum(x for x, _ in placed.values()) / len(placed)
        cy = sum(y for _, y in placed.values()) / len(placed)
        for anchor, kids in anchors.items():
            ax, ay = placed[anchor]
            away = math.atan2(ay - cy, ax - cx) if (ax, ay) != (cx, cy) else -math.pi / 2
            step = min(math.pi / 4, 1.6 * math.pi / max(len(kids), 1))
            for i, kid in enumerate(kids):
                angle = away + (i - (len(kids) - 1) / 2) * step
                placed[kid] = (round(ax + SPREAD * math.cos(angle), 2), round(ay + SPREAD * math.sin(angle), 2))
    rest = [n for n in graph if n not in placed]
    if rest:  # not connected to the drawing: let the springs find it room, the drawing pinned
        start = {n: (x / SPREAD, y / SPREAD) for n, (x, y) in placed.items()}
        found = nx.spring_layout(graph, pos=start, fixed=list(placed), seed=seed)
        placed.update({n: (round(float(found[n][0]) * SPREAD, 2), round(float(found[n][1]) * SPREAD, 2))
                       for n in rest})
    return placed


def _distance(a, b) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)

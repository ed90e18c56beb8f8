"""Where the graph view puts each node: one layout per neighbourhood, the same at every date.

The positions are computed once over every fact the neighbourhood has ever had (all dates,
all statuses) with a fixed seed, so moving the timeline only restyles or hides edges and never
moves a node. Expanding a neighbour lays out only the nodes it adds; the nodes already drawn
stay where they were. Pure functions over ids (networkx), so they can be tested without a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

SEED = 42
# Canvas units between neighbours: wide enough that an edge's caption (at its middle) sits
# clear of the node names at its two ends, in the component's coordinates.
SPREAD = 260.0

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
    if fixed:  # spring_layout works in its own unit square: take the fixed nodes there and back
        start = {n: (x / SPREAD, y / SPREAD) for n, (x, y) in fixed.items()}
        found = nx.spring_layout(graph, pos=start, fixed=list(fixed), seed=seed, k=1.0)
        placed = {n: (float(x) * SPREAD, float(y) * SPREAD) for n, (x, y) in found.items()}
        placed.update(fixed)
        return placed
    # kamada-kawai spaces a star-shaped neighbourhood evenly; its result is scaled so that the
    # mean edge is SPREAD long whatever the number of nodes.
    found = nx.kamada_kawai_layout(graph, pos=nx.circular_layout(graph))
    lengths = [_distance(found[a], found[b]) for a, b in graph.edges] or [1.0]
    scale = SPREAD / max(sum(lengths) / len(lengths), 1e-9)
    return {n: (round(float(x) * scale, 2), round(float(y) * scale, 2)) for n, (x, y) in found.items()}


def _distance(a, b) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)

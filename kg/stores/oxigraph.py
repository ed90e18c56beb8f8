"""The default backend: an embedded Oxigraph store in a directory on disk.

pyoxigraph applies each SPARQL update in one transaction, which is what makes one
article's write atomic (rdflib's commit/rollback over oxrdflib are no-ops).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.core.errors import StoreBusyError, StoreError
from kg.graph.store import Quad, Row, plain_literal

logger = logging.getLogger(__name__)


class OxigraphStore:
    name = "oxigraph"

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(self.path))
        except OSError as err:
            if "lock" in str(err).lower():
                raise StoreBusyError(
                    f"The store at {self.path} is open in another Evergreen process. Stop that "
                    "process, or run a SPARQL server and point --store at its URL."
                ) from err
            raise StoreError(f"Cannot open the store at {self.path}: {err}") from err

    def select(self, query: str) -> list[Row]:
        try:
            solutions = self._store.query(query)
        except (SyntaxError, OSError, ValueError) as err:
            raise StoreError(f"The Oxigraph store rejected a query: {err}") from err
        names = [v.value for v in solutions.variables]
        convert = _Converter()
        return [
            {name: convert(value) for name, value in zip(names, solution) if value is not None}
            for solution in solutions
        ]

    def update(self, update: str) -> None:
        try:
            self._store.update(update)
        except (SyntaxError, OSError, ValueError) as err:
            raise StoreError(f"The Oxigraph store rejected an update: {err}") from err

    def quads(self) -> Iterator[Quad]:
        for quad in self._store.quads_for_pattern(None, None, None, None):
            graph = quad.graph_name
            g = None if isinstance(graph, ox.DefaultGraph) else to_rdflib(graph)
            yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object), g

    def bulk_add(self, quads: list[Quad]) -> None:
        self._store.bulk_extend(to_oxigraph_quad(q) for q in quads)

    def flush(self) -> None:
        self._store.flush()

    def close(self) -> None:
        try:
            self._store.flush()
        except OSError as err:  # closing must not hide the error that led here
            logger.warning("Flushing the store failed: %s", err)
        del self._store


class _Converter:
    """Term conversion for one result set: IRIs and datatypes repeat, so they are cached."""

    def __init__(self) -> None:
        self._iris: dict[str, URIRef] = {}
        self._literals: dict[tuple, Literal] = {}

    def __call__(self, node):
        if isinstance(node, ox.NamedNode):
            value = node.value
            iri = self._iris.get(value)
            if iri is None:
                iri = self._iris[value] = URIRef(value)
            return iri
        if isinstance(node, ox.Literal):
            key = (node.value, node.datatype.value, node.language)
            literal = self._literals.get(key)
            if literal is None:
                literal = self._literals[key] = plain_literal(*key)
            return literal
        return to_rdflib(node)


def to_rdflib(node):
    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.Literal):
        return plain_literal(node.value, node.datatype.value, node.language)
    if isinstance(node, ox.BlankNode):
        return BNode(node.value)
    raise StoreError(f"Unsupported term from Oxigraph: {node!r}")


def to_oxigraph(node):
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    raise StoreError(f"Unsupported term {node!r}")


def to_oxigraph_quad(quad: Quad) -> ox.Quad:
    s, p, o, g = quad
    graph = ox.DefaultGraph() if g is None else to_oxigraph(g)
    return ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph)

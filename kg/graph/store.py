"""The store interface every backend implements, and how a backend is chosen.

A backend only moves SPARQL text and RDF terms; everything about facts lives in
`kg.graph.fact_graph`. Each `update()` call is applied atomically (one Oxigraph transaction,
one HTTP request), which is how one article's changes go in whole or not at all.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

Row = dict[str, URIRef | Literal]
Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef | None]


@runtime_checkable
class QuadStore(Protocol):
    """A quad store that answers SPARQL 1.1 SELECT and applies SPARQL 1.1 Update."""

    name: str

    def select(self, query: str) -> list[Row]:
        """Rows of a SELECT query; unbound variables are absent from a row."""

    def update(self, update: str) -> None:
        """Apply an update atomically."""

    def quads(self) -> Iterator[Quad]:
        """Every quad, the default graph's with graph None."""

    def close(self) -> None:
        """Release files and connections."""


@runtime_checkable
class BulkLoader(Protocol):
    """Optional: a faster path for loading many quads (imports, benchmarks)."""

    def bulk_add(self, quads: list[Quad]) -> None: ...


@runtime_checkable
class SharedStore(Protocol):
    """Optional: a store that several processes write to, which needs a lock across them."""

    def write_lock(self, timeout: float):
        """A context manager held around one read-recompute-write."""


def plain_literal(value: str, datatype: str | None = None, language: str | None = None) -> Literal:
    """A literal normalised so that xsd:string and untyped strings compare equal."""
    if language:
        return Literal(value, lang=language)
    if datatype is None or datatype == str(XSD.string):
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


# Backends by name, imported only when chosen (as kg.llms.base does for LLMs): this module
# names them and never imports them, so the backends build on it and not the other way round.
# Each backend class has `open(location, update_url=None, **options)`.
BACKENDS = {
    "memory": ("kg.graph.stores.memory", "MemoryStore"),
    "oxigraph": ("kg.graph.stores.oxigraph", "OxigraphStore"),
    "sparql": ("kg.graph.stores.sparql", "SparqlStore"),
}


def backend_for(location: str) -> str:
    """"memory", an http(s) SPARQL endpoint URL, or a directory for the embedded store."""
    if location == "memory":
        return "memory"
    if location.startswith(("http://", "https://")):
        return "sparql"
    return "oxigraph"


def open_store(location: str, update_url: str | None = None, **options) -> QuadStore:
    """The store at `location` (see `backend_for`), opened by its backend."""
    module_name, class_name = BACKENDS[backend_for(location)]
    backend = getattr(importlib.import_module(module_name), class_name)
    return backend.open(location, update_url=update_url, **options)

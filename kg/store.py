"""The store interface every backend implements, and how a backend is chosen.

A backend only moves SPARQL text and RDF terms; everything about facts lives in
`kg.graph.fact_graph`. Each `update()` call is applied atomically (one Oxigraph transaction,
one HTTP request), which is how one article's changes go in whole or not at all.
"""

from __future__ import annotations

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


def open_store(location: str, update_url: str | None = None, **options) -> QuadStore:
    """"memory", an http(s) SPARQL endpoint URL, or a directory for the embedded store."""
    if location == "memory":
        from kg.graph.stores.memory import MemoryStore

        return MemoryStore()
    if location.startswith(("http://", "https://")):
        from kg.graph.stores.sparql import SparqlStore

        return SparqlStore(location, update_url=update_url, **options)
    from kg.graph.stores.oxigraph import OxigraphStore

    return OxigraphStore(location)

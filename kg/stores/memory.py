"""In-memory store for tests and throwaway graphs: Oxigraph without a directory.

rdflib's own in-memory Dataset cannot run `INSERT DATA` into the default graph of
a Dataset (rdflib 7.6), so the in-memory backend uses Oxigraph's memory mode.
Portability of the SPARQL we write is checked separately, by running the
documented queries with rdflib's engine over an export (tests/kg/test_data_model_doc.py).
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.graph.stores.oxigraph import OxigraphStore


class MemoryStore(OxigraphStore):
    name = "memory"

    def __init__(self) -> None:  # noqa: super().__init__ opens a directory
        self.path = None
        self._store = ox.Store()

    def close(self) -> None:
        pass

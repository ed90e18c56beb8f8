"""Any SPARQL 1.1 Query + Update endpoint over HTTP (Oxigraph server, Fuseki, GraphDB, ...).

Plain SPARQL 1.1 Protocol over urllib: one POST per query or update, so each
article's update is one request that the server applies whole or not at all.
Credentials go in headers only and never into messages or logs.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

from rdflib import BNode, URIRef

from kg.core.errors import StoreError
from kg.graph.store import Quad, Row, plain_literal

logger = logging.getLogger(__name__)

# Everything but the transient write lock (kg/graph/stores/lease.py).
_ALL_QUADS = ("SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } "
              "FILTER(?g != <https://evergreen.example/graph/lock>) } }")


def default_update_url(query_url: str) -> str:
    """The query URL with a trailing /query or /sparql replaced by /update."""
    return re.sub(r"/(query|sparql)/?$", "/update", query_url)


def redact(url: str) -> str:
    """The URL without user:password@, for messages."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


class SparqlStore:
    name = "sparql"

    def __init__(self, query_url: str, update_url: str | None = None, user: str | None = None,
                 password: str | None = None, token: str | None = None, timeout: float = 60.0):
        self.query_url, userinfo = _split_credentials(query_url)
        self.update_url, _ = _split_credentials(update_url or default_update_url(query_url))
        user = user or userinfo[0]
        password = password or userinfo[1]
        self.timeout = timeout
        self._headers = {"User-Agent": "evergreen"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        elif user:
            pair = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self._headers["Authorization"] = f"Basic {pair}"

    def __repr__(self) -> str:
        return f"SparqlStore({redact(self.query_url)!r})"

    def select(self, query: str) -> list[Row]:
        body = self._post(self.query_url, {"query": query}, "application/sparql-results+json")
        try:
            data = json.loads(body)
            return [{k: _term(v) for k, v in b.items()} for b in data["results"]["bindings"]]
        except (ValueError, KeyError, TypeError) as err:
            raise StoreError(
                f"The SPARQL endpoint {redact(self.query_url)} did not answer with SPARQL JSON results."
            ) from err

    def update(self, update: str) -> None:
        self._post(self.update_url, {"update": update}, "*/*")

    def quads(self) -> Iterator[Quad]:
        for row in self.select(_ALL_QUADS):
            yield row["s"], row["p"], row["o"], row.get("g")

    def close(self) -> None:
        pass

    def write_lock(self, timeout: float):
        """Held around each commit: other processes may write to the same server."""
        from kg.graph.stores.lease import Lease

        return Lease(self).held(timeout)

    def _post(self, url: str, form: dict[str, str], accept: str) -> bytes:
        data = urllib.parse.urlencode(form).encode("utf-8")
        headers = {**self._headers, "Accept": accept,
                   "Content-Type": "application/x-www-form-urlencoded"}
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as err:
            detail = err.read(300).decode("utf-8", "replace").strip().splitlines()
            raise StoreError(
                f"The SPARQL endpoint {redact(url)} refused the request (HTTP {err.code}"
                f"{': ' + detail[0] if detail else ''})."
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(
                f"Cannot reach the SPARQL endpoint {redact(url)} ({reason}); is the server running?"
            ) from None


def _split_credentials(url: str) -> tuple[str, tuple[str | None, str | None]]:
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, (None, None)
    clean = redact(url) + (f"?{parts.query}" if parts.query else "")
    return clean, (urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))


def _term(binding: dict):
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    return plain_literal(value, binding.get("datatype"), binding.get("xml:lang"))

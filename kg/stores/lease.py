"""A write lock kept in the store itself, for stores that several processes write to.

Recomputing facts is read-then-write; two processes doing it at once against one
SPARQL server could each miss the other's statements. So writers take a lease: a
triple in its own graph, set with one conditional SPARQL update (only if absent
or expired) and checked by reading it back. The holder renews it while it works, so
it can be short: if its holder dies, it expires within `ttl` seconds.
Plain SPARQL 1.1 throughout, so it works on any server that applies an update whole.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import random
import threading
import time
import uuid

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.core.errors import StoreBusyError

logger = logging.getLogger(__name__)

BASE = "https://evergreen.example/"
LOCK_GRAPH = URIRef(BASE + "graph/lock")
LOCK = URIRef(BASE + "lock/write")
OWNER = URIRef(BASE + "ns#lockOwner")
EXPIRES = URIRef(BASE + "ns#lockExpires")


def _moment(when: dt.datetime) -> str:
    return f'"{when.isoformat()}"^^<{XSD.dateTime}>'


class Lease:
    def __init__(self, store, ttl: float = 15.0):
        self.store = store
        self.ttl = ttl

    @contextlib.contextmanager
    def held(self, timeout: float):
        owner = uuid.uuid4().hex
        self._acquire(owner, timeout)
        done = threading.Event()
        renewer = threading.Thread(target=self._renew, args=(owner, done), daemon=True)
        renewer.start()
        try:
            yield
        finally:
            done.set()
            renewer.join()
            self._release(owner)

    def _renew(self, owner: str, done: threading.Event) -> None:
        while not done.wait(self.ttl / 3):
            expires = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=self.ttl)
            try:
                self.store.update(
                    f"DELETE {{ GRAPH <{LOCK_GRAPH}> {{ <{LOCK}> <{EXPIRES}> ?e }} }} "
                    f"INSERT {{ GRAPH <{LOCK_GRAPH}> {{ <{LOCK}> <{EXPIRES}> {_moment(expires)} }} }} "
                    f"WHERE {{ GRAPH <{LOCK_GRAPH}> {{ <{LOCK}> <{OWNER}> {Literal(owner).n3()} ; <{EXPIRES}> ?e }} }}"
                )
            except Exception as err:  # the commit itself will fail and report the store's error
                logger.warning("Could not renew the write lease: %s", err)

    def _acquire(self, owner: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        delay = 0.02
        while True:
            now = dt.datetime.now(dt.timezone.utc)
            expires = now + dt.timedelta(seconds=self.ttl)
            self.store.update(
                f"DELETE {{ GRAPH <{LOCK_GRAPH}> {{ <{LOCK}> ?p ?o }} }} "
                f"INSERT {{ GRAPH <{LOCK_GRAPH}> {{ <{LOCK}> <{OWNER}> \"{owner}\" ; <{EXPIRES}> {_moment(expires)} }} }} "
                f"WHERE {{ OPTIONAL {{ GRAPH <{LOCK_GRAPH}> {{ <{LOCK}> <{EXPIRES}> ?e }} }} "
                f"FILTER(!BOUND(?e) || ?e < {_moment(now)}) "
                f"OPTIONAL {{ GRAPH <{LOCK_GRAPH}> {{ <{LOCK}> ?p ?o }} }} }}"
            )
            owners = {str(r["o"]) for r in self.store.select(
                f"SELECT ?o WHERE {{ GRAPH <{LOCK_GRAPH}> {{ <{LOCK}> <{OWNER}> ?o }} }}")}
            if owners == {owner}:
                return
            if owner in owners:
                # Two writers got in at once (a store without serialisable updates): both back off.
                self._release(owner)
            if time.monotonic() > deadline:
                raise StoreBusyError(
                    "Another Evergreen process has been writing to the SPARQL store for too long; "
                    "try again in a minute (a stale lock expires by itself)."
                )
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.5)

    def _release(self, owner: str) -> None:
        self.store.update(
            f"DELETE WHERE {{ GRAPH <{LOCK_GRAPH}> {{ <{LOCK}> <{OWNER}> {Literal(owner).n3()} ; ?p ?o }} }}"
        )

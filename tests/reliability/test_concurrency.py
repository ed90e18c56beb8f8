"""Concurrent writers: threads in one process, processes on one SPARQL server, editors on one fact."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

import pytest

from kg.runtime.settings import Settings
from kg.core.errors import ConflictError, StoreBusyError
from kg.app.service import Evergreen
from tests.reliability.checks import assert_consistent
from tests.servers import OxigraphServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = OxigraphServer(tmp_path_factory.mktemp("concurrency-server")).start()
    yield srv
    srv.stop()


def _threads(target, count):
    errors = []

    def run(i):
        try:
            target(i)
        except Exception as err:  # collected and re-raised in the test
            errors.append(err)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


@pytest.mark.parametrize("store_kind", ["oxigraph", "sparql"])
def test_threads_writing_the_same_timeline_lose_nothing(store_kind, tmp_path, request):
    if store_kind == "sparql":
        server = request.getfixturevalue("server")
        server.clear()
        store = server.url
    else:
        store = str(tmp_path / "store")
    with Evergreen(Settings(store=store, user="t")) as svc:
        read = svc.graph.statements_for_keys

        def slow_read(keys):  # widen the read-to-write window so that a missing lock shows
            found = read(keys)
            time.sleep(0.02)
            return found

        svc.graph.statements_for_keys = slow_read

        def writer(i):
            for j in range(5):
                svc.add("Acme", "CEO", f"Person {i}-{j}", f"{2000 + i * 5 + j}-01-01")
        assert _threads(writer, 4) == []
        history = svc.facts("Acme", history=True)
        assert len(history) == 20
        assert [r.status for r in history].count("current") == 1
        assert history[-1].object == "Person 3-4"
        assert_consistent(svc.graph)


def test_processes_writing_to_one_sparql_server_lose_nothing(server):
    server.clear()
    script = textwrap.dedent("""
        import sys, time
        from kg.runtime.settings import Settings
        from kg.app.service import Evergreen
        worker, url, start = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
        with Evergreen(Settings(store=url, user=f"w{worker}")) as svc:
            read = svc.graph.statements_for_keys
            def slow_read(keys):
                # A slow network between reading the statements and writing the facts:
                # without a lock across processes, writers overwrite each other's facts.
                found = read(keys)
                time.sleep(0.05)
                return found
            svc.graph.statements_for_keys = slow_read
            time.sleep(max(0.0, start - time.time()))  # all workers start writing together
            for j in range(15):
                svc.add("Acme", "CEO", f"Person {worker}-{j}", f"{1900 + worker * 15 + j}-03-01")
                svc.add("Acme", "acquired", f"Company {worker}-{j}", f"{2000 + j}")
    """)
    start = str(time.time() + 5)
    workers = [subprocess.Popen([sys.executable, "-c", script, str(i), server.url, start]) for i in range(3)]
    assert [w.wait(timeout=300) for w in workers] == [0, 0, 0]
    with Evergreen(Settings(store=server.url)) as svc:
        rows = svc.facts("Acme", history=True)
        ceos = [r for r in rows if r.predicate_key == "chief_executive"]
        assert len(ceos) == 45 and [r.status for r in ceos].count("current") == 1
        assert ceos[-1].object == "Person 2-14"
        assert len([r for r in rows if r.predicate_key == "acquired"]) == 45
        assert_consistent(svc.graph)
        assert "graph/lock" not in svc.export("nquads")


def test_second_process_on_the_embedded_store_gets_a_clear_error(tmp_path):
    store = str(tmp_path / "store")
    with Evergreen(Settings(store=store)) as svc:
        svc.add("Acme", "CEO", "Ingrid Dahl", "2019")
        result = subprocess.run(
            [sys.executable, "-m", "kg.app.cli", "--store", store, "add", "Acme", "CEO", "Tomas Berg"],
            capture_output=True, text=True, timeout=120)
        assert result.returncode == 1
        assert "open in another Evergreen process" in result.stderr
        assert [r.object for r in svc.facts("Acme")] == ["Ingrid Dahl"]
    with pytest.raises(StoreBusyError):
        with Evergreen(Settings(store=store)):
            Evergreen(Settings(store=store))


@pytest.mark.parametrize("store_kind", ["memory", "sparql"])
def test_two_editors_changing_one_fact_one_wins_the_other_is_told(store_kind, request):
    if store_kind == "sparql":
        server = request.getfixturevalue("server")
        server.clear()
        store = server.url
    else:
        store = "memory"
    with Evergreen(Settings(store=store, user="editor")) as svc:
        svc.add("Acme", "CEO", "Ingrid Dahl", "2019")
        (fact,) = svc.facts("Acme")
        barrier = threading.Barrier(2)
        outcomes = []

        def editor(i):
            barrier.wait()
            try:
                svc.correct(fact.id, obj=f"Editor {i} choice", reason=f"editor {i}")
                outcomes.append("won")
            except ConflictError:
                outcomes.append("conflict")

        assert _threads(editor, 2) == []
        assert sorted(outcomes) == ["conflict", "won"]
        (now,) = svc.facts("Acme")
        assert now.object in ("Editor 0 choice", "Editor 1 choice")
        assert_consistent(svc.graph)

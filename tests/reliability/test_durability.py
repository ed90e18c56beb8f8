"""Crashes: a writer killed mid-ingest, a SPARQL server killed mid-update; backups."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from kg.runtime.settings import Settings
from kg.core.errors import StoreError
from kg.app.service import Evergreen
from tests.reliability.checks import assert_consistent, statement_counts
from tests.servers import OxigraphServer

PER_ARTICLE = 80
ARTICLES = 10

# A writer that commits big articles one by one and skips those already in, as a re-run of
# `evergreen ingest` does (duplicates are recognised by content hash).
WRITER = textwrap.dedent(f"""
    import datetime as dt, sys
    from kg.runtime.settings import Settings
    from kg.core.facts import Entity, Ref, Source, Statement, TimePoint
    from kg.graph.report import Report
    from kg.app.service import Evergreen

    with Evergreen(Settings(store=sys.argv[1])) as svc:
        have = {{s.id for s, _ in svc.sources()}}
        for i in range({ARTICLES}):
            sid = f"article-{{i}}"
            if sid in have:
                continue
            now = dt.datetime.now(dt.timezone.utc)
            source = Source(sid, title=f"Article {{i}}", published=TimePoint.parse(f"{{2000 + i}}"), recorded_at=now)
            entities = [Entity(f"company-{{j}}", f"Company {{j}}", "ORG") for j in range({PER_ARTICLE})]
            entities.append(Entity(f"person-{{i}}", f"Person {{i}}", "PERSON"))
            statements = [Statement(f"company-{{j}}", "chief_executive", Ref(f"person-{{i}}"), sid,
                                    valid_from=TimePoint.parse(f"{{2000 + i}}"), sentence=f"Sentence {{j}}",
                                    recorded_at=now) for j in range({PER_ARTICLE})]
            svc.commit(Report("ingest", source_id=sid), sources=[source], statements=statements, entities=entities)
            print("done", i, flush=True)
""")


def _run_until(store: str, done: int) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", WRITER, store], stdout=subprocess.PIPE, text=True)
    for _ in range(done):
        line = child.stdout.readline()
        assert line.startswith("done"), line
    return child


def _check_whole(svc) -> set[str]:
    counts = statement_counts(svc.graph)
    assert all(count == PER_ARTICLE for count in counts.values()), counts
    assert_consistent(svc.graph)
    return set(counts)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_mid_ingest_leaves_every_article_whole_or_absent(tmp_path, seed):
    store = str(tmp_path / "store")
    rng = random.Random(seed)
    child = _run_until(store, done=rng.randint(1, 3))
    time.sleep(rng.uniform(0.0, 0.3))  # land somewhere inside a later article's update
    child.send_signal(signal.SIGKILL)
    child.wait()
    with Evergreen(Settings(store=store)) as svc:
        present = _check_whole(svc)
        assert present
    finish = subprocess.run([sys.executable, "-c", WRITER, store], capture_output=True, text=True, timeout=600)
    assert finish.returncode == 0, finish.stderr
    with Evergreen(Settings(store=store)) as svc:
        assert len(_check_whole(svc)) == ARTICLES
        assert [r.object for r in svc.facts("company-7")] == [f"Person {ARTICLES - 1}"]


def test_sparql_server_killed_mid_update_leaves_no_half_article(tmp_path):
    location = tmp_path / "server-data"
    server = OxigraphServer(location).start()
    stop_after = 2
    errors = []

    def write():
        try:
            subprocess.run([sys.executable, "-c", WRITER, server.url], capture_output=True, timeout=600)
        except Exception as err:  # noqa: collected for the assertion below
            errors.append(err)

    with Evergreen(Settings(store=server.url)) as probe:
        writer = threading.Thread(target=write)
        writer.start()
        deadline = time.monotonic() + 120
        while len(statement_counts(probe.graph)) < stop_after and time.monotonic() < deadline:
            time.sleep(0.05)
        server.stop(kill=True)
        writer.join(timeout=120)
        with pytest.raises(StoreError, match="Cannot reach"):
            probe.sources()
    server = OxigraphServer(location).start()
    try:
        with Evergreen(Settings(store=server.url)) as svc:
            present = _check_whole(svc)
            assert len(present) >= stop_after
        finish = subprocess.run([sys.executable, "-c", WRITER, server.url], capture_output=True, text=True, timeout=600)
        assert finish.returncode == 0, finish.stderr
        with Evergreen(Settings(store=server.url)) as svc:
            assert len(_check_whole(svc)) == ARTICLES
    finally:
        server.stop()
    assert errors == []


def test_backup_and_restore_gives_an_identical_graph(tmp_path):
    with Evergreen(Settings(store=str(tmp_path / "a"), user="x")) as svc:
        svc.add("Acme", "CEO", "Ingrid Dahl", "2019")
        svc.add("Acme", "CEO", "Tomas Berg", "2023-02-14", source='He said "hello" <b>')
        (fact,) = svc.facts("Acme")
        svc.retract(fact.id, at="2024-05-01", reason="left")
        backup = tmp_path / "backup.nq"
        backup.write_text(svc.export("nquads"))
    with Evergreen(Settings(store=str(tmp_path / "b"))) as restored:
        restored.import_file(backup)
        assert restored.export("nquads") == backup.read_text()

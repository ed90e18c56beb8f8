"""Batch ingest with worker processes (settings.n_process > 1) gives the same graph as one
process, survives a worker that dies, and reports an article that fails in a worker."""

from __future__ import annotations

import os

import pytest

from kg.runtime.settings import Settings
from kg.app.service import Evergreen
from extract import parallel
from extract.articles import article_from_text

PEOPLE = ["Ada Brenner", "Tomas Ekdahl", "Mira Castell", "Jonas Wirth", "Lena Okafor", "Piet Vos",
          "Carla Mendes", "Ivo Lindqvist"]
COMPANIES = ["Harbor Lane Foods", "Quillon Systems", "Brightwater Mills", "Oster Freight",
             "Norvale Energy", "Palisade Optics"]


def articles(n: int = 40):
    """Short dated news items, each naming a chief executive or a head office."""
    out = []
    for i in range(n):
        company = COMPANIES[i % len(COMPANIES)]
        person = PEOPLE[i % len(PEOPLE)]
        day = f"2021-{1 + i // 28:02d}-{1 + i % 28:02d}"
        text = (f"{company} named {person} as its chief executive on Monday. "
                f"{person} said the company would grow. Item {i}.")
        if i % 3 == 0:
            text += f" {company} moved its headquarters to {('Oslo', 'Lyon')[i % 2]}."
        out.append(article_from_text(text, title=f"{company} news {i}", published=day))
    return out


def ingest(extractor, clock, processes: int, items):
    with Evergreen(Settings(store="memory", user="tester", n_process=processes), clock=clock) as svc:
        svc._extractor = extractor
        reports = list(svc.ingest_articles(items))
        facts = sorted((f.subject, f.predicate, str(f.object), str(f.valid_from), str(f.valid_until))
                       for f in svc.facts(history=True))
    return reports, facts


@pytest.fixture
def count_workers(monkeypatch):
    """Records the Reader of the ingest so a test can ask how many articles workers read."""
    readers = []
    original = parallel.Reader.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        readers.append(self)

    monkeypatch.setattr(parallel.Reader, "__init__", init)
    return readers


def test_two_processes_give_the_same_graph_as_one(extractor, clock, count_workers):
    items = articles(40)
    one_reports, one = ingest(extractor, clock, 1, items)
    two_reports, two = ingest(extractor, clock, 2, items)
    assert count_workers[0].read_in_workers == 0
    assert count_workers[1].read_in_workers == len(items)  # the pool really read them
    assert [r.status for r in two_reports] == [r.status for r in one_reports] == ["ok"] * len(items)
    assert len(one) > len(items) / 2
    assert two == one


def test_duplicates_across_batches_are_recognised_with_workers(extractor, clock, count_workers):
    items = articles(70)
    items.append(items[3])  # the same content again, in the second batch of 64
    reports, _ = ingest(extractor, clock, 2, items)
    assert [r.status for r in reports].count("duplicate") == 1
    assert reports[-1].status == "duplicate"


def test_a_worker_that_dies_leaves_nothing_unread(extractor, clock, monkeypatch, count_workers):
    parent = os.getpid()
    real = type(extractor).prepare_many

    def dies_in_a_worker(self, batch, *args, **kwargs):
        if os.getpid() != parent:
            os._exit(3)  # as a crash in native code or the OOM killer would
        return real(self, batch, *args, **kwargs)

    monkeypatch.setattr(type(extractor), "prepare_many", dies_in_a_worker)
    items = articles(100)  # two batches: the second was already handed to the pool when it broke
    reports, facts = ingest(extractor, clock, 2, items)
    monkeypatch.undo()
    _, expected = ingest(extractor, clock, 1, items)
    assert [r.status for r in reports] == ["ok"] * len(items)
    assert count_workers[0].read_in_workers == 0
    assert facts == expected


def test_an_article_failing_in_a_worker_is_reported_and_the_rest_go_in(extractor, clock, monkeypatch,
                                                                       count_workers):
    real = type(extractor).prepare

    def breaks_on_item_7(self, article, doc=None):
        if article.title.endswith(" 7"):
            raise ValueError("a bug in a rule")
        return real(self, article, doc)

    monkeypatch.setattr(type(extractor), "prepare", breaks_on_item_7)
    reports, _ = ingest(extractor, clock, 2, articles(40))
    failed = [r for r in reports if r.status == "failed"]
    assert [r.title for r in failed] == ["Quillon Systems news 7"]
    assert "extraction failed (ValueError: a bug in a rule)" in failed[0].error
    assert sum(r.status == "ok" for r in reports) == 39
    assert count_workers[0].read_in_workers == 40


def test_cli_ingest_with_two_processes(tmp_path):
    """The real console script, as a user runs it: a .jsonl batch of 40 articles with -j 2."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"text": a.text, "title": a.title, "date": str(a.published)}) + "\n"
                             for a in articles(40)), "utf-8")
    script = Path(sys.executable).with_name("evergreen")
    done = subprocess.run([str(script), "--store", str(tmp_path / "store"), "-v", "ingest", "-j", "2", "--json",
                           str(batch)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["status"] for r in reports] == ["ok"] * 40
    assert "read 40 of 40 articles in 2 worker processes" in done.stderr


def test_n_process_below_one_is_refused(tmp_path, capsys):
    from kg.app.cli import main

    assert main(["--store", str(tmp_path / "store"), "ingest", "-j", "0", str(tmp_path)]) == 1
    assert "n_process must be 1 or more" in capsys.readouterr().err

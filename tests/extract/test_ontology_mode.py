"""The ontology mode through the real CLI: `evergreen ingest --ontology FILE` (real spaCy, real
embeddings, an embedded store). The ontology and the article are invented for this test."""

from __future__ import annotations

import json

import pytest

from kg.app.cli import main

ONTOLOGY = """\
title: films
concepts:
  - {qid: C1, label: film}
  - {qid: C2, label: human}
relations:
  - {label: director, pid: R1, domain: C1, range: C2}
  - {label: publication date, pid: R2, domain: C1}
"""
ARTICLE = "Winterfall is a 2003 film directed by Clara Ames.\n"


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("EVERGREEN_STORE", raising=False)
    monkeypatch.delenv("EVERGREEN_ONTOLOGY", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "films.yaml").write_text(ONTOLOGY, "utf-8")
    (tmp_path / "winterfall.txt").write_text(ARTICLE, "utf-8")

    def invoke(store, *args):
        code = main(["--store", str(tmp_path / store), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def facts(run, store):
    code, out, _ = run(store, "facts", "--json")
    assert code == 0
    return {(r["subject"], r["predicate"], r["object"]) for r in map(json.loads, out.splitlines())}


def test_ingest_with_an_ontology_stores_facts_of_its_relations(run):
    assert run("plain", "ingest", "winterfall.txt", "--date", "2024-01-05")[0] == 0
    assert run("onto", "ingest", "winterfall.txt", "--date", "2024-01-05", "--ontology", "films.yaml")[0] == 0
    plain, onto = facts(run, "plain"), facts(run, "onto")
    assert ("Winterfall", "director", "Clara Ames") in onto
    assert ("Winterfall", "publication date", "2003") in onto
    assert not any(pred in ("director", "publication date") for _, pred, _ in plain)
    assert plain <= onto  # the catalogue's own facts are still read


def test_a_missing_ontology_file_is_one_error_line_and_changes_nothing(run):
    code, _, err = run("onto", "ingest", "winterfall.txt", "--ontology", "nosuch.yaml")
    assert code == 1 and err.startswith("evergreen: error: ") and "nosuch.yaml" in err and err.count("\n") == 1
    assert run("onto", "sources", "--json")[1] == ""

"""The CLI contract: commands, --json lines, one-line errors with exit codes, graph unchanged on failure."""

import json
import subprocess
import sys

import pytest

from kg.app.cli import main


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("EVERGREEN_STORE", raising=False)
    monkeypatch.chdir(tmp_path)
    store = str(tmp_path / "store")

    def invoke(*args):
        code = main(["--store", store, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def test_add_facts_history_and_json(run):
    assert run("add", "Halvorsen Marine", "CEO", "Ingrid Dahl", "--from", "2019")[0] == 0
    code, out, _ = run("add", "Halvorsen Marine", "chief executive", "Tomas Berg", "--from", "2023-02-14",
                       "--source", "Dahl out at Halvorsen")
    assert code == 0 and "superseded" in out
    code, out, _ = run("facts", "--entity", "Halvorsen Marine", "--json")
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert (row["object"], row["status"], row["valid_from"]) == ("Tomas Berg", "current", "2023-02-14")
    code, out, _ = run("facts", "--entity", "halvorsen marine", "--as-of", "2020-01-01")
    assert "Ingrid Dahl" in out and "Tomas Berg" not in out
    code, out, _ = run("facts", "--history", "--json")
    assert [json.loads(l)["status"] for l in out.splitlines()] == ["superseded", "current"]


def test_retract_deprecate_forget_and_sources(run):
    run("add", "Acme", "CEO", "Ingrid Dahl", "--from", "2019")
    fact_id = json.loads(run("facts", "--json")[1])["id"]
    code, out, _ = run("retract", fact_id, "--at", "2024-01-01", "--reason", "left", "--json")
    assert code == 0 and json.loads(out)["ended"][0]["object"] == "Ingrid Dahl"
    code, out, _ = run("sources", "--json")
    sources = [json.loads(l) for l in out.splitlines()]
    assert [s["kind"] for s in sources] == ["edit", "edit"]
    (retraction,) = [s["id"] for s in sources if s["title"].startswith("retract")]
    code, out, _ = run("forget", retraction)
    assert code == 0 and "restored" in out
    fact_id = json.loads(run("facts", "--json")[1])["id"]
    code, out, _ = run("deprecate", fact_id, "--reason", "never true")
    assert code == 0 and run("facts")[1] == ""


def test_changes(run):
    run("add", "Acme", "CEO", "Ingrid Dahl", "--from", "2019")
    code, out, _ = run("changes", "--since", "2000-01-01", "--json")
    assert json.loads(out)["object"] == "Ingrid Dahl"


def test_errors_are_one_line_and_change_nothing(run):
    run("add", "Acme", "CEO", "Ingrid Dahl", "--from", "2019")
    before = run("export", "--format", "nquads")[1]
    for args in (("retract", "nosuchfact"), ("facts", "--entity", "Nobody"),
                 ("add", "Acme", "CEO", "X", "--from", "2019-13-01"), ("forget", "nope"),
                 ("add", "Acme", "is best friends with", "X"), ("import", "missing.trig")):
        code, out, err = run(*args)
        assert code == 1, args
        assert err.startswith("evergreen: error: ") and err.count("\n") == 1, err
    assert run("export", "--format", "nquads")[1] == before


def test_usage_errors_exit_2(run):
    with pytest.raises(SystemExit) as exit_info:
        run("facts", "--no-such-flag")
    assert exit_info.value.code == 2


def test_export_import_round_trip(run, tmp_path):
    run("add", "Acme", "CEO", "Ingrid Dahl", "--from", "2019")
    run("add", "Acme", "CEO", "Tomas Berg", "--from", "2023")
    for fmt in ("trig", "nquads", "turtle", "jsonld"):
        assert run("export", "--format", fmt, "-o", str(tmp_path / f"out.{fmt}"))[0] == 0
    original = run("export", "--format", "nquads")[1]
    code = main(["--store", str(tmp_path / "copy"), "import", str(tmp_path / "out.trig")])
    assert code == 0
    assert main(["--store", str(tmp_path / "copy"), "export", "--format", "nquads",
                 "-o", str(tmp_path / "copy.nq")]) == 0
    assert (tmp_path / "copy.nq").read_text() == original


def test_fact_table_import(run, tmp_path):
    table = tmp_path / "facts.csv"
    table.write_text("subject,predicate,object,valid_from,source\n"
                     "Millbrook,population,48200,2020,Census 2020\n"
                     "Millbrook,mayor,Ruth Okafor,2022-05-01,Town records\n")
    code, out, _ = run("import", str(table), "--json")
    assert code == 0 and len(json.loads(out)["added"]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"subject": "A", "predicate": "CEO"}\n')
    code, _, err = run("import", str(bad))
    assert code == 1 and "row 1" in err


def test_read_only_setting_refuses_writes(run, monkeypatch):
    monkeypatch.setenv("EVERGREEN_READ_ONLY", "true")
    code, _, err = run("add", "Acme", "CEO", "X")
    assert code == 1 and "read-only" in err


def test_console_script_runs():
    result = subprocess.run([sys.executable, "-m", "kg.app.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "ingest" in result.stdout


def test_editor_password_guards_cli_writes(run, monkeypatch):
    monkeypatch.setenv("EVERGREEN_EDITOR_PASSWORD", "hunter2")
    code, _, err = run("add", "Acme", "CEO", "X")
    assert code == 1 and "EVERGREEN_PASSWORD" in err and "hunter2" not in err
    assert run("facts")[1] == ""
    monkeypatch.setenv("EVERGREEN_PASSWORD", "hunter2")
    assert run("add", "Acme", "CEO", "X")[0] == 0

"""Documentation that must follow the code (after Datasette's tests/test_docs.py)."""

import re
from pathlib import Path

from kg.app.cli import build_parser
from kg.runtime.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", readme, re.M))
    assert set(Settings.help()) <= documented


def test_every_cli_command_is_in_the_cli_reference():
    reference = (ROOT / "docs" / "cli.md").read_text("utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"### `evergreen {name}" in reference, name


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "scripts/test" in ci and "scripts/test" in readme and "scripts/start" in readme

"""The import contracts in pyproject.toml ([tool.importlinter]): imports point down only."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_imports_point_down_only():
    # lint-imports is import-linter's own entry point; run from the checkout so it reads
    # this pyproject.toml and analyses this tree's kg/ and extract/.
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "Contracts: " in done.stdout, done.stdout + done.stderr  # it ran and read the contracts
    assert " 0 broken" in done.stdout and done.returncode == 0, done.stdout + done.stderr

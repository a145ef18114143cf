"""The repository lints and type-checks its own Python: ruff (the rule set in
pyproject.toml) over everything, mypy (strict) over the core read model, the git
module and the command-line front door."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def _run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *argv], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    done = _run("ruff", "check", "--no-cache", "scripts", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean() -> None:
    done = _run("mypy", "--no-incremental")
    assert done.returncode == 0, done.stdout + done.stderr

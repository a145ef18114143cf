"""Shared test helpers: copies of the fixture catalogs and in-process CLI runs."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from zwfw.cli import main

TESTS = Path(__file__).parent
REPO = TESTS.parent
BASE = TESTS / "fixtures" / "base"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*argv: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
    return Run(code, out.getvalue(), err.getvalue())


def copy_catalog(src: Path, dst: Path) -> Path:
    for top in ("items", "libraries"):
        shutil.copytree(src / top, dst / top)
    return dst


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A writable copy of the small, valid fixture catalog."""
    return copy_catalog(BASE, tmp_path / "catalog")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A writable copy of the repository's sample catalog."""
    return copy_catalog(REPO, tmp_path / "sample")

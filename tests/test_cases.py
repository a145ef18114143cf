"""Bad-input cases discovered from ``tests/cases/<name>/``.

Each case lays ``files/`` over a copy of the valid fixture catalog
(``tests/fixtures/base``), deletes the paths listed in ``delete.txt`` (if any),
runs ``zwfw validate`` and compares the text output with ``expected.txt``.
Set ``ZWFW_UPDATE_GOLDEN=1`` to rewrite the golden files after a deliberate change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import BASE, TESTS, copy_catalog, run_cli

CASES = sorted(p for p in (TESTS / "cases").iterdir() if p.is_dir())


def build_case(case: Path, dst: Path) -> Path:
    root = copy_catalog(BASE, dst)
    overlay = case / "files"
    if overlay.is_dir():
        shutil.copytree(overlay, root, dirs_exist_ok=True)
    delete = case / "delete.txt"
    if delete.is_file():
        for line in delete.read_text("utf-8").split("\n"):
            if line.strip():
                target = root / line.strip()
                shutil.rmtree(target) if target.is_dir() else target.unlink()
    return root


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, tmp_path: Path) -> None:
    root = build_case(case, tmp_path / "catalog")
    result = run_cli("validate", "--quiet", "--root", str(root))
    golden = case / "expected.txt"
    if os.environ.get("ZWFW_UPDATE_GOLDEN"):
        golden.write_text(result.out, "utf-8")
    assert result.err == ""
    assert result.out == golden.read_text("utf-8")
    assert result.code == 1, "every case holds at least one error"


def test_base_fixture_is_valid(base: Path) -> None:
    result = run_cli("validate", "--quiet", "--root", str(base))
    assert result.code == 0, result.out
    assert "没有发现问题" in result.out

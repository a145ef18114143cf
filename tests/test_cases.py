"""Bad-input cases discovered from ``tests/cases/<name>/``.

Each case lays ``files/`` over a copy of the valid fixture catalog
(``tests/fixtures/base``), deletes the paths listed in ``delete.txt`` (if any),
makes the special files listed in ``special.txt`` (``symlink PATH TARGET``,
``fifo PATH``, ``size PATH BYTES``: what git or a plain copy cannot carry),
runs ``zwfw`` in the catalog with the arguments in ``args.txt`` (default
``validate --quiet``) and compares standard output, then standard error (after a
``--- stderr ---`` line, if any), with ``expected.txt``. The exit code is 1
unless ``exit.txt`` says otherwise.
Rewrite the golden files after a deliberate change with ``python -m pytest --update-goldens``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest

from conftest import BASE, TESTS, copy_catalog, run_cli
from zwfw.problems import RULES

CASES = sorted(p for p in (TESTS / "cases").iterdir() if p.is_dir())


def build_case(case: Path, dst: Path) -> Path:
    root = copy_catalog(BASE, dst)
    overlay = case / "files"
    if overlay.is_dir():
        shutil.copytree(overlay, root, dirs_exist_ok=True)
    for line in _lines(case / "delete.txt"):
        target = root / line
        shutil.rmtree(target) if target.is_dir() and not target.is_symlink() else target.unlink()
    for line in _lines(case / "special.txt"):
        _make_special(root, *shlex.split(line))
    return root


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text("utf-8").split("\n") if line.strip()] if path.is_file() else []


def _make_special(root: Path, what: str, rel: str, arg: str = "") -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if what == "symlink":
        os.symlink(arg, target)
    elif what == "fifo":
        os.mkfifo(target)
    elif what == "size":
        target.write_bytes(b"# " + b"x" * (int(arg) - 2))
    else:
        raise ValueError(f"unknown special file kind {what!r}")


def run_case(case: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int]:
    args = shlex.split((case / "args.txt").read_text("utf-8")) if (case / "args.txt").is_file() else ["validate", "--quiet"]
    monkeypatch.chdir(root)
    result = run_cli(*args)
    shown = result.out + (f"--- stderr ---\n{result.err}" if result.err else "")
    return shown, result.code


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, golden) -> None:
    root = build_case(case, tmp_path / "catalog")
    shown, code = run_case(case, root, monkeypatch)
    golden.check(case / "expected.txt", shown)
    expected = int((case / "exit.txt").read_text("utf-8")) if (case / "exit.txt").is_file() else 1
    assert code == expected, "every case holds at least one error, or says which exit code it expects"


#: Rule ids no input can reach with today's schemas, each with the reason.
UNREACHABLE = {
    "schema": "fallback for a JSON Schema keyword the messages do not explain yet (const, oneOf, …); "
              "the schemas use only keywords that have their own rule id",
}


def test_every_rule_id_has_a_golden_case() -> None:
    shown = set(UNREACHABLE)
    for case in CASES:
        shown |= set(re.findall(r"\[([a-z][a-z0-9-]*)\]", (case / "expected.txt").read_text("utf-8")))
    missing = sorted(set(RULES) - shown)
    assert not missing, f"rule ids without a golden case under tests/cases/: {missing}"
    assert shown <= set(RULES) | {"xlsx"}, f"golden cases show unregistered rule ids: {shown - set(RULES)}"


def test_base_fixture_is_valid(base: Path) -> None:
    result = run_cli("validate", "--quiet", "--root", str(base))
    assert result.code == 0, result.out
    assert "没有发现问题" in result.out

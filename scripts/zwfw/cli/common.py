"""What several commands share: finding the catalog, progress on a terminal."""

from __future__ import annotations

import sys
from pathlib import Path

from ..catalog import find_root


def add_root(p) -> None:
    """The ``--root`` option every command that reads the catalog has."""
    p.add_argument("--root", type=Path, help="目录仓库的根（含 items/ 的文件夹；默认从当前目录向上查找）")


def catalog_root(command: str, given: Path | None) -> Path | None:
    root = given or find_root(Path.cwd())
    if root is None or not (root / "items").is_dir():
        print(f"zwfw {command}: 找不到目录仓库（含 items/ 的文件夹）：请在仓库中运行，或用 --root 指定。", file=sys.stderr)
        return None
    return root.resolve()


def print_problems(problems) -> None:
    """Problems found on the way (``file: [rule] message``), on standard error."""
    for p in problems:
        print(f"{p.file}: [{p.rule}] {p.message}", file=sys.stderr)


def progress(quiet: bool):
    """A callback that shows a step on the terminal (nothing when not a terminal or quiet)."""
    if quiet or not sys.stderr.isatty():
        return None

    def show(message: str) -> None:
        print(f"\r{message}…\033[K", end="", file=sys.stderr, flush=True)

    return show


def done(show) -> None:
    if show is not None:
        print("\r\033[K", end="", file=sys.stderr, flush=True)

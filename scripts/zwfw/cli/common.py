"""What every command shares: its options, finding the catalog, where output goes,
progress on a terminal, printing problems, and usage errors.

A command reports a misuse by raising :class:`UsageError`; the front door
prints it as ``zwfw COMMAND: message`` and exits 2.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from .. import report
from ..catalog import find_root
from ..problems import Problem


class UsageError(Exception):
    """A command was used wrongly: the message says what to do instead (exit 2)."""


# --- options --------------------------------------------------------------

def add_root(p: argparse.ArgumentParser) -> None:
    """The ``--root`` option every command that reads the catalog has."""
    p.add_argument("--root", type=Path, help="目录仓库的根（含 items/ 的文件夹；默认从当前目录向上查找）")


def add_quiet(p: argparse.ArgumentParser) -> None:
    """``--quiet``: no progress on the terminal."""
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度")


def add_output(p: argparse.ArgumentParser, help: str, default: Path | None = None) -> None:
    """``-o/--output``: where the command writes; an existing file is overwritten.

    The command checks the value with :func:`output_file` or :func:`output_folder`."""
    p.add_argument("-o", "--output", type=Path, default=default, metavar="PATH", help=help)


def add_date(p: argparse.ArgumentParser, help: str = "封面上的日期（默认今天，YYYY-MM-DD）") -> None:
    """``--date YYYY-MM-DD`` (a real calendar date; empty means today)."""
    p.add_argument("--date", type=iso_date, default="", help=help)


def add_format(p: argparse.ArgumentParser, choices: Iterable[str], default: str, help: str = "输出格式") -> None:
    """``--format``: the format of the command's report (and nothing else)."""
    choices = tuple(choices)
    p.add_argument("--format", choices=choices, default=default, help=f"{help}（默认 {default}）")


def iso_date(value: str) -> str:
    """argparse type: ``YYYY-MM-DD``, a date that exists."""
    try:
        return datetime.date.fromisoformat(value).isoformat() if value else ""
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} 不是日期：请写成 YYYY-MM-DD，例如 2025-01-31") from None


def port(value: str) -> int:
    """argparse type: a TCP port, 1-65535."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} 不是有效的端口：请用 1 到 65535 之间的整数，例如 8000")
    return number


def positive_int(value: str) -> int:
    """argparse type: an integer of at least 1."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} 不是正整数")
    return number


# --- where things are -----------------------------------------------------

def catalog_root(command: str, given: Path | None) -> Path | None:
    root = given or find_root(Path.cwd())
    if root is None or not (root / "items").is_dir():
        print(f"zwfw {command}: 找不到目录仓库（含 items/ 的文件夹）：请在仓库中运行，或用 --root 指定。", file=sys.stderr)
        return None
    return root.resolve()


def output_file(path: Path, suffix: str = "") -> Path:
    """A file the command writes (overwriting it): not a folder, not some other existing
    file (when ``suffix`` names the kind), in a folder that exists."""
    if path.is_dir():
        raise UsageError(f"{path} 是文件夹：-o/--output 须是一个文件，例如 {path / ('输出' + (suffix or '.txt'))}")
    if suffix and path.exists() and path.suffix.lower() != suffix:
        raise UsageError(f"{path} 已存在且不是 {suffix} 文件，未覆盖：请换一个以 {suffix} 结尾的文件名。")
    _parent_exists(path)
    return path


def output_folder(path: Path, empty_or: Callable[[Path], bool] | None = None) -> Path:
    """A folder the command writes into (created when its parent exists). With ``empty_or``,
    an existing folder must be empty or pass that test (e.g. hold an earlier build)."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{path} 是文件：-o/--output 须是一个文件夹。")
    if path.is_dir():
        if empty_or is not None and any(path.iterdir()) and not empty_or(path):
            raise UsageError(f"{path} 不是空文件夹，也不是之前生成的结果，未覆盖：请换一个新的或空的文件夹。")
        return path
    _parent_exists(path)
    return path


def _parent_exists(path: Path) -> None:
    parent = path.absolute().parent
    if not parent.is_dir():
        raise UsageError(f"文件夹 {parent} 不存在：请先创建它，或换一个已有的文件夹。")


# --- what the user sees ---------------------------------------------------

class Progress:
    """The one progress display: on a terminal, one line rewritten in place; elsewhere
    (CI logs) one line per step and no counters; nothing with ``--quiet``.

    Pass ``progress`` (a ``message`` callback) or ``progress.counter(label)`` (a
    ``(done, total)`` callback) to library code; call :meth:`done` at the end."""

    def __init__(self, quiet: bool = False, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self.shown = False

    def __call__(self, message: str) -> None:
        if self.quiet:
            return
        if self.tty:
            print(f"\r{message}\033[K", end="", file=self.stream, flush=True)
            self.shown = True
        else:
            print(message, file=self.stream, flush=True)

    def counter(self, label: str) -> Callable[[int, int], None]:
        def show(done: int, total: int) -> None:
            if self.tty:
                self(f"{label} {done}/{total}")
        return show

    def done(self) -> None:
        if self.shown:
            print("\r\033[K", end="", file=self.stream, flush=True)
            self.shown = False


def print_problems(problems: list[Problem], root: Path) -> None:
    """Problems found on the way, with their positions, on standard error."""
    if problems:
        sys.stderr.write(report.lines(report.with_positions(problems, report.OnDisk(root))))


# Kept while the command modules move to :class:`Progress`.
def progress(quiet: bool) -> Progress | None:
    shown = Progress(quiet)
    return shown if shown.tty and not quiet else None


def done(show: Progress | None) -> None:
    if show is not None:
        show.done()

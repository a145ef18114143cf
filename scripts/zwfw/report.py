"""Reporting problems: positions (the slow, precise path, only for files with
problems), then text, JSON or GitHub annotations."""

from __future__ import annotations

import json
import stat
from collections import defaultdict
from pathlib import Path

from . import yamlio
from .catalog import Catalog
from .problems import RULES, Problem

FORMATS = ("text", "json", "github")


def with_positions(problems: list[Problem], catalog: Catalog | OnDisk) -> list[Problem]:
    """Fill in line/column from each problem's document path."""
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        by_file[p.file].append(p)
    out = []
    for file, found in by_file.items():
        text = catalog.texts.get(file) if any(not p.line for p in found) else None
        for p in found:
            if p.line or text is None:
                out.append(p if p.line else p.at(1, 1))
            else:
                out.append(p.at(*yamlio.locate(text, p.path)))
    return sorted(out)


class SourceTexts:
    """File texts read on demand from the catalog (for positions, only files with problems)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get(self, file: str) -> str | None:
        path = self.root / file
        try:
            return yamlio.read(path) if stat.S_ISREG(path.lstat().st_mode) else None
        except (OSError, ValueError):
            return None


class OnDisk:
    """A stand-in for a loaded catalog in :func:`with_positions`: texts from the files."""

    def __init__(self, root: Path) -> None:
        self.texts = SourceTexts(root)


def render(problems: list[Problem], fmt: str, files_read: int) -> str:
    if fmt == "json":
        return _json(problems, files_read)
    if fmt == "github":
        return "".join(_github(p) + "\n" for p in problems) + summary(problems, files_read) + "\n"
    return lines(problems) + summary(problems, files_read) + "\n"


def lines(problems: list[Problem]) -> str:
    """The problems as text, one ``file:line:col: [rule] message`` line each."""
    return "".join(line(f"{p.file}:{p.line}:{p.col}", p.rule, p.message, p.is_error) + "\n" for p in problems)


def line(where: str, rule: str, message: str, is_error: bool = True) -> str:
    """The one text form of a finding: ``where: [rule] message`` (warnings say so).
    Catalog problems, workbook cells and review findings all print through it."""
    return f"{where}: [{rule}] {'' if is_error else '警告：'}{message}"


def summary(problems: list[Problem], files_read: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"检查了 {files_read} 个文件，没有发现问题。"
    files = len({p.file for p in problems})
    return f"检查了 {files_read} 个文件：{files} 个文件共有 {errors} 个错误、{warnings} 个警告。"


def _json(problems: list[Problem], files_read: int) -> str:
    doc = {
        "files_checked": files_read,
        "errors": sum(p.is_error for p in problems),
        "warnings": sum(not p.is_error for p in problems),
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "column": p.col,
                "rule": p.rule,
                "severity": p.severity,
                "message": p.message,
                "path": list(p.path),
                "field": p.field,
                "title": RULES.get(p.rule, ""),
                "related": list(p.related),
            }
            for p in problems
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(p: Problem) -> str:
    """A GitHub Actions workflow command: ``::error file=…,line=…,col=…,title=…::message``."""
    level = "error" if p.is_error else "warning"
    props = f"file={_escape_property(p.file)},line={p.line},col={p.col},title={_escape_property(p.rule)}"
    return f"::{level} {props}::{_escape_data(p.message)}"

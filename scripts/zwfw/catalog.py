"""Loading the catalog: every data file → a :class:`Record`, plus the problems
found while reading (layout, encoding, YAML, schema). Nothing stops at the
first problem; a file that cannot be parsed is reported and left out of the
cross-record checks."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import layout, schemas, yamlio
from .problems import Problem, error

Progress = Callable[[int, int], None]


@dataclass
class Record:
    """One parsed data file that passed the YAML stage (it may still have schema problems)."""

    kind: str
    file: str
    data: dict
    where: layout.Location
    valid: bool = True  # passed its schema

    @property
    def region(self) -> str | None:
        return self.where.region_code

    @property
    def department(self) -> str | None:
        return self.where.department


@dataclass
class Catalog:
    root: Path
    records: list[Record] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # files that could not be parsed into a record
    files_read: int = 0

    def of(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]

    def index(self, kind: str, key: str) -> dict[str, Record]:
        """Records of ``kind`` by the (string) value of field ``key``; the first wins."""
        out: dict[str, Record] = {}
        for r in self.of(kind):
            value = r.data.get(key)
            if isinstance(value, str):
                out.setdefault(value, r)
        return out


def find_root(start: Path) -> Path | None:
    """The catalog root: ``start`` or the nearest parent that has ``items/``."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / layout.ITEMS_DIR).is_dir():
            return candidate
    return None


def data_files(root: Path) -> Iterator[str]:
    """Repository-relative POSIX paths of every file under the data folders, sorted."""
    found = []
    for top in layout.DATA_DIRS:
        base = root / top
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            rel = Path(dirpath).relative_to(root).as_posix()
            found.extend(f"{rel}/{name}" for name in filenames if not name.startswith("."))
    return iter(sorted(found))


def load(root: Path, progress: Progress | None = None) -> tuple[Catalog, list[Problem]]:
    """Read every data file under ``root``. Returns the catalog and the problems
    of the reading stage."""
    catalog = Catalog(root=root)
    problems: list[Problem] = []
    files = list(data_files(root))
    total = len(files)
    for n, rel in enumerate(files, 1):
        found = _load_one(catalog, rel)
        if found and (not catalog.records or catalog.records[-1].file != rel):
            catalog.unreadable.add(rel)
        problems.extend(found)
        if progress and (n % 500 == 0 or n == total):
            progress(n, total)
    catalog.files_read = total
    return catalog, problems


def _load_one(catalog: Catalog, rel: str) -> list[Problem]:
    try:
        where = layout.classify(rel)
    except layout.LayoutError as exc:
        return [error(rel, "layout", f"文件位置不对：{exc}", line=1, col=1)]
    try:
        text = yamlio.read(catalog.root / rel)
    except yamlio.ReadError as exc:
        return [error(rel, exc.rule, exc.message, line=exc.line, col=exc.col)]
    except OSError as exc:
        return [error(rel, "read", f"无法读取文件：{exc.strerror}", line=1, col=1)]
    catalog.texts[rel] = text
    found = [error(rel, e.rule, e.message, line=e.line, col=e.col) for e in yamlio.html_findings(text)]
    found.extend(_schema_comment_problems(rel, text, where))
    try:
        data = yamlio.load(text)
    except yamlio.ReadError as exc:
        return found + [error(rel, exc.rule, exc.message, line=exc.line, col=exc.col)]
    if not isinstance(data, dict):
        what = "空文件" if data is None else "不是一组字段"
        return found + [error(rel, "not-a-record", f"文件内容{what}：每个文件应是一条{layout.KIND_TITLES[where.kind]}记录（字段: 值）。", line=1, col=1)]
    record = Record(where.kind, rel, data, where, schemas.is_valid(where.kind, data))
    catalog.records.append(record)
    if not record.valid:
        found.extend(error(rel, rule, msg, path) for rule, path, msg in schemas.problems(where.kind, data, text))
    return found


def expected_schema_comment(rel: str, kind: str) -> str:
    depth = rel.count("/")
    return "../" * depth + "schemas/" + layout.schema_file(kind)


def _schema_comment_problems(rel: str, text: str, where: layout.Location) -> list[Problem]:
    expected = expected_schema_comment(rel, where.kind)
    actual = yamlio.schema_comment(text)
    if actual == expected:
        return []
    fix = f"# yaml-language-server: $schema={expected}"
    if actual is None:
        msg = f"第一行应为编辑器提示注释（让编辑器能补全和检查字段）：{fix}"
    else:
        msg = f"编辑器提示注释指向 {actual}，应指向 {expected}：请改为 {fix}"
    return [error(rel, "schema-comment", msg, line=1, col=1)]

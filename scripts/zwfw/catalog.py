"""Loading the catalog: every data file → a :class:`Record`, plus the problems
found while reading (layout, encoding, YAML, schema). Nothing stops at the
first problem; a file that cannot be parsed is reported and left out of the
cross-record checks."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import layout, schemas, yamlio
from .problems import Problem, error, register

register({
    "layout": "文件位置不符合目录结构",
    "read": "文件无法读取",
    "not-a-record": "文件内容不是一条记录",
    "schema-comment": "缺少或写错编辑器提示注释",
    "symlink": "数据文件或文件夹是符号链接",
})


Progress = Callable[[int, int], None]
#: Opening with this flag refuses a symbolic link (0 where the system has no such flag: checked first instead).
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class Placed:
    """A record's region and department, read from where its file sits."""

    __slots__ = ()
    where: layout.Location

    @property
    def region(self) -> str | None:
        return self.where.region_code

    @property
    def department(self) -> str | None:
        return self.where.department


@dataclass
class Record(Placed):
    """One parsed data file that passed the YAML stage (it may still have schema problems)."""

    kind: str
    file: str
    data: dict
    where: layout.Location
    valid: bool = True  # passed its schema


@dataclass
class Catalog:
    root: Path
    records: list[Record] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # files that could not be parsed into a record
    files_read: int = 0

    def add(self, loaded: Loaded) -> None:
        if loaded.text is not None:
            self.texts[loaded.file] = loaded.text
        if loaded.record is not None:
            self.records.append(loaded.record)
        elif loaded.problems:
            self.unreadable.add(loaded.file)

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
    """Repository-relative POSIX paths of every file under the data folders, sorted.
    A symbolic link (to a file or a folder) is listed itself and never followed."""
    found = []
    for top in layout.DATA_DIRS:
        base = root / top
        for dirpath, dirnames, filenames in os.walk(base):
            rel = Path(dirpath).relative_to(root).as_posix()
            links = [d for d in dirnames if not d.startswith(".") and os.path.islink(os.path.join(dirpath, d))]
            found.extend(f"{rel}/{name}" for name in links)
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in links]
            found.extend(f"{rel}/{name}" for name in filenames if not name.startswith("."))
    return iter(sorted(found))


@dataclass
class Loaded:
    """One data file after the reading stage: its record (when it parsed into
    one), its text (when it could be read) and the problems found."""

    file: str
    record: Record | None
    text: str | None
    problems: list[Problem]
    digest: str = ""  # hash of the file's bytes ("" when they could not be read)


def load(root: Path, progress: Progress | None = None) -> tuple[Catalog, list[Problem]]:
    """Read every data file under ``root``. Returns the catalog and the problems
    of the reading stage."""
    catalog = Catalog(root=root)
    problems: list[Problem] = []
    files = list(data_files(root))
    total = len(files)
    for n, rel in enumerate(files, 1):
        loaded = read_one(root, rel)
        catalog.add(loaded)
        problems.extend(loaded.problems)
        if progress and (n % 500 == 0 or n == total):
            progress(n, total)
    catalog.files_read = total
    return catalog, problems


def read_one(root: Path, rel: str) -> Loaded:
    """Read, parse and schema-check one data file (nothing else is needed)."""
    path = os.path.join(root, rel)
    fd, failure = None, None
    if _NOFOLLOW or not os.path.islink(path):
        try:  # one system call: a symbolic link, a pipe or a device is refused below, never followed or waited on
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            failure = exc
    if fd is None and os.path.islink(path):
        return Loaded(rel, None, None, [_symlink_problem(root, rel)])
    try:
        try:
            where = layout.classify(rel)
        except layout.LayoutError as exc:
            return Loaded(rel, None, None, [error(rel, "layout", f"文件位置不对：{exc}", line=1, col=1)])
        try:
            if failure is not None:
                raise failure
            raw = _read_regular(fd)
        except yamlio.ReadError as exc:
            return Loaded(rel, None, None, [error(rel, exc.rule, exc.message, line=exc.line, col=exc.col)])
        except OSError as exc:
            return Loaded(rel, None, None, [error(rel, "read", f"无法读取文件：{exc.strerror}", line=1, col=1)])
    finally:
        if fd is not None:
            os.close(fd)
    loaded = _parse(rel, where, raw)
    loaded.digest = digest(raw)
    return loaded


def digest(raw: bytes) -> str:
    """The content key of a file's bytes."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _parse(rel: str, where: layout.Location, raw: bytes) -> Loaded:
    try:
        text = yamlio.decode(raw)
    except yamlio.ReadError as exc:
        return Loaded(rel, None, None, [error(rel, exc.rule, exc.message, line=exc.line, col=exc.col)])
    found = _schema_comment_problems(rel, text, where)
    try:
        data = yamlio.load(text)
    except yamlio.ReadError as exc:
        return Loaded(rel, None, text, found + _explained(rel, text, exc))
    if not isinstance(data, dict):
        what = "空文件" if data is None else "不是一组字段"
        return Loaded(rel, None, text, found + [error(rel, "not-a-record", f"文件内容{what}：每个文件应是一条{layout.KIND_TITLES[where.kind]}记录（字段: 值）。", line=1, col=1)])
    record = Record(where.kind, rel, data, where, schemas.is_valid(where.kind, data))
    if not record.valid:
        found.extend(_full_width(rel, text))
        found.extend(error(rel, rule, msg, path) for rule, path, msg in schemas.problems(where.kind, data, text))
    return Loaded(rel, record, text, found)


def _read_regular(fd: int) -> bytes:
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(0, "不是普通文件（可能是管道、设备或文件夹）")
    if st.st_size > yamlio.MAX_BYTES:
        raise yamlio.too_large(st.st_size)
    with open(fd, "rb", closefd=False) as f:
        return f.read()


def _symlink_problem(root: Path, rel: str) -> Problem:
    target = os.readlink(root / rel)
    return error(rel, "symlink", f"这是符号链接（指向 {target}）：目录数据只能是普通文件和文件夹，"
                 "链接会让一处的修改悄悄改变另一处的记录。请删除链接，放入真实的文件。", line=1, col=1)


def _full_width(rel: str, text: str) -> list[Problem]:
    return [error(rel, e.rule, e.message, line=e.line, col=e.col) for e in yamlio.full_width_findings(text)]


def _explained(rel: str, text: str, exc: yamlio.ReadError) -> list[Problem]:
    """A YAML error, or the full-width characters that explain it (named on their own lines)."""
    full = _full_width(rel, text)
    if exc.rule == "yaml-syntax" and any(p.line <= exc.line for p in full):
        return full
    return full + [error(rel, exc.rule, exc.message, line=exc.line, col=exc.col)]


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

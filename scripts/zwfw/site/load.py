"""Reading the catalog for the site build: every data file is parsed in
worker processes (both cores) and each record's data is kept packed (marshalled), not as
parsed objects: a province's parsed catalog would not fit the build's memory
budget, packed it does. :attr:`PackedRecord.data` unpacks on use; the most
recently used few thousand stay unpacked, so rendering one item (at most one
entry per region) unpacks each of its entries once."""

from __future__ import annotations

import ctypes
import gc
import hashlib
import marshal
import multiprocessing
import os
import pickle
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from .. import catalog as catalog_mod
from .. import incremental, layout
from ..cache import fingerprint  # the validator's: this package's reading code, schemas and tables
from ..catalog import Catalog, Placed

Progress = Callable[[str], None]
#: Records kept unpacked (an item has at most one entry per region: ~200).
RECENT = 4096
#: A file's ``lstat`` values identify its content once it has not changed for this long (nanoseconds).
TRUST_AFTER_NS = 2_000_000_000
#: Files per task sent to a worker, and the smallest catalog worth starting workers for.
_CHUNK, _PARALLEL_FROM = 400, 3000


def pack(data: dict) -> bytes:
    """``marshal`` (four times faster to unpack than ``pickle``) for the plain
    values YAML gives; ``pickle`` for anything else."""
    try:
        return b"m" + marshal.dumps(data)
    except ValueError:
        return b"p" + pickle.dumps(data, pickle.HIGHEST_PROTOCOL)


@lru_cache(maxsize=RECENT)
def unpack(blob: bytes) -> dict:
    body = memoryview(blob)[1:]
    return marshal.loads(body) if blob[:1] == b"m" else pickle.loads(body)


def release() -> None:
    """Drop the unpacked records kept for reuse and hand freed memory back to the system."""
    unpack.cache_clear()
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)  # glibc keeps freed heap pages otherwise (elsewhere: no such function)
    except (OSError, AttributeError):
        pass


class PackedData(Mapping):
    """A read-only view of a packed record's data that unpacks on each use: what a
    pass over the whole catalog keeps per entry instead of the parsed data."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes):
        self.blob = blob

    def __getitem__(self, key):
        return unpack(self.blob)[key]

    def get(self, key, default=None):
        return unpack(self.blob).get(key, default)

    def __iter__(self):
        return iter(unpack(self.blob))

    def __len__(self) -> int:
        return len(unpack(self.blob))


class PackedRecord(Placed):
    """A :class:`~zwfw.catalog.Record` whose data is kept packed (:func:`pack`)."""

    __slots__ = ("kind", "file", "where", "valid", "blob")

    def __init__(self, kind: str, file: str, where: layout.Location, valid: bool, blob: bytes):
        self.kind, self.file, self.where, self.valid, self.blob = kind, file, where, valid, blob

    @property
    def data(self) -> dict:
        return unpack(self.blob)

    @property
    def view(self) -> PackedData:
        return PackedData(self.blob)


def load(root: Path, progress: Progress | None = None, processes: int | None = None,
         cache: Path | None = None) -> tuple[Catalog, dict[str, str]]:
    """The catalog under ``root`` with packed records, and each data file's
    content digest (files that could not be read have none). With ``cache``
    (an SQLite file kept with the previous build), files whose ``lstat`` or
    content is unchanged are taken from it and only the others are parsed."""
    scanned = incremental.scan(root)
    files = sorted(scanned)
    kept = _Kept.open(cache, _version()) if cache is not None else None
    reuse, by_content = kept.rows(scanned) if kept is not None else ({}, {})
    fresh = _same_content(root, by_content)  # e.g. a fresh checkout: new lstat values, the same bytes
    reuse.update((row[0], row) for row in fresh)
    todo = [rel for rel in files if rel not in reuse]
    catalog = Catalog(root=root, files_read=len(files))
    digests: dict[str, str] = {}
    done, count = len(reuse), Counter(progress, "读取数据文件")
    for batch in _batches(root, todo, processes):
        fresh.extend(batch)
        done += len(batch)
        count(done, len(files))
    rows = {row[0]: row for row in fresh}
    rows.update(reuse)
    for rel in files:
        _, kind, valid, blob, digest = rows[rel]
        if digest:
            digests[rel] = digest
        if kind is None:
            catalog.unreadable.add(rel)
        else:
            catalog.records.append(PackedRecord(kind, rel, layout.classify(rel), valid, blob))  # type: ignore[arg-type]
    if kept is not None:
        kept.update(fresh, scanned)
    return catalog, digests


class _Kept:
    """The packed records of the previous build, by file and ``lstat`` values."""

    def __init__(self, con: sqlite3.Connection, version: str):
        self.con, self.version = con, version

    @classmethod
    def open(cls, path: Path, version: str) -> _Kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = sqlite3.connect(path, isolation_level=None)
            con.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stat TEXT, kind TEXT, valid INTEGER,"
                        " blob BLOB, digest TEXT, version TEXT) WITHOUT ROWID")
            con.execute("PRAGMA synchronous=OFF")
            return cls(con, version)
        except sqlite3.DatabaseError:  # not a database (a damaged cache): start it again
            path.unlink(missing_ok=True)
            return cls.open(path, version)

    def rows(self, scanned: dict[str, tuple]) -> tuple[dict[str, tuple], dict[str, tuple]]:
        """(the rows of files whose ``lstat`` values are unchanged, the rows of
        the other files still there: their content decides)."""
        same, other = {}, {}
        try:
            for path, stat, kind, valid, blob, digest, version in self.con.execute("SELECT * FROM files"):
                if version != self.version or scanned.get(path) is None:
                    continue
                row = (path, kind, bool(valid), blob, digest)
                if stat is not None and stat == _key(scanned[path]):
                    same[path] = row
                elif digest:
                    other[path] = row
        except sqlite3.DatabaseError:
            return {}, {}
        return same, other

    def update(self, fresh: list[tuple], scanned: dict[str, tuple]) -> None:
        """Record the files parsed now; forget removed ones. A file changed in the
        last two seconds gets no ``lstat`` key: a second change within the same
        clock tick could leave its values as they are."""
        recent = time.time_ns() - TRUST_AFTER_NS
        try:
            with self.con:
                self.con.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                    ((rel, _key(scanned[rel]) if scanned[rel][0] < recent and scanned[rel][3] < recent else None,
                      kind, int(valid), blob, digest, self.version) for rel, kind, valid, blob, digest in fresh))
                gone = [(p,) for (p,) in self.con.execute("SELECT path FROM files") if p not in scanned]
                self.con.executemany("DELETE FROM files WHERE path = ?", gone)
        except sqlite3.DatabaseError:
            pass  # the cache only saves time; the next build parses again
        finally:
            self.con.close()


def _same_content(root: Path, rows: dict[str, tuple]) -> list[tuple]:
    """The rows whose file still holds the bytes they were packed from (never through a link)."""
    out = []
    for rel, row in rows.items():
        path = root / rel
        try:
            if not path.is_symlink() and catalog_mod.digest(path.read_bytes()) == row[4]:
                out.append(row)
        except OSError:
            continue
    return out


def _version() -> str:
    """The validator's fingerprint (reading code, schemas, tables) and this module's own code (the packing)."""
    return fingerprint() + ":" + hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()


def _key(stat: tuple) -> str:
    return ",".join(map(str, stat))


class Counter:
    """Progress of a long step: says ``what: done/total`` every ``step`` files and at the end."""

    def __init__(self, say: Progress | None, what: str, step: int = 20000):
        self.say, self.what, self.step, self.said = say, what, step, 0

    def __call__(self, done: int, total: int) -> None:
        if self.say and total >= self.step and (done // self.step > self.said or done == total):
            self.said = done // self.step
            self.say(f"{self.what}：{done}/{total}")


def _batches(root: Path, files: list[str], processes: int | None) -> Iterator[list[tuple]]:
    chunks = [(str(root), files[i:i + _CHUNK]) for i in range(0, len(files), _CHUNK)]
    procs = processes or min(2, os.cpu_count() or 1)
    if procs < 2 or len(files) < _PARALLEL_FROM:
        yield from map(_read, chunks)
        return
    with multiprocessing.get_context("fork").Pool(procs) as pool:
        yield from pool.imap(_read, chunks)


def _read(task: tuple[str, list[str]]) -> list[tuple]:
    """(file, kind or None, passed its schema, packed data, digest) of each file."""
    root, files = Path(task[0]), task[1]
    out = []
    for rel in files:
        loaded = catalog_mod.read_one(root, rel)
        record = loaded.record
        if record is None:
            out.append((rel, None, False, b"", loaded.digest))
        else:
            out.append((rel, record.kind, record.valid, pack(record.data), loaded.digest))
    return out

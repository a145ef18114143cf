"""The validation cache: an SQLite file in ``.zwfw-cache/`` (never tracked).

For every data file it keeps the content hash and ``stat`` values it was
checked with, the file's own problems, its key fields (what the catalog checks
read), the problems of its catalog checks and the tokens those checks read;
and the index the other way round, token → the files that read it, one row
per token (a sorted list of file ids), so that writing it costs little. It is valid only for one
fingerprint of the tool (version, code, schemas, tables): anything else, a
file that is not a cache or is damaged, means a cold run that rebuilds it.

A cold run writes a new file and renames it into place; an incremental run
updates the file in one transaction, and only if no other run wrote to it
since it was read (``generation``), so concurrent runs never mix states.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time
from array import array
from collections.abc import Iterable
from pathlib import Path

from . import __version__

DIR = ".zwfw-cache"
NAME = "validate.sqlite3"
FORMAT = "3"
#: A file changed this close before a run started may have changed again within
#: the file system's timestamp resolution: its content is compared next time.
RACY_NS = 2_000_000_000
#: Parts of the tool that never take part in validation (their changes keep the cache).
NOT_VALIDATION = {"cli", "site", "excel", "review", "reform"}

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, digest TEXT NOT NULL,
    mtime INTEGER, size INTEGER, ino INTEGER, ctime INTEGER, racy INTEGER NOT NULL,
    kind TEXT, valid INTEGER NOT NULL, keys TEXT, problems TEXT, cross TEXT, provides TEXT, uses BLOB);
CREATE INDEX files_kind ON files (kind);
CREATE INDEX files_problems ON files (path) WHERE problems IS NOT NULL OR cross IS NOT NULL;
CREATE INDEX files_cross ON files (path) WHERE cross IS NOT NULL;
CREATE TABLE tokens (id INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE);
CREATE TABLE deps (token INTEGER PRIMARY KEY, files BLOB NOT NULL);
"""


class Unusable(Exception):
    """The cache cannot be used; the message says why (in Chinese, for the user)."""


def fingerprint() -> str:
    """Version + every source file of the tool + the schemas and tables."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}|{__version__}".encode())
    package = Path(__file__).resolve().parent
    from .schemas import schema_dir

    sources = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".json", ".csv", ".yaml", ".txt")
                     and p.relative_to(package).parts[0] not in NOT_VALIDATION)
    for path in sources:
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    schemas = schema_dir()
    for name in sorted(p.name for p in schemas.iterdir() if p.name.endswith(".json")):
        h.update(name.encode() + b"\0" + schemas.joinpath(name).read_bytes())
    return h.hexdigest()


def path_of(root: Path) -> Path:
    return root / DIR / NAME


def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None, timeout=30)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA synchronous=OFF")
    return con


class Store:
    """An open, checked cache (read in one transaction: a consistent snapshot)."""

    def __init__(self, path: Path, con: sqlite3.Connection, meta: dict[str, str]):
        self.path, self.con, self.meta = path, con, meta
        self.generation = int(meta["generation"])
        self.scan_ns = int(meta["scan_ns"])

    @classmethod
    def open(cls, root: Path, fp: str) -> Store:
        path = path_of(root)
        if not path.is_file():
            raise FileNotFoundError(path)
        try:
            con = _connect(path)
            con.execute("BEGIN")
            meta = dict(con.execute("SELECT key, value FROM meta"))
            if meta.get("format") != FORMAT or meta.get("fingerprint") != fp:
                raise Unusable("缓存来自另一版本的工具、规则或模式")
            if _counts(con) != (int(meta["files"]), int(meta["deps"])):
                raise Unusable("缓存文件不完整")
            return cls(path, con, meta)
        except (sqlite3.DatabaseError, KeyError, ValueError) as exc:
            raise Unusable(f"缓存文件已损坏（{type(exc).__name__}）") from None

    def compare(self, stats: dict[str, tuple]) -> tuple[dict[str, str | None], list[str]]:
        """Files whose ``stat`` differs from the cache's or that were racy (→ their
        stored digest, None when new), and the files the cache has that are gone."""
        con = self.con
        con.execute("CREATE TEMP TABLE seen (path TEXT PRIMARY KEY, mtime INTEGER, size INTEGER, ino INTEGER, ctime INTEGER) WITHOUT ROWID")
        con.executemany("INSERT INTO seen VALUES (?,?,?,?,?)", ((p, *st) for p, st in stats.items()))
        candidates = dict(con.execute(
            "SELECT s.path, f.digest FROM seen s LEFT JOIN files f ON f.path = s.path WHERE f.path IS NULL OR f.racy"
            " OR f.mtime != s.mtime OR f.size != s.size OR f.ino != s.ino OR f.ctime != s.ctime"))
        gone = [p for (p,) in con.execute("SELECT path FROM files WHERE path NOT IN (SELECT path FROM seen)")]
        con.execute("DROP TABLE seen")
        return candidates, gone

    def index_rows(self, kinds: tuple[str, ...]) -> list[tuple]:
        """(path, kind, valid, keys) of every record of ``kinds``."""
        marks = ",".join("?" * len(kinds))
        return self.con.execute(f"SELECT path, kind, valid, keys FROM files WHERE kind IN ({marks})", kinds).fetchall()

    def stat_rows(self, kinds: tuple[str, ...]) -> dict[str, tuple]:
        """path → (digest, mtime, size, ino, ctime, racy) of every record of
        ``kinds`` and every file that holds no record."""
        marks = ",".join("?" * len(kinds))
        columns = "path, digest, mtime, size, ino, ctime, racy"
        rows = self.con.execute(f"SELECT {columns} FROM files WHERE kind IN ({marks})"
                                f" UNION ALL SELECT {columns} FROM files WHERE kind IS NULL", kinds)
        return {row[0]: row[1:] for row in rows}

    def unreadable(self) -> list[str]:
        return [p for (p,) in self.con.execute("SELECT path FROM files WHERE kind IS NULL AND problems IS NOT NULL")]

    def problem_rows(self) -> list[tuple]:
        """(path, problems, cross) of every file with a problem (JSON lists or None)."""
        return self.con.execute("SELECT path, problems, cross FROM files WHERE problems IS NOT NULL OR cross IS NOT NULL").fetchall()

    def with_cross(self) -> set[str]:
        return {p for (p,) in self.con.execute("SELECT path FROM files WHERE cross IS NOT NULL")}

    def details(self, paths: Iterable[str]) -> dict[str, tuple]:
        """path → (kind, valid, keys, problems, provides, digest) for ``paths``."""
        return self.rows(paths, "kind, valid, keys, problems, provides, digest")

    def rows(self, paths: Iterable[str], columns: str) -> dict[str, tuple]:
        """path → the values of ``columns`` (SQL) for those of ``paths`` the cache has."""
        out = {}
        paths = list(paths)
        for start in range(0, len(paths), 500):
            part = paths[start:start + 500]
            marks = ",".join("?" * len(part))
            for row in self.con.execute(f"SELECT path, {columns} FROM files WHERE path IN ({marks})", part):
                out[row[0]] = row[1:]
        return out

    def dependents(self, tokens: Iterable[str]) -> set[str]:
        """Files whose catalog checks read any of ``tokens``."""
        ids: set[int] = set()
        for token in set(tokens):
            for (files,) in self.con.execute(
                    "SELECT d.files FROM tokens t JOIN deps d ON d.token = t.id WHERE t.token = ?", (token,)):
                ids.update(unpack(files))
        found = sorted(ids)
        out: set[str] = set()
        for start in range(0, len(found), 500):
            part = found[start:start + 500]
            marks = ",".join("?" * len(part))
            out.update(p for (p,) in self.con.execute(f"SELECT path FROM files WHERE id IN ({marks})", part))
        return out

    def end_read(self) -> None:
        self.con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()


class Writer:
    """Writes file rows and dependencies, into a new cache (``fresh``) or into ``store``."""

    def __init__(self, root: Path, fp: str, scan_ns: int, store: Store | None = None):
        self.fp, self.scan_ns, self.store = fp, scan_ns, store
        if store is None:
            folder = root / DIR
            folder.mkdir(exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", "utf-8")
            self.final = path_of(root)
            self.path = folder / f"{NAME}.{os.getpid()}.{time.time_ns()}.tmp"
            self.con = _connect(self.path)
            self.con.executescript(_SCHEMA)
            self.con.execute("BEGIN")
            self.generation = 1
        else:
            self.con = store.con
            self.con.execute("BEGIN IMMEDIATE")
            now = int(self.con.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0])
            if now != store.generation:
                self.con.execute("ROLLBACK")
                raise Unusable("另一个校验同时更新了缓存")
            self.generation = store.generation + 1
        self.tokens = dict(self.con.execute("SELECT token, id FROM tokens"))
        self._next = self.con.execute("SELECT COALESCE(MAX(id), 0) FROM files").fetchone()[0]
        # Changes to the token → files index, written by finish(): files that read a token now, and no longer.
        self.added: dict[int, array] = {}
        self.removed: dict[int, set[int]] = {}

    def _token_ids(self, tokens: Iterable[str]) -> list[int]:
        out = []
        for token in tokens:
            tid = self.tokens.get(token)
            if tid is None:
                tid = self.tokens[token] = len(self.tokens) + 1
                self.con.execute("INSERT INTO tokens (id, token) VALUES (?, ?)", (tid, token))
            out.append(tid)
        return out

    def put(self, results: Iterable, stats: dict[str, tuple]) -> None:
        """Insert or replace the rows of ``results`` (:class:`FileResult` with catalog checks done)."""
        rows = []
        added = self.added
        for res in results:
            st = stats[res.file]
            fid = self._file_id(res.file)
            tids = self._token_ids(res.uses or ())
            for tid in tids:
                posting = added.get(tid)
                if posting is None:
                    posting = added[tid] = array("q")
                posting.append(fid)
            rows.append((fid, res.file, res.digest, *st, int(st[0] >= self.scan_ns - RACY_NS), res.kind, int(res.valid),
                         res.keys, _dump(res.problems), _dump(res.cross), json.dumps(res.provides), pack(tids)))
        self.con.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    def _file_id(self, path: str) -> int:
        if self.store is not None:
            row = self.con.execute("SELECT id, uses FROM files WHERE path = ?", (path,)).fetchone()
            if row:
                self._unlist(row[0], row[1])
                return row[0]
        self._next += 1
        return self._next

    def _unlist(self, fid: int, uses: bytes | None) -> None:
        """The file ``fid`` no longer reads the tokens it read (``uses``)."""
        for tid in unpack(uses):
            self.removed.setdefault(tid, set()).add(fid)

    def restat(self, updates: list[tuple[str, tuple]]) -> None:
        """Same content, new ``stat`` values (a file touched but not changed)."""
        self.con.executemany("UPDATE files SET mtime=?, size=?, ino=?, ctime=?, racy=? WHERE path=?",
                             [(*st, int(st[0] >= self.scan_ns - RACY_NS), path) for path, st in updates])

    def delete(self, paths: Iterable[str]) -> None:
        for path in paths:
            for fid, uses in self.con.execute("SELECT id, uses FROM files WHERE path = ?", (path,)).fetchall():
                self._unlist(fid, uses)
            self.con.execute("DELETE FROM files WHERE path = ?", (path,))

    def _write_index(self) -> None:
        """Write the token → files rows that changed."""
        rows, empty = [], []
        for tid in sorted(self.added.keys() | self.removed.keys()):
            files = self.added.get(tid, array("q"))
            if self.store is not None:
                row = self.con.execute("SELECT files FROM deps WHERE token = ?", (tid,)).fetchone()
                kept = set(unpack(row[0] if row else None)) - self.removed.get(tid, set())
                files = sorted(kept.union(files))
            if len(files):
                rows.append((tid, pack(files)))
            else:
                empty.append((tid,))
        self.con.executemany("INSERT OR REPLACE INTO deps VALUES (?, ?)", rows)
        self.con.executemany("DELETE FROM deps WHERE token = ?", empty)
        self.added, self.removed = {}, {}

    def finish(self) -> None:
        self._write_index()
        counts = _counts(self.con)
        meta = {"format": FORMAT, "fingerprint": self.fp, "generation": str(self.generation),
                "scan_ns": str(self.scan_ns), "files": str(counts[0]), "deps": str(counts[1])}
        self.con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
        self.con.execute("COMMIT")
        if self.store is None:
            self.con.close()
            os.replace(self.path, self.final)

    def abandon(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        if self.store is None:
            self.con.close()
            self.path.unlink(missing_ok=True)


def _counts(con: sqlite3.Connection) -> tuple[int, int]:
    """(files, token → file pairs) in the cache."""
    return (con.execute("SELECT COUNT(*) FROM files").fetchone()[0],
            con.execute("SELECT COALESCE(SUM(LENGTH(files)), 0) FROM deps").fetchone()[0] // _ID_BYTES)


#: File and token ids are stored as 8-byte little-endian integers.
_ID_BYTES = 8


def pack(ids: Iterable[int]) -> bytes:
    """Ids (file or token ids, in the order given) as bytes."""
    out = array("q", ids)
    if sys.byteorder != "little":
        out.byteswap()
    return out.tobytes()


def unpack(blob: bytes | None) -> array:
    out = array("q")
    if blob:
        out.frombytes(blob)
        if sys.byteorder != "little":
            out.byteswap()
    return out


def _dump(rows: list | None) -> str | None:
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")) if rows else None

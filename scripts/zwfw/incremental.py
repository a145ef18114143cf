"""``zwfw validate`` at province scale: every file checked once per change.

A cold run reads every file in worker processes (all cores): first the
records others refer to (regions, departments, directory items, the
libraries), which form the index; then the entries, each checked by itself
and against the index in the worker, streamed back chunk by chunk (the parent
keeps problems, never parsed data). An incremental run compares the files with
the cache (``stat`` first, then content), re-checks the changed files and the
records whose catalog checks read something a changed file offered (before or
after the change), and every record that had a catalog problem. Whatever the
cache holds, the verdict is the one a cold run gives: a cache that cannot be
used means a cold run, and the outcome says why.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat as stat_mod
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, layout
from .catalog import digest
from .filecheck import FileResult, cross_check, index_catalog, key_record, run_chunks, workers
from .problems import Problem, from_row
from .rules.context import Context

Progress = Callable[[int, int], None]
#: Above this share of changed files an incremental run is no faster than a cold one.
COLD_SHARE = 0.25
#: The kinds of record that other records' catalog checks read (every kind but entries).
REFERRED = tuple(k for k in layout.KINDS if k != layout.ENTRY)


@dataclass
class Outcome:
    problems: list[Problem]
    files_read: int
    notes: list[str] = field(default_factory=list)  # what happened to the cache, for the user
    mode: str = "cold"  # "cold" or "incremental"
    rechecked: int = 0  # files whose catalog checks ran again


def scan(root: Path, entries: bool = True) -> dict[str, tuple]:
    """Every data file (and symbolic link) → its ``lstat`` values (mtime, size,
    inode, ctime); without the implementation entries when ``entries`` is false."""
    out: dict[str, tuple] = {}
    todo = [(str(root / top), top) for top in layout.DATA_DIRS]
    while todo:
        folder, rel = todo.pop()
        try:
            found = os.scandir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        skip_files = not entries and is_entry(rel + "/x")
        with found:
            for e in found:
                name = e.name
                if name[0] == ".":
                    continue
                if e.is_dir(follow_symlinks=False):
                    todo.append((e.path, rel + "/" + name))
                elif not skip_files:
                    st = e.stat(follow_symlinks=False)
                    out[rel + "/" + name] = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
    return out


def holds_data(root: Path, rel: str) -> bool:
    """Whether the repository-relative path ``rel`` is, or holds, a data file
    (what :func:`scan` would list under it)."""
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    if any(p.startswith(".") for p in parts) or (parts and parts[0] not in layout.DATA_DIRS):
        return False
    if not parts:
        return any(holds_data(root, top) for top in layout.DATA_DIRS)
    path = root / rel
    if not os.path.isdir(path) or os.path.islink(path):
        return os.path.lexists(path)
    todo = [str(path)]
    while todo:
        try:
            entries = os.scandir(todo.pop())
        except (FileNotFoundError, NotADirectoryError):
            continue
        with entries:
            for e in entries:
                if e.name[0] == ".":
                    continue
                if not e.is_dir(follow_symlinks=False):
                    return True
                todo.append(e.path)
    return False


def run(root: Path, use_cache: bool = True, processes: int | None = None, progress: Progress | None = None,
        stats: dict[str, tuple] | None = None, only: list[str] | None = None) -> Outcome:
    """Check the catalog; ``only`` (files or folders) says which files' problems
    the caller reports: when it names entry files alone, the run looks only at
    them and at the records others refer to (see :mod:`zwfw.scoped`)."""
    scan_ns = time.time_ns()
    procs = processes or workers()
    notes: list[str] = []
    fp = cache.fingerprint() if use_cache else None
    if fp is not None and stats is None and only and all(is_entry(o) for o in only):
        from . import scoped

        outcome = scoped.run(root, fp, only, scan_ns, notes)
        if outcome is not None:
            return outcome
    stats = scan(root) if stats is None else stats
    if fp is not None:
        outcome = _try_incremental(root, fp, stats, scan_ns, procs, notes)
        if outcome is not None:
            return outcome
    return _cold(root, stats, scan_ns, fp, procs, notes, progress)


def _try_incremental(root, fp, stats, scan_ns, procs, notes) -> Outcome | None:
    try:
        store = cache.Store.open(root, fp)
    except FileNotFoundError:
        return None
    except cache.Unusable as exc:
        notes.append(f"{exc}，本次完整校验并重建缓存。")
        return None
    try:
        return _incremental(root, store, fp, stats, scan_ns, procs, notes)
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as exc:
        notes.append(f"读取缓存时出错（{type(exc).__name__}），本次完整校验并重建缓存。")
        return None
    finally:
        store.close()


def is_entry(rel: str) -> bool:
    parts = rel.split("/")
    return parts[0] == layout.ITEMS_DIR and len(parts) > 2 and parts[-2] == layout.ENTRIES_DIR


def _rows(res: FileResult, cross: bool = True) -> list[Problem]:
    return [from_row(r) for r in res.problems] + ([from_row(r) for r in res.cross or ()] if cross else [])


def _cold(root, stats, scan_ns, fp, procs, notes, progress) -> Outcome:
    files = sorted(stats)
    entries = [f for f in files if is_entry(f)]
    others = [f for f in files if not is_entry(f)]
    writer = _writer(root, fp, scan_ns, None, notes) if fp else None
    problems: list[Problem] = []
    try:
        index_results = [res for chunk in run_chunks(root, others, None, procs) for res in chunk]
        ctx = _index(root, index_results)
        done = len(others)
        for chunk in run_chunks(root, entries, ctx, procs):
            for res in chunk:
                if res.problems or res.cross:
                    problems.extend(_rows(res))
            if writer is not None:
                writer.put(chunk, stats)
            done += len(chunk)
            if progress:
                progress(done, len(files))
        cross_check(ctx, index_results)
        for res in index_results:
            problems.extend(_rows(res))
        if writer is not None:
            writer.put(index_results, stats)
            writer.finish()
            writer = None
    finally:
        if writer is not None:
            writer.abandon()
    return Outcome(problems, len(files), notes, "cold", len(files))


def _index(root: Path, results: list[FileResult]) -> Context:
    records = [r for r in (res.record() for res in results) if r is not None]
    unreadable = [res.file for res in results if res.kind is None and res.problems]
    return Context.build(index_catalog(root, records, unreadable))


def _writer(root, fp, scan_ns, store, notes):
    try:
        return cache.Writer(root, fp, scan_ns, store)
    except cache.Unusable as exc:
        notes.append(f"{exc}：本次结果未写入缓存（结论不受影响）。")
    except (OSError, sqlite3.Error) as exc:
        notes.append(f"无法写入缓存（{exc}）：结论不受影响。")
    return None


def _changes(root: Path, store: cache.Store, stats: dict[str, tuple]) -> tuple[list[str], list[str], list, dict[str, str]]:
    """(changed files, deleted files, files touched but not changed, digests of the changed candidates)."""
    candidates, deleted = store.compare(stats)
    changed, touched = [], []
    for path, stored in candidates.items():
        same = stored is not None and digest_of(root / path) == stored
        (touched.append((path, stats[path])) if same else changed.append(path))
    return sorted(changed), deleted, touched, candidates


def digest_of(path: Path) -> str | None:
    try:
        if not stat_mod.S_ISREG(path.lstat().st_mode):
            return None
        return digest(path.read_bytes())
    except OSError:
        return None


def _incremental(root, store: cache.Store, fp, stats, scan_ns, procs, notes) -> Outcome | None:
    changed, deleted, touched, _ = _changes(root, store, stats)
    if len(changed) + len(deleted) > max(1000, COLD_SHARE * len(stats)):
        return None
    fresh = [res for chunk in run_chunks(root, changed, None, procs) for res in chunk]
    gone = set(changed) | set(deleted)
    old = store.details(gone)
    tokens = {t for row in old.values() for t in _json(row[4], [])} | {t for res in fresh for t in res.provides}
    subjects = (store.dependents(tokens) | store.with_cross()) - gone
    ctx = stored_index(root, store, gone, fresh)
    again = [FileResult(p, digest, kind, bool(valid), keys, _json(found, []), provides=_json(provides, []))
             for p, (kind, valid, keys, found, provides, digest) in store.details(subjects).items()]
    cross_check(ctx, fresh + again)
    problems: list[Problem] = []
    checked = gone | subjects
    for path, found, cross in store.problem_rows():
        if path in gone:
            continue
        problems.extend(from_row(r) for r in _json(found, []))
        if path not in checked:
            problems.extend(from_row(r) for r in _json(cross, []))
    for res in fresh:
        problems.extend(_rows(res))
    for res in again:
        problems.extend(from_row(r) for r in res.cross or ())
    store.end_read()
    update(root, store, fp, scan_ns, notes, deleted, fresh + again, touched, stats)
    return Outcome(problems, len(stats), notes, "incremental", len(fresh) + len(again))


def stored_index(root: Path, store: cache.Store, gone: set[str], fresh: list[FileResult]) -> Context:
    """The index of the records others refer to: the cache's, with the ``fresh``
    results in place of the files in ``gone``."""
    records = [key_record(*row) for row in store.index_rows(REFERRED) if row[0] not in gone]
    records += [r for r in (res.record() for res in fresh if res.kind != layout.ENTRY) if r is not None]
    unreadable = [p for p in store.unreadable() if p not in gone]
    unreadable += [res.file for res in fresh if res.kind is None and res.problems]
    return Context.build(index_catalog(root, records, unreadable))


def update(root, store, fp, scan_ns, notes, deleted, results, touched, stats) -> None:
    writer = _writer(root, fp, scan_ns, store, notes)
    if writer is None:
        return
    try:
        writer.delete(deleted)
        writer.put(results, stats)
        rewritten = {res.file for res in results}
        writer.restat([(p, st) for p, st in touched if p not in rewritten])
        writer.finish()
    except (OSError, sqlite3.Error) as exc:
        writer.abandon()
        notes.append(f"无法写入缓存（{exc}）：结论不受影响。")


def _json(text: str | None, default):
    return json.loads(text) if text else default

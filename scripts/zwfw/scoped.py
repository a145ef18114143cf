"""``zwfw validate FILE…`` for implementation entries: what the pre-commit hook
runs on a clerk's commit, in well under the time a whole-catalog check takes.

No catalog check reads an entry other than the one it checks (entries refer to
regions, departments, directory items and the libraries; nothing refers to an
entry: :mod:`zwfw.rules.keys`). So the problems of some entries depend only on
those entries and on the records others refer to, a few percent of the files:
this run compares just those with the cache (``stat`` first, then content) and
never lists or reads the other entries. When a record others refer to changed,
appeared or went away, the run is not scoped and the caller checks as usual.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from . import cache
from .filecheck import cross_check, run_chunks
from . import layout
from .incremental import Outcome, REFERRED, digest_of, is_entry, stored_index, update
from .problems import Problem, from_row

_COLUMNS = "digest, mtime, size, ino, ctime, racy, problems, cross"


def run(root: Path, fp: str, only: list[str], scan_ns: int, notes: list[str]) -> Outcome | None:
    """The outcome for the entry files ``only``, or None when the run cannot be scoped."""
    if not all(is_entry(o) and not os.path.isdir(root / o) for o in only):
        return None
    try:
        store = cache.Store.open(root, fp)
    except (FileNotFoundError, cache.Unusable):
        return None  # the usual run opens it again, and says why it cannot use it
    try:
        return _scoped(root, store, fp, sorted(set(only)), scan_ns, notes)
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError):
        return None
    finally:
        store.close()


def _scoped(root: Path, store: cache.Store, fp: str, only: list[str], scan_ns: int, notes: list[str]) -> Outcome | None:
    stats = scan_referred(root)
    for rel in only:
        st = os.lstat(root / rel)
        stats[rel] = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
    stored = {p: row for p, row in store.stat_rows(REFERRED).items() if not is_entry(p)}
    mine = store.rows(only, _COLUMNS)
    stored.update(mine)
    if any(p not in stats for p in stored):
        return None  # a record others refer to went away
    changed, touched = [], []
    for path, st in stats.items():
        row = stored.get(path)
        if row is not None and not row[5] and tuple(row[1:5]) == st:
            continue
        if row is not None and digest_of(root / path) == row[0]:
            touched.append((path, st))
        elif path in mine or is_entry(path):
            changed.append(path)
        else:
            return None  # a record others refer to changed or appeared
    fresh = [res for chunk in run_chunks(root, changed, None, 1) for res in chunk]
    if fresh:
        cross_check(stored_index(root, store, set(changed), fresh), fresh)
    problems: list[Problem] = []
    for res in fresh:
        problems.extend(from_row(r) for r in [*res.problems, *(res.cross or ())])
    for path in set(only) - set(changed):
        problems.extend(from_row(r) for r in [*_rows(mine[path][6]), *_rows(mine[path][7])])
    files = int(store.meta["files"]) + sum(1 for p in only if p not in mine)
    store.end_read()
    update(root, store, fp, scan_ns, notes, [], fresh, touched, stats)
    return Outcome(problems, files, notes, "incremental", len(fresh))


def _rows(text: str | None) -> list:
    return json.loads(text) if text else []


def scan_referred(root: Path) -> dict[str, tuple]:
    """What :func:`~zwfw.incremental.scan` finds, but the entries: the files
    directly in an ``entries`` folder are not listed. Such a folder is not even
    read when the file system's link counts say it has no subfolder (a folder's
    link count is 2 + its subfolders), which is checked on every other folder:
    on a file system whose counts are not so, every ``entries`` folder is read."""
    out: dict[str, tuple] = {}
    skippable: list[tuple[str, str]] = []
    todo = [(str(root / top), top, None) for top in layout.DATA_DIRS]
    counts_hold = True
    while todo:
        folder, rel, links = todo.pop()
        try:
            found = os.scandir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        in_entries = is_entry(rel + "/x")
        subfolders = 0
        with found:
            for e in found:
                name = e.name
                if name[0] == ".":
                    if e.is_dir(follow_symlinks=False):
                        subfolders += 1
                    continue
                if e.is_dir(follow_symlinks=False):
                    subfolders += 1
                    sub_rel = rel + "/" + name
                    sub_links = e.stat(follow_symlinks=False).st_nlink
                    if is_entry(sub_rel + "/x") and sub_links == 2:
                        skippable.append((e.path, sub_rel))
                    else:
                        todo.append((e.path, sub_rel, sub_links))
                elif not in_entries:
                    st = e.stat(follow_symlinks=False)
                    out[rel + "/" + name] = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
        if links is not None and links != 2 + subfolders:
            counts_hold = False
        if not counts_hold and skippable:
            todo.extend((path, sub_rel, 2) for path, sub_rel in skippable)
            skippable.clear()
    return out

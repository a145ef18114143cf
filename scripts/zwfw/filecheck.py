"""Checking data files one by one, in worker processes: read, parse, schema,
the record checks, and for entries the catalog checks against an index of the
records they refer to. Results are plain values (cheap to send between
processes and to keep in the cache)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import layout, rules
from .catalog import Catalog, Record, read_one
from .rules import keys
from .rules.context import Context

#: Files per task sent to a worker process.
CHUNK = 256


@dataclass
class FileResult:
    """One file after its own checks (and, for an entry, its catalog checks)."""

    file: str
    digest: str
    kind: str | None  # None: no record (could not be read or parsed)
    valid: bool
    keys: str | None  # the record's key fields, as JSON
    problems: list[tuple]  # the file's own problems (:meth:`Problem.as_row`)
    cross: list[tuple] | None = None  # catalog-check problems, once checked
    uses: list[str] | None = None  # tokens the catalog checks read, once checked
    provides: list[str] = field(default_factory=list)

    def record(self) -> Record | None:
        return key_record(self.file, self.kind, self.valid, self.keys)


def key_record(file: str, kind: str | None, valid: bool, keys_json: str | None,
               where: layout.Location | None = None) -> Record | None:
    """A record holding only its key fields (what the catalog checks read);
    ``where`` is the file's :func:`layout.classify`, when known."""
    if kind is None or keys_json is None:
        return None
    return Record(kind, file, json.loads(keys_json), where or layout.classify(file), bool(valid))


def check_file(root: Path, rel: str) -> FileResult:
    return _check_file(root, rel)[0]


def _check_file(root: Path, rel: str) -> tuple[FileResult, layout.Location | None]:
    """The result, and where the file is in the layout (None when it has no record)."""
    loaded = read_one(root, rel)
    found = loaded.problems
    r = loaded.record
    if r is not None:
        found = found + rules.check_record(r)
    kept = None if r is None else Record(r.kind, r.file, keys.key_fields(r), r.where, r.valid)
    return FileResult(
        file=rel,
        digest=loaded.digest,
        kind=None if r is None else r.kind,
        valid=bool(r and r.valid),
        keys=None if kept is None else json.dumps(kept.data, ensure_ascii=False, separators=(",", ":")),
        problems=[p.as_row() for p in found],
        provides=sorted(keys.provides(kept, rel)),
    ), None if r is None else r.where


def cross_check(ctx: Context, results: list[FileResult], wheres: list[layout.Location | None] | None = None) -> None:
    """Run the catalog checks of ``results``' records (``ctx`` indexes the
    others); ``wheres``, when given, are the files' places in the layout."""
    records = (res.record() for res in results) if wheres is None else (
        key_record(res.file, res.kind, res.valid, res.keys, where) for res, where in zip(results, wheres, strict=True))
    subjects = [r for r in records if r is not None]
    checked = ctx.with_subjects(subjects)
    found: dict[str, list[tuple]] = {}
    for p in rules.check_catalog(checked):
        found.setdefault(p.file, []).append(p.as_row())
    by_file = {r.file: r for r in subjects}
    for res in results:
        record = by_file.get(res.file)
        res.cross = found.get(res.file, [])
        res.uses = sorted(keys.uses(checked, record)) if record is not None else []


# --- worker processes (forked: they inherit the parent's modules and index) ---

_ROOT: Path | None = None
_INDEX: Context | None = None


def set_worker_state(root: Path, index: Context | None) -> None:
    global _ROOT, _INDEX
    _ROOT, _INDEX = root, index


def check_chunk(rels: list[str]) -> list[FileResult]:
    checked = [_check_file(_ROOT, rel) for rel in rels]
    results = [res for res, _ in checked]
    if _INDEX is not None:
        cross_check(_INDEX, results, [where for _, where in checked])
    return results


def workers() -> int:
    """How many processes to use: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def chunks(items: list[str], size: int | None = None) -> Iterator[list[str]]:
    size = size or CHUNK
    for start in range(0, len(items), size):
        yield items[start:start + size]


def run_chunks(root: Path, rels: list[str], index: Context | None, processes: int) -> Iterable[list[FileResult]]:
    """``check_chunk`` over ``rels``, in ``processes`` forked workers (in this
    process when 1); results come back chunk by chunk, in order."""
    set_worker_state(root, index)
    if processes <= 1 or len(rels) < 2 * CHUNK:
        for part in chunks(rels):
            yield check_chunk(part)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes) as pool:
        yield from pool.imap(check_chunk, chunks(rels))


def index_catalog(root: Path, records: Iterable[Record], unreadable: Iterable[str]) -> Catalog:
    catalog = Catalog(root=root)
    catalog.records.extend(records)
    catalog.unreadable.update(unreadable)
    return catalog

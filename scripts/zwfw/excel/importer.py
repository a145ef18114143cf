"""``zwfw import``: a filled workbook → YAML files, through the same validator.

1. open the workbook safely (:mod:`.workbook`) and read its sheet headers (:mod:`.reader`);
2. stream the rows into drafts of records, each remembering the rows that
   filled it (:mod:`.records`); the catalog is loaded once;
3. render each draft as YAML (:mod:`.yamlwrite`) straight into a temporary
   copy of ``items/`` and ``libraries/`` and validate that copy with the
   incremental validator, which re-checks only what the import changes
   (:mod:`.staging`);
4. map every problem the import causes back to its cell (problems the catalog
   already had are not the workbook's);
5. write nothing unless the whole workbook is valid, or, with ``partial``,
   write the records without problems and list the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import catalog as catalog_mod
from .. import report
from ..problems import Problem
from ..rules.context import Context
from . import messages, yamlwrite
from .issues import WARNING, CellIssue, WorkbookError, issue
from .reader import read_sheets, rows
from .records import Draft, build_drafts, row_of
from .staging import Stage
from .workbook import DEFAULT_LIMITS, Limits, open_workbook

MAX_PARTIAL_ROUNDS = 5


@dataclass
class ImportResult:
    issues: list[CellIssue] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # records left out by a partial import
    skipped_rows: list[str] = field(default_factory=list)  # rows that made no record (Sheet!A12), left out by a partial import

    @property
    def errors(self) -> list[CellIssue]:
        return [i for i in self.issues if i.is_error]

    @property
    def written(self) -> list[str]:
        return self.created + self.updated


def import_workbook(root: Path, path: Path, partial: bool = False, dry_run: bool = False,
                    limits: Limits = DEFAULT_LIMITS, progress: Callable[[str], None] | None = None) -> ImportResult:
    say = progress or (lambda _msg: None)
    name = path.name
    say("读取工作簿")
    try:
        with open_workbook(path, limits) as book:
            sheets, found = read_sheets(book, name)
            if not sheets:
                return ImportResult(sorted(set(found), key=_order))
            say("读取目录")
            catalog, _ = catalog_mod.load(root)
            drafts, more, rejected = build_drafts(Context.build(catalog), sheets, name, lambda s: rows(book, s, name, found), say)
    except WorkbookError as exc:
        return ImportResult([exc.issue])
    found += more
    if not drafts and not found:
        found.append(issue(name, sheets[0].name, "", "xlsx-sheet", "没有找到要导入的数据行（第 2 行的示例已忽略）：请从第 3 行起填写。", WARNING))
    return finish(root, catalog, drafts, found, rejected, name, partial, dry_run, say)


def finish(root: Path, catalog, drafts: list[Draft], found: list[CellIssue], rejected: dict, name: str,
           partial: bool, dry_run: bool, say: Callable[[str], None]) -> ImportResult:
    """Drafts (from a workbook or the exchange tables) → validated, mapped back, written."""
    say("准备校验")
    with Stage(root) as stage:
        baseline = {_key(p) for p in stage.check(say, "校验现有目录").problems}
        say(f"生成 YAML（{len(drafts)} 条记录）")
        records = {r.file: r for r in catalog.records}
        checked = [d for d in drafts if not d.out_of_scope]
        for d in checked:
            stage.put(d.file, _render(d, catalog, records))
        say(f"校验导入后的目录（{len(checked)} 条记录）")
        mapped, stray = _check(stage, checked, baseline, name, say)
        issues = _dedupe(found + mapped) + stray
        result = ImportResult(sorted(set(issues), key=_order))
        keep = drafts
        if result.errors:
            if not partial:
                return result
            keep, result = _partial(stage, drafts, baseline, name, result, rejected, say)
        _write(root, stage, keep, catalog, result, dry_run)
    return result


def _render(d: Draft, catalog, records: dict) -> str:
    old = catalog.texts.get(d.file)
    if old is not None and d.file in records and records[d.file].data == d.data:
        return old  # unchanged: keep the file byte for byte (and skip the slow round trip)
    return yamlwrite.render_update(old, d.kind, d.data) if old is not None else yamlwrite.render_new(d.file, d.kind, d.data)


def _key(p: Problem) -> tuple:
    return (p.file, p.rule, p.message, p.path)


def _check(stage: Stage, drafts: list[Draft], baseline: set, name: str, say: Callable[[str], None]) -> tuple[list[CellIssue], list[CellIssue]]:
    """Problems the drafts cause: mapped to cells, and (``stray``) those in other files."""
    outcome = stage.check(say, "校验导入后的目录")
    new = [p for p in outcome.problems if _key(p) not in baseline]
    by_file = {d.file: d for d in drafts}
    mapped = [_map(p, by_file[p.file], stage, name) for p in new if p.file in by_file]
    others = report.with_positions([p for p in new if p.file not in by_file], report.OnDisk(stage.dir))
    stray = [CellIssue(p.file, "", f"{p.line}:{p.col}", p.rule, "导入后出现的问题：" + p.message, p.severity) for p in others]
    return mapped, stray


def _map(p: Problem, draft: Draft, stage: Stage, name: str) -> CellIssue:
    origin = draft.origins()
    path = p.path
    if not path and p.line:
        path = _path_at_line(origin, stage.text(draft.file), p.line)
    sheet, cell = _cell(draft, origin, path)
    message = p.message
    if p.rule == "required" or messages.is_empty_list(draft, path):
        sheet, cell, message = messages.missing(draft, path, (sheet, cell), p.message)
    return CellIssue(name, sheet, cell, p.rule, message, p.severity, draft.file)


def _cell(draft: Draft, origin: dict, path: tuple) -> tuple[str, str]:
    for k in range(len(path), 0, -1):
        prefix = path[:k]
        if prefix in origin:
            return origin[prefix]
        below = next((v for o, v in origin.items() if o[:k] == prefix and len(o) > k), None)
        if below is not None:
            return below
    return draft.home


def _path_at_line(origin: dict, text: str, line: int) -> tuple:
    from .. import yamlio

    best, best_line = (), 0
    for path in origin:
        at = yamlio.locate(text, path)[0]
        if best_line < at <= line:
            best, best_line = path, at
    return best


def _dedupe(issues: list[CellIssue]) -> list[CellIssue]:
    """A cell whose value could not be read is reported once, not again by the validator."""
    unreadable = {(i.sheet, i.cell) for i in issues if i.rule.startswith("xlsx-") and i.is_error}
    return [i for i in issues if i.rule.startswith("xlsx-") or (i.sheet, i.cell) not in unreadable]


def _order(i: CellIssue) -> tuple:
    table, row = _place(i)
    return (i.file, table, row, len(i.cell), i.cell, i.rule, i.message)


def _place(i: CellIssue) -> tuple[str, int]:
    """(sheet, row) of a workbook cell, or (table file, row) of an exchange table (sheet ``table.csv!12``)."""
    if "!" in i.sheet:
        table, _, row = i.sheet.rpartition("!")
        return table, int(row) if row.isdigit() else 0
    return i.sheet, row_of(i.cell) or 0


def _owner(owners: dict, i: CellIssue) -> Draft | None:
    """The draft an issue belongs to (``owners``: file, (sheet, row) and home cell → draft)."""
    if i.record:
        return owners.get(i.record)
    return owners.get(_place(i)) or owners.get((i.sheet, i.cell))


def _owners(drafts: list[Draft]) -> dict:
    out: dict = {}
    for d in reversed(drafts):  # the first draft wins, as in the order of the drafts
        out.update(dict.fromkeys(d.places(), d))
        out[d.home] = d
    for d in drafts:
        out[d.file] = d
    return out


def _partial(stage: Stage, drafts, baseline, name, result, rejected, say):
    """Leave out every record with an error and every row that made no record
    (unknown department, a detail row without its item), validate again
    (leaving a record out can break another), until what is left is clean.
    A problem of no single row (a header, the whole file, another catalog
    file) still stops everything."""
    issues = list(result.issues)
    errors = [i for i in issues if i.is_error]
    bad: set[str] = set()
    rows: set[tuple[str, int]] = set()
    keep = drafts
    owners = _owners(drafts)
    for _ in range(MAX_PARTIAL_ROUNDS):
        fresh: set[str] = set()
        for i in errors:
            owner = _owner(owners, i)
            place = _place(i)
            if owner is not None:
                fresh.add(owner.file)
            elif place in rejected and place[1] > 1:
                rows.add(place)
                fresh |= _tainted(drafts, *place, rejected[place])
            else:
                return [], ImportResult(sorted(set(issues), key=_order))
        fresh -= bad
        if not fresh:
            break
        bad |= fresh
        for rel in fresh:
            stage.restore(rel)
        keep = [d for d in drafts if d.file not in bad and not d.out_of_scope]
        say(f"部分导入：去掉 {len(bad)} 条有问题的记录后重新校验")
        mapped, stray = _check(stage, keep, baseline, name, say)
        issues += mapped + stray
        errors = [i for i in mapped + stray if i.is_error]
    else:
        return [], ImportResult(sorted(set(issues), key=_order))
    out = ImportResult(sorted(set(issues), key=_order))
    skipped = [d for d in drafts if d.file in bad]
    out.issues += [issue(name, d.home[0], d.home[1], "xlsx-not-written", f"部分导入：{d.file} 有错误，未写入。", WARNING) for d in skipped]
    out.issues += [issue(name, sheet, f"A{n}", "xlsx-not-written", f"部分导入：第 {n} 行没有对应到可写入的记录，未导入。", WARNING) for sheet, n in sorted(rows)]
    out.skipped = [d.file for d in skipped]
    out.skipped_rows = [f"{sheet}!A{n}" for sheet, n in sorted(rows)]
    return keep, out


def _tainted(drafts: list[Draft], sheet: str, number: int, what: tuple) -> set[str]:
    """A detail row that could not be attached may belong to a record of the
    same basic code: writing that record would drop the row, so it is left out."""
    from . import columns as C

    kind, code = what
    table = C.table_named(sheet)
    if code is None or table is None or not table.is_child:
        return set()
    field_name = "code" if kind == "directory-item" else "item"
    return {d.file for d in drafts if d.kind == kind and str(d.data.get(field_name)) == code}


def _write(root: Path, stage: Stage, drafts: list[Draft], catalog, result: ImportResult, dry_run: bool) -> None:
    for d in sorted(drafts, key=lambda d: d.file):
        if d.out_of_scope:
            continue
        text = stage.text(d.file)
        old = catalog.texts.get(d.file)
        if old == text:
            result.unchanged.append(d.file)
            continue
        (result.updated if old is not None else result.created).append(d.file)
        if dry_run:
            continue
        target = root / d.file
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)

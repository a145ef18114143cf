"""Rows of a filled workbook → records (drafts of YAML files), built while
the rows are streamed (no sheet is held whole). Each record remembers only
which rows filled it (sheet, row number, list position); the cell of any
field is derived from that when a problem needs it, so that every later
problem can be shown at ``Sheet!C12``.

A record's row replaces the fields of the columns its sheet has (an empty
cell removes the field); columns the sheet lacks leave the existing values
alone. A detail sheet (materials, steps…) replaces the whole list of every
record it covers or that its main sheet has.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .. import codes, layout
from ..rules.context import Context
from . import columns as C
from . import cells as V
from .issues import ERROR, WARNING, CellIssue, issue
from .parse import MISSING, parse
from .reader import Row, Sheet
from .tables import legal_text

#: Lists whose empty value is a statement (没有材料 / 特别程序“无”): kept as [] when a sheet has no rows for them.
EMPTY_MEANS_NONE = {("materials",), ("special_procedures",)}


@dataclass
class Draft:
    kind: str
    file: str  # repository-relative path
    data: dict
    existed: bool
    home: tuple[str, str]  # (sheet, cell) of the row that names the record
    origin: dict[tuple, tuple[str, str]] = field(default_factory=dict)  # field path → (sheet, cell), when given explicitly
    rows: set[tuple[str, int]] = field(default_factory=set)  # (sheet, row) that filled it, when given explicitly
    out_of_scope: bool = False  # an item type not catalogued here: refused, not validated
    #: the workbook rows that filled the record: (sheet, row number, path of the list element or ())
    sources: list[tuple[Sheet, int, tuple]] = field(default_factory=list)

    def origins(self) -> dict[tuple, tuple[str, str]]:
        """Field path → (sheet, cell) it came from: given explicitly (exchange
        tables) or derived from the rows that filled the record."""
        if not self.sources:
            return self.origin
        out = {(): self.home}
        for sheet, number, base in self.sources:
            if base:
                out[base] = (sheet.name, f"A{number}")
            for column in sheet.columns:
                if column.role == C.FIELD:
                    out[base + column.path] = (sheet.name, f"{sheet.letters[column.key]}{number}")
        return out

    def places(self) -> set[tuple[str, int]]:
        """(sheet, row) of every row that filled the record."""
        return self.rows | {(sheet.name, number) for sheet, number, _ in self.sources}


def set_path(data: dict, path: tuple, value) -> None:
    for step in path[:-1]:
        if not isinstance(data.get(step), dict):
            data[step] = {}
        data = data[step]
    data[path[-1]] = value


def drop_path(data: dict, path: tuple) -> None:
    parents = [data]
    for step in path[:-1]:
        nxt = parents[-1].get(step)
        if not isinstance(nxt, dict):
            return
        parents.append(nxt)
    parents[-1].pop(path[-1], None)
    for depth in range(len(path) - 1, 0, -1):  # drop objects left empty
        if not parents[depth]:
            parents[depth - 1].pop(path[depth - 1], None)


_CELL_RE = re.compile(r"^([A-Z]+)(\d+)$")


def row_of(cell: str) -> int | None:
    m = _CELL_RE.match(cell)
    return int(m.group(2)) if m else None


class Builder:
    """Turns the sheets into drafts; collects the problems of the cells."""

    def __init__(self, ctx: Context, file: str):
        self.ctx, self.file = ctx, file
        self.drafts: dict[str, Draft] = {}
        self.issues: list[CellIssue] = []
        self.files = {r.file: r for r in ctx.catalog.records}
        #: rows that became no record (unknown department, no item): (sheet, row) → (kind, basic code or None)
        self.rejected: dict[tuple[str, int], tuple[str, str | None]] = {}
        self.out_of_scope: set[tuple[str, int]] = set()  # rows of an item type this catalog does not hold
        self.item_files: dict[str, str] = {}  # basic code → file of the directory items drafted so far

    def note(self, sheet: str, ref: str, rule: str, message: str, severity: str = ERROR) -> None:
        self.issues.append(issue(self.file, sheet, ref, rule, message, severity))

    def value(self, sheet: Sheet, row: Row, column: C.Column):
        cell = row.cells.get(column.key)
        if cell is None:
            return MISSING
        parsed = parse(column, cell.value)
        if parsed.error:
            self.note(sheet.name, cell.ref, parsed.rule, parsed.error)
            if parsed.rule == "xlsx-scope":
                self.out_of_scope.add((sheet.name, row.number))
            return MISSING
        if parsed.notes:
            self.note(sheet.name, cell.ref, "xlsx-cleaned", f"{column.header}：{'，'.join(dict.fromkeys(parsed.notes))}。", WARNING)
        return parsed.value

    def key(self, sheet: Sheet, row: Row, column: C.Column) -> str | None:
        value = self.value(sheet, row, column)
        if value is MISSING or value in ("", None):
            if not any(p.sheet == sheet.name and p.cell == f"{sheet.letters.get(column.key, 'A')}{row.number}" for p in self.issues):
                self.note(sheet.name, f"{sheet.letters.get(column.key, 'A')}{row.number}", "required", f"{column.header}不能为空：本行属于哪条记录由它决定。")
            return None
        return str(value)

    def folder(self, sheet: Sheet, row: Row) -> tuple[str, str] | None:
        dept = self.key(sheet, row, sheet.table.column("@dept"))
        if dept is None:
            return None
        record = self.ctx.departments.get(dept)
        if record is None:
            ref = row.cells["@dept"].ref
            self.note(sheet.name, ref, "xlsx-department", f"部门标识“{dept}”不存在：请从下拉列表选择（部门标识即 items/ 下的部门文件夹名），新部门请先建立 department.yaml。")
            return None
        return dept, record.file.rsplit("/", 1)[0]

    def existing(self, rel: str) -> dict | None:
        record = self.files.get(rel)
        return copy.deepcopy(record.data) if record is not None else None

    # --- main sheets: one row per record -------------------------------------------------

    def main_sheet(self, sheet: Sheet, rows: Iterator[Row]) -> None:
        table = sheet.table
        key_column = table.column("code" if table.kind == layout.ITEM else "item")
        sub = layout.CATALOG_DIR if table.kind == layout.ITEM else layout.ENTRIES_DIR
        for row in rows:
            where = self.folder(sheet, row)
            code = self.key(sheet, row, key_column)
            if where is None or code is None:
                self.rejected[(sheet.name, row.number)] = (table.kind, code)
                for column in sheet.columns:  # still report every other cell that cannot be read
                    if column.role == C.FIELD and column is not key_column:
                        self.value(sheet, row, column)
                continue
            rel = f"{where[1]}/{sub}/{code}.yaml"
            if rel in self.drafts:
                first = self.drafts[rel].home[1]
                self.note(sheet.name, row.key_ref(), "xlsx-duplicate", f"这条记录（{where[0]} {code}）在第 {row_of(first)} 行已经出现过：请合并为一行。")
                continue
            old = self.existing(rel)
            draft = Draft(table.kind, rel, old or {}, old is not None, (sheet.name, row.key_ref()))
            draft.sources.append((sheet, row.number, ()))
            self.fields(sheet, row, draft.data)
            draft.out_of_scope = (sheet.name, row.number) in self.out_of_scope
            self.drafts[rel] = draft
            if table.kind == layout.ITEM:
                self.item_files.setdefault(code, rel)
            else:
                self.check_inherited(sheet, row, draft)

    def fields(self, sheet: Sheet, row: Row, target: dict) -> None:
        for column in sheet.columns:
            if column.role == C.FIELD:
                self.field(sheet, row, column, target)

    def field(self, sheet: Sheet, row: Row, column: C.Column, target: dict) -> None:
        value = self.value(sheet, row, column)
        if value is MISSING or value == "" or value == []:
            drop_path(target, column.path)
        else:
            set_path(target, column.path, value)

    # --- detail sheets: one row per list element ---------------------------------------

    def child_sheet(self, sheet: Sheet, rows: Iterator[Row]) -> None:
        """Each row becomes the next element of its record's list, as it is read."""
        table = sheet.table
        lists: dict[str, list] = {}
        for row in rows:
            rel = self.child_target(sheet, row)
            if rel is None:
                cell = row.cells.get("@item")
                self.rejected[(sheet.name, row.number)] = (table.kind, str(cell.value) if cell is not None else None)
                continue
            draft = self.drafts.get(rel)
            if draft is None:
                draft = Draft(table.kind, rel, self.existing(rel) or {}, True, (sheet.name, row.key_ref()))
                self.drafts[rel] = draft
            out = lists.setdefault(rel, [])
            draft.sources.append((sheet, row.number, table.list_path + (len(out),)))
            element: dict = {}
            self.fields(sheet, row, element)
            out.append(element)
        for draft in self.drafts.values():  # a record of the main sheet without rows here has none
            if draft.kind == table.kind and draft.home[0] == _main_name(table):
                lists.setdefault(draft.file, [])
        for rel, out in lists.items():
            if out or table.list_path in EMPTY_MEANS_NONE:
                set_path(self.drafts[rel].data, table.list_path, out)
            else:
                drop_path(self.drafts[rel].data, table.list_path)

    def child_target(self, sheet: Sheet, row: Row) -> str | None:
        table = sheet.table
        code = self.key(sheet, row, table.column("@item"))
        if table.kind == layout.ITEM:
            record = self.ctx.items.get(code or "")
            rel = self.item_files.get(code or "") or (record.file if record else None)
        else:
            where = self.folder(sheet, row)
            rel = f"{where[1]}/{layout.ENTRIES_DIR}/{code}.yaml" if where and code else None
            if rel and rel not in self.drafts and rel not in self.files:
                rel = None
        if rel is None and code is not None and not any(p.sheet == sheet.name and row_of(p.cell) == row.number and p.is_error for p in self.issues):
            what = "目录清单" if table.kind == layout.ITEM else "实施清单"
            self.note(sheet.name, row.key_ref(), "xlsx-orphan", f"找不到本行所属的{what}事项（{code}）：请先在“{_main_name(table)}”表中填写该事项，或核对部门标识和基本编码。")
        return rel

    # --- inherited columns of an entry row ------------------------------------------------

    def check_inherited(self, sheet: Sheet, row: Row, draft: Draft) -> None:
        item = self.item_data(draft.data.get("item"))
        dept = self.ctx.departments.get(draft.file.split("/")[-3])
        expected = {
            "@type": item.get("type") if item else None,
            "@legal": legal_text(item.get("legal_basis")) if item else None,
            "@impl_code": codes.entry_implementation_code(dept.data, self.ctx.region_level(dept.region), str(draft.data.get("item"))) if dept else None,
        }
        for key, want in expected.items():
            cell = row.cells.get(key)
            if cell is None or want is None:
                continue
            got = V.clean_text(str(cell.value))[0]
            if got != V.clean_text(want)[0]:
                header = sheet.table.column(key).header
                self.note(sheet.name, cell.ref, "xlsx-inherited", f"{header}“{_short(got)}”与目录清单（应为“{_short(want)}”）不一致：{header}继承自目录清单或自动生成，实施清单中不能修改；请清空该单元格，需要修改时请主管部门修改目录清单。")

    def item_data(self, code) -> dict | None:
        drafted = self.item_files.get(code) if isinstance(code, str) else None
        if drafted is not None:
            return self.drafts[drafted].data
        record = self.ctx.items.get(code) if isinstance(code, str) else None
        return record.data if record else None


def _main_name(table: C.Table) -> str:
    return C.ITEM_SHEET if table.kind == layout.ITEM else C.ENTRY_SHEET


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:27] + "…"


def build_drafts(ctx: Context, sheets: list[Sheet], file: str, rows: Callable[[Sheet], Iterator[Row]],
                 say: Callable[[str], None] = lambda _msg: None) -> tuple[list[Draft], list[CellIssue], dict]:
    """Main sheets first (items before entries), then their detail sheets,
    each streamed by ``rows`` (progress every :data:`PROGRESS_ROWS` rows)."""
    builder = Builder(ctx, file)
    order = {t.name: n for n, t in enumerate(C.all_tables())}
    for sheet in sorted(sheets, key=lambda s: order[s.table.name]):
        counted = _counted(rows(sheet), sheet.name, say)
        if sheet.table.is_child:
            builder.child_sheet(sheet, counted)
        else:
            builder.main_sheet(sheet, counted)
    return list(builder.drafts.values()), builder.issues, builder.rejected


PROGRESS_ROWS = 5000


def _counted(rows: Iterator[Row], name: str, say: Callable[[str], None]) -> Iterator[Row]:
    n = 0
    for n, row in enumerate(rows, 1):
        if n % PROGRESS_ROWS == 0:
            say(f"读取“{name}”：{n} 行")
        yield row
    if n >= PROGRESS_ROWS:
        say(f"读取“{name}”：共 {n} 行")

"""Reading the sheets of a filled workbook: which table each sheet is, which
column each header names, and every data row with its cells (formulas and
merged cells refused; example rows and empty rows skipped; a value in a
column without a header reported). Only cells that hold data are read
(:mod:`.stream`); the headers are read first, the rows of each sheet are
streamed later (:func:`rows`), one at a time, so that an import never holds
a whole sheet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from . import columns as C
from .book import COVER_SHEET
from .cells import clean_text
from .issues import CellIssue, issue
from .stream import Book, RawCell, SheetPart
from .template import GUIDE_SHEET

IGNORED_SHEETS = {COVER_SHEET, GUIDE_SHEET}


class Cell:
    """A cell that holds data (slots: an import holds a million of them)."""

    __slots__ = ("value", "letter", "row")

    def __init__(self, value, letter: str, row: int):
        self.value, self.letter, self.row = value, letter, row

    @property
    def ref(self) -> str:  # e.g. C12
        return f"{self.letter}{self.row}"


class Row:
    __slots__ = ("number", "cells")

    def __init__(self, number: int, cells: dict[str, Cell]):
        self.number = number
        self.cells = cells  # column key → cell

    def key_ref(self) -> str:
        return f"A{self.number}"


@dataclass
class Sheet:
    table: C.Table
    name: str
    columns: list[C.Column]  # columns present in the sheet
    letters: dict[str, str] = field(default_factory=dict)  # column key → column letter
    part: SheetPart | None = None
    by_position: list[C.Column | None] = field(default_factory=list)  # column number - 1 → column
    headed: set[int] = field(default_factory=set)  # column numbers with a header (known or refused)

    def has(self, key: str) -> bool:
        return any(c.key == key for c in self.columns)


def read_sheets(book: Book, file: str) -> tuple[list[Sheet], list[CellIssue]]:
    """The header of every importable sheet of ``book`` (a :class:`.stream.Book`);
    their rows are read by :func:`rows`. A cell beyond the limits raises
    :class:`.issues.WorkbookError`."""
    sheets, found = [], []
    for part in book.sheets:
        table = C.table_named(part.name)
        if table is None:
            if part.name not in IGNORED_SHEETS and part.state == "visible":
                found.append(issue(file, part.name, "", "xlsx-sheet", f"不认识工作表“{part.name}”，已忽略：可导入的工作表为 {'、'.join(t.name for t in C.all_tables())}。", "warning"))
            continue
        sheet, problems = _read_header(book, part, table, file)
        found.extend(problems)
        if sheet is not None:
            sheets.append(sheet)
    if not sheets and not any(p.is_error for p in found):
        found.append(issue(file, "", "", "xlsx-sheet", f"工作簿中没有可导入的工作表：工作表名应为 {'、'.join(t.name for t in C.all_tables())}（请使用 zwfw template 生成的模板）。"))
    return sheets, found


def _read_header(book: Book, part: SheetPart, table: C.Table, file: str) -> tuple[Sheet | None, list[CellIssue]]:
    header = book.rows(part, max_row=1)
    first = next(header, None)
    header.close()
    header_cells = first[1] if first is not None else []
    columns, found = _header(header_cells, part.name, table, file)
    if columns is None:
        for _ in book.rows(part):  # still read to the end: the merged ranges follow the rows
            pass
        return None, found + _merged(part, file)
    headed = {c.column for c in header_cells if c.value is not None and str(c.value).strip()}
    return Sheet(table, part.name, [c for c in columns if c is not None],
                 {c.key: get_column_letter(n) for n, c in enumerate(columns, 1) if c is not None},
                 part, columns, headed), found


def rows(book: Book, sheet: Sheet, file: str, found: list[CellIssue]) -> Iterator[Row]:
    """The data rows of ``sheet``, one at a time; the problems of their cells
    (and, at the end, of the sheet's merged cells) go to ``found``."""
    for number, raw in book.rows(sheet.part):
        if number == 1:
            continue
        row = _row(sheet, number, raw, file, found)
        if row is not None:
            yield row
    found.extend(_merged(sheet.part, file))


def _merged(part: SheetPart, file: str) -> list[CellIssue]:
    return [issue(file, part.name, r, "xlsx-merged", f"合并了单元格 {r}：导入时每个单元格都要有自己的值，请取消合并并把内容填到每一行。")
            for r in part.merged]


def _row(sheet: Sheet, number: int, raw: list[RawCell], file: str, found: list[CellIssue]) -> Row | None:
    columns, headed = sheet.by_position, sheet.headed
    cells: dict[str, Cell] = {}
    for cell in raw:
        value = cell.value
        if isinstance(value, str) and not value.strip():
            continue
        column = columns[cell.column - 1] if cell.column <= len(columns) else None
        if column is None and cell.column in headed:
            continue  # a column whose header is refused (reported once, at the header)
        if column is None:
            letter = get_column_letter(cell.column)
            found.append(issue(file, sheet.name, cell.ref(number), "xlsx-sheet",
                               f"{letter} 列没有表头，但单元格 {cell.ref(number)} 有内容“{_formula(value)}”：导入不会读取它。"
                               "请把内容移到正确的列，或删除它（不要在模板的列之外填写）。"))
            continue
        if cell.formula:
            found.append(issue(file, sheet.name, cell.ref(number), "xlsx-formula", f"{column.header}是公式（{_formula(value)}）：导入只读取值，请改为直接填写内容（复制后“选择性粘贴 → 数值”）。"))
            continue
        cells[column.key] = Cell(value, sheet.letters[column.key], number)
    if not cells:
        return None
    first = cells.get(columns[0].key) if columns and columns[0] else None
    if first and isinstance(first.value, str) and first.value.startswith(C.EXAMPLE_MARK):
        return None
    return Row(number, cells)


def _formula(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _header(cells: list[RawCell], sheet: str, table: C.Table, file: str) -> tuple[list[C.Column | None] | None, list[CellIssue]]:
    by_name = {c.header: c for c in table.columns} | {c.key: c for c in table.columns if c.role == C.FIELD}
    ignored = {c.header for c in C.EXPORT_ONLY}
    width = max((c.column for c in cells), default=0)
    columns: list[C.Column | None] = [None] * width
    found = []
    seen: set[str] = set()
    for cell in cells:
        text = clean_text(str(cell.value))[0] if cell.value is not None else ""
        column = by_name.get(text)
        ref = cell.ref(1)
        if text in ignored and column is None:
            column = next(c for c in C.EXPORT_ONLY if c.header == text)
        elif text and column is None:
            found.append(issue(file, sheet, ref, "xlsx-sheet", f"不认识列“{text}”：请不要修改表头（可用的列见“填写说明”表）。"))
        elif column is not None and column.key in seen:
            found.append(issue(file, sheet, ref, "xlsx-sheet", f"列“{text}”重复出现：请删除其中一列。"))
            column = None
        if column is not None:
            seen.add(column.key)
        columns[cell.column - 1] = column
    missing = [c.header for c in table.columns if c.role == C.KEY and c.key not in seen]
    if table.is_child is False:
        key_field = "code" if table.kind == "directory-item" else "item"
        if key_field not in seen:
            missing.append(table.column(key_field).header)
    if missing:
        found.append(issue(file, sheet, "A1", "xlsx-sheet", f"第 1 行缺少列：{'、'.join(missing)}。请使用 zwfw template 生成的模板，不要删改表头。"))
        return None, found
    return columns, found

"""Reading the sheets of a filled workbook: which table each sheet is, which
column each header names, and every data row with its cells (formulas and
merged cells refused; example rows and empty rows skipped)."""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from . import columns as C
from .book import COVER_SHEET
from .cells import clean_text
from .issues import CellIssue, issue
from .template import GUIDE_SHEET

IGNORED_SHEETS = {COVER_SHEET, GUIDE_SHEET}


@dataclass
class Cell:
    value: object
    ref: str  # e.g. C12


@dataclass
class Row:
    number: int
    cells: dict[str, Cell]  # column key → cell

    def key_ref(self) -> str:
        return f"A{self.number}"


@dataclass
class Sheet:
    table: C.Table
    name: str
    columns: list[C.Column]  # columns present in the sheet
    letters: dict[str, str] = field(default_factory=dict)  # column key → column letter
    rows: list[Row] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return any(c.key == key for c in self.columns)


def read_sheets(wb, file: str) -> tuple[list[Sheet], list[CellIssue]]:
    sheets, found = [], []
    for ws in wb.worksheets:
        table = C.table_named(ws.title)
        if table is None:
            if ws.title not in IGNORED_SHEETS and ws.sheet_state == "visible":
                found.append(issue(file, ws.title, "", "xlsx-sheet", f"不认识工作表“{ws.title}”，已忽略：可导入的工作表为 {'、'.join(t.name for t in C.all_tables())}。", "warning"))
            continue
        sheet, problems = _read(ws, table, file)
        found.extend(problems)
        if sheet is not None:
            sheets.append(sheet)
    if not sheets and not any(p.is_error for p in found):
        found.append(issue(file, "", "", "xlsx-sheet", f"工作簿中没有可导入的工作表：工作表名应为 {'、'.join(t.name for t in C.all_tables())}（请使用 zwfw template 生成的模板）。"))
    return sheets, found


def _read(ws, table: C.Table, file: str) -> tuple[Sheet | None, list[CellIssue]]:
    found = [issue(file, ws.title, str(r), "xlsx-merged", f"合并了单元格 {r}：导入时每个单元格都要有自己的值，请取消合并并把内容填到每一行。")
             for r in ws.merged_cells.ranges]
    columns, problems = _header(ws, table, file)
    found.extend(problems)
    if columns is None:
        return None, found
    letters = {c.key: get_column_letter(n) for n, c in enumerate(columns, 1) if c is not None}
    sheet = Sheet(table, ws.title, [c for c in columns if c is not None], letters)
    for row in ws.iter_rows(min_row=2):
        cells: dict[str, Cell] = {}
        for cell, column in zip(row, columns):
            if column is None or cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                continue
            if cell.data_type == "f" or isinstance(cell.value, (ArrayFormula, DataTableFormula)):
                found.append(issue(file, ws.title, cell.coordinate, "xlsx-formula", f"{column.header}是公式（{_formula(cell.value)}）：导入只读取值，请改为直接填写内容（复制后“选择性粘贴 → 数值”）。"))
                continue
            cells[column.key] = Cell(cell.value, cell.coordinate)
        if not cells:
            continue
        first = cells.get(columns[0].key) if columns[0] else None
        if first and isinstance(first.value, str) and first.value.startswith(C.EXAMPLE_MARK):
            continue
        sheet.rows.append(Row(row[0].row, cells))
    return sheet, found


def _formula(value) -> str:
    text = getattr(value, "text", value)
    text = str(text)
    return text if len(text) <= 40 else text[:37] + "…"


def _header(ws, table: C.Table, file: str) -> tuple[list[C.Column | None] | None, list[CellIssue]]:
    by_name = {c.header: c for c in table.columns} | {c.key: c for c in table.columns if c.role == C.FIELD}
    columns: list[C.Column | None] = []
    found = []
    seen: set[str] = set()
    for cell in next(ws.iter_rows(min_row=1, max_row=1), ()):
        text = clean_text(str(cell.value))[0] if cell.value is not None else ""
        column = by_name.get(text)
        if text and column is None:
            found.append(issue(file, ws.title, cell.coordinate, "xlsx-sheet", f"不认识列“{text}”：请不要修改表头（可用的列见“填写说明”表）。"))
        elif column is not None and column.key in seen:
            found.append(issue(file, ws.title, cell.coordinate, "xlsx-sheet", f"列“{text}”重复出现：请删除其中一列。"))
            column = None
        if column is not None:
            seen.add(column.key)
        columns.append(column)
    missing = [c.header for c in table.columns if c.role == C.KEY and c.key not in seen]
    if table.is_child is False:
        key_field = "code" if table.kind == "directory-item" else "item"
        if key_field not in seen:
            missing.append(table.column(key_field).header)
    if missing:
        found.append(issue(file, ws.title, "A1", "xlsx-sheet", f"第 1 行缺少列：{'、'.join(missing)}。请使用 zwfw template 生成的模板，不要删改表头。"))
        return None, found
    while columns and columns[-1] is None:
        columns.pop()
    return columns, found

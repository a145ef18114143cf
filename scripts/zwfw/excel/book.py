"""Writing readable workbooks: a cover sheet, then one sheet per table with a
frozen, styled header row, column widths, wrapped text and filters."""

from __future__ import annotations

import datetime as dt
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..gitrepo import UNVERSIONED, catalog_revision  # noqa: F401  (the cover's revision; re-exported)
from . import columns as C
from .cells import MAX_CELL, is_risky, write_value

COVER_SHEET = "封面"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
DERIVED_FILL = PatternFill("solid", fgColor="7F7F7F")
REQUIRED_FONT = Font(bold=True, color="FFFF00")
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
EXAMPLE_FONT = Font(italic=True, color="808080")


@dataclass
class Cover:
    title: str
    region: str = "全省"
    department: str = "全部部门"
    date: str = ""
    revision: str = UNVERSIONED
    notes: list[str] = field(default_factory=list)

    def lines(self, counts: list[tuple[str, int]]) -> list[tuple[str, str]]:
        out = [("名称", self.title), ("区域", self.region), ("部门", self.department),
               ("生成日期", self.date or dt.date.today().isoformat()), ("目录版本", self.revision)]
        out += [(f"“{name}”表行数", str(n)) for name, n in counts]
        out += [("说明", note) for note in self.notes]
        return out


def new_workbook(write_only: bool = True) -> Workbook:
    wb = Workbook(write_only=write_only)
    if not write_only:
        wb.remove(wb.active)
    return wb


def add_cover(wb: Workbook, cover: Cover, counts: list[tuple[str, int]], ws=None) -> None:
    """The cover sheet; ``ws`` is one created earlier (first in the workbook) to be filled now."""
    ws = wb.create_sheet(COVER_SHEET) if ws is None else ws
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 90
    title = WriteOnlyCell(ws)
    write_value(title, cover.title)
    title.font = Font(bold=True, size=14)
    ws.append([title])
    for label, value in cover.lines(counts):
        a, b = WriteOnlyCell(ws), WriteOnlyCell(ws)
        write_value(a, label)
        write_value(b, value)
        a.font = Font(bold=True)
        b.alignment = WRAP
        ws.append([a, b])


def header_cells(ws, table: C.Table, comments: bool = False) -> list:
    cells = []
    for column in table.columns:
        cell = WriteOnlyCell(ws)
        write_value(cell, column.header)
        cell.font = REQUIRED_FONT if column.required and column.role != C.DERIVED else HEADER_FONT
        cell.fill = DERIVED_FILL if column.role == C.DERIVED else HEADER_FILL
        cell.alignment = HEADER_ALIGN
        cell.border = BORDER
        if comments and column.hint:
            cell.comment = Comment(column.hint, "zwfw", width=300, height=120)
        cells.append(cell)
    return cells


def column_width(column: C.Column) -> float:
    return max(column.width, min(40, 2.2 * len(column.header) + 2))


def setup_sheet(ws, table: C.Table) -> None:
    """Widths, frozen header row (and key column) and filters; call before rows are written."""
    for n, column in enumerate(table.columns, 1):
        ws.column_dimensions[get_column_letter(n)].width = column_width(column)
    ws.freeze_panes = "B2"


def _prototype(ws, font: Font | None):
    proto = WriteOnlyCell(ws)
    proto.alignment = WRAP
    proto.border = BORDER
    if font is not None:
        proto.font = font
    return proto


def data_cells(ws, values: list, font: Font | None = None, proto=None) -> list:
    """Styled cells for one row. The style is copied from a prototype cell
    (openpyxl hashes style objects on every assignment, which dominates the
    time of a large export)."""
    proto = proto or _prototype(ws, font)
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws)
        cell._style = copy(proto._style)
        write_value(cell, value)
        cells.append(cell)
    return cells


def plain_cells(ws, values: list) -> list:
    """Unstyled values for one row (about twice as fast as :func:`data_cells`,
    for bulk downloads): plain values pass as they are, but risky text still
    goes through :func:`write_value` so that it can never become a formula."""
    out = []
    for value in values:
        if isinstance(value, str) and (is_risky(value) or len(value) > MAX_CELL):
            cell = WriteOnlyCell(ws)
            write_value(cell, value)
            out.append(cell)
        else:
            out.append(value)
    return out


def add_table(wb: Workbook, rows: C.Rows, comments: bool = False, extra_rows: int = 0, styled: bool = True):
    """A sheet for ``rows``: header, then every row; the filter covers
    ``extra_rows`` more rows (blank rows of a template). ``styled=False``
    leaves data cells unstyled (wrapping, borders) for very large exports."""
    table = rows.table
    ws = wb.create_sheet(table.name)
    setup_sheet(ws, table)
    last = get_column_letter(len(table.columns))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(rows.rows) + 1 + extra_rows)}"
    ws.append(header_cells(ws, table, comments))
    proto = _prototype(ws, None)
    for values in rows.rows:
        ws.append(data_cells(ws, values, proto=proto) if styled else plain_cells(ws, values))
    return ws


def save(wb: Workbook, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)

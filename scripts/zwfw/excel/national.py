"""Reading the national basic directory (国家基本目录) from .xlsx or .csv.

Columns are found by header (common variants accepted) in the first rows;
a title row above the header is skipped.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .cells import clean_text, half_width
from .issues import WorkbookError, issue
from .reconcile import NationalItem
from .workbook import Limits, DEFAULT_LIMITS, open_workbook

HEADERS = {
    "code": ("国家基本目录编码", "基本编码", "事项编码", "目录编码", "编码"),
    "name": ("事项名称", "名称"),
    "type": ("事项类型", "类型"),
    "legal_basis": ("设定依据", "法律依据", "依据"),
    "levels": ("行使层级", "实施层级", "层级"),
    "department": ("中央主管部门", "国务院主管部门", "主管部门", "部门"),
}
HEADER_SEARCH_ROWS = 10
MAX_CSV_BYTES = 50 * 1024 * 1024


def read_national(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[NationalItem]:
    """The rows of the national list; :class:`WorkbookError` when it cannot be read."""
    if path.suffix.lower() == ".csv":
        rows = csv_rows(path)
    else:
        with open_workbook(path, limits) as book:
            rows = first_sheet_rows(book)
    return _items(path.name, rows)


def first_sheet_rows(book) -> list[list]:
    """The first sheet's rows as lists (only rows and cells that hold data are read)."""
    if not book.sheets:
        raise WorkbookError(issue(book.path.name, "", "", "xlsx-sheet", "工作簿中没有工作表。"))
    out = []
    for _number, cells in book.rows(book.sheets[0]):
        row: list = [None] * max(c.column for c in cells)
        for c in cells:
            row[c.column - 1] = c.value
        out.append(row)
    return out


def csv_rows(path: Path, max_bytes: int = MAX_CSV_BYTES) -> list[list]:
    """Rows of a CSV file in UTF-8 (with or without BOM) or GB18030."""
    if not path.is_file():
        raise WorkbookError(issue(path.name, "", "", "xlsx-file", "找不到文件：请检查路径。"))
    raw = path.read_bytes()
    if len(raw) > max_bytes:
        raise WorkbookError(issue(path.name, "", "", "xlsx-file", f"文件过大（{len(raw):,} 字节）。"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise WorkbookError(issue(path.name, "", "", "xlsx-file", "无法识别文件编码：请另存为 UTF-8 编码的 CSV。"))
    return [list(r) for r in csv.reader(io.StringIO(text))]


def _find_header(rows: list[list]) -> tuple[int, dict[str, int]]:
    for n, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [clean_text(str(v))[0] if v is not None else "" for v in row]
        found: dict[str, int] = {}
        for key, names in HEADERS.items():
            for name in names:
                if name in cells and cells.index(name) not in found.values():
                    found[key] = cells.index(name)
                    break
        if "code" in found and "name" in found:
            return n, found
    return -1, {}


def _items(file: str, rows: list[list]) -> list[NationalItem]:
    header, cols = _find_header(rows)
    if header < 0:
        raise WorkbookError(issue(file, "", "", "xlsx-sheet", "找不到表头：前 10 行中应有“事项编码”（或“编码”）和“事项名称”两列。"))
    out = []
    for n, row in enumerate(rows[header + 1:], header + 2):
        values = {k: _text(row[i] if i < len(row) else None) for k, i in cols.items()}
        if not values.get("code") and not values.get("name"):
            continue
        values["code"] = half_width(values.get("code", ""))[0].upper()
        out.append(NationalItem(row=n, **{k: values.get(k, "") for k in HEADERS}))
    return out


def _text(value) -> str:
    if value is None:
        return ""
    return clean_text(str(value))[0]

"""Reading an .xlsx by streaming its XML, bounded by the cells that hold data.

openpyxl's full load builds every cell of the declared sheet (one stray value
in ``XFD1048576`` makes that 17 billion cells) and its read-only mode still
pads every row up to the declared width. Here the sheet part is parsed with
``lxml.etree.iterparse`` and only ``<c>`` elements that carry a value (or a
formula) are kept; memory stays flat whatever the declared dimensions.

Limits are explicit (:class:`.workbook.Limits`) and checked before the work:
the declared unpacked size of each part (zip central directory, before any
byte is inflated), the size and count of the shared strings, and, while
streaming, the row and column of every cell that holds data. A part with a
DTD is refused (no entity expansion, no external entities).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from .issues import WorkbookError, issue

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF_RE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")
PROLOG_BYTES = 4096


@dataclass(frozen=True)
class RawCell:
    column: int  # 1-based
    value: object  # str, int, float, bool, datetime; for a formula, the formula text
    formula: bool = False

    def ref(self, row: int) -> str:
        return f"{get_column_letter(self.column)}{row}"


@dataclass
class SheetPart:
    name: str
    state: str  # visible, hidden, veryHidden
    part: str  # path inside the zip
    merged: list[str] = field(default_factory=list)  # merged ranges, known once the rows are read


@dataclass
class Book:
    path: Path
    zf: zipfile.ZipFile
    limits: object
    sheets: list[SheetPart] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)
    date_styles: frozenset[int] = frozenset()
    epoch: dt.datetime = CALENDAR_WINDOWS_1900

    def close(self) -> None:
        self.zf.close()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def rows(self, sheet: SheetPart, max_row: int | None = None) -> Iterator[tuple[int, list[RawCell]]]:
        """(row number, cells holding data) for every row that has any;
        :class:`WorkbookError` for a cell beyond the limits. The merged ranges
        (they follow the rows in the part) are in ``sheet.merged`` afterwards."""
        yield from _sheet_rows(self, sheet, max_row)


def _fail(book_or_name, message: str, sheet: str = "", cell: str = "", rule: str = "xlsx-file") -> WorkbookError:
    name = book_or_name if isinstance(book_or_name, str) else book_or_name.path.name
    return WorkbookError(issue(name, sheet, cell, rule, message))


def open_book(path: Path, limits) -> Book:
    """The workbook's sheets, shared strings and date styles (the sheet parts
    are read later, row by row). Call :func:`.workbook.check_file` first."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _fail(path.name, "工作簿已损坏（无法按 zip 格式读取）：请用 Excel 打开并修复后另存。") from None
    book = Book(path, zf, limits)
    try:
        _check_part_sizes(book)
        book.sheets, date1904 = _workbook(book)
        book.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        book.strings = _shared_strings(book)
        book.date_styles = _date_styles(book)
    except WorkbookError:
        zf.close()
        raise
    except (etree.XMLSyntaxError, KeyError, ValueError, zipfile.BadZipFile, EOFError, OSError):
        zf.close()
        raise _fail(path.name, "工作簿已损坏或不是 Excel 保存的标准 xlsx 文件，无法读取：请用 Excel 打开后另存为 .xlsx。") from None
    return book


def _check_part_sizes(book: Book) -> None:
    limits = book.limits
    for info in book.zf.infolist():
        if info.file_size > limits.max_sheet_bytes:
            raise _fail(book, f"工作簿中的 {info.filename} 解压后有 {info.file_size:,} 字节，超过上限 {limits.max_sheet_bytes:,}："
                              "在读取之前已拒绝；请删除多余的行列或按部门拆分为几个工作簿后分别导入。")
        if info.filename.lower().endswith("sharedstrings.xml") and info.file_size > limits.max_shared_bytes:
            raise _fail(book, f"工作簿中的共享文本（{info.filename}）解压后有 {info.file_size:,} 字节，超过上限 {limits.max_shared_bytes:,}："
                              "在读取之前已拒绝；请拆分为几个工作簿后分别导入。")


def _open_part(book: Book, part: str):
    stream = book.zf.open(part)
    head = stream.peek(PROLOG_BYTES)[:PROLOG_BYTES] if hasattr(stream, "peek") else b""
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        stream.close()
        raise _fail(book, f"工作簿中的 {part} 含有文档类型定义（DTD），Excel 保存的文件不会有：疑似恶意文件，已拒绝。")
    return stream


def _iter(book: Book, part: str, tags: tuple[str, ...]):
    with _open_part(book, part) as stream:
        parser = etree.iterparse(stream, events=("end",), tag=tags, resolve_entities=False, no_network=True,
                                 load_dtd=False, huge_tree=True, remove_comments=True, remove_pis=True)
        yield from parser


def _small_xml(book: Book, part: str):
    info = book.zf.getinfo(part)
    if info.file_size > book.limits.max_meta_bytes:
        raise _fail(book, f"工作簿中的 {part} 过大（{info.file_size:,} 字节）：疑似恶意文件，已拒绝。")
    with _open_part(book, part) as stream:
        data = stream.read()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)


def _rels(book: Book, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (part path, relationship type) of ``part``."""
    folder, name = posixpath.split(part)
    rels_part = posixpath.join(folder, "_rels", name + ".rels")
    if rels_part not in book.zf.namelist():
        return {}
    out = {}
    for rel in _small_xml(book, rels_part).iter(f"{PKG_REL_NS}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = (full, rel.get("Type", ""))
    return out


def _workbook(book: Book) -> tuple[list[SheetPart], bool]:
    root = _small_xml(book, "xl/workbook.xml")
    rels = _rels(book, "xl/workbook.xml")
    sheets = []
    for el in root.iter(f"{NS}sheet"):
        part = rels.get(el.get(f"{REL_NS}id", ""), ("", ""))[0]
        if part not in book.zf.namelist():
            continue  # a chart sheet or a dangling reference: nothing to read
        sheets.append(SheetPart(el.get("name", ""), el.get("state", "visible"), part))
    pr = root.find(f"{NS}workbookPr")
    date1904 = pr is not None and pr.get("date1904") in ("1", "true")
    return sheets, date1904


def _text_of(el) -> str:
    """The text of a string item (``<si>``/``<is>``): plain or rich runs, without phonetic runs."""
    t = el.find(f"{NS}t")
    if t is not None:
        text = t.text or ""
    else:
        text = "".join(r.findtext(f"{NS}t") or "" for r in el.iterfind(f"{NS}r"))
    return unescape(text)


def unescape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes of characters XML cannot hold (``_x000D_`` is a CR)."""
    if "_x" not in text:
        return text
    return _ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _shared_strings(book: Book) -> list[str]:
    part = shared_strings_part(book.zf, _rels(book, "xl/workbook.xml"))
    if part is None:
        return []
    out: list[str] = []
    for _, el in _iter(book, part, (f"{NS}si",)):
        out.append(_text_of(el))
        el.clear()
        while el.getprevious() is not None:
            del el.getparent()[0]
        if len(out) > book.limits.max_strings:
            raise _fail(book, f"工作簿中的共享文本超过 {book.limits.max_strings:,} 条：在继续读取之前已拒绝；请拆分为几个工作簿后分别导入。")
    return out


def shared_strings_part(zf: zipfile.ZipFile, rels: dict) -> str | None:
    names = set(zf.namelist())
    found = [p for p, kind in rels.values() if kind.endswith("/sharedStrings") and p in names]
    return found[0] if found else ("xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else None)


def _date_styles(book: Book) -> frozenset[int]:
    if "xl/styles.xml" not in book.zf.namelist():
        return frozenset()
    root = _small_xml(book, "xl/styles.xml")
    custom = {int(f.get("numFmtId", -1)): f.get("formatCode", "") for f in root.iter(f"{NS}numFmt")}
    xfs = root.find(f"{NS}cellXfs")
    out = set()
    for n, xf in enumerate(xfs.iterfind(f"{NS}xf") if xfs is not None else ()):
        fmt_id = int(xf.get("numFmtId", 0))
        fmt = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id)
        if fmt and is_date_format(fmt):
            out.add(n)
    return frozenset(out)


def _sheet_rows(book: Book, sheet: SheetPart, max_row: int | None) -> Iterator[tuple[int, list[RawCell]]]:
    limits = book.limits
    last_row = 0
    sheet.merged = []
    for _, row in _iter(book, sheet.part, (f"{NS}row", f"{NS}mergeCell")):
        if row.tag == f"{NS}mergeCell":
            sheet.merged.append(row.get("ref", ""))
            continue
        number = int(row.get("r") or last_row + 1)
        last_row = number
        if max_row is not None and number > max_row:
            break
        cells = []
        next_col = 1
        for c in row.iterfind(f"{NS}c"):
            col, r = _position(c.get("r"), next_col, number)
            next_col = col + 1
            cell = _cell(book, c, col)
            if cell is None:
                continue
            if r != number or col > limits.max_columns or number > limits.max_rows:
                ref = c.get("r") or f"{get_column_letter(min(col, 16384))}{number}"
                raise _fail(book, f"单元格 {ref} 有内容“{_short(cell.value)}”，超出可导入的范围（最多 {limits.max_rows:,} 行、"
                                  f"{limits.max_columns} 列，即 {get_column_letter(limits.max_columns)} 列）：请删除多余的内容"
                                  "（在 Excel 中按 Ctrl+End 可找到最后一个单元格，删除其所在的行和列后保存）。",
                            sheet.name, ref, "xlsx-sheet")
            cells.append(cell)
        row.clear()
        while row.getprevious() is not None:
            del row.getparent()[0]
        if cells:
            yield number, cells


def _position(ref: str | None, next_col: int, row: int) -> tuple[int, int]:
    if not ref:
        return next_col, row
    m = _REF_RE.match(ref)
    if not m:
        return next_col, row
    return column_index_from_string(m.group(1)), int(m.group(2))


def _cell(book: Book, c, col: int) -> RawCell | None:
    f = c.find(f"{NS}f")
    if f is not None:
        return RawCell(col, "=" + (f.text or "（共享公式）"), True)
    kind = c.get("t", "n")
    if kind == "inlineStr":
        node = c.find(f"{NS}is")
        return RawCell(col, _text_of(node)) if node is not None else None
    v = c.findtext(f"{NS}v")
    if v is None:
        return None
    if kind == "s":
        try:
            return RawCell(col, book.strings[int(v)])
        except (ValueError, IndexError):
            raise _fail(book, "工作簿已损坏（单元格引用了不存在的共享文本）：请用 Excel 打开后另存为 .xlsx。") from None
    if kind in ("str", "e"):
        return RawCell(col, unescape(v))
    if kind == "b":
        return RawCell(col, v.strip() in ("1", "true"))
    if kind == "d":
        try:
            return RawCell(col, dt.datetime.fromisoformat(v.strip()))
        except ValueError:
            return RawCell(col, v)
    return RawCell(col, _number(book, v, c.get("s")))


def _number(book: Book, v: str, style: str | None):
    try:
        number = float(v) if any(ch in v for ch in ".eE") else int(v)
    except ValueError:
        return v
    if style is not None and style.isdigit() and int(style) in book.date_styles:
        try:
            return from_excel(number, book.epoch)
        except (ValueError, OverflowError):
            return number
    return number


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 20 else text[:17] + "…"

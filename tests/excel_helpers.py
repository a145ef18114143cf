"""Helpers for the Excel tests: exports of a catalog, LibreOffice conversion."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from zwfw import catalog as catalog_mod
from zwfw.excel import export
from zwfw.rules.context import Context

FIXTURES = Path(__file__).parent / "fixtures" / "excel"


def context(root: Path) -> Context:
    catalog, problems = catalog_mod.load(root)
    return Context.build(catalog)


def export_xlsx(root: Path, target: str, out: Path, **options) -> export.Export:
    built = export.build(context(root), root, target, export.Options(date="2024-01-01", **options))
    export.write_xlsx(built, out)
    return built


def office() -> str:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None:
        pytest.skip("LibreOffice (libreoffice/soffice) is not installed: apt-get install libreoffice-calc-nogui")
    return found


def office_csv(xlsx: Path, out: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``xlsx`` converted by LibreOffice to CSV (UTF-8), by sheet name."""
    out.mkdir(parents=True, exist_ok=True)
    # 44,34,76 = comma, double quote, UTF-8; the last token -1 = every sheet, one file each.
    filt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    profile = out / "profile"
    cmd = [office(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", filt, "--outdir", str(out), str(xlsx)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=240)
    sheets = {}
    for path in out.glob(f"{xlsx.stem}-*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            sheets[path.stem[len(xlsx.stem) + 1:]] = list(csv.reader(f))
    return sheets


def encrypted_container(path: Path) -> Path:
    """The shape in which Excel saves a workbook with an open password: an OLE
    compound file holding the streams EncryptionInfo and EncryptedPackage
    (ECMA-376 part 2), here with random contents. Built sector by sector so that
    no binary is committed and no extra tool is needed."""
    import os
    import struct

    end, free, fatsect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    fat = [fatsect, end] + list(range(3, 10)) + [end] + list(range(11, 18)) + [end]
    fat_sector = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", free) * (128 - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1) + struct.pack("<III", free, right, child)
                + bytes(16) + struct.pack("<I", 0) + bytes(16) + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, free, 1, end, 0) + entry("EncryptionInfo", 2, 2, free, 2, 4096)
                 + entry("EncryptedPackage", 2, free, free, 10, 4096) + bytes(128))
    path.write_bytes(header + fat_sector + directory + os.urandom(4096) + os.urandom(4096))
    return path


def put(ws, row: int, values: dict) -> None:
    """Write ``values`` (by Chinese header) into ``row`` of a sheet."""
    headers = {c.value: c.column for c in ws[1]}
    for header, value in values.items():
        ws.cell(row, headers[header], value)


def column_of(ws, header: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(next(c.column for c in ws[1] if c.value == header))


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "items").rglob("*.yaml"))}


def excel_like(path: Path, sheets: dict[str, list[list]], dates: bool = False) -> Path:
    """A workbook shaped as Excel saves it (which openpyxl does not do): text in
    the shared-string table (rich runs and ``_xHHHH_`` escapes kept as given),
    numbers as numbers, ``datetime.date`` values as serials with a date style."""
    import datetime as dt
    import zipfile
    from xml.sax.saxutils import escape

    from openpyxl.utils import get_column_letter

    strings: list[str] = []
    index: dict[str, int] = {}
    parts = {}
    for n, rows in enumerate(sheets.values(), 1):
        xml_rows = []
        for r, values in enumerate(rows, 1):
            cells = []
            for c, value in enumerate(values, 1):
                ref = f"{get_column_letter(c)}{r}"
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    serial = (value - dt.date(1899, 12, 30)).days
                    cells.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                else:
                    text = str(value)
                    if text not in index:
                        index[text] = len(strings)
                        strings.append(text)
                    cells.append(f'<c r="{ref}" t="s"><v>{index[text]}</v></c>')
            xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
        parts[f"xl/worksheets/sheet{n}.xml"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join(xml_rows) + "</sheetData></worksheet>")
    sis = "".join(f"<si>{s}</si>" if s.startswith("<r>") else f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet_tags = "".join(f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(sheets, 1))
    rels = "".join(f'<Relationship Id="rId{n}" Type="{rel}/worksheet" Target="worksheets/sheet{n}.xml"/>' for n in range(1, len(sheets) + 1))
    rels += f'<Relationship Id="rIdS" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="{rel}/styles" Target="styles.xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>{sheet_tags}</sheets></workbook>')
        zf.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        zf.writestr("xl/sharedStrings.xml", f'<sst xmlns="{main}" count="{len(strings)}">{sis}</sst>')
        zf.writestr("xl/styles.xml", f'<styleSheet xmlns="{main}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')
        for name, text in parts.items():
            zf.writestr(name, text)
    return path


def sheet_values(path: Path) -> dict[str, list[list]]:
    """Every sheet of an .xlsx as lists of values (openpyxl), for building variants."""
    wb = openpyxl_load(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def openpyxl_load(path: Path):
    import openpyxl

    return openpyxl.load_workbook(path)

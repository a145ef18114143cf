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

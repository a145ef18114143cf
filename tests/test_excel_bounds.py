"""Hostile workbooks, small on disk: a stray value in the last cell of a sheet,
a sheet that unpacks to 450 MB. Each answers with a clear Chinese error, no
traceback, within bounded memory (measured in a subprocess, whose peak memory
is asserted generously and whose time is printed)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO
from excel_helpers import excel_like, export_xlsx, sheet_values
from zwfw.excel.importer import import_workbook
from zwfw.excel.national import read_national
from zwfw.excel.issues import WorkbookError

#: Peak memory (resident set) an import of a hostile workbook may use.
MAX_MB = 300

_RUN = (
    "import sys, time\n"
    "from zwfw.cli import main\n"
    "t = time.perf_counter()\n"
    "try:\n"
    "    code = main(sys.argv[1:])\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    # VmHWM: the child's own peak (ru_maxrss would include the parent's size at fork time)
    "peak = next(int(x.split()[1]) for x in open('/proc/self/status') if x.startswith('VmHWM'))\n"
    "print(f'BOUNDS {time.perf_counter() - t:.2f} {peak // 1024}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def bounded(*argv: str) -> tuple[int, str, float, int]:
    """Run ``zwfw ARGV`` in a fresh interpreter: exit code, output, seconds, peak MB."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    done = subprocess.run([sys.executable, "-c", _RUN, *argv], capture_output=True, text=True, timeout=300, env=env)
    line = next(x for x in done.stderr.splitlines() if x.startswith("BOUNDS "))
    seconds, mb = line.split()[1:]
    print(f"zwfw {argv[0]} {Path(argv[1]).name}: {seconds} s, peak {mb} MB")
    return done.returncode, done.stdout + done.stderr, float(seconds), int(mb)


def stray(src: Path, out: Path, cell: str, sheet: str = "实施清单") -> Path:
    wb = openpyxl.load_workbook(src)
    wb[sheet][cell] = "备注"
    wb.save(out)
    assert out.stat().st_size < 200_000
    return out


def unpacked_bomb(out: Path) -> Path:
    """A workbook whose one sheet unpacks to ~444 MB at a modest ratio (70:1,
    under the ratio check) and a total under the overall cap: only the per-part
    limit, read from the zip directory before anything is inflated, stops it."""
    block = b"<row><c t='inlineStr'><is><t>x</t></is></c></row>" * 3000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for _ in range(3000):
                f.write(os.urandom(1024))
                f.write(block)
    info = zipfile.ZipFile(out).getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size > 400_000_000 and info.file_size < 200 * info.compress_size
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    from conftest import BASE

    path = tmp_path_factory.mktemp("bounds") / "impl.xlsx"
    export_xlsx(BASE, "implementation", path)
    return path


@pytest.mark.parametrize("cell", ["XFD1048576", "A1048576"])
def test_stray_value_in_last_cell(base, exported, tmp_path, cell) -> None:
    path = stray(exported, tmp_path / f"stray-{cell}.xlsx", cell)
    result = import_workbook(base, path)
    assert [i.rule for i in result.errors] == ["xlsx-sheet"]
    found = result.errors[0]
    assert (found.sheet, found.cell) == ("实施清单", cell)
    assert "超出可导入的范围" in found.message and "Ctrl+End" in found.message
    code, out, seconds, mb = bounded("import", str(path), "--root", str(base))
    assert code == 1 and "Traceback" not in out and f"{path.name}!实施清单!{cell}: [xlsx-sheet]" in out
    assert mb < MAX_MB


def test_unpacked_bomb_refused_before_reading(base, tmp_path) -> None:
    path = unpacked_bomb(tmp_path / "bomb.xlsx")
    code, out, seconds, mb = bounded("import", str(path), "--root", str(base))
    assert code == 1 and "Traceback" not in out
    assert "bomb.xlsx: [xlsx-file]" in out and "xl/worksheets/sheet1.xml 解压后有" in out and "在读取之前已拒绝" in out
    assert mb < MAX_MB


def test_reconcile_national_list_with_stray_value(tmp_path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["事项编码", "事项名称"])
    ws.append(["000131035000", "食品经营许可"])
    ws["XFD1048576"] = 1
    path = tmp_path / "national.xlsx"
    wb.save(path)
    with pytest.raises(WorkbookError) as caught:
        read_national(path)
    assert "XFD1048576" in caught.value.issue.message
    code, out, seconds, mb = bounded("reconcile", str(path), "-o", str(tmp_path / "out"), "--root", str(REPO))
    assert code == 1 and "Traceback" not in out and "national.xlsx!Sheet!XFD1048576: [xlsx-sheet]" in out
    assert mb < MAX_MB
    bomb = unpacked_bomb(tmp_path / "national-bomb.xlsx")
    code, out, seconds, mb = bounded("reconcile", str(bomb), "-o", str(tmp_path / "out"), "--root", str(REPO))
    assert code == 1 and "Traceback" not in out and "解压后有" in out
    assert mb < MAX_MB


def test_many_shared_strings_refused(base, exported, tmp_path) -> None:
    from zwfw.excel.workbook import Limits

    path = excel_like(tmp_path / "strings.xlsx", sheet_values(exported))
    assert not import_workbook(base, path).errors  # read through the shared-string table: same records
    result = import_workbook(base, path, limits=Limits(max_strings=10))
    assert [i.rule for i in result.errors] == ["xlsx-file"] and "共享文本超过 10 条" in result.errors[0].message


def test_doctype_refused(base, exported, tmp_path) -> None:
    path = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(exported) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
            dst.writestr(info, data)
    result = import_workbook(base, path)
    assert [i.rule for i in result.errors] == ["xlsx-file"] and "DTD" in result.errors[0].message

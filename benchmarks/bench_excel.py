"""Excel import at scale: time and peak memory, side by side in one run.

Generates a synthetic catalog (default 20,000 implementation entries, with the
province's shape), exports the implementation list of every entry as one
workbook, removes the entry files and imports the workbook again, in a fresh
interpreter whose peak resident memory is read at its end (the import prints
its progress steps). Then reads the same workbook (every sheet, every row)
with the bounded streaming reader and with openpyxl's full load, each in its
own interpreter, and prints their time and memory with the ratios.

    python benchmarks/bench_excel.py [--entries 20000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# VmHWM: the child's own peak (ru_maxrss would include this process's size at fork time);
# then the largest peak of the child's own worker processes (validation), 0 when it started none.
PEAK = ("import sys, resource; print(f\"PEAK {next(int(x.split()[1]) for x in open('/proc/self/status') "
        "if x.startswith('VmHWM')) // 1024} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}\", file=sys.stderr)")
STREAM = """
import sys
from pathlib import Path
from zwfw.excel.workbook import open_workbook
with open_workbook(Path(sys.argv[1])) as book:
    n = sum(len(cells) for s in book.sheets for _, cells in book.rows(s))
print(n)
"""
FULL = """
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None))
"""
IMPORT = """
import sys
from pathlib import Path
from zwfw.excel.importer import import_workbook
result = import_workbook(Path(sys.argv[2]), Path(sys.argv[1]), progress=lambda m: print('  进度：' + m, file=sys.stderr, flush=True))
print(len(result.created), len(result.errors))
"""


def run(code: str, *args: str) -> tuple[float, int, int, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code + "\n" + PEAK, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    peak, workers = (int(x) for x in next(x for x in done.stderr.splitlines() if x.startswith("PEAK ")).split()[1:])
    for line in done.stderr.splitlines():
        if line.startswith("  进度"):
            print(line)
    return seconds, peak, workers, done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="keep the generated catalog and workbook here")
    args = parser.parse_args()
    from zwfw.cli import main as zwfw

    work = args.keep or Path(tempfile.mkdtemp(prefix="zwfw-bench-excel-"))
    root = work / "catalog"
    work.mkdir(parents=True, exist_ok=True)
    if root.exists():
        shutil.rmtree(root)
    assert zwfw(["synth", str(root), "--entries", str(args.entries)]) == 0
    book = work / "implementation.xlsx"
    assert zwfw(["export", "xlsx", "implementation", "-o", str(book), "--root", str(root), "--quiet"]) == 0
    removed = [p for p in (root / "items").rglob("*.yaml") if p.parent.name == "entries"]
    for p in removed:
        p.unlink()
    print(f"workbook: {book.stat().st_size / 1e6:.1f} MB, {len(removed)} entries removed before the import")
    seconds, peak, workers, out = run(IMPORT, str(book), str(root))
    created, errors = out.split()
    print(f"import: {seconds:.1f} s, peak {peak} MB (largest validation worker: {workers} MB), {created} files created, {errors} errors")
    s_time, s_peak, _, s_cells = run(STREAM, str(book))
    f_time, f_peak, _, f_cells = run(FULL, str(book))
    print(f"read every cell: streaming {s_time:.1f} s / {s_peak} MB ({s_cells} cells); openpyxl full load {f_time:.1f} s / {f_peak} MB ({f_cells} cells)")
    print(f"ratios (openpyxl / streaming): time {f_time / s_time:.2f}x, memory {f_peak / s_peak:.2f}x")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

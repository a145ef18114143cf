"""CSV output: UTF-8 with BOM (Excel opens it as UTF-8), one file per table,
text that a spreadsheet would run as a formula prefixed with an apostrophe."""

from __future__ import annotations

import csv
from pathlib import Path

from . import columns as C
from .cells import csv_value


def write_csv(rows: C.Rows, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([csv_value(c.header) for c in rows.table.columns])
        for values in rows.rows:
            writer.writerow([csv_value(v) for v in values])


def csv_paths(target: str, tables: list[C.Rows], out: Path) -> list[tuple[C.Rows, Path]]:
    """``OUT/<target>.csv`` for a single table, ``OUT/<target>-<sheet>.csv`` for several."""
    if len(tables) == 1:
        return [(tables[0], out / f"{target}.csv")]
    return [(t, out / f"{target}-{t.table.name}.csv") for t in tables]

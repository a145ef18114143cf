"""The bulk tables of the site's downloads, streamed: ``items.csv.gz``,
``entries.csv.gz`` (UTF-8 with BOM, gzip) and ``catalog.xlsx`` with the same
tables, columns and formula-safe cells as ``zwfw export`` (one sheet per
table: items, legal bases, entries, materials, steps, fees, special
procedures). Entries are turned into rows a chunk at a time and written at
once to the CSV file and to every sheet, so memory does not grow with the
number of entries (a province has about 200,000)."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

from .. import layout
from ..catalog import Catalog
from ..excel import book, csvout
from ..excel import columns as C
from ..excel import export as xexport
from ..excel.tables import entry_rows
from ..rules.context import Context

#: Entries turned into rows at a time.
CHUNK = 2000


def write_tables(catalog: Catalog, root: Path, out: Path, date: str) -> None:
    ctx = Context.build(catalog)
    folder = out / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    directory = xexport.build(ctx, root, "directory", xexport.Options(date=date))
    _write_csv(folder / "items.csv.gz", directory.tables[0].table, [directory.tables[0].rows])
    wb = book.new_workbook(write_only=True)
    cover_sheet = wb.create_sheet(book.COVER_SHEET)
    counts = []
    for rows in directory.tables:
        ws = _sheet(wb, rows.table)
        for values in rows.rows:
            ws.append(book.plain_cells(ws, values))
        _filter(ws, rows.table, len(rows.rows))
        counts.append((rows.table.name, len(rows.rows)))
    counts += _entries(ctx, wb, folder / "entries.csv.gz")
    notes = xexport.NOTES["directory"] + xexport.NOTES["implementation"]
    cover = book.Cover("政务服务事项目录（全量数据）", "全省", "全部部门", date, book.catalog_revision(root), notes)
    book.add_cover(wb, cover, counts, ws=cover_sheet)
    book.save(wb, folder / "catalog.xlsx")


def _entries(ctx: Context, wb, csv_path: Path) -> list[tuple[str, int]]:
    """The entry sheets and entries.csv.gz, a chunk of entries at a time."""
    records = ctx.of(layout.ENTRY)
    tables = C.entry_tables()
    sheets = [_sheet(wb, table) for table in tables]
    counts = [0] * len(tables)
    with gzip.open(csv_path, "wt", encoding="utf-8-sig", newline="", compresslevel=6) as f:
        writer = csv.writer(f)
        writer.writerow([csvout.csv_value(c.header) for c in tables[0].columns])
        for start in range(0, len(records), CHUNK):
            for n, rows in enumerate(entry_rows(ctx, records[start:start + CHUNK])):
                ws = sheets[n]
                for values in rows.rows:
                    ws.append(book.plain_cells(ws, values))
                if n == 0:
                    writer.writerows([csvout.csv_value(v) for v in values] for values in rows.rows)
                counts[n] += len(rows.rows)
    for ws, table, count in zip(sheets, tables, counts, strict=True):
        _filter(ws, table, count)
    return [(t.name, n) for t, n in zip(tables, counts, strict=True)]


def _sheet(wb, table: C.Table):
    ws = wb.create_sheet(table.name)
    book.setup_sheet(ws, table)
    ws.append(book.header_cells(ws, table))
    return ws


def _filter(ws, table: C.Table, rows: int) -> None:
    ws.auto_filter.ref = f"A1:{book.get_column_letter(len(table.columns))}{max(1, rows + 1)}"


def _write_csv(path: Path, table: C.Table, chunks: list[list[list]]) -> None:
    with gzip.open(path, "wt", encoding="utf-8-sig", newline="", compresslevel=6) as f:
        writer = csv.writer(f)
        writer.writerow([csvout.csv_value(c.header) for c in table.columns])
        for rows in chunks:
            writer.writerows([csvout.csv_value(v) for v in values] for values in rows)

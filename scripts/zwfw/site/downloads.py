"""Machine-readable outputs at stable URLs: the whole catalog as JSON, one
JSON file per item (a static API) and an index of items."""

from __future__ import annotations

import json
from pathlib import Path

from ..catalog import Catalog
from ..excel import book, csvout
from ..excel import export as xexport
from ..rules.context import Context
from .model import Item, SiteData


def _entry_json(site: SiteData, item: Item) -> list[dict]:
    return [
        {
            "implementation_code": e.implementation_code,
            "department": e.department,
            "department_name": site.departments[e.department].name,
            "region": e.region,
            "region_name": site.region_label(e.region),
            **e.data,
        }
        for e in sorted(item.entries, key=lambda e: (e.region, e.department))
    ]


def item_json(site: SiteData, item: Item) -> dict:
    return {
        **item.data,
        "department": item.department,
        "department_name": site.departments[item.department].name,
        "region": item.region,
        "entries": _entry_json(site, item),
    }


def catalog_json(site: SiteData, revision: str) -> dict:
    return {
        "revision": revision,
        "sample_data": site.sample,
        "regions": [r.data for r in site.regions.values()],
        "departments": [{**d.data, "id": d.id} for d in site.departments.values()],
        "items": [item_json(site, i) for i in site.items.values()],
        "materials": list(site.materials.values()),
        "licences": list(site.licences.values()),
    }


def _dump(path: Path, doc) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), "utf-8")


def write_json(site: SiteData, out: Path, revision: str) -> None:
    """downloads/catalog.json, api/index.json and api/items/<code>.json."""
    _dump(out / "downloads" / "catalog.json", catalog_json(site, revision))
    index = [{"code": c, "name": i.name, "type": i.type, "url": f"items/{c}.json"} for c, i in site.items.items()]
    _dump(out / "api" / "index.json", {"revision": revision, "items": index})
    for code, item in site.items.items():
        _dump(out / "api" / "items" / f"{code}.json", item_json(site, item))


def write_tables(catalog: Catalog, root: Path, out: Path, date: str) -> None:
    """downloads/items.csv, downloads/entries.csv (UTF-8 with BOM) and
    downloads/catalog.xlsx: the same tables, columns and formula-safe cells as
    ``zwfw export`` (one sheet per table: items, legal bases, entries,
    materials, steps, fees, special procedures)."""
    ctx = Context.build(catalog)
    directory = xexport.build(ctx, root, "directory", xexport.Options(date=date))
    implementation = xexport.build(ctx, root, "implementation", xexport.Options(date=date))
    folder = out / "downloads"
    csvout.write_csv(directory.tables[0], folder / "items.csv")
    csvout.write_csv(implementation.tables[0], folder / "entries.csv")
    tables = directory.tables + implementation.tables
    cover = book.Cover("政务服务事项目录（全量数据）", "全省", "全部部门", date, implementation.cover.revision,
                       directory.cover.notes + implementation.cover.notes)
    wb = book.new_workbook(write_only=True)
    book.add_cover(wb, cover, [(t.table.name, len(t.rows)) for t in tables])
    for rows in tables:
        book.add_table(wb, rows, styled=False)  # a bulk download: unstyled cells write twice as fast
    book.save(wb, folder / "catalog.xlsx")

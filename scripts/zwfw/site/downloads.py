"""Machine-readable outputs at stable URLs. Bulk downloads are compressed
(still open standard formats: ``catalog.json.gz``, ``items.csv.gz``,
``entries.csv.gz``; ``catalog.xlsx`` is a zip file already). The per-item
API is the item page's model, not a second copy of the bulk data: the item,
the standard its regions share and, per region, only its own office, hours,
contacts and the fields in which it differs (the full entry is in the bulk
download)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from .model import Entry, Item, SiteData
from .pages import guide_page
from .sameness import Sameness

BULK = ("downloads/catalog.json.gz", "downloads/items.csv.gz", "downloads/entries.csv.gz", "downloads/catalog.xlsx")


def _entry_json(site: SiteData, e: Entry) -> dict:
    return {"implementation_code": e.implementation_code, "department": e.department,
            "department_name": site.departments[e.department].name, "region": e.region,
            "region_name": site.region_label(e.region), **e.data}


def _item_head(site: SiteData, item: Item) -> dict:
    return {**item.data, "department": item.department, "department_name": site.departments[item.department].name,
            "region": item.region}


def item_api(site: SiteData, same: Sameness) -> dict:
    """api/items/<code>.json: the item, its shared standard, and where each region differs."""
    regions = []
    for e in same.entries:
        row = {k: v for k, v in _entry_json(site, e).items() if k in ("implementation_code", "department", "department_name",
                                                                       "region", "region_name")}
        row["guide"] = "../../" + guide_page(same, e)
        row["differs"] = {d.field: e.data.get(d.field) for d in same.of(e)}
        regions.append(row)
    return {**_item_head(site, same.item), "standard": same.standard, "regions": regions,
            "bulk": "../../downloads/catalog.json.gz"}


def item_api_file(site: SiteData, same: Sameness) -> tuple[str, str]:
    """(site path, text) of the item's API file."""
    return f"api/items/{same.item.code}.json", json.dumps(item_api(site, same), ensure_ascii=False, separators=(",", ":"))


def _member(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


def write_catalog(site: SiteData, out: Path, revision: str, members: Path, changed: set[str] | None = None) -> None:
    """downloads/catalog.json.gz and api/index.json. The JSON is written as
    concatenated gzip members (one gzip stream to any reader), one member per
    item kept in ``members``: a partial build re-compresses only the
    ``changed`` items' members (None: all) and never holds the whole catalog."""
    dumps = lambda doc: json.dumps(doc, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    members.mkdir(parents=True, exist_ok=True)
    keep = {f"{code}.gz" for code in site.items}
    for old in members.glob("*.gz"):
        if old.name not in keep:
            old.unlink()
    target = out / "downloads" / "catalog.json.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    comma = _member(",")
    with target.open("wb") as f:
        f.write(_member('{"revision":' + dumps(revision) + ',"sample_data":' + dumps(site.sample)
                        + ',"regions":' + dumps([r.data for r in site.regions.values()])
                        + ',"departments":' + dumps([{**d.data, "id": d.id} for d in site.departments.values()]) + ',"items":['))
        for n, (code, item) in enumerate(site.items.items()):
            member = members / f"{code}.gz"
            if changed is None or code in changed or not member.is_file():
                entries = [_entry_json(site, e) for e in sorted(item.entries, key=lambda e: (e.region, e.department))]
                member.write_bytes(_member(dumps({**_item_head(site, item), "entries": entries})))
            f.write((comma if n else b"") + member.read_bytes())
        f.write(_member('],"materials":' + dumps(list(site.materials.values())) + ',"licences":' + dumps(list(site.licences.values())) + "}"))
    index = [{"code": c, "name": i.name, "type": i.type, "url": f"items/{c}.json"} for c, i in site.items.items()]
    _dump(out / "api" / "index.json", {"revision": revision, "bulk": "../downloads/catalog.json.gz", "items": index})


def _dump(path: Path, doc) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), "utf-8")

"""The catalog as the site sees it: items with their entries, regions as a
tree, departments, libraries, and the derived 实施编码. Built once from a
validated :class:`~zwfw.catalog.Catalog`."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from .. import codes, layout
from ..catalog import Catalog, Record

#: A library file name the site can link to (one that is not is refused by [id-mismatch]).
_SAFE_ID = re.compile(r"[0-9A-Za-z_-]+")
LEVEL_NAMES = {"province": "省级", "city": "市级", "county": "县级"}


@dataclass
class Region:
    code: str
    name: str
    level: str
    parent: str | None
    data: dict
    children: list[str] = field(default_factory=list)


@dataclass
class Department:
    id: str
    name: str
    region: str
    data: dict


@dataclass
class Entry:
    item: str
    department: str
    region: str
    record: Record  # a PackedRecord (zwfw.site.load) keeps its data packed until used
    file: str
    implementation_code: str

    @property
    def data(self) -> dict:
        return self.record.data

    @data.setter
    def data(self, value: dict) -> None:  # a parsed record only; a packed one is read-only
        self.record.data = value

    @property
    def data_view(self) -> Mapping:
        """The data, without unpacking it now: for a pass over every entry that
        keeps a reference to each (the parsed data of all would not fit in memory)."""
        return getattr(self.record, "view", None) or self.record.data


@dataclass
class Item:
    code: str
    data: dict
    department: str
    region: str
    file: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def type(self) -> str:
        return self.data["type"]


def _group(values, key) -> dict:
    out = defaultdict(list)
    for v in values:
        out[key(v)].append(v)
    return out


@dataclass
class SiteData:
    regions: dict[str, Region]
    departments: dict[str, Department]
    items: dict[str, Item]
    materials: dict[str, dict]
    licences: dict[str, dict]

    @property
    def sample(self) -> bool:
        return any(r.data.get("sample_data") for r in self.regions.values())

    @cached_property
    def entries(self) -> list[Entry]:
        return [e for item in self.items.values() for e in item.entries]

    @cached_property
    def entries_by_region(self) -> dict[str, list[Entry]]:
        return _group(self.entries, lambda e: e.region)

    @cached_property
    def entries_by_department(self) -> dict[str, list[Entry]]:
        return _group(self.entries, lambda e: e.department)

    @cached_property
    def items_by_department(self) -> dict[str, list[Item]]:
        return _group(self.items.values(), lambda i: i.department)

    def lineage(self, code: str) -> list[Region]:
        """The region and its ancestors, outermost first."""
        out = []
        while code in self.regions:
            out.append(self.regions[code])
            code = self.regions[code].parent or ""
        return out[::-1]

    @cached_property
    def _labels(self) -> dict[str, str]:
        return {code: "".join(r.name for r in self.lineage(code) if r.level != "province") or r0.name
                for code, r0 in self.regions.items()}

    def region_label(self, code: str) -> str:
        """e.g. 石家庄市正定县 (the province is left out)."""
        return self._labels[code]

    def department_kind(self, dept_id: str) -> str:
        """The department's name without its region, e.g. 正定县市场监督管理局 → 市场监督管理局
        (the search filters by region and by this, so the filter stays short)."""
        dept = self.departments[dept_id]
        name = dept.name
        for region in self.lineage(dept.region):
            if name.startswith(region.name) and len(name) > len(region.name):
                name = name[len(region.name):]
        return name

    def material_name(self, material: dict) -> str:
        ref = material.get("ref")
        return self.materials.get(ref, {}).get("name", ref) if ref else material.get("name", "")


def build(catalog: Catalog) -> SiteData:
    """The site's view of a catalog. Only records that passed their schema are
    used (a build that skips validation renders what it safely can)."""
    of = lambda kind: [r for r in catalog.of(kind) if r.valid]  # noqa: E731
    regions = {r.data["code"]: _region(r) for r in of(layout.REGION)}
    for region in regions.values():
        if region.parent in regions:
            regions[region.parent].children.append(region.code)
    departments = {
        r.department: Department(r.department, r.data["name"], r.region, r.data) for r in of(layout.DEPARTMENT)
    }
    items = {
        r.data["code"]: Item(r.data["code"], r.data, r.department, r.region, r.file)
        for r in sorted(of(layout.ITEM), key=lambda r: r.data["code"]) if r.department in departments
    }
    for r in sorted(of(layout.ENTRY), key=lambda r: r.file):
        item = items.get(r.data.get("item", ""))
        if item is None or r.department not in departments:
            continue
        region = regions.get(r.region)
        code = codes.entry_implementation_code(departments[r.department].data, region.level if region else None, item.code)
        item.entries.append(Entry(item.code, r.department, r.region, r, r.file, code or ""))
    return SiteData(
        regions=dict(sorted(regions.items())),
        departments=dict(sorted(departments.items())),
        items=items,
        materials={r.where.stem: r.data for r in of(layout.MATERIAL) if _SAFE_ID.fullmatch(r.where.stem)},
        licences={r.where.stem: r.data for r in of(layout.LICENCE) if _SAFE_ID.fullmatch(r.where.stem)},
    )


def _region(r: Record) -> Region:
    d = r.data
    return Region(d["code"], d["name"], d["level"], d.get("parent"), d)

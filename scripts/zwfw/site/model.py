"""The catalog as the site sees it: a view of the core read model
(:mod:`zwfw.model`) with what pages need besides: regions as a tree, items
with their entries, and the derived 实施编码. Built once from a catalog; only
records that passed their schema are used, and entries of known items and
departments. An entry's data may stay packed (:mod:`zwfw.site.load`) until a
page needs it."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property

from .. import codes, layout, model
from ..catalog import Catalog
from .load import PackedData, PackedRecord, unpack

#: A library file name the site can link to (one that is not is refused by [id-mismatch]).
_SAFE_ID = re.compile(r"[0-9A-Za-z_-]+")
LEVEL_NAMES = model.LEVEL_LABEL
#: A department as the site sees it is the core model's.
Department = model.Department


@dataclass
class Region:
    core: model.Region
    children: list[str] = field(default_factory=list)

    code = property(lambda self: self.core.code)
    name = property(lambda self: self.core.name)
    level = property(lambda self: self.core.level)
    parent = property(lambda self: self.core.parent)
    data = property(lambda self: self.core.data)


@dataclass
class Entry:
    core: model.Entry
    implementation_code: str

    item = property(lambda self: self.core.item)
    department = property(lambda self: self.core.department)
    region = property(lambda self: self.core.region)
    file = property(lambda self: self.core.file)

    @property
    def data(self) -> dict:
        d = self.core.data
        return unpack(d.blob) if isinstance(d, PackedData) else d

    @data.setter
    def data(self, value: dict) -> None:
        self.core = replace(self.core, data=value)


@dataclass
class Item:
    core: model.Item
    entries: list[Entry] = field(default_factory=list)

    code = property(lambda self: self.core.code)
    name = property(lambda self: self.core.name)
    department = property(lambda self: self.core.department)
    region = property(lambda self: self.core.region)
    file = property(lambda self: self.core.file)

    @property
    def type(self) -> str:
        return self.core.type or ""

    @property
    def data(self) -> dict:
        return self.core.data

    @data.setter
    def data(self, value: dict) -> None:
        code = value.get("code") if isinstance(value.get("code"), str) else self.code
        self.core = replace(self.core, data=value, code=code, name=value.get("name") or code)


def _group(values, key) -> dict:
    out = defaultdict(list)
    for v in values:
        out[key(v)].append(v)
    return out


@dataclass
class SiteData:
    core: model.Model  # the records shown (what the reform figures read too)
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
    core = model.Model()
    for r in sorted((r for r in catalog.records if r.valid), key=lambda r: r.file):
        packed = r.kind == layout.ENTRY and isinstance(r, PackedRecord)
        core.put(r.where, r.file, r.view if packed else r.data)  # an entry stays packed (there are many)
    regions = {code: Region(r) for code, r in core.regions.items()}
    for region in regions.values():
        if region.parent in regions:
            regions[region.parent].children.append(region.code)
    items = {code: Item(i) for code, i in sorted(core.items.items()) if i.department in core.departments}
    kept = []
    for e in core.entries:
        item = items.get(e.item)
        if item is None or e.department not in core.departments:
            continue
        region = regions.get(e.region or "")
        code = codes.entry_implementation_code(core.departments[e.department].data, region.level if region else None, item.code)
        item.entries.append(Entry(e, code or ""))
        kept.append(e)
    core.entries = kept
    core.items = {code: i.core for code, i in items.items()}
    return SiteData(
        core=core,
        regions=dict(sorted(regions.items())),
        departments=dict(sorted(core.departments.items())),
        items=items,
        materials={k: v for k, v in core.materials.items() if _SAFE_ID.fullmatch(k)},
        licences={k: v for k, v in core.licences.items() if _SAFE_ID.fullmatch(k)},
    )

"""The catalog's read model: regions, departments, directory items, implementation
entries and the two libraries, each with typed accessors, built once from records.

Records come from the working tree (:func:`from_catalog`, a loaded
:class:`~zwfw.catalog.Catalog`) or from anywhere else as (path, data) pairs
(:func:`from_records`: a git revision read through :mod:`zwfw.gitrepo`). Where a
record sits says what it is (:func:`zwfw.layout.classify`): the owning or
implementing department is its department folder, the region the innermost
region folder around it.

The few facts several views share are defined here once: the level labels
(省级/市级/县级), the conversion between working and natural days, and the text
of a time limit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import layout

if TYPE_CHECKING:
    from .catalog import Catalog

#: The 行使层级 label of each region level.
LEVEL_LABEL = {"province": "省级", "city": "市级", "county": "县级"}

WORKING_DAY = "工作日"
NATURAL_DAY = "自然日"
#: Natural days per working day (a five-day week).
NATURAL_PER_WORKING = 7 / 5
CANCELLED = "已取消"

Data = dict[str, Any]


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


# --- time limits -----------------------------------------------------------

def _limit_value(limit: object) -> tuple[float, str] | None:
    if not isinstance(limit, Mapping):
        return None
    value, unit = limit.get("value"), limit.get("unit", WORKING_DAY)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value), unit if isinstance(unit, str) else WORKING_DAY


def working_days(limit: object) -> float | None:
    """A time limit (``{value, unit}``) in working days (natural days / 1.4)."""
    found = _limit_value(limit)
    if found is None:
        return None
    value, unit = found
    return value / NATURAL_PER_WORKING if unit == NATURAL_DAY else value


def natural_days(limit: object) -> float | None:
    """A time limit (``{value, unit}``) in natural days (working days × 1.4)."""
    found = _limit_value(limit)
    if found is None:
        return None
    value, unit = found
    return value * NATURAL_PER_WORKING if unit == WORKING_DAY else value


def iso_duration(limit: object) -> str | None:
    """A time limit as an ISO 8601 duration in (natural, rounded up) days, e.g. ``P28D``."""
    days = natural_days(limit)
    return None if days is None else f"P{math.ceil(round(days, 6))}D"


def limit_text(limit: object, absent: str = "—") -> str:
    """承诺/法定时限 as text: 即办, 20 个工作日, 30 个自然日（note）; ``absent`` when there is no value."""
    if not isinstance(limit, Mapping) or "value" not in limit:
        return absent
    value = limit.get("value")
    text = "即办" if value == 0 else f"{value} 个{limit.get('unit', '')}"
    return f"{text}（{limit['note']}）" if limit.get("note") else text


# --- records ---------------------------------------------------------------

@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str | None
    parent: str | None
    file: str
    data: Data

    @property
    def level_label(self) -> str | None:
        return LEVEL_LABEL.get(self.level or "")

    @property
    def folder(self) -> str:
        return self.file.rsplit("/", 1)[0]

    @property
    def province_administered(self) -> bool:
        """A county administered directly by the province (省直管县): it also exercises 市级."""
        return self.data.get("province_administered") is True


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    region: str | None
    file: str
    data: Data

    @property
    def folder(self) -> str:
        return self.file.rsplit("/", 1)[0]

    @property
    def team(self) -> str | None:
        return _text(self.data.get("team"))


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    department: str | None
    region: str | None
    file: str
    data: Data

    @property
    def type(self) -> str | None:
        return _text(self.data.get("type"))

    @property
    def levels(self) -> list[str]:
        levels = self.data.get("levels")
        return [v for v in levels if isinstance(v, str)] if isinstance(levels, list) else []


@dataclass(frozen=True)
class Entry:
    item: str
    department: str | None
    region: str | None
    file: str
    data: Data

    @property
    def key(self) -> tuple[str, str]:
        """(department, basic code): the same entry in every revision."""
        return (self.department or "", self.item)

    @property
    def cancelled(self) -> bool:
        return self.data.get("status") == CANCELLED

    @property
    def promised_days(self) -> float | None:
        return working_days(self.data.get("promised_time_limit"))

    @property
    def legal_days(self) -> float | None:
        return working_days(self.data.get("legal_time_limit"))


@dataclass
class Model:
    """Every record of a catalog by its key (the first record of a key wins)."""

    regions: dict[str, Region] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    materials: dict[str, Data] = field(default_factory=dict)
    licences: dict[str, Data] = field(default_factory=dict)

    def add(self, path: str, data: object) -> None:
        """Put one data file's record in its place; a file that is no record is left out."""
        try:
            where = layout.classify(path)
        except layout.LayoutError:
            return
        if isinstance(data, dict):
            self.put(where, path, data)

    def put(self, where: layout.Location, path: str, data: Data) -> None:
        """Put a record whose place (``where``, from :func:`zwfw.layout.classify`) is known."""
        found = record(where, path, data)
        if isinstance(found, Entry):
            self.entries.append(found)
        elif isinstance(found, Item):
            self.items.setdefault(found.code, found)
        elif isinstance(found, Department):
            self.departments.setdefault(found.id, found)
        elif isinstance(found, Region):
            self.regions.setdefault(found.code, found)
        elif where.kind == layout.MATERIAL:
            self.materials.setdefault(where.stem, data)
        elif where.kind == layout.LICENCE:
            self.licences.setdefault(where.stem, data)

    def in_force(self) -> list[Entry]:
        """The entries that are not cancelled."""
        return [e for e in self.entries if not e.cancelled]

    def region_level_label(self, code: str | None) -> str | None:
        region = self.regions.get(code or "")
        return region.level_label if region else None


Typed = Region | Department | Item | Entry


def record(where: layout.Location, path: str, data: Data) -> Typed | None:
    """The typed record of one data file at ``path`` (placed at ``where``); None for a
    library record, or an item or entry without its key."""
    name = _text(data.get("name"))
    if where.kind == layout.ENTRY:
        item = _text(data.get("item"))
        return Entry(item, where.department, where.region_code, path, data) if item else None
    if where.kind == layout.ITEM:
        code = _text(data.get("code"))
        return Item(code, name or code, where.department, where.region_code, path, data) if code else None
    if where.kind == layout.DEPARTMENT and where.department:
        return Department(where.department, name or where.department, where.region_code, path, data)
    if where.kind == layout.REGION:
        code = _text(data.get("code")) or where.region_code or ""
        return Region(code, name or code, _text(data.get("level")), _text(data.get("parent")), path, data)
    return None


def from_records(records: Iterable[tuple[str, object]]) -> Model:
    """The model of (repository-relative path, parsed data) pairs."""
    model = Model()
    for path, data in records:
        model.add(path, data)
    return model


def from_catalog(catalog: Catalog, valid_only: bool = False) -> Model:
    """The model of a loaded catalog (``valid_only``: only records that passed their schema)."""
    return from_records((r.file, r.data) for r in catalog.records if r.valid or not valid_only)

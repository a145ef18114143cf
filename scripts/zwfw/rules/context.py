"""What every cross-record rule needs: the catalog indexed once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from .. import divisions, layout, model
from ..catalog import Catalog, Record
from ..problems import Problem

#: The 行使层级 value that an implementing region of each level exercises.
LEVEL_LABEL = model.LEVEL_LABEL


@dataclass
class Context:
    catalog: Catalog
    regions: dict[str, Record]
    departments: dict[str, Record]
    items: dict[str, Record]
    materials: dict[str, Record]
    licences: dict[str, Record]
    divisions: dict[str, divisions.Division]
    all_valid: bool = True  # every record passed its schema
    subjects: list[Record] | None = None  # the records to check (None: every record of the catalog)

    @classmethod
    def build(cls, catalog: Catalog, subjects: list[Record] | None = None) -> Context:
        """Indexes over ``catalog``; the checks look at ``subjects`` (default: every
        record). ``catalog`` may hold only the records others refer to (every kind
        but entries), with their key fields only."""
        return cls(
            catalog=catalog,
            regions=catalog.index(layout.REGION, "code"),
            departments={r.department: r for r in catalog.of(layout.DEPARTMENT)},
            items=catalog.index(layout.ITEM, "code"),
            materials={r.where.stem: r for r in catalog.of(layout.MATERIAL)},
            licences={r.where.stem: r for r in catalog.of(layout.LICENCE)},
            divisions=divisions.table(),
            all_valid=all(r.valid for r in catalog.records) and all(r.valid for r in subjects or ()),
            subjects=subjects,
        )

    def with_subjects(self, subjects: list[Record]) -> Context:
        """The same indexes, checking ``subjects``."""
        return replace(self, subjects=subjects, all_valid=self.all_valid and all(r.valid for r in subjects))

    @cached_property
    def _by_kind(self) -> dict[str, list[Record]]:
        out: dict[str, list[Record]] = {}
        for r in self.of_all_kinds():
            out.setdefault(r.kind, []).append(r)
        return out

    def of(self, kind: str) -> list[Record]:
        """The records of ``kind`` to check."""
        return self._by_kind.get(kind, [])

    def of_all_kinds(self) -> list[Record]:
        """Every record to check."""
        return self.catalog.records if self.subjects is None else self.subjects

    @cached_property
    def licence_data(self) -> dict[str, dict]:
        """Licence id → its record's data."""
        return {lid: record.data for lid, record in self.licences.items()}

    @cached_property
    def region_folders(self) -> set[tuple[str, ...]]:
        """Region folders (as folder-name chains) that hold a region.yaml."""
        return {r.where.regions for r in self.catalog.of(layout.REGION)}

    @cached_property
    def department_folders(self) -> set[tuple[tuple[str, ...], str]]:
        """(region folder chain, department folder) of every department.yaml."""
        return {(r.where.regions, r.department) for r in self.catalog.of(layout.DEPARTMENT)}

    def region_level(self, code: str | None) -> str | None:
        region = self.regions.get(code or "")
        level = region.data.get("level") if region else None
        return level if isinstance(level, str) and level in LEVEL_LABEL else None

    def exercised_levels(self, code: str | None) -> set[str]:
        """行使层级 labels an agency of region ``code`` may implement."""
        level = self.region_level(code)
        if level is None:
            return set()
        labels = {LEVEL_LABEL[level]}
        if self.regions[code].data.get("province_administered") is True:
            labels.add("市级")
        return labels


def each(ctx: Context, records: Iterable[Record], rule: Callable[[Record], Iterable[Problem]]) -> Iterator[Problem]:
    """Apply a per-record rule. A record that failed its schema (or a record it
    refers to) may have any shape: a rule that trips over such data is skipped
    for that record, since the schema problem is already reported. In a catalog
    where every record passed its schema, the error propagates: it is a bug."""
    for record in records:
        try:
            yield from list(rule(record))
        except (TypeError, AttributeError, KeyError, ValueError):
            if ctx.all_valid:
                raise


def duplicates(ctx: Context, kind: str, key: str) -> Iterator[tuple[Record, str, tuple[str, ...]]]:
    """Every record of ``kind`` whose (text) ``key`` another record also has:
    ``(record, value, the other records' files)``. A conflict is reported on
    every file that takes part, so checking any one of them shows it."""
    groups: dict[str, list[Record]] = {}
    for r in ctx.catalog.of(kind):
        value = r.data.get(key)
        if isinstance(value, str):
            groups.setdefault(value, []).append(r)
    for r in ctx.of(kind):
        value = r.data.get(key)
        group = groups.get(value) if isinstance(value, str) else None
        if group and len(group) > 1:
            yield r, value, tuple(o.file for o in group if o.file != r.file)


def text(value) -> str | None:
    return value if isinstance(value, str) else None


def mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def items_of(value) -> list:
    return value if isinstance(value, list) else []

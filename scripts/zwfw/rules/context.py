"""What every cross-record rule needs: the catalog indexed once.

The indexes are a view of the core read model (:mod:`zwfw.model`): which record
a region code, department id or basic code names is the model's decision (the
first record of a key wins), and :attr:`Context.core` gives the typed accessors;
the rules get the loaded :class:`~zwfw.catalog.Record` (file, place, validity) of
each model record, to report problems on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
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
    core: model.Model = field(default_factory=model.Model)  # the read model of every record but the entries

    @classmethod
    def build(cls, catalog: Catalog, subjects: list[Record] | None = None) -> Context:
        """Indexes over ``catalog``; the checks look at ``subjects`` (default: every
        record). ``catalog`` may hold only the records others refer to (every kind
        but entries), with their key fields only."""
        core, loaded = model.Model(), {}
        for r in catalog.records:
            if r.kind != layout.ENTRY:
                core.put(r.where, r.file, r.data)
                loaded[r.file] = r
        return cls(
            catalog=catalog,
            regions={code: loaded[region.file] for code, region in core.regions.items()},
            departments={dept: loaded[d.file] for dept, d in core.departments.items()},
            items={code: loaded[item.file] for code, item in core.items.items()},
            materials=_by_stem(loaded.values(), layout.MATERIAL),
            licences=_by_stem(loaded.values(), layout.LICENCE),
            divisions=divisions.table(),
            all_valid=all(r.valid for r in catalog.records) and all(r.valid for r in subjects or ()),
            subjects=subjects,
            core=core,
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
        region = self.core.regions.get(code or "")
        return region.level if region and region.level_label else None

    def exercised_levels(self, code: str | None) -> set[str]:
        """行使层级 labels an agency of region ``code`` may implement."""
        region = self.core.regions.get(code or "")
        if region is None or region.level_label is None:
            return set()
        labels = {region.level_label}
        if region.province_administered:
            labels.add(LEVEL_LABEL["city"])
        return labels


def _by_stem(records: Iterable[Record], kind: str) -> dict[str, Record]:
    """Library records of ``kind`` by their identifier (the file name)."""
    return {r.where.stem: r for r in records if r.kind == kind}


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

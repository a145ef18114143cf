"""能同尽同: what an item's implementation entries share, and how each
region differs.

For every compared field the *standard* is the value most entries have (a tie
goes to the province's own entry, then to the first); an entry whose value
differs *deviates* in that field. Office, hours and phone (``fields.LOCAL``)
belong to each region and are not compared. A deviation says in words what is
different and whether it asks more of the applicant (more materials, a longer
time limit, more visits, a fee): those are listed on the 差异 pages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from . import fields
from .model import Entry, Item, SiteData
from .pages import limit as _limit
from .entry_view import online_level

#: Entry fields compared across regions, in page order.
COMPARED = (
    "power_source", "entrusting_department", "joint_agencies", "audience", "case_type", "legal_time_limit",
    "promised_time_limit", "conditions", "materials", "steps", "special_procedures", "channels", "visits",
    "onsite_reason", "online", "quantity_limit", "intermediary_services", "fee", "result", "status", "effective_date",
    "agency_nature", "handling_items", "service_hall", "express", "appointment", "self_service", "handle_area", "faq",
)


@dataclass(frozen=True)
class Deviation:
    field: str
    label: str  # the field's title from the schema
    text: str  # what is different, in words (plain text; escaped where rendered)
    more: bool = False  # asks more of the applicant than the standard


@dataclass
class Sameness:
    item: Item
    entries: list[Entry]  # sorted by region, then department
    standard: dict  # field → the value most entries share
    shared: set[str]  # fields every entry has the same
    deviations: dict[str, list[Deviation]] = field(default_factory=dict)  # entry file → its deviations

    @cached_property
    def _shared_regions(self) -> set[str]:
        seen: set[str] = set()
        twice = {e.region for e in self.entries if e.region in seen or seen.add(e.region)}
        return twice

    def slug(self, entry: Entry) -> str:
        """The entry's name among the item's entries: its region code, with the
        department where the region has more than one agency for the item."""
        return f"{entry.region}-{entry.department}" if entry.region in self._shared_regions else entry.region

    def of(self, entry: Entry) -> list[Deviation]:
        return self.deviations.get(entry.file, [])

    @property
    def deviating(self) -> list[Entry]:
        return [e for e in self.entries if self.of(e)]


def comparable(name: str, value):
    """The part of a field's value that should be the same everywhere: a step's
    office is each region's own window, so steps compare without it."""
    if name == "steps" and isinstance(value, list):
        return [{k: v for k, v in s.items() if k != "office"} if isinstance(s, dict) else s for s in value]
    return value


def _classes(values: list) -> tuple[list, list[int]]:
    """The distinct values (by equality: key order does not matter) and, per value, its class."""
    distinct: list = []
    of: list[int] = []
    for v in values:
        for i, d in enumerate(distinct):
            if d == v:
                of.append(i)
                break
        else:
            distinct.append(v)
            of.append(len(distinct) - 1)
    return distinct, of


def compare(site: SiteData, item: Item) -> Sameness:
    entries = sorted(item.entries, key=lambda e: (e.region, e.department))
    first_province = next((n for n, e in enumerate(entries) if site.regions[e.region].level == "province"), None)
    standard: dict = {}
    shared: set[str] = set()
    same_of: dict[str, list[bool]] = {}  # field → per entry: has the standard value
    for name in COMPARED:
        if not entries:
            break
        distinct, of = _classes([comparable(name, e.data.get(name)) for e in entries])
        counts = Counter(of)
        top = max(counts.values())
        order = ([of[first_province]] if first_province is not None else []) + of
        best = next(c for c in order if counts[c] == top)
        same_of[name] = [c == best for c in of]
        if len(distinct) == 1:
            shared.add(name)
        if distinct[best] is not None:
            standard[name] = distinct[best]
    out = Sameness(item, entries, standard, shared)
    for n, e in enumerate(entries):
        found = [describe(site, name, e.data.get(name), standard.get(name)) for name in COMPARED if not same_of[name][n]]
        if found:
            out.deviations[e.file] = found
    return out


def describe(site: SiteData, name: str, value, standard) -> Deviation:
    """One field's difference from the standard, in words."""
    label = fields.entry(name)
    if name == "materials":
        return _materials(site, label, value or [], standard or [])
    if name in ("promised_time_limit", "legal_time_limit"):
        mine, std = _days(value), _days(standard)
        more = mine is not None and std is not None and mine > std
        return Deviation(name, label, f"{_limit(value)}（标准：{_limit(standard)}）", more)
    if name == "visits":
        return Deviation(name, label, f"{value} 次（标准：{standard} 次）", (value or 0) > (standard or 0))
    if name == "fee":
        charged, std = bool((value or {}).get("charged")), bool((standard or {}).get("charged"))
        text = ("收费" if charged else "不收费") + ("（标准：收费）" if std else "（标准：不收费）") if charged != std else "收费项目或标准不同"
        return Deviation(name, label, text, charged and not std)
    if value is None:
        return Deviation(name, label, "未填写（标准有此项）")
    if name == "steps":
        return Deviation(name, label, "；".join(f"{s.get('name')} {_limit(s.get('time_limit'))}" for s in value))
    if name == "online":
        return Deviation(name, label, online_level({"online": value}))
    if isinstance(value, str) and len(value) <= 60:
        return Deviation(name, label, value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return Deviation(name, label, "、".join(value))
    return Deviation(name, label, "与标准不同，见本地办事指南")


def _materials(site: SiteData, label: str, mine: list, std: list) -> Deviation:
    name = site.material_name
    have, want = {name(m): m for m in mine}, {name(m): m for m in std}
    extra = [n for n in have if n not in want]
    missing = [n for n in want if n not in have]
    parts = []
    if extra:
        parts.append(f"多 {len(extra)} 项：" + "、".join(extra))
    if missing:
        parts.append(f"少 {len(missing)} 项：" + "、".join(missing))
    changed = [n for n in have if n in want and have[n] != want[n]]
    if changed:
        parts.append("要求不同：" + "、".join(changed))
    if not parts:
        parts.append("顺序不同")
    return Deviation("materials", label, "；".join(parts), bool(extra))


def _days(value) -> int | None:
    if not isinstance(value, dict) or not isinstance(value.get("value"), int):
        return None
    return value["value"]


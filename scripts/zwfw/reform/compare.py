"""The reform report: the baseline against now, in total and per region,
department and item, with the targets and the line over time.

Reductions are computed over the entries present in both revisions (same
department, same item, not cancelled), so an entry added or cancelled in
between moves no figure; how many were added or cancelled is reported apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .config import Targets
from .metrics import Figures, legal_in_both, reduction, total
from .state import EntryFacts, Key, State


@dataclass
class Row:
    key: str
    label: str
    base: Figures
    now: Figures

    @property
    def materials_reduction(self) -> float | None:
        return reduction(self.base.materials, self.now.materials)

    @property
    def steps_reduction(self) -> float | None:
        return reduction(self.base.steps, self.now.steps)

    @property
    def promised_reduction(self) -> float | None:
        return reduction(self.base.promised_days, self.now.promised_days)


@dataclass(frozen=True)
class Point:
    """One revision on the line over time (all entries in force then)."""

    sha: str
    date: str
    subject: str
    entries: int
    materials: int

    @property
    def per_entry(self) -> float:
        return self.materials / self.entries if self.entries else 0.0


@dataclass(frozen=True)
class TargetCheck:
    name: str  # Chinese
    target: str
    actual: str
    met: bool


@dataclass
class Report:
    baseline: State
    current: State
    targets: Targets
    total: Row
    regions: list[Row]
    departments: list[Row]
    items: list[Row]
    added: int  # entries only in the current state
    removed: int  # entries only in the baseline (cancelled or deleted)
    history: list[Point] = field(default_factory=list)

    def checks(self) -> list[TargetCheck]:
        t, now = self.targets, self.total.now
        cut = self.total.materials_reduction
        e_share = now.e_licence_results / now.licence_results if now.licence_results else None
        return [
            TargetCheck("申请材料压减", f"≥ {t.materials_reduction:.0%}", percent(cut), cut is not None and cut >= t.materials_reduction - 1e-9),
            TargetCheck("办理结果电子化（电子证照）", f"≥ {t.e_licence_share:.0%}", percent(e_share),
                        e_share is not None and e_share >= t.e_licence_share - 1e-9),
            TargetCheck(f"到办事现场次数 ≤ {t.visits_max}", "全部实施清单",
                        f"{now.entries - now.over_visits}/{now.entries}（{now.over_visits} 项超过）", now.over_visits == 0),
        ]


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def build(baseline: State, current: State, targets: Targets, history: list[Point] | None = None) -> Report:
    baseline = baseline.following(current.renamed)
    common = set(baseline.entries) & set(current.entries)
    names = {**baseline.departments, **current.departments}
    regions = {**baseline.regions, **current.regions}
    items = {**baseline.items, **current.items}
    legal = legal_in_both(baseline, current, common)
    row = lambda key, label, keys: Row(key, label, total(baseline, keys, targets.visits_max, legal),  # noqa: E731
                                       total(current, keys, targets.visits_max, legal))
    return Report(
        baseline=baseline, current=current, targets=targets,
        total=row("", "合计", common),
        regions=_rows(current, common, lambda f: f.region, lambda k: regions.get(k, k), row),
        departments=_rows(current, common, lambda f: f.department, lambda k: names.get(k, k), row),
        items=_rows(current, common, lambda f: f.item, lambda k: items.get(k, k), row),
        added=len(set(current.entries) - common),
        removed=len(set(baseline.entries) - common),
        history=history or [],
    )


def _rows(current: State, common: set[Key], group: Callable[[EntryFacts], str], label: Callable[[str], str], row) -> list[Row]:
    keys: dict[str, set[Key]] = {}
    for key in sorted(common):
        keys.setdefault(group(current.entries[key]), set()).add(key)
    return [row(k, label(k), ks) for k, ks in sorted(keys.items())]


def point(state: State, subject: str) -> Point:
    figures = total(state)
    return Point(state.label, state.date, subject, figures.entries, figures.materials)

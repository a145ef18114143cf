"""The reform figures of one entry and of a group of entries.

Definitions (docs/libraries.md explains them to users):

- 需提交材料 (materials to bring): the entry's listed materials, less those
  obtained by data sharing (``shared: true``, 免提交) — the count the item page shows;
- 办理环节 (steps): the number of listed steps;
- 法定/承诺办结时限 (days): in working days; natural days count as 1/1.4 of a
  working day (the ``time-limit`` rule's conversion); 即办 is 0;
- 到办事现场次数 (visits): the entry's ``visits``;
- 全程网办 (fully online): online handling at level Ⅳ;
- 电子证照 (e-licence results): the result is of type 证照 and refers to an
  electronic licence of the directory.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ..model import working_days
from .state import EntryFacts, State


def materials_to_bring(data: dict) -> int:
    return sum(1 for m in data.get("materials") or [] if isinstance(m, dict) and not m.get("shared"))


def is_licence_result(data: dict) -> bool:
    result = data.get("result")
    return isinstance(result, dict) and result.get("type") == "证照"


def is_e_licence_result(data: dict, licences: dict[str, dict]) -> bool:
    lid = (data.get("result") or {}).get("licence")
    return is_licence_result(data) and lid in licences and licences[lid].get("electronic", True) is not False


@dataclass
class Figures:
    """Sums over a group of entries; ``visits_max`` is the visits target (最多跑一次: 1)."""

    visits_max: int = 1
    entries: int = 0
    materials: int = 0  # to bring
    listed: int = 0  # listed, shared or not
    shared: int = 0
    steps: int = 0
    legal_days: float = 0.0
    legal_entries: int = 0  # entries that state a legal time limit
    promised_days: float = 0.0
    visits: int = 0
    over_visits: int = 0  # entries that need more visits than the target allows
    full_online: int = 0
    licence_results: int = 0
    e_licence_results: int = 0

    def add(self, facts: EntryFacts, licences: dict[str, dict], count_legal: bool = True) -> None:
        """Add one entry; ``count_legal`` false leaves its legal time limit out
        (a comparison counts only entries that state one in both revisions)."""
        d = facts.data
        listed = [m for m in d.get("materials") or [] if isinstance(m, dict)]
        visits = d.get("visits") if isinstance(d.get("visits"), int) else 0
        legal, promised = working_days(d.get("legal_time_limit")), working_days(d.get("promised_time_limit"))
        self.entries += 1
        self.listed += len(listed)
        self.materials += materials_to_bring(d)
        self.shared += sum(1 for m in listed if m.get("shared"))
        self.steps += len(d.get("steps") or [])
        if legal is not None and count_legal:
            self.legal_days += legal
            self.legal_entries += 1
        self.promised_days += promised or 0.0
        self.visits += visits
        self.over_visits += visits > self.visits_max
        self.full_online += (d.get("online") or {}).get("level") == "Ⅳ"
        self.licence_results += is_licence_result(d)
        self.e_licence_results += is_e_licence_result(d, licences)

    def per_entry(self, name: str) -> float | None:
        return getattr(self, name) / self.entries if self.entries else None

    def as_dict(self) -> dict:
        return {f.name: round(getattr(self, f.name), 2) for f in fields(self) if f.name != "visits_max"}


def reduction(before: float, after: float) -> float | None:
    """Share removed: 1 − after / before (None when there was nothing to reduce)."""
    return 1 - after / before if before else None


def total(state: State, keys=None, visits_max: int = 1, legal_keys=None) -> Figures:
    """Figures over the state's entries (only ``keys``, when given; legal time
    limits only of ``legal_keys``, when given)."""
    out = Figures(visits_max)
    for key, facts in state.entries.items():
        if keys is None or key in keys:
            out.add(facts, state.licences, legal_keys is None or key in legal_keys)
    return out


def legal_in_both(baseline: State, current: State, keys) -> set:
    """The ``keys`` whose entry states a legal time limit in both states: a limit
    written down only later is no change of the law."""
    def stated(state: State, key) -> bool:
        return working_days(state.entries[key].data.get("legal_time_limit")) is not None
    return {k for k in keys if stated(baseline, k) and stated(current, k)}

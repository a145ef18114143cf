"""The e-licence directory (电子证照目录库) as the public sees it: for each
licence type, who issues it, which items produce it and which items accept
it as a material; and how far results are electronic (coverage)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..site.model import Item, SiteData

ACTIVE = ("在用", "暂停")


@dataclass
class LicenceUse:
    id: str
    data: dict
    produced_by: list[str] = field(default_factory=list)  # item codes whose result is this licence
    accepted_by: list[str] = field(default_factory=list)  # item codes that ask for it as a material
    shared_in: int = 0  # entries that obtain it by data sharing instead of asking for it
    asked_in: int = 0  # entries that list it as a material

    @property
    def name(self) -> str:
        return self.data.get("name", self.id)

    @property
    def electronic(self) -> bool:
        return self.data.get("electronic", True) is not False


@dataclass(frozen=True)
class Coverage:
    """Share of items (and entries) whose result is a licence that is an electronic licence."""

    items_with_licence_result: int
    items_with_e_licence: int
    entries_with_licence_result: int
    entries_with_e_licence: int

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def item_share(self) -> float | None:
        return self.share(self.items_with_e_licence, self.items_with_licence_result)

    @property
    def entry_share(self) -> float | None:
        return self.share(self.entries_with_e_licence, self.entries_with_licence_result)


def material_licences(site: SiteData) -> dict[str, str]:
    """Library material id → the licence it corresponds to."""
    return {mid: m["licence"] for mid, m in site.materials.items() if m.get("licence") in site.licences}


def directory(site: SiteData) -> dict[str, LicenceUse]:
    uses = {lid: LicenceUse(lid, data) for lid, data in sorted(site.licences.items())}
    by_material = material_licences(site)
    for item in site.items.values():
        for entry in item.entries:
            if entry.data.get("status") not in (None, *ACTIVE):
                continue
            produced = entry.data.get("result", {}).get("licence")
            if produced in uses and item.code not in uses[produced].produced_by:
                uses[produced].produced_by.append(item.code)
            for m in entry.data.get("materials", []):
                lid = by_material.get(m.get("ref", ""))
                if lid is None:
                    continue
                use = uses[lid]
                use.asked_in += not m.get("shared")
                use.shared_in += bool(m.get("shared"))
                if item.code not in use.accepted_by:
                    use.accepted_by.append(item.code)
    for use in uses.values():
        use.produced_by.sort()
        use.accepted_by.sort()
    return uses


def is_e_licence_result(site: SiteData, data: dict) -> bool:
    lid = data.get("result", {}).get("licence")
    return lid in site.licences and site.licences[lid].get("electronic", True) is not False


def coverage(site: SiteData) -> Coverage:
    items_result = items_e = entries_result = entries_e = 0
    for item in site.items.values():
        licensed = [e for e in item.entries if e.data.get("result", {}).get("type") == "证照"]
        if not licensed:
            continue
        electronic = [e for e in licensed if is_e_licence_result(site, e.data)]
        items_result += 1
        items_e += len(electronic) == len(licensed)
        entries_result += len(licensed)
        entries_e += len(electronic)
    return Coverage(items_result, items_e, entries_result, entries_e)


def items_without_e_licence(site: SiteData) -> list[Item]:
    """Items whose result is a licence but (in some entry) not an electronic one."""
    out = []
    for item in site.items.values():
        licensed = [e for e in item.entries if e.data.get("result", {}).get("type") == "证照"]
        if any(not is_e_licence_result(site, e.data) for e in licensed):
            out.append(item)
    return out

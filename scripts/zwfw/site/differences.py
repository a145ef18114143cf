"""差异: where regions depart from an item's shared standard (能同尽同).

Per item (a small page next to its guides), per region, and a province
overview: which regions ask for more materials, promise longer, want more
visits or charge a fee where the others do not. Citizens see what to expect;
the 政务服务管理办公室 sees where the list is not yet 能同尽同.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from . import html as h
from . import standalone
from .model import SiteData
from .pages import Page, differences_item_page, differences_region_page, guide_page, href, item_page, region_link
from .sameness import Deviation, Sameness

INDEX = "differences/index.md"


@dataclass
class Tally:
    """Deviations gathered item by item while the pages are written (small: one
    row per deviating entry); kept between builds so that a partial build
    reuses what unchanged items contributed."""

    rows: dict[str, list[tuple[str, str, list[Deviation]]]] = field(default_factory=dict)  # item → (region, guide, deviations)
    regions_of: dict[str, int] = field(default_factory=dict)  # item → implementing agencies

    def add(self, same: Sameness) -> None:
        code = same.item.code
        self.regions_of[code] = len(same.entries)
        self.rows[code] = [(e.region, guide_page(same, e), same.of(e)) for e in same.deviating]

    def drop(self, code: str) -> None:
        self.rows.pop(code, None)
        self.regions_of.pop(code, None)

    @property
    def by_region(self) -> dict[str, list[tuple[str, str, list[Deviation]]]]:
        out: dict[str, list] = defaultdict(list)
        for code, rows in self.rows.items():
            for region, guide, found in rows:
                out[region].append((code, guide, found))
        return out

    @property
    def by_item(self) -> Counter:
        return Counter({code: len(rows) for code, rows in self.rows.items() if rows})

    @property
    def more_by_item(self) -> Counter:
        return Counter({code: sum(any(d.more for d in f) for _, _, f in rows) for code, rows in self.rows.items() if rows})

    def to_json(self) -> dict:
        return {"regions_of": self.regions_of,
                "rows": {c: [[r, g, [[d.field, d.label, d.text, d.more] for d in f]] for r, g, f in rows] for c, rows in self.rows.items()}}

    @classmethod
    def from_json(cls, doc: dict) -> Tally:
        rows = {c: [(r, g, [Deviation(*d) for d in f]) for r, g, f in v] for c, v in doc.get("rows", {}).items()}
        return cls(rows, dict(doc.get("regions_of", {})))


def _list(found: list[Deviation]) -> str:
    return "".join(h.tag("div", h.tag("strong", h.text(d.label)) + "：" + h.text(d.text),
                         class_="zwfw-deviation" + (" zwfw-more" if d.more else "")) for d in found)


def item_page_html(site: SiteData, same: Sameness, frame: standalone.Frame) -> tuple[str, str]:
    """The item's 差异 page: each region that departs from the standard, and how."""
    path = differences_item_page(same.item.code)
    rows = [[h.link(href(path, guide_page(same, e)), h.text(site.region_label(e.region))), h.text(site.departments[e.department].name),
             _list(same.of(e))] for e in same.deviating]
    n, m = len(same.entries), len(rows)
    title = f"{same.item.name} 各地差异"
    summary = h.tag("p", h.text(f"{n} 个实施机关中，{m} 个在个别要素上与各地统一要求不同；其余 {n - m} 个相同。"
                                "标为“多”的差异意味着申请人要多交材料、多等时间、多跑次数或多付费用。"))
    table = h.table(["地区（办事指南）", "实施机关", "与统一要求的差异"], rows, class_="zwfw-regions") if rows else h.tag("p", "各地办事要求一致。")
    body = h.tag("h1", h.text(title)) + summary + table
    return path, standalone.document(frame, path, title, [(item_page(same.item.code), same.item.name)], body)


def region_pages(site: SiteData, tally: Tally) -> list[Page]:
    by_region = tally.by_region
    return [region_page(site, by_region.get(code, []), code) for code in site.regions]


def region_page(site: SiteData, found_here: list, code: str) -> Page:
    here = differences_region_page(code)
    rows = [[h.link(href(here, item_page(item)), h.text(site.items[item].name)), h.link(href(here, guide), "办事指南"), _list(found)]
            for item, guide, found in sorted(found_here, key=lambda r: (r[0], r[1]))]
    name = site.region_label(code)
    intro = h.tag("p", h.text(f"{name}实施的事项中，有 {len(rows)} 项在个别要素上与全省各地的统一要求不同。") + region_link(site, here, code))
    body = intro + (h.table(["事项", "本地办事指南", "与统一要求的差异"], rows, class_="zwfw-regions") if rows else h.tag("p", "没有差异。"))
    return Page(here, f"{site.regions[code].name}：与全省统一要求的差异", body)


def index_page(site: SiteData, tally: Tally) -> Page:
    here = INDEX
    intro = h.tag("p", "能同尽同：同一事项在各地的申请材料、办理时限、到现场次数、收费等应当一致。下表列出与多数地区不同的地区和事项；"
                  "“多要求”指多交材料、更长时限、多跑次数或多收费。")
    by_region, by_item, more = tally.by_region, tally.by_item, tally.more_by_item
    regions = sorted(by_region, key=lambda c: (-len(by_region[c]), c))
    region_rows = [[h.link(href(here, differences_region_page(c)), h.text(site.region_label(c))), h.text(len(by_region[c])),
                    h.text(sum(any(d.more for d in f) for _, _, f in by_region[c]))] for c in regions]
    items = sorted(by_item, key=lambda c: (-more[c], -by_item[c], c))[:500]
    item_rows = [[h.link(href(here, differences_item_page(c)), h.text(site.items[c].name)), h.text(tally.regions_of[c]),
                  h.text(by_item[c]), h.text(more[c])] for c in items]
    parts = [intro, h.tag("h2", "按地区"),
             h.table(["地区", "有差异的事项", "其中多要求"], region_rows, class_="zwfw-list") if region_rows else h.tag("p", "各地一致。"),
             h.tag("h2", "按事项（差异最多的前 500 项）"),
             h.table(["事项", "实施地区", "有差异的地区", "其中多要求"], item_rows, class_="zwfw-list") if item_rows else h.tag("p", "各地一致。")]
    return Page(here, "各地差异", "\n".join(parts))

"""Directory lists: the province's general directory, each region's list,
each department, and the facets (type, audience, topic)."""

from __future__ import annotations

from collections import defaultdict

from .. import codes
from . import html as h
from .model import SiteData
from .pages import Page, department_link, department_page, items_table, region_link, region_page

PERSON = {"自然人"}


def _audience_groups(item) -> list[str]:
    """个人 / 法人和其他组织, from the item's and its entries' 服务对象."""
    audiences = set(item.data.get("audience", [])) | {a for e in item.entries for a in e.data.get("audience", [])}
    return sorted({"个人" if a in PERSON else "法人和其他组织" for a in audiences})


def catalog_index(site: SiteData) -> Page:
    """省级通用目录: every item defined by the province, grouped by type."""
    here = "catalog/index.md"
    parts = [h.tag("p", "省级定义的事项，省、市、县三级名称、类型、依据、编码一致（三级四同）。点击事项名称查看办事指南。")]
    by_type = defaultdict(list)
    for code, item in site.items.items():
        if site.regions[item.region].level == "province":
            by_type[item.type].append(code)
    for item_type in codes.IN_SCOPE_TYPES:
        if by_type[item_type]:
            parts.append(h.tag("h2", h.text(f"{item_type}（{len(by_type[item_type])} 项）")) + items_table(site, here, by_type[item_type]))
    return Page(here, "省级通用目录", "\n".join(parts))


def regions_index(site: SiteData) -> Page:
    here = "regions/index.md"

    def tree(code: str) -> str:
        r = site.regions[code]
        count = len(site.entries_by_region.get(code, []))
        kids = "".join(tree(c) for c in sorted(r.children))
        label = region_link(site, here, code) + h.text(f"（{count} 项实施清单）")
        return h.tag("li", label + (h.tag("ul", kids) if kids else ""))

    roots = [c for c, r in site.regions.items() if r.parent not in site.regions]
    return Page(here, "按地区", h.tag("ul", "".join(tree(c) for c in roots), class_="zwfw-tree"))


def region(site: SiteData, code: str) -> Page:
    """A region's list: what can be done here, by department; for a city, its own items too."""
    here = region_page(code)
    r = site.regions[code]
    entries = site.entries_by_region.get(code, [])
    own = [c for c, item in site.items.items() if item.region == code and r.level != "province"]
    parts = [h.tag("p", h.text(f"{r.name}（区划代码 {code}）的各实施机关办理的事项共 {len(entries)} 项。"))]
    if r.children:
        parts.append(h.tag("p", "下辖：" + "、".join(region_link(site, here, c) for c in sorted(r.children))))
    if own:
        parts.append(h.tag("h2", h.text(f"本市地区性事项（{len(own)} 项）")) + items_table(site, here, own))
    if r.level == "city" and r.children:
        whole = sorted({e.item for c in _subtree(site, code) for e in site.entries_by_region.get(c, [])})
        parts.append(h.tag("h2", h.text(f"全市目录（市本级和所辖县（市、区）实施的事项，{len(whole)} 项）")) + items_table(site, here, whole, compact=True))
    by_dept = defaultdict(list)
    for e in entries:
        by_dept[e.department].append(e.item)
    for dept_id in sorted(by_dept):
        parts.append(h.tag("h2", h.text("本级实施：") + department_link(site, here, dept_id)) + items_table(site, here, sorted(by_dept[dept_id]), compact=True))
    return Page(here, r.name, "\n".join(parts))


def _subtree(site: SiteData, code: str) -> list[str]:
    out = [code]
    for child in site.regions[code].children:
        out.extend(_subtree(site, child))
    return out


def departments_index(site: SiteData) -> Page:
    here = "departments/index.md"
    rows = []
    for dept_id, d in site.departments.items():
        owned = len(site.items_by_department.get(dept_id, []))
        implemented = len(site.entries_by_department.get(dept_id, []))
        rows.append([department_link(site, here, dept_id), region_link(site, here, d.region), h.text(owned), h.text(implemented)])
    return Page(here, "按部门", h.table(["部门", "所属地区", "主管事项", "实施事项"], rows, class_="zwfw-list"))


def department(site: SiteData, dept_id: str) -> Page:
    here = department_page(dept_id)
    d = site.departments[dept_id]
    owned = [i.code for i in site.items_by_department.get(dept_id, [])]
    implemented = sorted(e.item for e in site.entries_by_department.get(dept_id, []))
    facts = [("所属地区", region_link(site, here, d.region)), ("统一社会信用代码", h.text(d.data.get("credit_code"))),
             ("办公地址", h.text(d.data.get("address"))), ("办公电话", h.text(d.data.get("phone")))]
    parts = [h.tag("dl", "".join(h.tag("dt", h.text(k)) + h.tag("dd", v) for k, v in facts if v), class_="zwfw-facts")]
    if owned:
        parts.append(h.tag("h2", h.text(f"主管的目录清单事项（{len(owned)} 项）")) + items_table(site, here, owned))
    if implemented:
        parts.append(h.tag("h2", h.text(f"实施的事项（{len(implemented)} 项）")) + items_table(site, here, implemented, compact=True))
    return Page(here, d.name, "\n".join(parts))


def facets(site: SiteData) -> list[Page]:
    """按类型, 按对象, 按主题: one page each, items grouped by the facet's values."""
    groups = {
        ("types/index.md", "按事项类型"): lambda i: [i.type],
        ("audiences/index.md", "按服务对象"): _audience_groups,
        ("topics/index.md", "按服务主题"): lambda i: [i.data["topic"]] if i.data.get("topic") else [],
    }
    pages = []
    for (path, title), key in groups.items():
        buckets = defaultdict(list)
        for code, item in site.items.items():
            for value in key(item):
                buckets[value].append(code)
        body = "\n".join(h.tag("h2", h.text(f"{v}（{len(cs)} 项）"), id=f"g-{n}") + items_table(site, path, cs)
                         for n, (v, cs) in enumerate(sorted(buckets.items())))
        pages.append(Page(path, title, body or h.tag("p", "暂无。")))
    return pages

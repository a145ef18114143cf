"""One page per directory item (办事指南): what it is, its legal basis, the
requirements every implementing region shares (shown once: 能同尽同), then a
compact table of the regions with their office, hours, phone and only what
differs from the shared standard. Each region's complete guide is its own
small page (``guide_page``)."""

from __future__ import annotations

from . import entry_view as ev
from . import fields
from . import html as h
from . import national
from . import search_index
from .history import SCOPE_ITEM, Change
from .model import Item, SiteData
from .pages import Page, department_link, differences_item_page, guide_page, href, item_page
from .sameness import Sameness, compare

I = fields.item


def render(site: SiteData, item: Item, history: dict[str, list[Change]], same: Sameness | None = None) -> Page:
    here = item_page(item.code)
    same = same or compare(site, item)
    parts = [
        _facts(site, item, here),
        _basis(item),
        _standard(site, same) if same.entries else h.tag("p", "本事项暂无实施清单。"),
        _regions(site, same, here) if same.entries else "",
        _history(site, item, history),
        search_index.index_parts(site, item, same.entries),
    ]
    return Page(here, item.name, "\n".join(parts), indexed=True)


def _facts(site: SiteData, item: Item, here: str) -> str:
    d = item.data
    pairs = [
        (I("aliases"), search_index.aliases_html(item)),
        (I("code"), h.text(item.code)),
        (I("type"), h.text(item.type)),
        (I("hierarchy"), h.text(d.get("hierarchy"))),
        (I("levels"), h.text("、".join(d.get("levels", [])))),
        ("主管部门", department_link(site, here, item.department)),
        (I("source"), h.text(d.get("source"))),
        (I("implementation_mode"), h.text(d.get("implementation_mode"))),
        (I("audience"), h.text("、".join(d.get("audience", [])))),
        (I("topic"), h.text(d.get("topic"))),
        (I("main_item"), _main_item(site, d.get("main_item"), here)),
        (I("status"), h.text(d.get("status", "在用"))),
        *national.item_facts(d),
    ]
    desc = h.tag("p", h.text(d["description"]), class_="zwfw-desc") if d.get("description") else ""
    return desc + ev.dl(pairs)


def _main_item(site: SiteData, code: str | None, here: str) -> str:
    if not code or code not in site.items:
        return ""
    return h.link(href(here, item_page(code)), h.text(site.items[code].name))


def _basis(item: Item) -> str:
    B = lambda key: I("legal_basis", 0, key)  # noqa: E731
    rows = []
    for b in item.data.get("legal_basis", []):
        text = h.tag("details", h.tag("summary", h.text(B("text"))) + h.tag("p", h.text(b["text"]))) if b.get("text") else ""
        rows.append([h.text(b.get("law")), h.text(b.get("doc_no", "")), h.text(b.get("article")), text])
    if not rows:
        return h.tag("h2", h.text(I("legal_basis"))) + h.tag("p", "—")
    return h.tag("h2", h.text(I("legal_basis"))) + h.table([B("law"), B("doc_no"), B("article"), B("text")], rows)


def _standard(site: SiteData, same: Sameness) -> str:
    """The requirements most regions share, shown once."""
    n = len(same.entries)
    if n == 1:
        note = "本事项目前只有一个实施机关，以下是它的办事要求。"
    else:
        note = (f"本事项由 {n} 个地区的实施机关办理。以下是各地统一的办事要求（{len(same.deviating)} 个地区在个别要素上与此不同，"
                "见下方“各地办理”表中标出的差异和各地的办事指南）。")
    body = "".join([ev.basics(same.standard), ev.materials(site, same.standard), ev.steps(same.standard),
                    ev.how(same.standard), ev.result(site, same.standard)])
    return h.tag("h2", "办事要求（各地统一）", id="standard") + h.tag("p", h.text(note), class_="zwfw-note") + h.tag("section", body, class_="zwfw-standard")


def _regions(site: SiteData, same: Sameness, here: str) -> str:
    """Where to go: one row per implementing agency, with its own office, hours
    and phone and only the fields in which it differs from the standard."""
    rows = []
    for e in same.entries:
        dept = site.departments[e.department]
        guide = h.link(href(here, guide_page(same, e)), h.text(site.region_label(e.region)))
        diffs = same.of(e)
        cell = "".join(h.tag("div", h.tag("strong", h.text(d.label)) + "：" + h.text(d.text),
                             class_="zwfw-deviation" + (" zwfw-more" if d.more else "")) for d in diffs)
        rows.append([guide, department_link(site, here, e.department) if dept else "", h.text(e.data.get("location")),
                     h.text(e.data.get("hours")), ev.contact(e.data.get("consultation")), cell or h.text("与统一要求相同")])
    head = ["地区（办事指南）", "实施机关", fields.entry("location"), fields.entry("hours"), fields.entry("consultation"), "与统一要求的差异"]
    link = h.link(href(here, differences_item_page(same.item.code)), "查看本事项各地差异")
    return (h.tag("h2", "各地办理", id="regions") + h.tag("p", "点击地区名称打开该地区完整的办事指南（可打印）。" + link, class_="zwfw-note")
            + h.table(head, rows, class_="zwfw-regions", data_pagefind_ignore=True))  # where to go: filters find it, the index need not


def _history(site: SiteData, item: Item, history: dict[str, list[Change]]) -> str:
    """What changed in this item and where, newest first (written from the data)."""
    where = {item.file: SCOPE_ITEM}
    where.update((e.file, f"{site.region_label(e.region)} · {site.departments[e.department].name}") for e in item.entries)
    changes = sorted((c for f in where for c in history.get(f, [])), key=lambda c: c.seq)
    if not changes:
        return ""
    rows = [[h.text(c.date), h.text(where[c.file]), h.text(c.what)] for c in changes[:50]]
    return h.tag("h2", "变更记录") + h.tag("div", h.table(["日期", "范围", "变更内容"], rows), data_pagefind_ignore=True)

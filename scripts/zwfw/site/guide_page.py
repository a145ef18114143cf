"""A region's complete guide (办事指南) for one item: everything an applicant
needs from that agency, on one small printable page that works without
JavaScript, with what differs from the shared standard stated first."""

from __future__ import annotations

from . import entry_view as ev
from . import html as h
from . import standalone
from .model import Entry, SiteData
from .pages import department_page, differences_item_page, guide_page, item_page
from .sameness import Sameness


def render(site: SiteData, same: Sameness, e: Entry, frame: standalone.Frame, reuse: dict | None = None) -> tuple[str, str]:
    """(site path, HTML) of the entry's guide page; ``reuse`` (one dict per item)
    keeps the sections its regions share, rendered once."""
    path = guide_page(same, e)
    item = same.item
    dept = site.departments[e.department]
    place = site.region_label(e.region)
    title = f"{item.name}（{place}）"
    facts = ev.dl([
        ("实施机关", h.link(standalone.href(path, department_page(e.department)), h.text(dept.name))),
        ("实施编码", h.text(e.implementation_code)),
        ("基本编码", h.text(item.code)),
        ("事项类型", h.text(item.type)),
    ])
    body = [h.tag("h1", h.text(title)), facts, _deviations(same, e, path), ev.guide(site, e.data, {d.field for d in same.of(e)}, reuse)]
    crumbs = [(item_page(item.code), item.name)]
    return path, standalone.document(frame, path, title + " 办事指南", crumbs, "".join(body))


def _deviations(same: Sameness, e: Entry, path: str) -> str:
    found = same.of(e)
    if len(same.entries) < 2:
        return ""
    if not found:
        return h.tag("p", "本地办事要求与全省各地统一要求相同。", class_="zwfw-lean-same")
    items = "".join(h.tag("li", h.tag("strong", h.text(d.label)) + "：" + h.text(d.text), class_="zwfw-more" if d.more else None)
                    for d in found)
    more = h.link(standalone.href(path, differences_item_page(same.item.code)), "各地差异")
    return h.tag("div", h.tag("h2", "本地与统一要求不同之处") + h.tag("ul", items) + h.tag("p", "对照：" + more),
                 class_="zwfw-lean-deviations")

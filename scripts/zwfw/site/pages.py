"""Pages as the renderer produces them, and links between them."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass

from ..model import limit_text
from . import html as h
from .model import SiteData


#: Where the page body goes into the built HTML (see :meth:`Page.markdown`).
PLACEHOLDER = "<!-- zwfw-body -->"
#: Where it ends, once spliced in (a partial build replaces what lies between).
BODY_END = "<!-- /zwfw-body -->"


@dataclass
class Page:
    """A generated page. The builder gets a small Markdown frame (front matter,
    the title, a placeholder); the body, which is HTML with every data value
    escaped, is spliced into the built page afterwards. Markdown never sees the
    data, and the builder's HTML-block parsing (which dominated build time at
    scale) never sees the large bodies."""

    path: str  # Markdown path inside the docs folder, e.g. items/000131001000.md
    title: str
    body: str  # HTML, data escaped
    indexed: bool = False  # searchable (Pagefind indexes only pages marked as body)

    def markdown(self) -> str:
        # The theme puts the title into <title>, the header and the nav without
        # escaping it, so it is escaped here, then quoted as a JSON string (valid YAML).
        title = json.dumps(h.attr(self.title), ensure_ascii=False)
        h1 = h.tag("h1", h.text(self.title), data_pagefind_meta="title" if self.indexed else None)
        frame = h.tag("div", f"\n{h1}\n{PLACEHOLDER}\n", class_="zwfw-page", data_pagefind_body=self.indexed)
        return f"---\ntitle: {title}\n---\n\n{frame}\n"

    def preview(self) -> str:
        """The page's own part of the built HTML: frame with the body spliced in."""
        return self.markdown().replace(PLACEHOLDER, self.body)


def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative link from one generated page to another (``.md`` → ``.html``).
    Both are paths inside the site, so the link climbs out of ``from_page``'s
    folders and goes down to ``to_page`` (no file system involved)."""
    target = to_page[:-3] + ".html" if to_page.endswith(".md") else to_page
    folder = posixpath.dirname(from_page)
    if folder and target.startswith(folder + "/"):
        rel = target[len(folder) + 1:]
    else:
        rel = "../" * (folder.count("/") + 1 if folder else 0) + target
    return rel + (f"#{anchor}" if anchor else "")


def item_page(code: str) -> str:
    return f"items/{h.url_part(code)}.md"


def region_page(code: str) -> str:
    return f"regions/{h.url_part(code)}.md"


def department_page(dept_id: str) -> str:
    return f"departments/{h.url_part(dept_id)}.md"


def item_link(site: SiteData, here: str, code: str) -> str:
    return h.link(href(here, item_page(code)), h.text(site.items[code].name))


def department_link(site: SiteData, here: str, dept_id: str) -> str:
    dept = site.departments.get(dept_id)
    return h.link(href(here, department_page(dept_id)), h.text(dept.name if dept else dept_id))


def region_link(site: SiteData, here: str, code: str) -> str:
    return h.link(href(here, region_page(code)), h.text(site.regions[code].name))


def limit(value: dict | None) -> str:
    """承诺/法定时限 as text: 即办, 20 个工作日 …"""
    return limit_text(value)


def items_table(site: SiteData, here: str, codes: list[str], compact: bool = False) -> str:
    """The directory-list table: code, name, type, levels, competent department,
    legal basis. ``compact`` (lists of what a region or department implements,
    the long lists of a province's site): code, name and type only, the rest
    is on the item page."""
    rows = []
    for code in codes:
        item = site.items[code]
        row = [h.text(code), item_link(site, here, code), h.text(item.type)]
        if not compact:
            basis = "；".join(f"{b.get('law', '')}{b.get('article', '')}" for b in item.data.get("legal_basis", []))
            row += [h.text("、".join(item.data.get("levels", []))), department_link(site, here, item.department), h.text(basis or "—")]
        rows.append(row)
    head = ["基本编码", "事项名称", "事项类型"] + ([] if compact else ["行使层级", "主管部门", "设定依据"])
    return h.table(head, rows, class_="zwfw-list")


def guide_page(same, entry) -> str:
    """A region's complete guide for an item: ``guides/<item>/<region>.html``
    (``<region>-<department>`` where one region has two agencies for it)."""
    return f"guides/{h.url_part(same.item.code)}/{h.url_part(same.slug(entry))}.html"


def differences_item_page(code: str) -> str:
    return f"differences/items/{h.url_part(code)}.html"


def differences_region_page(code: str) -> str:
    return f"differences/regions/{h.url_part(code)}.md"

"""The search page: our own small UI on Pagefind's JS API (assets/zwfw.js).

Every value from the index is shown as text (``textContent``), never as HTML;
OR within one filter; regions in division-tree order; "nothing found" when no
result really matches; with exactly one region ticked, results open that
region's guide page; a labelled search box that works as a plain form
without JavaScript (on the home page and in the header too). What the index
holds is :mod:`search_index`.
"""

from __future__ import annotations

import json

from . import html as h
from . import search_index
from .model import SiteData
from .pages import Page


def _json_for_script(value) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def form(field_id: str, *, autofocus: bool = False, action: str = "search.html") -> str:
    """A labelled search box that submits ``?q=`` to the search page (works without JavaScript)."""
    box = (h.tag("label", "搜索事项", for_=field_id, class_="zwfw-search-label")
           + f'<input id="{field_id}" name="q" type="search" autocomplete="off" enterkeyhint="search" '
             f'placeholder="事项名称或俗称，例如 开饭店、驾照、食品经营"{" autofocus" if autofocus else ""}>'
           + h.tag("button", "搜索", type="submit", class_="md-button md-button--primary"))
    return h.tag("form", box, action=action, role="search", class_="zwfw-search-form")


def page(site: SiteData) -> Page:
    order = {"地区": search_index.tree_order(site), "filters": list(search_index.FILTERS),
             "regions": search_index.region_codes(site)}
    body = "".join([
        h.tag("p", "输入事项名称或俗称（例如 食品经营、开饭店、驾照），再按地区、部门、事项类型等筛选；同一类中勾选多项表示“或”。"
              "只勾选一个地区时，搜索结果直接打开该地区的办事指南。", class_="zwfw-note"),
        form("zwfw-q", autofocus=True),
        h.tag("details", h.tag("summary", "筛选：地区、部门、事项类型 …", class_="zwfw-filter-summary")
              + h.tag("div", "", id="zwfw-filters", class_="zwfw-filter-groups"),
              id="zwfw-filter-panel", class_="zwfw-filter-panel", hidden=True),
        h.tag("p", "", id="zwfw-status", role="status", aria_live="polite", class_="zwfw-status"),
        h.tag("ol", "", id="zwfw-results", class_="zwfw-results"),
        h.tag("button", "显示更多结果", type="button", id="zwfw-more", class_="md-button", hidden=True),
        h.tag("noscript", h.tag("p", "搜索需要启用 JavaScript；也可以从“省级通用目录”“按地区”等目录页查找事项。")),
        f'<script type="application/json" id="zwfw-search-order">{_json_for_script(order)}</script>',
    ])
    return Page("search.md", "搜索", h.tag("div", body, id="zwfw-search", data_pagefind_ignore=True))

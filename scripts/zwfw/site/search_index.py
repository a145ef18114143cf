"""Everything the search index sees, in one place: which pages Pagefind
indexes, the ``data-pagefind-*`` attributes pages carry (filters, metadata,
weights) and the indexing step itself.

Citizens search for items: only the item pages are indexed (name,
description, the shared requirements, the regions), with filters by region,
department, type, audience, level, online depth and topic, so the index grows
with the number of items, not with the number of entries. With one region
ticked in the 地区 filter, the search page links each result straight to that
region's guide page (``guides/<item>/<region code>.html``) where it exists
(``assets/zwfw-guides.js``, using the region names and codes that
:func:`region_codes` puts on the search page).
"""

from __future__ import annotations

import json
from collections import defaultdict

from . import entry_view as ev
from . import html as h
from .model import Entry, Item, SiteData

#: The pages Pagefind reads (relative to the site root).
INDEXED_GLOB = "items/*.html"


def item_filters(site: SiteData, item: Item, entries: list[Entry]) -> str:
    """Hidden values for the search filters (Pagefind ``data-pagefind-filter``)."""
    values: dict[str, set[str]] = {"地区": set(), "部门": set(), "事项类型": {item.type}, "服务对象": set(item.data.get("audience", [])),
                                   "行使层级": set(item.data.get("levels", [])), "网办深度": set()}
    values["部门"].add(site.department_kind(item.department))
    for e in entries:
        values["地区"].update(region_filter_values(site, e))
        values["部门"].add(site.department_kind(e.department))
        values["服务对象"].update(e.data.get("audience", []))
        values["网办深度"].add(ev.online_level(e.data))
    if item.data.get("topic"):
        values["服务主题"] = {item.data["topic"]}
    spans = "".join(h.tag("span", h.text(v), data_pagefind_filter=k) for k, vs in sorted(values.items()) for v in sorted(vs))
    return h.tag("div", spans, class_="zwfw-filters", hidden=True)


def region_filter_values(site: SiteData, e: Entry) -> list[str]:
    """The 地区 filter values of an entry: its region and the regions above it (not the province)."""
    return [r.name for r in site.lineage(e.region) if r.level != "province" or r.code == e.region]


def region_codes(site: SiteData) -> str:
    """A hidden element on the search page: each 地区 filter value with its region codes (names repeat across cities)."""
    codes: dict[str, list[str]] = defaultdict(list)
    for code, region in site.regions.items():
        codes[region.name].append(code)
    return h.tag("div", "", id="zwfw-regions", hidden=True, data_regions=json.dumps(codes, ensure_ascii=False))

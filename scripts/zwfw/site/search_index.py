"""Everything the search index sees, in one place: which pages Pagefind
indexes and the ``data-pagefind-*`` parts item pages carry.

Citizens search for items: only the item pages are indexed (name, aliases,
description, the shared requirements, the regions), so the index grows with
the number of items, not with the number of entries. An item page carries,
besides its text:

- its name and aliases (俗称) at the highest weight, once more as unsegmented
  terms (Pagefind does not segment a chunk that starts with ``___``), so that
  the exact official name, any prefix of it and a colloquial alias all match
  whatever way the indexer and the browser cut the words (:func:`whole_terms`);
- hidden filter values (region, department kind, type, audience, level,
  online depth, topic). The search page shows them with ``textContent`` only
  (never as HTML), so a value can hold anything.
"""

from __future__ import annotations

from . import entry_view as ev
from . import html as h
from .model import Entry, Item, SiteData

#: The pages Pagefind reads (relative to the site root).
INDEXED_GLOB = "items/*.html"
#: Filters in the order the search page shows them.
FILTERS = ("地区", "部门", "事项类型", "服务对象", "行使层级", "网办深度", "服务主题")
#: Pagefind's marker for a chunk it indexes as one term (see module docstring).
_WHOLE = "___"


def aliases(item: Item) -> list[str]:
    return [a for a in item.data.get("aliases", []) if isinstance(a, str) and a.strip()]


def aliases_html(item: Item) -> str:
    """The item's 俗称 as shown on its page: weighted like its name, and kept as result metadata."""
    names = aliases(item)
    if not names:
        return ""
    return h.tag("span", h.text("、".join(names)), data_pagefind_weight="10", data_pagefind_meta="aliases")


def whole_terms(item: Item) -> str:
    """Every ending of the name and of each alias as a single term (``___`` + text),
    weighted highest; hidden from readers. Pagefind's browser side cuts a query
    into dictionary words (ICU) and finds pages holding a word that *starts*
    with each of them; the indexer cut the page with another dictionary
    (jieba). Any piece of a name starts one of its endings, so a name or alias,
    a prefix of it, and any way of cutting it all match."""
    terms: dict[str, None] = {}
    for name in (item.name, *aliases(item)):
        plain = "".join(ch for ch in name if ch.isalnum()).lower()
        terms.update((_WHOLE + plain[i:], None) for i in range(len(plain)))
    return h.tag("div", h.text(f" {' '.join(terms)} "), hidden=True, class_="zwfw-terms", data_pagefind_weight="10")


def region_value(site: SiteData, code: str) -> str:
    """The region filter's value: the full name below the province (石家庄市桥西区, not 桥西区:
    several cities have one), the province's own name for the province."""
    region = site.regions[code]
    return region.name if region.level == "province" else site.region_label(code)


def item_filters(site: SiteData, item: Item, entries: list[Entry]) -> str:
    """Hidden values for the search filters (Pagefind ``data-pagefind-filter``)."""
    values: dict[str, set[str]] = {name: set() for name in FILTERS}
    values["事项类型"].add(item.type)
    values["服务对象"].update(item.data.get("audience", []))
    values["行使层级"].update(item.data.get("levels", []))
    values["部门"].add(site.department_kind(item.department))
    for e in entries:
        values["地区"].update(region_value(site, r.code) for r in site.lineage(e.region)
                            if r.level != "province" or r.code == e.region)
        values["部门"].add(site.department_kind(e.department))
        values["服务对象"].update(e.data.get("audience", []))
        values["网办深度"].add(ev.online_level(e.data))
    if item.data.get("topic"):
        values["服务主题"].add(item.data["topic"])
    spans = "".join(h.tag("span", h.text(v), data_pagefind_filter=k) for k in FILTERS for v in sorted(values[k]))
    return h.tag("div", spans, class_="zwfw-filters", hidden=True)


def index_parts(site: SiteData, item: Item, entries: list[Entry]) -> str:
    """Everything an item page adds for the search index only."""
    return whole_terms(item) + item_filters(site, item, entries)


def tree_order(site: SiteData) -> list[str]:
    """Region filter values in division-tree order: the province, then each city followed by its counties."""
    out: list[str] = []

    def walk(code: str) -> None:
        out.append(region_value(site, code))
        for child in sorted(site.regions[code].children):
            walk(child)

    for code, region in site.regions.items():
        if region.parent not in site.regions:
            walk(code)
    return out


def region_codes(site: SiteData) -> dict[str, str]:
    """Each 地区 filter value → its region code (the search page links results to that region's guide)."""
    return {region_value(site, code): code for code in site.regions}

"""The item page model (能同尽同), each region's guide and the 差异 pages,
rendered without the builder: every schema field shown or hidden on purpose,
deviations found and listed, hostile text inert on the standalone pages."""

from __future__ import annotations

import re

import copy
import dataclasses

import pytest

from conftest import BASE
from zwfw import layout, schemas
from zwfw.catalog import load
from zwfw.site import build as site_build
from zwfw.site import differences, fields, guide_page, item_page, model, sameness, standalone

FRAME = standalone.Frame("河北省政务服务事项目录", True)
CODE = "000131001000"


@pytest.fixture
def site() -> model.SiteData:
    catalog, problems = load(BASE)
    assert not problems
    return model.build(catalog)


def _fill(kind: str, path: tuple = ()):
    """A value for every property the schema allows (types only: pages render, they do not validate)."""
    node = schemas.node_at(kind, path)
    if "enum" in node:
        return node["enum"][0]
    for key in ("oneOf", "anyOf"):
        if key in node:
            return _first(node[key])
    kind_of = node.get("type")
    if kind_of == "object" or "properties" in node:
        return {k: _fill(kind, path + (k,)) for k in node.get("properties", {})}
    if kind_of == "array":
        return [_fill(kind, path + (0,))]
    if kind_of == "integer" or kind_of == "number":
        return 3
    if kind_of == "boolean":
        return True
    return f"值{len(path)}"


def _first(options: list):
    option = options[0]
    return option.get("const", option.get("enum", ["值"])[0] if "enum" in option else "值")


def _full(site: model.SiteData) -> tuple[model.SiteData, model.Item]:
    site = copy.deepcopy(site)
    item = site.items[CODE]
    item.data = {**_fill(layout.ITEM), "code": CODE, "name": item.name, "main_item": "000131002000"}
    entry = item.entries[0]
    entry.data = {**_fill(layout.ENTRY), "item": CODE}
    entry.data["online"]["url"] = "https://example.org/"
    return site, item


def _shown_or_hidden(kind: str, html: str, hidden: dict) -> list[str]:
    """Schema properties (and those one level down) whose title is not on the page and not hidden with a reason."""
    title = fields.entry if kind == layout.ENTRY else fields.item
    missing = []
    for name in fields.properties(kind):
        if name in hidden:
            assert hidden[name].strip(), f"{name}: hidden without a reason"
            continue
        if title(name) not in html:
            missing.append(name)
        node = schemas.node_at(kind, (name,))
        sub = (name, 0) if node.get("type") == "array" else (name,)
        for child in fields.properties(kind, sub):
            key = f"{name}.{child}"
            if key in hidden:
                assert hidden[key].strip(), f"{key}: hidden without a reason"
            elif title(*sub, child) not in html:
                missing.append(key)
    return missing


def test_every_entry_and_item_field_is_shown_or_hidden_with_a_reason(site) -> None:
    site, item = _full(site)
    same = sameness.compare(site, item)
    guide = guide_page.render(site, same, item.entries[0], FRAME)[1]
    page = item_page.render(site, item, {}, same).body
    assert _shown_or_hidden(layout.ENTRY, guide, {**fields.HIDDEN_ENTRY, **fields.UNLABELLED_ENTRY}) == []
    assert _shown_or_hidden(layout.ITEM, page, {**fields.HIDDEN_ITEM, **fields.UNLABELLED_ITEM}) == []


def test_a_new_schema_field_fails_until_shown_or_hidden(site) -> None:
    site, item = _full(site)
    same = sameness.compare(site, item)
    guide = guide_page.render(site, same, item.entries[0], FRAME)[1]
    hidden = {**fields.HIDDEN_ENTRY, **fields.UNLABELLED_ENTRY}
    del hidden["version"]  # as if the field were new: neither shown nor hidden with a reason
    assert _shown_or_hidden(layout.ENTRY, guide, hidden) == ["version"]


def _three(site: model.SiteData) -> model.Item:
    """The item in three regions: two alike, one asking for a material more and promising longer."""
    item = site.items[CODE]
    a, b = item.entries
    c = copy.deepcopy(b)
    c.core = dataclasses.replace(c.core, region="130000", file="items/130000-hebei/x/entries/000131001000.yaml")
    a.data = copy.deepcopy(b.data)
    a.data["location"] = "另一个窗口"
    c.data["materials"] = c.data["materials"] + [{"name": "<b>额外</b>证明", "necessity": "必要"}]
    c.data["promised_time_limit"] = {"value": 99, "unit": "工作日"}
    item.entries.append(c)
    return item


def test_deviations_against_the_shared_standard(site) -> None:
    item = _three(site)
    same = sameness.compare(site, item)
    assert [e.region for e in same.deviating] == ["130000"]
    found = {d.field: d for d in same.of(same.deviating[0])}
    assert set(found) == {"materials", "promised_time_limit"}
    assert found["materials"].more and found["materials"].text == "多 1 项：<b>额外</b>证明"
    assert found["promised_time_limit"].more and "99 个工作日" in found["promised_time_limit"].text
    assert "location" not in same.standard  # each region's own office is not compared


def test_item_page_shows_the_standard_once_and_only_differences(site) -> None:
    item = _three(site)
    same = sameness.compare(site, item)
    body = item_page.render(site, item, {}, same).body
    assert body.count("食品安全管理制度文本") == 1  # the shared material, once
    assert body.count("zwfw-deviation zwfw-more") == 2 and "&lt;b&gt;额外&lt;/b&gt;证明" in body and "<b>" not in body
    assert body.count("与统一要求相同") == 2


def test_difference_pages_list_the_region_that_asks_more(site) -> None:
    item = _three(site)
    same = sameness.compare(site, item)
    tally = differences.Tally()
    tally.add(same)
    index = differences.index_page(site, tally).body
    region = next(p for p in differences.region_pages(site, tally) if p.path == "differences/regions/130000.md").body
    assert differences.Tally.from_json(tally.to_json()) == tally
    path, html = differences.item_page_html(site, same, FRAME)
    assert path == "differences/items/000131001000.html"
    for text in (region, html):
        assert "&lt;b&gt;额外&lt;/b&gt;证明" in text and "99 个工作日" in text and "<b>额外" not in text
    assert "食品经营许可" in index and re.search(r">1</td><td[^>]*>1</td>", index)


def test_guide_page_is_standalone_and_escaped(site) -> None:
    site, item = _full(site)
    entry = item.entries[0]
    entry.data["hours"] = '<script>alert(1)</script>'
    entry.data["consultation"] = {"phone": '"><img src=x onerror=alert(1)>'}
    same = sameness.compare(site, item)
    path, html = guide_page.render(site, same, entry, FRAME)
    assert path.startswith("guides/000131001000/") and html.startswith("<!doctype html>")
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert '<link rel="stylesheet" href="../../assets/zwfw-guide.css">' in html


def test_render_streams_pages(site) -> None:
    pages = site_build.render(site, [], sink=lambda path, text: None)
    assert iter(pages) is pages  # a generator: the builder writes each page as it comes


def test_shared_sections_are_reused_without_changing_a_guide(site) -> None:
    item = _three(site)
    same = sameness.compare(site, item)
    reuse: dict = {}
    for e in same.entries:
        assert guide_page.render(site, same, e, FRAME, reuse) == guide_page.render(site, same, e, FRAME)
    assert reuse  # the regions that share the standard shared its sections

"""Site rendering without the builder: golden pages, escaping, links and filters."""

from __future__ import annotations

import os
import re

import pytest

from conftest import BASE, TESTS
from zwfw.catalog import load
from zwfw.site import build as site_build
from zwfw.site import html as h
from zwfw.site import downloads, model

GOLDEN = TESTS / "golden" / "site"


@pytest.fixture(scope="module")
def site() -> model.SiteData:
    catalog, problems = load(BASE)
    assert not problems
    return model.build(catalog)


@pytest.fixture(scope="module")
def rendered(site) -> tuple[dict, dict]:
    """(builder pages by path, standalone pages: site path → HTML)."""
    small: dict[str, str] = {}
    pages = {p.path: p for p in site_build.render(site, [], sink=small.__setitem__)}
    return pages, small


@pytest.fixture(scope="module")
def pages(rendered) -> dict:
    return rendered[0]


@pytest.fixture(scope="module")
def small(rendered) -> dict:
    return rendered[1]


@pytest.mark.parametrize("path", ["items/000131001000.md", "regions/130123.md", "index.md", "differences/index.md",
                                  "differences/regions/130123.md", "guides/000131001000/130123.html",
                                  "differences/items/000131001000.html"])
def test_golden_pages(pages: dict, small: dict, path: str, golden) -> None:
    text = pages[path].preview() if path in pages else small[path]
    golden.check(GOLDEN / (path.replace("/", "__")), text)


def test_every_internal_link_resolves(pages: dict, small: dict) -> None:
    targets = {p[:-3] + ".html" for p in pages} | set(small) | {*downloads.BULK, "api/index.json", "assets/zwfw-guide.css",
                                                                "search.html"}
    bodies = {**{path: page.body for path, page in pages.items()}, **small}
    for path, body in bodies.items():
        for link in re.findall(r'href="([^"#]+)', body):
            if link.startswith(("http://", "https://", "tel:", "mailto:")):
                continue
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), link))
            assert resolved in targets, f"{path}: broken link {link}"


def test_item_page_has_filters_and_regions(pages: dict, small: dict) -> None:
    body = pages["items/000131001000.md"].body
    assert 'data-pagefind-filter="地区">石家庄市正定县</span>' in body
    assert 'data-pagefind-filter="事项类型">行政许可</span>' in body
    assert body.count('class="zwfw-standard"') == 1 and "zwfw-regions" in body
    assert "食品安全管理制度文本" in body and "10 个工作日" in body
    guide = small["guides/000131001000/130123.html"]
    assert "11130123MB0000003W4000131001000" in guide  # the derived 实施编码, on the region's guide


@pytest.mark.parametrize(
    "payload",
    ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "[点我](javascript:alert(1))", "{{ 7*7 }}",
     "{: onclick=alert(1) }", "a\n\n<div onclick=x>b", "`code` *em* _u_ |x|"],
)
def test_text_is_inert(payload: str) -> None:
    out = h.text(payload)
    assert "<" not in out.replace("<br>", "") and "[" not in out and "{" not in out and "(" not in out
    assert "\n" not in out and "`" not in out and "*" not in out


def test_attributes_and_url_parts() -> None:
    assert h.tag("a", "x", href='" onmouseover="x') == '<a href="&quot; onmouseover=&quot;x">x</a>'
    with pytest.raises(ValueError):
        h.url_part("../etc")
    assert h.tag("div", "", hidden=True, data_pagefind_ignore=True, class_="c") == '<div hidden data-pagefind-ignore class="c"></div>'

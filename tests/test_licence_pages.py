"""The e-licence directory pages and the reform page as rendered (no builder):
golden pages, coverage figures recomputed here, links, escaping."""

from __future__ import annotations

import os
import re

import pytest
import yaml

from conftest import BASE, REPO, TESTS
from reform_helpers import rewrite
from zwfw.catalog import load
from zwfw.libraries import site_pages as licence_pages
from zwfw.reform import site_pages as reform_pages
from zwfw.site import build as site_build
from zwfw.site import model

GOLDEN = TESTS / "golden" / "site"


@pytest.fixture(scope="module")
def base_site():
    catalog, problems = load(BASE)
    assert not problems
    return model.build(catalog)


@pytest.fixture(scope="module")
def sample_site():
    catalog, problems = load(REPO)
    assert not problems
    return model.build(catalog)


@pytest.mark.parametrize("path", ["licences/index.md", "licences/business-licence.md", "licences/food-business-licence.md"])
def test_golden_licence_pages(base_site, path: str, golden) -> None:
    pages = {p.path: p for p in licence_pages.pages(base_site)}
    golden.check(GOLDEN / path.replace("/", "__"), pages[path].preview())


def test_licence_pages_are_in_the_site_and_links_resolve(base_site) -> None:
    pages = {p.path: p for p in site_build.render(base_site, [])}
    assert {"licences/index.md", "licences/business-licence.md", "reform/index.md"} <= set(pages)
    for path in ("licences/index.md", "licences/business-licence.md", "reform/index.md"):
        for link in re.findall(r'href="([^"#]+)', pages[path].body):
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), link))
            assert resolved[:-5] + ".md" in pages, f"{path}: broken link {link}"
    assert "没有找到改革基线版本" in pages["reform/index.md"].body, "without a repository the page says why"


def test_sample_coverage_is_recomputed(sample_site) -> None:
    licences = sample_site.licences
    items_with, items_e = 0, 0
    for item in sample_site.items.values():
        results = [e.data["result"] for e in item.entries if e.data.get("result", {}).get("type") == "证照"]
        if results:
            items_with += 1
            items_e += all(r.get("licence") in licences and licences[r["licence"]].get("electronic", True) for r in results)
    body = licence_pages.pages(sample_site)[0].body
    assert f"<dt>结果为证照的事项</dt><dd>{items_with}</dd>" in body
    assert f"<dd>{items_e}/{items_with}（{items_e / items_with:.1%}）</dd>" in body


def test_licence_pages_list_producers_and_acceptors(sample_site) -> None:
    by_material = {mid: m["licence"] for mid, m in sample_site.materials.items() if m.get("licence")}
    checked = 0
    for page in licence_pages.pages(sample_site)[1:]:
        lid = page.path[len("licences/"):-3]
        producers = {i.code for i in sample_site.items.values() for e in i.entries if e.data.get("result", {}).get("licence") == lid}
        acceptors = {i.code for i in sample_site.items.values() for e in i.entries
                     if any(by_material.get(m.get("ref")) == lid for m in e.data["materials"])}
        produced, accepted = page.body.split("接受本证照作为申请材料的事项")
        assert set(re.findall(r"\.\./items/(\w+)\.html", produced)) == producers, lid
        assert set(re.findall(r"\.\./items/(\w+)\.html", accepted)) == acceptors, lid
        checked += bool(producers and acceptors)
    assert checked >= 3, "some licences are both produced and asked for"


def test_licence_text_is_escaped(base_site) -> None:
    base_site.licences["business-licence"] = {**base_site.licences["business-licence"], "issuer": "<script>x()</script>"}
    try:
        page = next(p for p in licence_pages.pages(base_site) if p.path == "licences/business-licence.md")
    finally:
        base_site.licences["business-licence"] = {k: v for k, v in base_site.licences["business-licence"].items() if k != "issuer"}
    assert "<script>" not in page.body and "&lt;script&gt;x&#40;&#41;&lt;/script&gt;" in page.body


def test_golden_reform_page(git_repo, golden) -> None:
    """A throw-away repository with fixed dates and names, so the commit ids are fixed too."""
    git = git_repo(BASE, "catalog")
    root = git.root
    baseline = git.commit("Baseline", "2024-01-10T10:00:00+08:00")
    (root / "reform.yaml").write_text(f"baseline: {baseline}\n", "utf-8")
    entry = "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/entries/000131001000.yaml"
    data = yaml.safe_load((root / entry).read_text("utf-8"))
    data["materials"] = data["materials"][:1]  # the rules text is now promised by 告知承诺
    data["steps"] = [{"name": "受理与决定", "office": "政务服务中心市场监管窗口", "time_limit": {"value": 5, "unit": "工作日"}}]
    data["promised_time_limit"] = {"value": 5, "unit": "工作日"}
    rewrite(root, entry, data)
    git.commit("Share the business licence, merge steps", "2024-03-01T10:00:00+08:00")
    catalog, problems = load(root)
    page = reform_pages.reform_page(model.build(catalog), root)
    assert page.body.count("<svg") == 3 and "<polyline" in page.body
    golden.check(GOLDEN / "reform__index.md", page.preview())

"""Search and its safety in a real browser (Debian's chromium via Playwright).

Stored script through the search page: payloads in a department name, a
region name, an item type and a topic end up as filter values and result
metadata. With validation on, the build refuses them ([html]); with
validation off (``--skip-validation``), the site is built and searching shows
them as text and runs nothing. Then the search-quality set's targets, the
"nothing found" message, OR within one filter and the region order.
"""

from __future__ import annotations

import re

import pytest

from browser import WAIT, needs_chromium, serve
from conftest import BASE, REPO, copy_catalog, run_cli
from test_site_browser import sample_site  # noqa: F401  (the sample catalog's site, served)
from zwfw.site import search_quality

pytestmark = needs_chromium
ZD = "items/130000-hebei/130100-shijiazhuang/130123-zhengding"
SJZ = "items/130000-hebei/130100-shijiazhuang"
ITEM = "items/130000-hebei/hb-scjgj/catalog/000131001000.yaml"
#: (file, text to replace, replacement as written in YAML, what the search page must show literally, where)
PAYLOADS = [
    (f"{ZD}/zd-scjgj/department.yaml", "name: 正定县市场监督管理局",
     "name: 正定县市场监督管理局&lt;img src=x onerror=window.__xss=1&gt;", "img src=x onerror=window.__xss=1", "#zwfw-filters"),
    (f"{ZD}/region.yaml", "name: 正定县", 'name: "正定县\\x3cimg src=x onerror=window.__xss=2\\x3e"',
     "<img src=x onerror=window.__xss=2>", "#zwfw-filters"),
    (f"{SJZ}/sjz-scjgj/department.yaml", "name: 石家庄市市场监督管理局",
     'name: "石家庄市市场监督管理局<img src=x onerror=window.__xss=3>"', "<img src=x onerror=window.__xss=3>", "#zwfw-filters"),
    (ITEM, "name: 食品经营许可", 'name: "食品经营许可\\u202e<svg onload=window.__xss=4>"\naliases: ["<img src=x onerror=window.__xss=5>"]',
     "<img src=x onerror=window.__xss=5>", "#zwfw-results"),
]


@pytest.fixture(scope="module")
def payload_root(tmp_path_factory):
    root = copy_catalog(BASE, tmp_path_factory.mktemp("payloads") / "catalog")
    for rel, old, new, *_ in PAYLOADS:
        path = root / rel
        text = path.read_text("utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), "utf-8")
    return root


def test_validation_refuses_every_payload(payload_root) -> None:
    result = run_cli("site", "build", "--root", str(payload_root), "-o", str(payload_root / "refused"))
    assert result.code == 1
    flagged = {line.split(":", 1)[0] for line in result.out.splitlines() if "[html]" in line}
    assert flagged == {rel for rel, *_ in PAYLOADS}, result.out
    assert "字符实体" in result.out and "HTML 标签" in result.out and "文字方向控制字符" in result.out
    assert "U+202E" in result.out, "the message names the invisible character"
    assert not (payload_root / "refused" / "index.html").exists()


@pytest.fixture(scope="module")
def payload_site(payload_root):
    out = payload_root / "site"
    result = run_cli("site", "build", "--root", str(payload_root), "-o", str(out), "--skip-validation")
    assert result.code == 0, result.out + result.err
    with serve(out) as url:
        yield url


def _watch(page) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return dialogs


def test_payloads_in_filters_and_results_run_no_script(payload_site, page) -> None:
    dialogs = _watch(page)
    page.goto(payload_site + "search.html?q=食品")  # a shared search link, as an attacker would send it
    page.wait_for_selector(".zwfw-result-link", timeout=WAIT)
    page.wait_for_selector(".zwfw-filter-value", timeout=WAIT)
    if not page.locator("#zwfw-filter-panel").evaluate("d => d.open"):
        page.locator("#zwfw-filter-panel > summary").click()
    for *_, shown, where in PAYLOADS:
        assert shown in page.inner_text(where), shown
    assert "<svg onload=window.__xss=4>" in page.inner_text(".zwfw-result-link")
    for label in page.locator(".zwfw-filter-value").all():  # tick every value, one after the other
        label.click()
        label.click()
    page.locator(".zwfw-result-link").first.click()
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == []
    assert page.locator("#zwfw-filters img, #zwfw-filters svg, .zwfw-result img, article img[src=x]").count() == 0


def test_the_item_page_shows_payloads_as_text(payload_site, page) -> None:
    dialogs = _watch(page)
    page.goto(payload_site + "items/000131001000.html")
    text = page.inner_text("article")
    assert "<svg onload=window.__xss=4>" in text and "&lt;img src=x onerror=window.__xss=1&gt;" in text
    assert page.evaluate("typeof window.__xss") == "undefined" and dialogs == []


def _ready(page, site, query: str = "") -> None:
    page.goto(site[1] + "search.html" + (f"?q={query}" if query else ""))
    page.wait_for_function("() => window.zwfwSearch", timeout=20000)


def test_search_quality_targets(sample_site, page) -> None:
    """Every query of benchmarks/search_quality.yaml through the page's own search."""
    _ready(page, sample_site)
    queries = search_quality.load(REPO / "benchmarks" / "search_quality.yaml")
    assert len(queries) >= 60 and {q.kind for q in queries} == set(search_quality.KINDS)
    score = search_quality.score(queries, lambda q: page.evaluate(search_quality.RUN_JS, q))
    assert score.failed_targets() == [], "\n".join(score.lines() + [f"{q.query}: rank {r}" for q, r, _ in score.misses])


@pytest.mark.parametrize("query, first", [("开饭店", "食品经营许可"), ("驾照", "机动车驾驶证核发、审验"),
                                          ("身份证", "居民身份证申领、换领、补领"), ("林木采伐许可证核发", "林木采伐许可证核发")])
def test_name_and_alias_come_first(sample_site, page, query: str, first: str) -> None:
    _ready(page, sample_site, query)
    page.wait_for_selector(".zwfw-result-link", timeout=WAIT)
    assert page.locator(".zwfw-result-link").first.inner_text() == first


def test_no_real_match_says_so(sample_site, page) -> None:
    _ready(page, sample_site, "xyz不存在的事项")
    page.wait_for_function("() => /没有找到/.test(document.getElementById('zwfw-status').innerText)", timeout=WAIT)
    assert page.locator(".zwfw-result").count() == 0
    assert "找到 " not in page.inner_text("#zwfw-status")


def _count(page) -> int:
    page.wait_for_function("() => /找到 \\d/.test(document.getElementById('zwfw-status').innerText)", timeout=WAIT)
    return int(re.search(r"找到 (\d+)", page.inner_text("#zwfw-status")).group(1))


def test_two_regions_combine_as_or_in_tree_order(sample_site, page) -> None:
    _ready(page, sample_site, "许可")
    page.wait_for_selector(".zwfw-filter-value", timeout=WAIT)
    if not page.locator("#zwfw-filter-panel").evaluate("d => d.open"):
        page.locator("#zwfw-filter-panel > summary").click()
    regions = page.locator("fieldset", has=page.locator("legend", has_text="地区")).locator(".zwfw-filter-value > span:nth-child(2)")
    names = regions.all_inner_texts()
    assert names[0] == "河北省" and names.index("石家庄市") < names.index("石家庄市正定县") < names.index("保定市")
    counts = {}
    for name in ("石家庄市正定县", "定州市"):
        box = page.locator(".zwfw-filter-value", has_text=name).first
        box.click()
        counts[name] = _count(page)
        box.click()
    both_before = _count(page)
    for name in counts:
        page.locator(".zwfw-filter-value", has_text=name).first.click()
    page.wait_for_function(f"() => !document.getElementById('zwfw-status').innerText.includes('找到 {both_before} ')", timeout=WAIT)
    both = _count(page)
    assert both >= max(counts.values()), (counts, both)  # OR: at least what either region alone finds

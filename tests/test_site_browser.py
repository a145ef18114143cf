"""The built site in a real browser (Debian's headless chromium via Playwright).

Builds the repository's sample catalog, and a small catalog holding an item
full of script and markup injections (built with validation skipped, to prove
the renderer is safe on its own), serves each on a local port and checks what
a person would. Screenshots land in tests/_artifacts/ (not committed).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import urllib.request
import zipfile

import pytest

from browser import WAIT, needs_chromium, screenshot, serve
from conftest import BASE, REPO, copy_catalog, run_cli

pytestmark = needs_chromium
XSS_ENTRY = "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/entries/000131001000.yaml"
XSS_ITEM = "items/130000-hebei/hb-scjgj/catalog/000131001000.yaml"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_cli("site", "build", "--root", str(REPO), "-o", str(out))
    assert result.code == 0, result.out + result.err
    with serve(out) as url:
        yield out, url


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory):
    root = copy_catalog(BASE, tmp_path_factory.mktemp("xss") / "catalog")
    item = root / XSS_ITEM
    item.write_text(item.read_text("utf-8")
                    .replace("name: 食品经营许可", 'name: "食品<script>window.__xss=1</script>经营许可"')
                    .replace("description: 从事食品销售和餐饮服务，应当依法取得食品经营许可。",
                             'description: "[点我](javascript:window.__xss=3) {{ 7*7 }} {: onclick=alert(1) }\\n\\n<div onclick=alert(1)>从事"'), "utf-8")
    entry = root / XSS_ENTRY
    entry.write_text(entry.read_text("utf-8")
                     .replace("name: 食品安全管理制度文本", 'name: "<img src=x onerror=\\"window.__xss=2\\">制度文本"')
                     .replace("hours: 工作日 9:00-12:00，13:30-17:00（法定节假日除外）",
                              'hours: "<a href=\\"javascript:window.__xss=4\\">点击</a> 工作日"'), "utf-8")
    refused = run_cli("site", "build", "--root", str(root), "-o", str(root / "site"))
    assert refused.code == 1 and "[html]" in refused.out, "the validator refuses such text before any build"
    result = run_cli("site", "build", "--root", str(root), "-o", str(root / "site"), "--skip-validation")
    assert result.code == 0, result.out + result.err
    with serve(root / "site") as url:
        yield url




def _count(pg) -> int:
    pg.wait_for_function("() => /找到 \\d/.test(document.querySelector('#zwfw-status').innerText)", timeout=WAIT)
    return int(re.search(r"\d+", pg.inner_text("#zwfw-status")).group())


def test_home_renders_without_external_requests(sample_site, page) -> None:
    _, url = sample_site
    page.goto(url + "index.html")
    assert page.title().startswith("首页")
    assert "示例数据" in page.inner_text("body")  # the sample-data banner
    assert "目录清单事项" in page.inner_text("article")
    screenshot(page, "home")
    assert page.external_requests == [], "fonts and scripts are served by the site itself"


def test_search_finds_food_business_licence(sample_site, page) -> None:
    _, url = sample_site
    page.goto(url + "search.html")
    page.fill("#zwfw-q", "食品经营")
    page.wait_for_selector(".zwfw-result-link", timeout=WAIT)
    titles = page.locator(".zwfw-result-link").all_inner_texts()
    assert titles[0] == "食品经营许可", titles
    screenshot(page, "search")


def test_region_filter_narrows(sample_site, page) -> None:
    _, url = sample_site
    page.goto(url + "search.html?q=许可")
    before = _count(page)
    if not page.locator("#zwfw-filter-panel").evaluate("d => d.open"):
        page.locator("#zwfw-filter-panel > summary").click()
    page.locator(".zwfw-filter-value", has_text="石家庄市正定县").click()
    page.wait_for_function(f"() => !document.querySelector('#zwfw-status').innerText.includes('找到 {before} ')", timeout=WAIT)
    after = _count(page)
    assert 0 < after < before
    for link in page.locator(".zwfw-result-link").all()[:5]:
        assert link.get_attribute("href")


def test_item_page_shows_the_common_part_once_and_each_regions_differences(sample_site, page) -> None:
    _, url = sample_site
    page.goto(url + "items/000131001000.html")
    standard = page.locator("section.zwfw-standard")
    assert standard.count() == 1
    text = standard.inner_text()
    assert "申请材料" in text and "营业执照" in text and "承诺办结时限" in text and "个工作日" in text
    assert page.locator("article").inner_text().count("食品经营许可申请书") == 1  # the shared materials, once
    row = page.locator(".zwfw-regions tr", has_text="正定县")
    assert row.locator(".zwfw-deviation.zwfw-more", has_text="到办事现场次数").count() == 1
    assert "正定县政务服务中心" in row.inner_text()  # the region's own office
    screenshot(page, "item")


def test_region_guide_opens_from_search_and_prints(sample_site, page) -> None:
    _, url = sample_site
    page.goto(url + "search.html")
    page.fill("#zwfw-q", "食品经营许可")
    page.wait_for_selector(".zwfw-result-link", timeout=WAIT)
    if not page.locator("#zwfw-filter-panel").evaluate("d => d.open"):
        page.locator("#zwfw-filter-panel > summary").click()
    page.locator(".zwfw-filter-value", has_text="石家庄市正定县").click()
    first = page.locator(".zwfw-result-link", has_text="食品经营许可").first
    page.wait_for_function("() => [...document.querySelectorAll('.zwfw-result-link')]"
                           ".some(a => a.getAttribute('href').includes('guides/000131001000/130123.html'))", timeout=WAIT)
    first.click()
    page.wait_for_url("**/guides/000131001000/130123.html")
    assert page.title().startswith("食品经营许可（石家庄市正定县）")
    assert "本地与统一要求不同之处" in page.inner_text("main") and "正定县政务服务中心" in page.inner_text("main")
    page.emulate_media(media="print")
    assert not page.locator(".zwfw-lean-trail").is_visible() and not page.locator(".zwfw-lean-foot").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    assert page.pdf(format="A4")[:4] == b"%PDF"
    screenshot(page, "guide-print")


def test_region_guide_works_without_javascript(sample_site, browser) -> None:
    _, url = sample_site
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    context.set_default_timeout(WAIT)
    pg = context.new_page()
    pg.goto(url + "items/000131001000.html")
    pg.locator(".zwfw-regions a", has_text="石家庄市正定县").click()
    pg.wait_for_url("**/guides/000131001000/130123.html")
    text = pg.inner_text("main")
    assert "申请材料" in text and "食品经营许可申请书" in text and "办理流程" in text
    assert pg.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    context.close()


def test_a_deviation_appears_on_the_difference_pages(sample_site, page) -> None:
    _, url = sample_site
    page.goto(url + "differences/index.html")
    page.locator("a", has_text="石家庄市正定县").first.click()
    page.wait_for_url("**/differences/regions/130123.html")
    row = page.locator(".zwfw-regions tr", has_text="食品经营许可")
    assert row.locator(".zwfw-more", has_text="到办事现场次数").count() == 1
    page.goto(url + "differences/items/000131001000.html")
    assert "到办事现场次数" in page.locator("tr", has_text="正定县").inner_text()


def test_downloads_are_compressed_and_the_api_does_not_repeat_them(sample_site) -> None:
    out, url = sample_site
    catalog = json.loads(gzip.decompress(urllib.request.urlopen(url + "downloads/catalog.json.gz").read()))
    assert len(catalog["items"]) >= 60
    api = json.loads(urllib.request.urlopen(url + "api/items/000131001000.json").read())
    assert api["name"] == "食品经营许可" and api["standard"]["materials"] and api["regions"]
    zhengding = next(r for r in api["regions"] if r["region"] == "130123")
    assert set(zhengding["differs"]) >= {"visits"} and "materials" not in zhengding["differs"] and "location" not in zhengding
    raw = gzip.decompress(urllib.request.urlopen(url + "downloads/entries.csv.gz").read())
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) - 1 == sum(len(i["entries"]) for i in catalog["items"])
    xlsx = urllib.request.urlopen(url + "downloads/catalog.xlsx").read()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        assert "xl/workbook.xml" in z.namelist()
    assert not (out / "downloads" / "catalog.json").exists() and not (out / "downloads" / "entries.csv").exists()


def test_injected_markup_runs_no_script(xss_site, page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(xss_site + "items/000131001000.html")
    page.wait_for_load_state("load")
    for link in page.locator("article a").all():
        link.hover(timeout=2000) if link.is_visible() else None
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == []
    body = page.inner_text("article")
    assert "<script>window.__xss=1</script>" in body and "<img src=x" in body and "{{ 7*7 }}" in body
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("article script, article img, article [onclick]").count() == 0


def test_phone_cards_label_each_cell_from_its_column(sample_site, browser) -> None:
    """Cells carry no label in the page (a province's pages would be a fifth larger); on a
    phone the site's script labels each from its table's header and the card shows it."""
    out, url = sample_site
    assert 'data-label="' not in (out / "items" / "000131001000.html").read_text("utf-8")
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    page.goto(f"{url}/items/000131001000.html")
    cell = page.locator(".zwfw-page table tbody td").first
    header = page.locator(".zwfw-page table thead th").first.inner_text()
    assert cell.get_attribute("data-label", timeout=WAIT) == header
    shown = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert header in shown
    context.close()

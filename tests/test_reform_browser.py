"""The 改革进展 and 电子证照 pages in a real browser (Debian's chromium via
Playwright), built from a throw-away repository whose history really reduces
materials. Screenshots land in tests/_artifacts/ (not committed)."""

from __future__ import annotations

import shutil

import pytest

from browser import WAIT, needs_chromium, screenshot, serve
from conftest import REPO, GitRepo, run_cli
from reform_helpers import reduce

pytestmark = needs_chromium



@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    git = GitRepo.of(REPO, tmp_path_factory.mktemp("reform-site") / "catalog")
    root = git.root
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    baseline = git.commit("Sample catalog as first entered", "2024-01-10T10:00:00+08:00")
    (root / "reform.yaml").write_text(f"baseline: {baseline}\n", "utf-8")
    reduce(root, every=3)
    git.commit("Share e-licence materials", "2024-02-01T10:00:00+08:00")
    reduce(root, every=2)
    git.commit("Drop optional materials, merge steps", "2024-03-01T10:00:00+08:00")
    out = root / "site"
    result = run_cli("site", "build", "--root", str(root), "-o", str(out))
    assert result.code == 0, result.out + result.err
    with serve(out) as url:
        yield url




def test_reform_page_renders_its_charts(site_url, page) -> None:
    page.goto(site_url + "index.html")
    page.get_by_role("link", name="改革进展").first.click()
    page.wait_for_url("**/reform/index.html")
    assert page.title().startswith("改革进展")
    article = page.locator("article")
    charts = article.locator("svg.zwfw-chart")
    assert charts.count() == 3
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100, "each chart is laid out with a real size"
    bars = charts.nth(0).locator("rect")
    assert bars.count() >= 2 * 30, "a baseline and a current bar per department (plus the legend)"
    assert charts.nth(2).locator("circle").count() == 3, "baseline and two later commits on the line"
    text = article.inner_text()
    assert "申请材料压减" in text and "按部门" in text and "未达到" in text
    page.locator("svg.zwfw-chart").nth(0).scroll_into_view_if_needed()
    screenshot(page, "reform")
    assert page.external_requests == [], "no external scripts or fonts: charts are static SVG"


def test_reform_chart_shows_reduction(site_url, page) -> None:
    page.goto(site_url + "reform/index.html")
    tips = page.locator("svg.zwfw-chart").nth(0).locator("rect > title").evaluate_all("els => els.map(e => e.textContent)")
    before = sum(float(t.split("：")[1].split()[0]) for t in tips if " 基线：" in t)
    after = sum(float(t.split("：")[1].split()[0]) for t in tips if " 现在：" in t)
    assert after < before
    points = page.locator("svg.zwfw-chart").nth(2).locator("circle > title").evaluate_all("els => els.map(e => e.textContent)")
    values = [float(t.split("：")[1].split()[0]) for t in points]
    assert values == sorted(values, reverse=True) and values[-1] < values[0]


def test_reform_chart_labels_stay_legible_on_a_phone(site_url, browser) -> None:
    """On a 360 px phone no chart is wider than the screen and every label is
    drawn at 11 px or more (a chart scaled down to fit would shrink them)."""
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN", is_mobile=True, has_touch=True)
    context.set_default_timeout(WAIT)
    pg = context.new_page()
    pg.goto(site_url + "reform/index.html")
    sizes = pg.evaluate("""() => Array.from(document.querySelectorAll('svg.zwfw-chart text')).map(t => {
        const m = t.getScreenCTM();
        return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)]; })""")
    widths = pg.locator("svg.zwfw-chart").evaluate_all("els => els.map(e => e.getBoundingClientRect().right)")
    scroll = pg.evaluate("document.documentElement.scrollWidth")
    pg.locator("svg.zwfw-chart").nth(0).scroll_into_view_if_needed()
    screenshot(pg, "reform-360")
    context.close()
    assert len(sizes) > 60 and len(widths) == 3
    small = [(t, round(px, 1)) for t, px in sizes if px < 11]
    assert small == [], small[:5]
    assert max(widths) <= 360 and scroll <= 361, (widths, scroll)


def test_licence_directory_page(site_url, page) -> None:
    page.goto(site_url + "licences/index.html")
    assert page.title().startswith("电子证照目录")
    page.get_by_role("link", name="营业执照").first.click()
    page.wait_for_url("**/licences/business-licence.html")
    assert "接受本证照作为申请材料的事项" in page.locator("article").inner_text()
    assert page.external_requests == []

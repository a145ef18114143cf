"""The public site as citizens (and GitHub Pages) meet it, in a real browser:

- published under a sub-path (``/<repo>/``, as a GitHub Pages project site),
  served the way the host serves it (the site's own 404.html for a missing page);
- axe-core finds no accessibility violation on the home, search, an item,
  a region and the reform page;
- no page scrolls sideways on a 360 px or 390 px phone; tables become cards;
- no page shows a commit hash, a commit subject or a department folder id;
  the change history says what changed in the data, dated, in Chinese.

The site is built from a throw-away git repository whose history really
changes entries (materials removed, time limits shortened). axe-core comes
from npm (``npm ci --prefix tools/axe``).
"""

from __future__ import annotations

import http.server
import os
import subprocess
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from browser import WAIT, needs_chromium, screenshot
from conftest import REPO, GitRepo, run_cli
from reform_helpers import entry_files, reduce, rewrite
from zwfw.site import public

AXE = REPO / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SUBJECTS = ("Sample catalog as first entered", "Share e-licence materials", "Shorten the food licence")


def _code_of(name: str) -> str:
    """The code of the sample catalog's item called ``name`` (record files are named by code)."""
    for path in sorted((REPO / "items").rglob("catalog/*.yaml")):
        if (yaml.safe_load(path.read_text("utf-8")) or {}).get("name") == name:
            return path.stem
    raise LookupError(name)


FOOD = _code_of("食品经营许可")  # the item every region implements
PAGES = ["index.html", "search.html", f"items/{FOOD}.html", "regions/130123.html", "reform/index.html"]
PHONE_PAGES = PAGES + ["catalog/index.html", "changes.html", "downloads.html", "departments/index.html",
                       f"guides/{FOOD}/130123.html", "differences/index.html", "licences/index.html", "404.html"]


def _shorten(root: Path) -> str:
    """Shorten the promised time limit of one food licence entry; returns its region code."""
    rel = next(r for r in entry_files(root) if r.endswith(f"/{FOOD}.yaml"))
    path = root / rel
    data = yaml.safe_load(path.read_text("utf-8"))
    data["promised_time_limit"]["value"] = max(data["promised_time_limit"]["value"] - 3, 1)
    rewrite(root, rel, data)
    return rel


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    git = GitRepo.of(REPO, tmp_path_factory.mktemp("public") / "catalog")
    root = git.root
    shas = [git.commit(SUBJECTS[0], "2024-01-10T10:00:00+08:00")]
    (root / "reform.yaml").write_text(f"baseline: {shas[0]}\n", "utf-8")
    reduce(root, every=3)
    shas.append(git.commit(SUBJECTS[1], "2024-02-01T10:00:00+08:00"))
    _shorten(root)
    shas.append(git.commit(SUBJECTS[2], "2024-03-01T10:00:00+08:00"))
    out = root.parent / "site"
    result = run_cli("site", "build", "--root", str(root), "--output", str(out), "--site-url", "https://example.org/catalog/")
    assert result.code == 0, result.out + result.err
    return root, out, shas


@pytest.fixture(scope="module")
def url(built):
    """The site served under /catalog/, missing pages answered with its 404.html (as GitHub Pages does)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), public.handler(built[1], "/catalog/"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/catalog/"
    server.shutdown()


def _public_pages(out: Path) -> list[Path]:
    return [p for p in out.rglob("*.html") if "pagefind" not in p.parts]


def test_no_page_shows_commit_hashes_subjects_or_folder_ids(built) -> None:
    root, out, shas = built
    folders = {p.name for p in (root / "items").rglob("*") if p.is_dir() and (p / "department.yaml").is_file()}
    for page in _public_pages(out):
        html = page.read_text("utf-8")
        text = re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", html, flags=re.S))
        for sha in shas:
            assert sha[:7] not in html, f"{page}: commit {sha[:7]}"
        for subject in SUBJECTS:
            assert subject not in html, f"{page}: commit subject {subject!r}"
        assert not any(re.search(rf"(?<![\w/.-]){re.escape(f)}(?![\w.-])", text) for f in folders), page
        assert "版本 1" not in text and "使用说明" not in text


def test_history_says_what_changed_in_the_data(built) -> None:
    _, out, _ = built
    page = (out / "items" / f"{FOOD}.html").read_text("utf-8")
    history = page[page.index("变更记录"):]
    assert "2024-03-01" in history and "承诺办结时限由" in history and "缩短为" in history
    home = (out / "index.html").read_text("utf-8")
    assert "最近变更" in home and "2024-03-01" in home and "缩短为" in home


@needs_chromium
def test_contributor_docs_are_not_in_the_public_site(built, url, page) -> None:
    _, out, _ = built
    assert not (out / "guide").exists() and not (out / "assets" / "javascripts" / "lunr").exists()
    assert not list((out / "assets" / "javascripts").glob("workers/search*"))
    page.goto(url + "index.html")
    menu = page.inner_text("nav.md-nav--primary")
    for clerk in ("命令参考", "数据结构", "校验规则"):
        assert clerk not in menu


@needs_chromium
def test_works_under_a_sub_path_including_404(built, url, page) -> None:
    _, out, _ = built
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert f"<loc>https://example.org/catalog/items/{FOOD}.html</loc>" in sitemap
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(url + "items/no-such-page.html")
    assert missing.value.code == 404 and "搜索事项" in missing.value.read().decode("utf-8")
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "/no/such/" not in r.url else None)
    page.goto(url + "deep/no/such/page.html")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    assert failed == [], failed  # the 404 page's CSS and scripts load from /catalog/
    for link in page.locator("a[href]").all():
        href = link.get_attribute("href")
        if href.startswith(("http", "#", "mailto:", "tel:")):
            continue
        assert href.startswith("/catalog/"), href  # links stay inside the site
    page.locator(".md-header form[role=search] input").fill("开饭店")
    page.locator(".md-header form[role=search] input").press("Enter")
    page.wait_for_selector(".zwfw-result-link", timeout=WAIT)
    assert page.url.startswith(url + "search.html")
    assert page.locator(".zwfw-result-link").first.get_attribute("href").startswith("/catalog/items/")


def test_site_serve_answers_a_missing_page_with_the_sites_404(built) -> None:
    from zwfw.cli import site

    server = site._bind(0)
    threading.Thread(target=site._serve, args=(server, built[1], "/"), daemon=True).start()
    try:
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/nope.html", timeout=10)
        body = missing.value.read().decode("utf-8")
        assert missing.value.code == 404 and "<title>" in body and "Error response" not in body
    finally:
        server.shutdown()


@needs_chromium
@pytest.mark.skipif(not AXE.is_file(), reason="needs axe-core: npm ci --prefix tools/axe")
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(url, page, path: str) -> None:
    page.goto(url + path + ("?q=食品经营" if path == "search.html" else ""))
    if path == "search.html":
        page.wait_for_selector(".zwfw-result-link", timeout=WAIT)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                          ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '))")
    assert found == [], found


@needs_chromium
def test_a_table_that_scrolls_is_a_named_keyboard_stop(url, browser, page) -> None:
    """A table wider than the screen scrolls inside its wrapper; that wrapper
    then takes keyboard focus (arrow keys scroll it) and is a named region; a
    table that fits is no extra Tab stop. (The catalog's tables wrap their cells,
    so one is made too wide here, as a long unbreakable value would.)"""
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(url + f"items/{FOOD}.html")
    wrap = page.locator("article .md-typeset__scrollwrap").first
    page.wait_for_function("document.querySelector('article .md-typeset__scrollwrap')")
    assert wrap.get_attribute("tabindex") is None, "a table that fits is no extra Tab stop"
    wrap.evaluate("w => { w.querySelector('table').style.minWidth = '1600px'; }")
    page.set_viewport_size({"width": 790, "height": 900})
    page.wait_for_function("document.querySelector('article .md-typeset__scrollwrap').getAttribute('tabindex') === '0'",
                           timeout=WAIT)
    assert wrap.get_attribute("role") == "region"
    assert wrap.get_attribute("aria-label").startswith("表格"), wrap.get_attribute("aria-label")
    heading = wrap.evaluate("w => { let e = w; while ((e = e.previousElementSibling || e.parentElement) && !/^H[1-4]$/.test(e.tagName)); return e.textContent; }")
    assert heading.strip() in wrap.get_attribute("aria-label")
    wrap.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('article .md-typeset__scrollwrap').scrollLeft > 0", timeout=5000)
    if AXE.is_file():
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document, {runOnly: ['scrollable-region-focusable', 'aria-allowed-role',"
                              " 'landmark-unique', 'region']})).violations.map(v => v.id)")
        assert found == [], found
    wrap.evaluate("w => { w.querySelector('table').style.minWidth = ''; }")
    page.set_viewport_size({"width": 800, "height": 900})
    page.wait_for_function("!document.querySelector('article .md-typeset__scrollwrap').hasAttribute('tabindex')", timeout=WAIT)


@needs_chromium
@pytest.mark.parametrize("width", [360, 390])
def test_no_page_scrolls_sideways_on_a_phone(url, browser, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN", is_mobile=True, has_touch=True)
    context.set_default_timeout(WAIT)
    pg = context.new_page()
    wide = {}
    for path in PHONE_PAGES:
        pg.goto(url + path)
        pg.wait_for_load_state("load")
        scroll = pg.evaluate("document.documentElement.scrollWidth")
        if scroll > width + 1:
            wide[path] = scroll
    pg.goto(url + f"items/{FOOD}.html")
    cards = pg.evaluate("getComputedStyle(document.querySelector('article table td')).display")
    screenshot(pg, f"item-{width}")
    context.close()
    assert wide == {}, wide
    assert cards == "block", "table rows become cards on a phone"


@needs_chromium
def test_search_panel_leaves_results_on_the_first_phone_screen(url, browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True)
    context.set_default_timeout(WAIT)
    pg = context.new_page()
    pg.goto(url + "search.html?q=食品经营")
    pg.wait_for_selector(".zwfw-result-link", timeout=WAIT)
    assert not pg.locator("#zwfw-filter-panel").evaluate("d => d.open"), "the filter panel starts folded on a phone"
    top = pg.locator(".zwfw-result-link").first.bounding_box()["y"]
    screenshot(pg, "search-390")
    context.close()
    assert top < 844, top


PUBLISH = REPO / ".github" / "workflows" / "publish.yml"


@pytest.mark.parametrize(("env", "expected"), [
    ({"OWNER": "Hebei-ZWFW", "REPO": "catalog", "SITE_URL": ""}, "https://hebei-zwfw.github.io/catalog/"),
    ({"OWNER": "Hebei-ZWFW", "REPO": "hebei-zwfw.github.io", "SITE_URL": ""}, "https://hebei-zwfw.github.io/"),
    ({"OWNER": "Hebei-ZWFW", "REPO": "catalog", "SITE_URL": "https://zwfw.example.gov.cn/"}, "https://zwfw.example.gov.cn/"),
])
def test_the_publish_workflow_builds_for_the_address_it_publishes_at(tmp_path: Path, env: dict, expected: str) -> None:
    """The build step's script, run as GitHub runs it with a stand-in ``zwfw``,
    passes the repository's GitHub Pages address (or the SITE_URL variable) as --site-url."""
    doc = yaml.safe_load(PUBLISH.read_text("utf-8"))
    step = next(s for s in doc["jobs"]["build"]["steps"] if "zwfw site build" in str(s.get("run", "")))
    assert step["env"] == {"SITE_URL": "${{ vars.SITE_URL }}", "OWNER": "${{ github.repository_owner }}",
                           "REPO": "${{ github.event.repository.name }}"}
    fake = tmp_path / "zwfw"
    fake.write_text('#!/bin/sh\nprintf \'%s\\n\' "$@" > "$ZWFW_ARGS"\n', "utf-8")
    fake.chmod(0o755)
    args = tmp_path / "args"
    run = {**os.environ, **env, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}", "ZWFW_ARGS": str(args)}
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], env=run,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    argv = args.read_text("utf-8").split("\n")
    assert argv[:2] == ["site", "build"] and argv[argv.index("--site-url") + 1] == expected

"""``zwfw site build``: validate → render pages → mkdocs-material → downloads → search index.

The rendering step is ours and plain (data → Markdown with escaped HTML, plus
a nav). The builder is called as a command on a generated ``mkdocs.yml`` so
that it stays replaceable: nothing here imports MkDocs or runs inside it.
Pagefind indexes the built HTML (Chinese segmentation, filters, sharded index)
instead of the theme's single-file search index.
"""

from __future__ import annotations

import datetime
import gc
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from ..gitrepo import catalog_revision
from ..problems import Problem
from ..validate import check as check_catalog
from . import differences, downloads, guide_page, history, home, item_page, lists, load, model, public, sameness, search, search_index, standalone, tables
from . import frames
from . import incremental as inc
from .pages import BODY_END, PLACEHOLDER, Page
from ..reform.site_pages import extra_pages
from ..review import release_page

Progress = Callable[[str], None]
Sink = Callable[[str, str], None]
SITE_NAME = "河北省政务服务事项目录"

#: Top navigation; every other generated page is reached from these.
NAV = [
    {"首页": "index.md"},
    {"搜索": "search.md"},
    {"省级通用目录": "catalog/index.md"},
    {"按地区": "regions/index.md"},
    {"按部门": "departments/index.md"},
    {"按事项类型": "types/index.md"},
    {"按服务对象": "audiences/index.md"},
    {"按服务主题": "topics/index.md"},
    {"下载与接口": "downloads.md"},
    {"最近变更": "changes.md"},
    {"省政府审定": release_page.PAGE},
    {"各地差异": "differences/index.md"},
    {"改革进展": "reform/index.md"},
    {"电子证照": "licences/index.md"},
]
NOT_IN_NAV = "/items/\n/regions/\n/departments/\n/differences/regions/\n"


class BuildError(RuntimeError):
    """The site could not be built; ``problems`` holds validation problems, if that was why."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class BuildResult:
    out: Path
    pages: int
    items: int
    entries: int
    problems: list[Problem] = field(default_factory=list)


def render(site: model.SiteData, changes: list[history.Change], root: Path | None = None,
           sink: Sink | None = None, frame: standalone.Frame | None = None, *,
           tally: differences.Tally | None = None, only: set[str] | None = None) -> Iterator[Page]:
    """Every page the builder builds, one at a time (nothing holds the whole
    site); the small standalone pages (each region's guide, each item's 差异,
    its API file) go to ``sink`` as (site path, text) as their item is
    rendered. With ``only``, just those items are rendered (a partial build:
    ``tally`` then holds what the other items contributed before)."""
    per_file = history.by_file(changes)
    frame = frame or standalone.Frame(public.base_config().get("site_name", SITE_NAME), site.sample)
    yield from (home.home(site, changes), search.page(site), home.downloads(site), home.changes_page(site, changes),
                lists.catalog_index(site), lists.regions_index(site), lists.departments_index(site), *lists.facets(site))
    yield from (lists.region(site, code) for code in site.regions)
    yield from (lists.department(site, dept_id) for dept_id in site.departments)
    tally = differences.Tally() if tally is None else tally
    for item in site.items.values():
        if only is not None and item.code not in only:
            continue
        same = sameness.compare(site, item)
        tally.add(same)
        yield item_page.render(site, item, per_file, same)
        if sink is not None:
            reuse: dict = {}
            for e in same.entries:
                sink(*guide_page.render(site, same, e, frame, reuse))
            sink(*differences.item_page_html(site, same, frame))
            sink(*downloads.item_api_file(site, same))
    yield differences.index_page(site, tally)
    yield from differences.region_pages(site, tally)
    yield from extra_pages(site, root)  # e-licence directory and 改革进展 (zwfw.reform.site_pages)
    yield release_page.page(root)  # 省政府审定: the approved version and what changed since (zwfw.review.release_page)


def build(root: Path, out: Path, *, check: bool = True, keep_source: Path | None = None,
          progress: Progress | None = None, incremental: bool = False, site_url: str | None = None) -> BuildResult:
    """Validate, render and build the site into ``out``. With ``incremental``,
    update the previous build in ``out`` where its manifest allows (see
    :mod:`zwfw.site.incremental`); a full build otherwise."""
    say = progress or (lambda _msg: None)
    problems = _validated(root, say) if check else []
    say("读取目录 …")
    catalog, digests = load.load(root, say, cache=inc.cache_dir(out) / "records.sqlite" if incremental else None)
    site = model.build(catalog)
    changes = history.read(root)
    wide, items = inc.input_hashes(site, digests, changes)
    state = inc.State(inc.tool_key(root) + (f" {site_url}" if site_url else ""), wide, items)
    previous = inc.load(inc.cache_dir(out)) if incremental else None
    with tempfile.TemporaryDirectory(prefix="zwfw-site-") as tmp:
        job = _Job(root, out, site, changes, catalog, keep_source or Path(tmp), Path(tmp), state, say, site_url=site_url)
        job.start_tables()  # forked before rendering, while the build holds little besides the packed records
        if inc.reusable(previous, state, out):
            from .update import update  # a partial build uses this module's steps

            count = update(job, previous)
        else:
            inc.cache_dir(out).joinpath("manifest.json").unlink(missing_ok=True)
            count = _full(job)
        say("写入数据接口 …")
        downloads.write_catalog(site, out, catalog_revision(root), inc.cache_dir(out) / "json", job.changed)
        result = BuildResult(out, count, len(site.items), len(site.entries), problems)
        job.tables.finish(out / "downloads")  # before the index, so that the two never hold memory at once
        del site, catalog
        job.release()
        say("建立搜索索引（Pagefind）…")
        shutil.rmtree(out / "pagefind", ignore_errors=True)
        _run([sys.executable, "-m", "pagefind", "--site", str(out), "--glob", search_index.INDEXED_GLOB, "--silent"], "pagefind")
    state.save(inc.cache_dir(out))
    return result


def _validated(root: Path, say: Progress) -> list[Problem]:
    """Every problem of the catalog (the validator's cache makes a second run
    fast); a catalog with errors is not published."""
    say("校验目录 …")
    problems = check_catalog(root, progress=load.Counter(say, "校验目录")).problems
    if any(p.is_error for p in problems):
        raise BuildError("目录有错误，未生成网站：请先运行 zwfw validate 并改正。", problems)
    return problems


@dataclass
class _Job:
    root: Path
    out: Path
    site: model.SiteData
    changes: list
    catalog: object
    src: Path
    tmp: Path
    state: inc.State
    say: Progress
    tables: _TablesWriter | None = None
    changed: set[str] | None = None  # items re-rendered (None: all)
    site_url: str | None = None  # where the site is published (404 page and sitemap need it)

    def release(self) -> None:
        """Give the catalog's memory back before the indexer runs (it needs a lot of its own)."""
        self.site = self.catalog = self.changes = None  # type: ignore[assignment]
        load.release()

    def start_tables(self) -> None:
        self.say("写入 CSV 和 Excel 下载文件（与页面构建同时进行）…")
        self.tables = _TablesWriter(self.catalog, self.root, self.tmp / "tables")


def _full(job: _Job) -> int:
    out = job.out
    with tempfile.TemporaryDirectory(prefix=".zwfw-pages-", dir=_parent(out)) as staging:
        say = job.say
        say(f"生成页面：{len(job.site.items)} 个事项，{len(job.site.entries)} 项实施清单 …")
        tally = differences.Tally()
        small = _Counter(lambda path, text: standalone.write(Path(staging), path, text))
        pages = render(job.site, job.changes, job.root, small, tally=tally)
        stamper = frames.Stamper()
        count = _write_source(job.root, job.src, out, pages, job.site, job.state.pages, stamper, job.site_url)
        say(f"用 mkdocs-material 构建 {count - len(stamper.pages)} 个页面，另有 {len(stamper.pages)} 个页面套用同一版式 …")
        _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(job.src / "mkdocs.yml")], "mkdocs")
        stamper.write(out, frames.take_frames(out, inc.cache_dir(out) / "frames"))
        frames.fix_sitemap(out, stamper.pages)
        splice(job.src / "bodies", out)
        _move_tree(Path(staging), out)
        public.finish(out)
    job.state.tally = tally.to_json()
    return count + small.count


class _Counter:
    def __init__(self, write: Sink):
        self.write, self.count = write, 0

    def __call__(self, path: str, text: str) -> None:
        self.write(path, text)
        self.count += 1


def _parent(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.parent


def _move_tree(src: Path, dest: Path) -> None:
    """Move the standalone pages into the built site (a rename on one file system)."""
    for top in src.iterdir():
        target = dest / top.name
        if target.exists():
            for child in top.iterdir():
                shutil.move(str(child), target / child.name)
        else:
            shutil.move(str(top), target)


class _TablesWriter:
    """Writes the CSV and XLSX downloads in a forked process while the pages
    are built and indexed: on a large catalog the workbook is the longest
    single step, and the machine has more than one core. The files go to a
    staging folder (the builder empties the output folder when it starts)."""

    def __init__(self, catalog, root: Path, staging: Path):
        self.staging = staging
        self.error = staging.with_suffix(".error")
        context = multiprocessing.get_context("fork")
        gc.freeze()  # the collector leaves the parent's objects alone, so the child does not copy their pages
        self.process = context.Process(target=self._run, args=(catalog, root), daemon=True)
        self.process.start()
        gc.unfreeze()  # in this process only: what it no longer needs can be collected again

    def _run(self, catalog, root: Path) -> None:
        try:
            tables.write_tables(catalog, root, self.staging, datetime.date.today().isoformat())
        except BaseException:  # the parent reports it; a child must not raise past here
            self.error.write_text(traceback.format_exc(), "utf-8")
            raise SystemExit(1)

    def finish(self, dest: Path) -> None:
        self.process.join()
        if self.process.exitcode != 0:
            detail = self.error.read_text("utf-8")[-2000:] if self.error.is_file() else f"退出码 {self.process.exitcode}"
            raise BuildError(f"写入 CSV/Excel 下载文件失败：\n{detail}")
        dest.mkdir(parents=True, exist_ok=True)
        for f in (self.staging / "downloads").iterdir():
            shutil.move(str(f), dest / f.name)


def _write_source(root: Path, src: Path, out: Path, pages: Iterable[Page], site: model.SiteData,
                  hashes: dict[str, list[str]] | None = None, stamper: frames.Stamper | None = None,
                  site_url: str | None = None) -> int:
    """Write each page's frame and body as it comes (recording their hashes);
    with ``stamper``, pages of the stamped folders get their body only (their
    frame is stamped from their folder's after the build). Returns the page count."""
    docs, bodies = src / "docs", src / "bodies"
    count = 0
    for page in pages:
        own_frame = stamper is None or not frames.stamped(page.path)
        for folder, text in ((docs, page.markdown() if own_frame else None), (bodies, page.body)):
            if text is None:
                continue
            target = folder / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
        if not own_frame:
            stamper.add(page)
        if hashes is not None:
            hashes[page.path] = inc.page_hash(page.title, page.body)
        count += 1
    if stamper is not None:
        for page in frames.frame_pages():
            target = docs / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown(), "utf-8")
    theme = resources.files("zwfw.site").joinpath("theme")
    for sub, dest in (("assets", docs / "assets"), ("overrides", src / "overrides")):
        dest.mkdir(parents=True, exist_ok=True)
        for f in theme.joinpath(sub).iterdir():
            (dest / f.name).write_bytes(f.read_bytes())
    config = site_config(src, out, site.sample, site_url)
    (src / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return count


def splice(bodies: Path, out: Path) -> None:
    """Put each page body into its built HTML page, in place of the placeholder
    (kept, with an end mark, so that a later partial build can replace it)."""
    for body in bodies.rglob("*.md"):
        rel = body.relative_to(bodies).with_suffix(".html")
        page = out / rel
        html = page.read_text("utf-8")
        if PLACEHOLDER not in html:
            raise BuildError(f"{rel}：构建后的页面中没有正文占位符，主题模板可能不兼容。")
        page.write_text(html.replace(PLACEHOLDER, PLACEHOLDER + body.read_text("utf-8") + BODY_END, 1), "utf-8")


def resplice(page: Path, body: str) -> bool:
    """Replace the body of an already built page; False when the page has no marks."""
    html = page.read_text("utf-8")
    start, end = html.find(PLACEHOLDER), html.find(BODY_END)
    if start < 0 or end < start:
        return False
    page.write_text(html[:start + len(PLACEHOLDER)] + body + html[end:], "utf-8")
    return True


def site_config(src: Path, out: Path, sample: bool, site_url: str | None = None) -> dict:
    """The generated MkDocs configuration: the public site's settings
    (theme/config/public.yaml; the repository's mkdocs.yml is the contributor
    documentation, a separate site) with our docs folder, nav, assets and no theme search."""
    config = public.base_config()
    config.update(
        site_name=config.get("site_name", SITE_NAME),
        docs_dir=str(src / "docs"),
        site_dir=str(out.resolve()),
        use_directory_urls=False,
        nav=NAV,
        not_in_nav=NOT_IN_NAV,
        plugins=[],
        extra_css=["assets/zwfw.css", standalone.STYLESHEET],
        extra_javascript=["assets/zwfw.js"],
        theme={**config.get("theme", {}), "name": "material", "language": "zh", "font": False,
               "custom_dir": str(src / "overrides")},
        extra={**config.get("extra", {}), "sample_data": sample, "generator": False},
        validation={"nav": {"omitted_files": "ignore", "not_found": "warn"},
                    "links": {"not_found": "warn", "anchors": "ignore", "unrecognized_links": "ignore"}},
    )
    if site_url:
        config["site_url"] = site_url
    return config


def _run(argv: list[str], what: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(argv, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise BuildError(f"{what} 失败：\n{(done.stdout + done.stderr)[-4000:]}")

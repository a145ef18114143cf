"""A partial build: update the previous build in place (see :mod:`zwfw.site.incremental`)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from . import differences, frames, standalone
from . import incremental as inc
from .build import NAV, _Counter, _run, _write_source, render, resplice, splice
from .pages import Page, differences_item_page, item_page


def _html(out: Path, path: str) -> Path:
    return out / (path[:-3] + ".html")


def _drop_item_files(out: Path, code: str) -> None:
    """Remove what a changed or removed item had on its own: guides, 差异 page, API file."""
    shutil.rmtree(out / "guides" / code, ignore_errors=True)
    for path in (differences_item_page(code), f"api/items/{code}.json"):
        (out / path).unlink(missing_ok=True)


def update(job, previous: inc.State) -> int:
    """Re-render the changed items and every other page; write only what differs. Returns the pages written."""
    out, state, say = job.out, job.state, job.say
    changed = {code for code, h in state.items.items() if previous.items.get(code) != h}
    removed = set(previous.items) - set(state.items)
    job.changed = changed
    say(f"增量更新：{len(changed)} 个事项有变化，{len(removed)} 个事项已删除 …")
    tally = differences.Tally.from_json(previous.tally)
    for code in changed | removed:
        tally.drop(code)
        _drop_item_files(out, code)
    small = _Counter(lambda path, text: standalone.write(out, path, text))
    fresh: list[Page] = []
    spliced = 0
    for page in render(job.site, job.changes, job.root, small, tally=tally, only=changed):
        hashes = inc.page_hash(page.title, page.body)
        state.pages[page.path] = hashes
        old, built = previous.pages.get(page.path), _html(out, page.path)
        if old == hashes and built.is_file():
            continue
        if old and old[0] == hashes[0] and built.is_file() and resplice(built, page.body):
            spliced += 1
        else:
            fresh.append(page)
    for code in job.site.items:
        if code not in changed and item_page(code) in previous.pages:
            state.pages[item_page(code)] = previous.pages[item_page(code)]
    for path in set(previous.pages) - set(state.pages):
        _html(out, path).unlink(missing_ok=True)
    new = len(fresh)
    saved = frames.saved_frames(inc.cache_dir(out) / "frames")
    if saved is not None:
        stamper = frames.Stamper()
        for page in [p for p in fresh if frames.stamped(p.path)]:
            stamper.add(page)
        stamper.write(out, saved)
        _splice_bodies(job, [p for p in fresh if frames.stamped(p.path)], "stamped-bodies")
        fresh = [p for p in fresh if not frames.stamped(p.path)]
    if fresh:
        _build_new(job, fresh)
    state.tally = tally.to_json()
    say(f"已更新 {spliced} 个页面的正文，新建 {new} 个页面，{small.count} 个办事指南等小页面。")
    return spliced + new + small.count


def _build_new(job, fresh: list[Page]) -> None:
    """New pages (or changed titles) go through the builder, with the top navigation's pages as frames only."""
    say = job.say
    say(f"用 mkdocs-material 构建 {len(fresh)} 个新页面 …")
    paths = {p.path for p in fresh}
    frames = [Page(path, title, "") for entry in NAV for title, path in entry.items() if path not in paths]
    built = job.tmp / "built"
    _write_source(job.root, job.src, built, [*frames, *fresh], job.site, site_url=job.site_url)
    _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(job.src / "mkdocs.yml")], "mkdocs")
    for page in fresh:
        rel = page.path[:-3] + ".html"
        target = job.out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built / rel, target)
    _splice_bodies(job, fresh, "new-bodies")


def _splice_bodies(job, pages: list[Page], name: str) -> None:
    bodies = job.tmp / name
    for page in pages:
        body = bodies / page.path
        body.parent.mkdir(parents=True, exist_ok=True)
        body.write_text(page.body, "utf-8")
    if pages:
        splice(bodies, job.out)

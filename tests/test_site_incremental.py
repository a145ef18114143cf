"""Incremental publish: a one-entry change re-renders only what depends on it,
reusing the previous build; a tool change or a missing manifest forces a full build."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from zwfw.site import frames, incremental
from zwfw.site.build import build

ENTRY = "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/entries/000131001000.yaml"


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(f.relative_to(out)): f.read_bytes() for f in out.rglob("*")
            if f.is_file() and "pagefind" not in f.parts and f.parts[-2:-1] != ("downloads",)}


@pytest.fixture
def built(base: Path) -> tuple[Path, Path]:
    out = base.parent / "site"
    build(base, out, incremental=True)
    return base, out


def test_one_entry_change_updates_only_its_pages(built) -> None:
    root, out = built
    before = _snapshot(out)
    entry = root / ENTRY
    entry.write_text(entry.read_text("utf-8").replace("hours: 工作日", "hours: 每个工作日"), "utf-8")
    messages: list[str] = []
    result = build(root, out, incremental=True, progress=messages.append)
    assert any("增量更新：1 个事项有变化" in m for m in messages), messages
    after = _snapshot(out)
    changed = {f for f in after if before.get(f) != after[f]}
    assert "guides/000131001000/130123.html" in changed and "items/000131001000.html" in changed
    assert "每个工作日" in (out / "guides/000131001000/130123.html").read_text("utf-8")
    assert not any(f.startswith(("items/010002", "guides/010002", "regions/", "departments/")) for f in changed), changed
    assert changed <= {"items/000131001000.html", "guides/000131001000/130123.html", "guides/000131001000/130100.html",
                       "differences/items/000131001000.html", "api/items/000131001000.json", "differences/index.html",
                       "differences/regions/130123.html", "differences/regions/130100.html"}, changed
    assert result.pages < 10
    catalog = json.loads(gzip.decompress((out / "downloads/catalog.json.gz").read_bytes()))
    hours = [e["hours"] for i in catalog["items"] if i["code"] == "000131001000" for e in i["entries"]]
    assert any("每个工作日" in h for h in hours)
    assert (out / "pagefind" / "pagefind-entry.json").is_file()


def test_a_new_item_page_is_built_and_a_removed_one_deleted(built) -> None:
    root, out = built
    item = next(root.glob("items/**/catalog/000131002000.yaml"))
    text = item.read_text("utf-8")
    item.unlink()
    build(root, out, incremental=True)
    assert not (out / "items/000131002000.html").exists()
    item.write_text(text, "utf-8")
    messages: list[str] = []
    build(root, out, incremental=True, progress=messages.append)
    page = (out / "items/000131002000.html").read_text("utf-8")
    assert "<title>" in page and "zwfw-body" in page and "新建 1 个页面" in " ".join(messages)


def test_a_tool_change_forces_a_full_build(built, monkeypatch) -> None:
    root, out = built
    monkeypatch.setattr(incremental, "tool_key", lambda root: "another theme")
    messages: list[str] = []
    build(root, out, incremental=True, progress=messages.append)
    assert not any("增量更新" in m for m in messages)
    assert incremental.load(incremental.cache_dir(out)).key == "another theme"


def test_stamped_pages_equal_what_the_builder_builds(base: Path, monkeypatch) -> None:
    stamped = base.parent / "stamped"
    build(base, stamped)
    monkeypatch.setattr(frames, "stamped", lambda path: False)
    built = base.parent / "built"
    build(base, built)
    for page in ("items/000131001000.html", "departments/zd-scjgj.html", "regions/130123.html", "differences/regions/130123.html"):
        assert (stamped / page).read_text("utf-8") == (built / page).read_text("utf-8"), page
    assert not list(stamped.rglob(f"{frames.STEM}*"))
    assert "items/000131001000.html" in (stamped / "sitemap.xml").read_text("utf-8") or "<loc>" not in (built / "sitemap.xml").read_text("utf-8")

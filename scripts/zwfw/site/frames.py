"""Stamped frames: one builder run per folder, not per page.

Item, department and region pages (thousands at the province's scale) differ
in their frame only by title and file name. The builder builds one frame per
such folder, with a token for each; every page of the folder is stamped from
it (title escaped as the builder's frame would carry it) and gets its body
spliced in. A test compares stamped pages with pages the builder built itself.
The frames are kept with the build's manifest, so a partial build stamps new
pages without running the builder.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import html as h
from .pages import Page

#: Folders whose pages are stamped from one frame.
FOLDERS = ("items", "departments", "regions", "differences/regions")
TITLE = "ZWFWFRAMETITLETOKEN"
STEM = "zwfw-frame-token"


def stamped(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    return folder in FOLDERS and name != "index.md"


def frame_pages() -> list[Page]:
    """The one page per folder the builder builds (title and file name are tokens)."""
    return [Page(f"{folder}/{STEM}.md", TITLE, "", indexed=folder == "items") for folder in FOLDERS]


def frame_path(folder: str) -> str:
    return f"{folder}/{STEM}.html"


def stamp(frame: str, path: str, title: str) -> str:
    """The built HTML of page ``path`` (``folder/name.md``) from its folder's frame."""
    stem = path.rpartition("/")[2][:-3]
    return frame.replace(TITLE, h.attr(title)).replace(STEM, stem)


class Stamper:
    """Collects (path, title) of the stamped pages while they are written, then stamps them."""

    def __init__(self) -> None:
        self.pages: list[tuple[str, str]] = []

    def add(self, page: Page) -> None:
        self.pages.append((page.path, page.title))

    def write(self, out: Path, frames: dict[str, str]) -> None:
        for path, title in self.pages:
            folder = path.rpartition("/")[0]
            target = out / (path[:-3] + ".html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(stamp(frames[folder], path, title), "utf-8")


def take_frames(out: Path, keep: Path | None = None) -> dict[str, str]:
    """Read (and remove from the site) the built frames; keep a copy in ``keep`` for partial builds."""
    frames = {}
    for folder in FOLDERS:
        built = out / frame_path(folder)
        frames[folder] = built.read_text("utf-8")
        built.unlink()
        if keep is not None:
            saved = keep / (folder.replace("/", "__") + ".html")
            saved.parent.mkdir(parents=True, exist_ok=True)
            saved.write_text(frames[folder], "utf-8")
    return frames


def saved_frames(keep: Path) -> dict[str, str] | None:
    try:
        return {folder: (keep / (folder.replace("/", "__") + ".html")).read_text("utf-8") for folder in FOLDERS}
    except OSError:
        return None


def fix_sitemap(out: Path, pages: list[tuple[str, str]]) -> None:
    """The builder's sitemap lists the frames: list the stamped pages instead."""
    import gzip

    sitemap = out / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text("utf-8")
    blocks = {m.group(0) for m in re.finditer(r"<url>(?:(?!</url>).)*?" + re.escape(STEM) + r"(?:(?!</url>).)*?</url>\s*", text, re.S)}
    by_folder: dict[str, list[str]] = {}
    for path, _ in pages:
        folder, _, name = path.rpartition("/")
        by_folder.setdefault(folder, []).append(name[:-3])
    for block in blocks:
        folder = next((f for f in sorted(FOLDERS, key=len, reverse=True) if f"{f}/{STEM}" in block), None)
        stems = by_folder.get(folder, []) if folder else []
        text = text.replace(block, "".join(block.replace(STEM, stem) for stem in stems))
    sitemap.write_text(text, "utf-8")
    (out / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))

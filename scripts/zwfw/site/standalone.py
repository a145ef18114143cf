"""Small pages written without the site builder: a region's guide (办事指南)
and an item's 差异 list. Plain HTML with one stylesheet (print styles
included), no script, so they stay small, print cleanly and work with
JavaScript off; there are as many of them as entries, so they are written
straight to the output folder, one at a time."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from . import html as h
from .pages import href

STYLESHEET = "assets/zwfw-guide.css"


@dataclass(frozen=True)
class Frame:
    site_name: str
    sample: bool


def document(frame: Frame, path: str, title: str, crumbs: list[tuple[str, str]], body: str) -> str:
    """A complete page. ``crumbs`` are (site path, label) links above the title; ``body`` is escaped HTML."""
    up = lambda target: href(path, target)  # noqa: E731
    trail = " › ".join([h.link(up("index.html"), h.text(frame.site_name)), *(h.link(up(p), h.text(t)) for p, t in crumbs)])
    banner = h.tag("p", "示例数据，请勿据此办事。", class_="zwfw-lean-sample") if frame.sample else ""
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{h.text(title)} - {h.text(frame.site_name)}</title>"
        f'<link rel="stylesheet" href="{h.attr(up(STYLESHEET))}"></head>\n'
        f'<body class="zwfw-lean"><nav class="zwfw-lean-trail" aria-label="位置">{trail}</nav>{banner}\n'
        f"<main>{body}</main>\n"
        f'<footer class="zwfw-lean-foot">{h.link(up("search.html"), "搜索")} · {h.link(up("differences/index.html"), "各地差异")}'
        "</footer></body></html>\n"
    )


def write(out: Path, path: str, text: str) -> None:
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")


def folder_of(path: str) -> str:
    return posixpath.dirname(path)

"""The public site's 省政府审定 page: which published version of the province's
directory the provincial government approved (the latest signed approval tag,
:mod:`.release`) and what changed in it since. Every value from the data or the
tag is escaped; a site built outside a git repository says so."""

from __future__ import annotations

from pathlib import Path

from .. import gitrepo
from ..site import html as h
from ..site.pages import Page
from . import release

PAGE = "shending.md"
TITLE = "省政府审定"
MAX_SHOWN = 200


def page(root: Path | None) -> Page:
    """The page, read from the git repository of the catalog at ``root``."""
    try:
        if root is None:
            raise gitrepo.NotARepository("no root")
        with gitrepo.open_repo(root) as repo:
            listing = release.releases(repo)
            latest = release.latest_approved(listing)
            since = release.changes_since(repo, latest) if latest else []
    except gitrepo.NotARepository:
        return Page(PAGE, TITLE, h.tag("p", "网站不是从 git 仓库生成的，无法显示省政府审定记录。", class_="zwfw-note"))
    return Page(PAGE, TITLE, body(listing, latest, since))


def body(listing: release.Listing, latest: release.Release | None, since: list) -> str:
    if latest is None:
        return h.tag("p", "省级目录尚未记录省政府审定。", class_="zwfw-note")
    out = [h.tag("p", h.text(f"当前发布的省级目录以 {latest.date} 省政府审定的版本（{latest.tag}，提交 {latest.sha[:7]}）为基础："
                             f"{latest.title}。签名：{release.SIGNATURE_WORDS[latest.signature]}。"))]
    more = latest.message.split("\n", 1)[1].strip() if "\n" in latest.message else ""
    if more:
        out.append(h.tag("p", h.text(more)))
    if since:
        rows = [[h.text(c.title), h.text(c.message)] for c in since[:MAX_SHOWN]]
        out.append(h.tag("h2", h.text(f"审定以来省级目录的变化（{len(since)} 项，待下一次审定）")))
        out.append(h.table(["事项", "变化"], rows))
    else:
        out.append(h.tag("p", "审定以来省级目录没有变化。"))
    earlier = [r for r in listing.releases if r is not latest]
    if earlier:
        rows = [[h.text(r.date), h.text(r.tag), h.text(r.title), h.text(release.SIGNATURE_WORDS[r.signature])] for r in earlier]
        out.append(h.tag("h2", "历次审定"))
        out.append(h.table(["日期", "标签", "标题", "签名"], rows))
    return "\n".join(out)

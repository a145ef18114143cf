"""Change history for the public, written from the data.

One pass over the git log of the data folders; for each commit, each changed
record is compared with its previous version by the review library's change
detection (``zwfw diff`` uses the same, read-only here), and every change is
put in a citizen's words: what changed in the item (materials no longer
needed, time limit shortened, legal basis changed …) and when. Commit ids,
subjects, authors and folder ids never reach a page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from .. import gitrepo, layout, yamlio
from ..review import entry_changes, item_changes
from ..review.change import Change as ReviewChange
from ..review.snapshot import Snapshot, where

SCOPE_ITEM = "事项本身（各地统一）"
#: How many commits the history goes back (the newest first).
MAX_COMMITS = 300
_RECORD = "\x1e"
_FIELD = "\x1f"
_NUMBER = re.compile(r"^(\d+)\s*(\S*)$")


@dataclass(frozen=True)
class Change:
    date: str  # YYYY-MM-DD
    file: str  # the record's path
    what: str  # what changed, in Chinese, for the public
    seq: int = 0  # position in the history, 0 = newest (orders changes of one day)


def read(root, paths: tuple[str, ...] = (layout.ITEMS_DIR, layout.LIBRARIES_DIR)) -> list[Change]:
    """Every public change to an item or entry, newest first; empty outside a git repository."""
    try:
        repo = gitrepo.open_repo(root)
        log = repo.git.log(f"-{MAX_COMMITS}", f"--format={_RECORD}%H{_FIELD}%ad{_FIELD}%P", "--date=short",
                           "--name-status", "--no-renames", "--", *paths)
    except Exception:  # not a repository, no commits yet, git missing: no history to show
        return []
    out: list[Change] = []
    for block in log.split(_RECORD)[1:]:
        header, _, files = block.partition("\n")
        sha, date, parents = (header.split(_FIELD) + ["", "", ""])[:3]
        changed = [tuple(line.split("\t", 1)) for line in files.splitlines() if "\t" in line]
        out.extend(_commit(repo, sha, date, parents.split()[:1], changed))
    return [Change(c.date, c.file, c.what, n) for n, c in enumerate(out)]


def by_file(changes: list[Change]) -> dict[str, list[Change]]:
    out: dict[str, list[Change]] = defaultdict(list)
    for c in changes:
        out[c.file].append(c)
    return out


class _Revision(Snapshot):
    """A revision read only where asked (the review library's Snapshot lists every path up front)."""

    def __init__(self, commit):  # noqa: D107 - deliberately not calling Snapshot.__init__
        self.commit, self.rev, self.unreadable, self._cache, self.paths, self.items = commit, commit.hexsha, {}, {}, set(), {}

    def read(self, path: str | None) -> dict | None:
        if path is None:
            return None
        if path not in self._cache:
            raw = gitrepo.blob_bytes(self.commit, path)
            try:
                data = yamlio.load(yamlio.decode(raw)) if raw is not None else None
            except yamlio.ReadError:
                data = None
            self._cache[path] = data if isinstance(data, dict) else None
        return self._cache[path]


def _commit(repo, sha: str, date: str, parents: list[str], changed: list[tuple]) -> Iterator[Change]:
    head = _Revision(repo.commit(sha))
    base = _Revision(repo.commit(parents[0])) if parents else None
    for status, path in changed:
        loc = where(path)
        if loc is None or loc.kind not in (layout.ITEM, layout.ENTRY):
            continue
        if status.startswith("A") or base is None:
            yield Change(date, path, "开始办理" if loc.kind == layout.ENTRY else "新增事项")
        elif status.startswith("D"):
            yield Change(date, path, "停止在此办理" if loc.kind == layout.ENTRY else "事项删除")
        else:
            old, new = base.read(path), head.read(path)
            if old is None or new is None:
                continue
            if loc.kind == layout.ENTRY:
                found = entry_changes.compare(path, "", old, new, base, head)
            else:
                found = item_changes.compare(path, loc.stem, loc.stem, old, new)
            for c in found:
                text = public_text(c)
                if text:
                    yield Change(date, path, text)


def public_text(c: ReviewChange) -> str | None:
    """A review change in a citizen's words, or None for what is of no concern to them."""
    d = c.details
    if c.kind == "materials-changed":
        parts = [f"{label}：{'、'.join(d[key])}" for key, label in
                 (("removed", "不再需要提交"), ("added", "新增材料"), ("changed", "要求有调整")) if d.get(key)]
        return "申请材料" + "；".join(parts + [f"由 {d['before']} 件变为 {d['after']} 件"])
    if c.kind == "time-limit-changed":
        label = entry_changes.TIME_LIMITS.get(d.get("field"), "办结时限")
        return f"{label}{_trend(d.get('before'), d.get('after'))}"
    if c.kind == "visits-changed":
        return f"到办事现场次数由 {d.get('before', '—')} 次改为 {d.get('after', '—')} 次"
    if c.kind == "fee-changed":
        return c.message
    if c.kind == "legal-basis-changed":
        parts = [f"{label} " + "；".join(d[key]) for key, label in (("removed", "删除"), ("added", "新增"), ("changed", "修改"))
                 if d.get(key)]
        return "设定依据调整：" + ("；".join(parts) or "顺序调整")
    if c.kind in ("item-renamed", "item-type-changed", "levels-changed", "status-changed"):
        label = {"item-renamed": "事项名称", "item-type-changed": "事项类型", "levels-changed": "行使层级",
                 "status-changed": "事项状态"}[c.kind]
        return f"{label}由“{d.get('before') or '在用'}”改为“{d.get('after') or '在用'}”"
    if c.kind == "fields-changed":
        return "更新了" + "、".join(d.get("fields", []))
    return None


def _trend(before, after) -> str:
    """由 20 工作日缩短为 10 工作日 / 延长为 / 改为."""
    a, b = _NUMBER.match(str(before or "")), _NUMBER.match(str(after or ""))
    word = "改为"
    if before == "即办" and b:
        word = "延长为"
    elif after == "即办" and a:
        word = "缩短为"
    elif a and b and a.group(2) == b.group(2):
        word = "缩短为" if int(b.group(1)) < int(a.group(1)) else "延长为"
    return f"由 {before} {word} {after}"


def records(site) -> dict[str, tuple[str, str]]:
    """Each item's and entry's file → (basic code, where it applies in words):
    全省统一 for the directory item, region and agency for an entry."""
    out = {i.file: (i.code, SCOPE_ITEM) for i in site.items.values()}
    for e in site.entries:
        out[e.file] = (e.item, f"{site.region_label(e.region)} · {site.departments[e.department].name}")
    return out

"""Putting a reform report together from a repository: baseline state, current
state, the line over time. (The CLI and the site both call :func:`report`.)"""

from __future__ import annotations

from pathlib import Path

from .. import gitrepo
from ..review.snapshot import RevisionError, Snapshot
from . import compare, config, revisions
from .state import State, from_snapshot


class ReformError(ValueError):
    """No baseline can be found (no repository, no revision, nothing configured)."""


def open_repo(root: Path) -> gitrepo.Repo:
    try:
        return gitrepo.open_repo(root)
    except gitrepo.NotARepository:
        raise ReformError(f"{root} 不是 git 仓库的根文件夹：改革进展需要版本历史。") from None


def baseline_rev(root: Path, given: str | None) -> str:
    rev = given or config.load(root).baseline
    if not rev:
        raise ReformError(f"没有指定基线版本：请用 --baseline 指定（标签、提交或日期 YYYY-MM-DD），或在 {config.FILE} 中写 baseline。")
    return rev


def report(root: Path, current: State, baseline: str | None = None, with_history: bool = True) -> compare.Report:
    """The report for the catalog at ``root`` (``current`` is its state now)."""
    cfg = config.load(root)
    rev = baseline_rev(root, baseline)
    repo = open_repo(root)
    try:
        cache: dict = {}
        try:
            sha = revisions.resolve(repo, rev)
        except RevisionError as exc:
            raise ReformError(str(exc)) from None
        base = from_snapshot(Snapshot(repo, sha), cache)
        history = _history(repo, sha, current, cache) if with_history else []
    finally:
        repo.close()
    return compare.build(base, current, cfg.targets, history)


def _history(repo: gitrepo.Repo, since: str, current: State, cache: dict) -> list[compare.Point]:
    points = []
    for c in revisions.data_commits(repo, since):
        points.append(compare.point(from_snapshot(Snapshot(repo, c.sha), cache), c.subject))
    now = compare.point(current, "当前")
    if not points or (points[-1].entries, points[-1].materials) != (now.entries, now.materials):
        points.append(compare.Point("工作区", "", "当前（未提交的修改）", now.entries, now.materials))
    return points

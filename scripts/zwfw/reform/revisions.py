"""Finding the baseline: a tag, a commit, or a date (the last commit on or before it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import gitrepo, layout
from ..review.snapshot import RevisionError, Snapshot
from .state import State, from_snapshot

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: At most this many points on the line over time (evenly spaced, first and last kept).
MAX_POINTS = 40


def resolve(repo: gitrepo.Repo, rev: str) -> str:
    """The full sha ``rev`` names: a tag, branch or commit, or a date YYYY-MM-DD
    (the last commit of HEAD's history made on or before that day)."""
    if DATE_RE.match(rev):
        sha = repo.git.rev_list("-1", f"--before={rev} 23:59:59", "HEAD") if repo.head.is_valid() else ""
        if not sha:
            raise RevisionError(f"{rev} 当天或之前没有提交。")
        return sha.strip()
    return Snapshot(repo, rev).sha


def state_at(repo: gitrepo.Repo, rev: str, cache: dict | None = None) -> State:
    return from_snapshot(Snapshot(repo, resolve(repo, rev)), cache)


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    subject: str


def data_commits(repo: gitrepo.Repo, since: str | None = None) -> list[Commit]:
    """Commits of HEAD's first-parent line that changed the data, oldest first,
    thinned to :data:`MAX_POINTS`; with ``since`` (a sha), that commit first,
    then only the data commits after it."""
    if not repo.head.is_valid():
        return []
    span = f"{since}..HEAD" if since else "HEAD"
    out = repo.git.log("--first-parent", "--format=%H%x1f%cs%x1f%s", span, "--", *layout.DATA_DIRS)
    commits = [Commit(*line.split("\x1f", 2)) for line in out.splitlines() if line.count("\x1f") == 2][::-1]
    if since:
        first = repo.git.log("-1", "--format=%H%x1f%cs%x1f%s", since)
        commits.insert(0, Commit(*first.split("\x1f", 2)))
    return _thin(commits)


def _thin(commits: list[Commit]) -> list[Commit]:
    if len(commits) <= MAX_POINTS:
        return commits
    step = (len(commits) - 1) / (MAX_POINTS - 1)
    return [commits[round(i * step)] for i in range(MAX_POINTS)]

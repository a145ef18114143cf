"""Per-record history from git: one pass over the log for the whole catalog."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

STATUS = {"A": "新增", "M": "修改", "D": "删除"}
_RECORD = "\x1e"
_FIELD = "\x1f"


@dataclass(frozen=True)
class Change:
    date: str
    commit: str
    author: str
    subject: str
    status: str  # 新增 / 修改 / 删除
    file: str


def read(root: Path, paths: tuple[str, ...] = ("items", "libraries")) -> list[Change]:
    """Every change to a data file, newest first; empty outside a git repository."""
    try:
        import git

        repo = git.Repo(root, search_parent_directories=False)
        out = repo.git.log(
            f"--format={_RECORD}%h{_FIELD}%ad{_FIELD}%an{_FIELD}%s", "--date=short", "--name-status", "--no-renames",
            "--", *paths,
        )
    except Exception:  # not a repository, no commits yet, git missing: no history to show
        return []
    return list(_parse(out))


def _parse(out: str):
    for block in out.split(_RECORD)[1:]:
        header, _, files = block.partition("\n")
        commit, date, author, subject = (header.split(_FIELD) + ["", "", "", ""])[:4]
        for line in files.splitlines():
            status, _, path = line.partition("\t")
            if path:
                yield Change(date, commit, author, subject, STATUS.get(status[:1], "修改"), path)


def by_file(changes: list[Change]) -> dict[str, list[Change]]:
    out: dict[str, list[Change]] = defaultdict(list)
    for c in changes:
        out[c.file].append(c)
    return out


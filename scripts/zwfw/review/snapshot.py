"""The catalog's records at one git revision, read lazily with gitpython."""

from __future__ import annotations

import git

from .. import layout, yamlio


class RevisionError(ValueError):
    """A revision name that the repository does not have."""


class Snapshot:
    """The data files of one revision: paths listed at once, records parsed on demand."""

    def __init__(self, repo: git.Repo, rev: str):
        try:
            self.commit = repo.commit(rev)
        except (git.BadName, git.BadObject, ValueError) as exc:
            raise RevisionError(f"找不到版本 {rev}：{exc}") from None
        self.rev = rev
        self.unreadable: dict[str, str] = {}
        self._cache: dict[str, dict | None] = {}
        self.paths: set[str] = set()
        tree = self.commit.tree
        for top in layout.DATA_DIRS:
            try:
                sub = tree / top
            except KeyError:
                continue
            self.paths.update(b.path for b in sub.traverse() if b.type == "blob")
        self.items: dict[str, str] = {}  # basic code → catalog path
        for path in sorted(self.paths):
            where = _where(path)
            if where and where.kind == layout.ITEM:
                self.items.setdefault(where.stem, path)

    @property
    def sha(self) -> str:
        return self.commit.hexsha

    def read(self, path: str | None) -> dict | None:
        """The record at ``path``, or None (absent, or unreadable: see :attr:`unreadable`)."""
        if path is None or path not in self.paths:
            return None
        if path not in self._cache:
            self._cache[path] = self._parse(path)
        return self._cache[path]

    def _parse(self, path: str) -> dict | None:
        try:
            data = yamlio.load(yamlio.decode(self.commit.tree[path].data_stream.read()))
        except yamlio.ReadError as exc:
            self.unreadable[path] = exc.message
            return None
        if not isinstance(data, dict):
            self.unreadable[path] = "文件内容不是一条记录"
            return None
        return data

    def department(self, folder: str) -> dict:
        return self.read(f"{folder}/{layout.DEPARTMENT_FILE}") or {}

    def item(self, code: str) -> dict:
        return self.read(self.items.get(code)) or {}


def _where(path: str) -> layout.Location | None:
    try:
        return layout.classify(path)
    except layout.LayoutError:
        return None


def where(path: str) -> layout.Location | None:
    """What ``path`` holds, or None for a file that is no record."""
    return _where(path)

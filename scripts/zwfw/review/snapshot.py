"""The catalog's records at one git revision, read lazily (through :mod:`zwfw.gitrepo`)."""

from __future__ import annotations

from .. import gitrepo, layout, yamlio
from ..gitrepo import RevisionError

__all__ = ["RevisionError", "Snapshot", "where"]


class Snapshot:
    """The data files of one revision: paths listed at once, records parsed on demand."""

    def __init__(self, repo: gitrepo.Repo, rev: str):
        self.commit = gitrepo.commit(repo, rev)
        self.rev = rev
        self.unreadable: dict[str, str] = {}
        self._cache: dict[str, dict | None] = {}
        self.paths: set[str] = gitrepo.data_paths(self.commit)
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
            data = yamlio.load(yamlio.decode(gitrepo.blob_bytes(self.commit, path) or b""))
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

"""The one place that opens the catalog's git repository (gitpython, imported here only).

One policy: a catalog's repository is the git repository whose work tree *is*
the catalog root. A catalog folder inside some other repository (a copy in a
subfolder, a test fixture) has no history of its own, so nothing here searches
parent folders. gitpython is imported on first use, so ``zwfw validate`` never
pays for it. Other modules name its types as ``gitrepo.Repo`` and ``gitrepo.Commit``
(annotations only) and read commits, trees and tags through the objects these
functions return.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import layout

if TYPE_CHECKING:
    import git
    from git import Commit, Repo

__all__ = ["UNVERSIONED", "Commit", "NotARepository", "Repo", "RevisionError", "blob_bytes", "catalog_revision",
           "commit", "data_blobs", "data_paths", "open_repo", "verify_tag"]

#: The revision of a catalog that is not in git (or has no commit yet).
UNVERSIONED = "未纳入版本管理"


class NotARepository(ValueError):
    """The folder is not the top of a git work tree."""


class RevisionError(ValueError):
    """A revision name that the repository does not have."""


def open_repo(root: Path) -> git.Repo:
    """The repository whose work tree is ``root``."""
    import git

    try:
        return git.Repo(root, search_parent_directories=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise NotARepository(f"{root} 不是 git 仓库的根文件夹（含 .git 的文件夹）。") from None


def commit(repo: git.Repo, rev: str) -> git.Commit:
    """The commit ``rev`` names (a sha, branch or tag)."""
    import git

    try:
        return repo.commit(rev)
    except (git.BadName, git.BadObject, ValueError) as exc:
        raise RevisionError(f"找不到版本 {rev}：{exc}") from None


def data_blobs(tree: Any) -> Iterator[Any]:
    """The blobs under ``items/`` and ``libraries/`` of a commit's tree, by path."""
    for top in layout.DATA_DIRS:
        try:
            sub = tree / top
        except KeyError:
            continue
        yield from sorted((b for b in sub.traverse() if b.type == "blob"), key=lambda b: b.path)


def data_paths(found: git.Commit) -> set[str]:
    """The repository-relative paths of every data file of a commit."""
    return {blob.path for blob in data_blobs(found.tree)}


def blob_bytes(found: git.Commit, path: str) -> bytes | None:
    """The content of the file at ``path`` in a commit, or None when it has none."""
    try:
        data: bytes = found.tree[path].data_stream.read()
    except KeyError:
        return None
    return data


def verify_tag(repo: git.Repo, name: str) -> str | None:
    """None when git verifies the signature of tag ``name``, else git's complaint."""
    import git

    try:
        repo.git.verify_tag(name)
    except git.GitCommandError as exc:
        return f"{exc.stderr or ''}"
    return None


def catalog_revision(root: Path) -> str:
    """The commit of the catalog (marked when items/ or libraries/ have uncommitted
    changes), or :data:`UNVERSIONED`."""
    try:
        repo = open_repo(root)
        sha = repo.head.commit.hexsha
        dirty = any(repo.is_dirty(untracked_files=True, path=str(root / top)) for top in layout.DATA_DIRS)
    except Exception:  # not a repository, no commit yet, git missing: all mean "no revision"
        return UNVERSIONED
    return f"{sha}（含未提交的修改）" if dirty else sha

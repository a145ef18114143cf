"""What the git history says about basic codes: which codes were published
once and later removed, and for which item. A removed code must never come
back for another item (codes are immutable)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import gitrepo, layout, yamlio
from .snapshot import where


@dataclass(frozen=True)
class Former:
    """A basic code that an earlier revision had and ``rev`` no longer has."""

    code: str
    name: str | None  # the item's name just before it was removed
    path: str
    removed_in: str  # sha of the commit that removed it


def removed_codes(repo: gitrepo.Repo, rev: str, present: set[str]) -> dict[str, Former]:
    """Codes of directory items deleted somewhere in the history of ``rev`` and
    not in ``present`` (the codes ``rev`` has). Renames count as removals, so a
    code that was changed away is found too. The latest removal wins."""
    log = repo.git.log(rev, "--no-renames", "--diff-filter=D", "--name-only", "--format=%x00%H", "--", layout.ITEMS_DIR)
    found: dict[str, Former] = {}
    for block in log.split("\x00"):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        sha, paths = lines[0].strip(), lines[1:]
        for path in paths:
            loc = where(path)
            if loc is None or loc.kind != layout.ITEM or loc.stem in present or loc.stem in found:
                continue
            found[loc.stem] = Former(loc.stem, _name_before(repo, sha, path), path, sha)
    return found


def _name_before(repo: gitrepo.Repo, sha: str, path: str) -> str | None:
    parents = repo.commit(sha).parents
    if not parents:
        return None
    raw = gitrepo.blob_bytes(parents[0], path)
    try:
        data = yamlio.load(yamlio.decode(raw)) if raw is not None else None
    except yamlio.ReadError:
        return None
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) else None

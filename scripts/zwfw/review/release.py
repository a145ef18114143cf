"""省政府审定: the provincial government's approval of the province's directory,
recorded as signed, annotated git tags.

After the provincial government approves the province's directory (目录清单),
the provincial government-service office tags the approved commit::

    git tag -s shending/2026-12-03 -m "河北省政务服务事项目录（省级）省政府审定" -m "冀政字〔2026〕12号" <commit>

An approval is an *annotated* tag under :data:`TAG_PREFIX`; a lightweight tag
records nobody and is reported, not listed. Its signature is checked with git
(``git verify-tag``, OpenPGP or SSH keys as configured): ``verified``, ``bad``,
``unverifiable`` (no key to check it against here) or ``unsigned``.
:func:`releases` lists the approvals, newest first; :func:`changes_since` says
what changed in the province's directory since one of them (the change report
of ``zwfw diff``, restricted to the province's directory items).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .. import gitrepo, layout
from . import changes
from .change import Change
from .snapshot import where

TAG_PREFIX = "shending/"
VERIFIED, BAD, UNVERIFIABLE, UNSIGNED = "verified", "bad", "unverifiable", "unsigned"
SIGNATURE_WORDS = {
    VERIFIED: "签名有效", BAD: "签名无效", UNVERIFIABLE: "已签名（本机无法核验：缺少公钥）", UNSIGNED: "未签名",
}
_SIGNATURE_START = ("-----BEGIN PGP SIGNATURE-----", "-----BEGIN SSH SIGNATURE-----", "-----BEGIN SIGNED MESSAGE-----")


@dataclass(frozen=True)
class Release:
    tag: str
    sha: str  # the approved commit
    date: str  # ISO date of the tag
    tagger: str
    title: str  # first line of the tag message
    message: str  # the whole message, signature removed
    signature: str  # one of VERIFIED, BAD, UNVERIFIABLE, UNSIGNED


@dataclass
class Listing:
    releases: list[Release] = field(default_factory=list)  # newest first
    problems: list[str] = field(default_factory=list)  # in Chinese


def releases(repo: gitrepo.Repo) -> Listing:
    """Every approval recorded in ``repo``, newest first."""
    out = Listing()
    for ref in repo.tags:
        if not ref.name.startswith(TAG_PREFIX):
            continue
        tag = ref.tag
        if tag is None:
            out.problems.append(f"标签 {ref.name} 是轻量标签，不记录是谁、何时审定：请删除后用 git tag -s 打带签名的附注标签。")
            continue
        message, signed = _split_signature(tag.message)
        when = datetime.datetime.fromtimestamp(tag.tagged_date, datetime.UTC).date().isoformat()
        out.releases.append(Release(
            tag=ref.name, sha=ref.commit.hexsha, date=when, tagger=str(tag.tagger.name or tag.tagger.email),
            title=(message.strip().splitlines() or [ref.name])[0], message=message.strip(),
            signature=_verify(repo, ref.name) if signed else UNSIGNED,
        ))
    out.releases.sort(key=lambda r: (r.date, r.tag), reverse=True)
    return out


def _split_signature(message: str) -> tuple[str, bool]:
    starts = [message.find(mark) for mark in _SIGNATURE_START if mark in message]
    return (message[: min(starts)], True) if starts else (message, False)


def _verify(repo: gitrepo.Repo, tag: str) -> str:
    complaint = gitrepo.verify_tag(repo, tag)
    if complaint is None:
        return VERIFIED
    text = complaint.lower()
    if "bad signature" in text or "bad \"git\" signature" in text:
        return BAD
    return UNVERIFIABLE  # no public key, no allowed-signers file, no gpg here


def is_province_directory(path: str) -> bool:
    """A directory item of a provincial department (what the province's approval covers)."""
    loc = where(path)
    return loc is not None and loc.kind == layout.ITEM and len(loc.regions) == 1


def changes_since(repo: gitrepo.Repo, release: Release, head: str = "HEAD") -> list[Change]:
    """What changed in the province's directory between the approved commit and ``head``."""
    report = changes.compare(repo, release.sha, head)
    return [c for c in report.changes if is_province_directory(c.file)]


def latest_approved(listing: Listing) -> Release | None:
    """The newest approval whose signature is not known to be bad."""
    return next((r for r in listing.releases if r.signature != BAD), None)

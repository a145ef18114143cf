"""The approval gate as a pure function: a pull request's changed files, author,
commits and reviews, plus team memberships → satisfied, or what is missing.

Rules (each has scenario tests in ``tests/test_approvals.py``):

- every changed path (both sides of a rename) needs every side that
  :meth:`.owners.Owners.required` names for it: department AND legal for a
  directory item, department AND government-service office for an entry,
  platform maintainers for tooling, schemas and workflows;
- only each reviewer's latest review counts (COMMENTED and PENDING reviews do
  not change a reviewer's state, as on GitHub);
- an approval counts only for the latest commit (the review's ``commit_id`` is
  the head commit);
- the PR author's approval never counts, nor does the approval of anyone who
  authored or committed a commit of the PR (they would approve their own change);
  when a commit's author or committer is unknown (an e-mail linked to no
  account) or the API could not list every commit (over 250), nobody's
  approval can be cleared of this, so the gate fails closed;
- one person fills at most one side of a change: the sides of each group of
  files are matched to distinct approvers;
- a CHANGES_REQUESTED review from a member of any team concerned blocks until
  the same reviewer replaces it with an approval (or it is dismissed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .owners import Reviewer

APPROVED = "APPROVED"
CHANGES_REQUESTED = "CHANGES_REQUESTED"
DISMISSED = "DISMISSED"
#: Review states that set a reviewer's state; COMMENTED and PENDING do not.
STATEFUL = (APPROVED, CHANGES_REQUESTED, DISMISSED)
#: The committer GitHub records for commits made in its web interface.
WEB_COMMITTER = "web-flow"

Ownership = Callable[[str], tuple[Reviewer, ...]]


@dataclass(frozen=True)
class Review:
    login: str
    state: str
    commit_id: str
    submitted_at: str = ""
    id: int = 0


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str | None = None
    committer: str | None = None


@dataclass(frozen=True)
class ChangedFile:
    path: str
    status: str = "modified"
    previous_path: str | None = None


@dataclass(frozen=True)
class PullRequest:
    author: str
    head_sha: str
    files: tuple[ChangedFile, ...]
    commits: tuple[Commit, ...] = ()
    reviews: tuple[Review, ...] = ()
    complete: bool = True  # False when the API could not list every changed file
    commits_complete: bool = True  # False when the API could not list every commit (over 250)


@dataclass(frozen=True)
class Missing:
    reviewer: Reviewer
    files: tuple[str, ...]


@dataclass(frozen=True)
class Ignored:
    login: str
    reason: str  # one of IGNORE_REASONS


@dataclass
class Decision:
    missing: list[Missing] = field(default_factory=list)
    blocking: list[str] = field(default_factory=list)  # logins with changes requested
    approved: list[tuple[Reviewer, str]] = field(default_factory=list)  # side, login
    ignored: list[Ignored] = field(default_factory=list)
    incomplete: bool = False
    files: int = 0
    #: commits whose author or committer has no GitHub account; "*" when not every commit was listed
    unknown_contributors: list[str] = field(default_factory=list)

    @property
    def satisfied(self) -> bool:
        return not (self.missing or self.blocking or self.incomplete or self.unknown_contributors)


AUTHOR, CONTRIBUTOR, STALE = "author", "contributor", "stale"
IGNORE_REASONS = (AUTHOR, CONTRIBUTOR, STALE)


def evaluate(pr: PullRequest, ownership: Ownership, members: Mapping[str, set[str] | frozenset[str]]) -> Decision:
    """Decide whether ``pr`` has every approval it needs. ``members`` maps a team
    (``@org/slug``) to the logins in it; logins compare case-insensitively."""
    teams = {team: {m.lower() for m in logins} for team, logins in members.items()}
    groups = _groups(pr, ownership)
    latest = _latest(pr.reviews)
    decision = Decision(incomplete=not pr.complete, files=len(pr.files), unknown_contributors=_unknown(pr))
    concerned = set().union(*(teams.get(r.team, set()) for sides in groups for r in sides))
    decision.blocking = sorted(login for login, r in latest.items() if r.state == CHANGES_REQUESTED and login in concerned)
    approvers = _approvers(pr, latest, decision)
    approved: dict[tuple[Reviewer, str], None] = {}
    missing: dict[Reviewer, list[str]] = {}
    for sides, files in sorted(groups.items()):
        filled = _match(sides, approvers, teams)
        for side in sides:
            if side in filled:
                approved[(side, filled[side])] = None
            else:
                missing.setdefault(side, []).extend(files)
    decision.approved = sorted(approved)
    decision.missing = [Missing(side, tuple(sorted(set(files)))) for side, files in sorted(missing.items())]
    return decision


def _groups(pr: PullRequest, ownership: Ownership) -> dict[tuple[Reviewer, ...], list[str]]:
    """Changed paths grouped by the sides they need (a rename needs both paths' sides)."""
    groups: dict[tuple[Reviewer, ...], list[str]] = {}
    for f in pr.files:
        for path in dict.fromkeys(p for p in (f.previous_path, f.path) if p):
            groups.setdefault(tuple(sorted(ownership(path))), []).append(path)
    return groups


def _unknown(pr: PullRequest) -> list[str]:
    found = [c.sha for c in pr.commits if not c.author or not c.committer]
    return found + ([] if pr.commits_complete else ["*"])


def _latest(reviews: tuple[Review, ...]) -> dict[str, Review]:
    latest: dict[str, Review] = {}
    for r in sorted(reviews, key=lambda r: (r.submitted_at, r.id)):
        if r.state in STATEFUL:
            latest[r.login.lower()] = r
    return latest


def _approvers(pr: PullRequest, latest: dict[str, Review], decision: Decision) -> list[str]:
    """Logins whose approval counts, in a stable order; the others go to ``decision.ignored``."""
    author = pr.author.lower()
    contributors = {c.author.lower() for c in pr.commits if c.author}
    contributors |= {c.committer.lower() for c in pr.commits if c.committer and c.committer != WEB_COMMITTER}
    out = []
    for login, review in sorted(latest.items()):
        if review.state != APPROVED:
            continue
        if login == author:
            decision.ignored.append(Ignored(login, AUTHOR))
        elif login in contributors:
            decision.ignored.append(Ignored(login, CONTRIBUTOR))
        elif review.commit_id != pr.head_sha:
            decision.ignored.append(Ignored(login, STALE))
        else:
            out.append(login)
    return out


def _match(sides: tuple[Reviewer, ...], approvers: list[str], teams: dict[str, set[str]]) -> dict[Reviewer, str]:
    """A maximum matching of sides to distinct approvers (augmenting paths;
    deterministic: sides and approvers in sorted order)."""
    holder: dict[str, Reviewer] = {}

    def place(side: Reviewer, seen: set[str]) -> bool:
        for login in approvers:
            if login in seen or login not in teams.get(side.team, set()):
                continue
            seen.add(login)
            if login not in holder or place(holder[login], seen):
                holder[login] = side
                return True
        return False

    for side in sides:
        place(side, set())
    return {side: login for login, side in holder.items()}

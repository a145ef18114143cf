"""GitHub rulesets that enforce the review path with GitHub's own rules, which no
workflow of the repository can impersonate (``zwfw approvals --ruleset``).

- **Organisation, branch ruleset "zwfw gate"** on the catalog repository's
  default branch: pull requests only (no deletion, no force push), code-owner
  review, and the required checks *pinned to their source*: the commit status
  :data:`.config.STATUS_CONTEXT` only counts when set by the gate's GitHub App
  (``integration_id``), so a status that a branch workflow posts with its
  workflow token does not; ``validate`` only from GitHub Actions. It also
  requires the guard workflow of the separate platform repository (rule
  ``workflows``), whose code the catalog repository cannot change.
- **Organisation, push ruleset "zwfw workflow files"**: nobody but the platform
  team (bypass) may push workflow-triggering files (:data:`WORKFLOW_PATHS`) to
  any branch, so nobody can run a workflow of their own with the repository's
  token or secrets.
- **Organisation, tag ruleset "zwfw approved releases"**: only the provincial
  government-service office (bypass) may create, move or delete the tags
  ``shending/*`` that record the provincial government's approval
  (:mod:`.release`).
- **Repository rulesets "zwfw required reviewers"**: each team becomes one
  ``required_reviewers`` entry with its file patterns; a ruleset takes at most
  :data:`MAX_TEAMS` teams, so the entries are split. What these cannot say (the
  gate does): one person in two teams could fill two sides.

Numeric ids (teams, the gate App, the platform repository) come from a JSON
file (``--team-ids``); one that is missing keeps its name in place of the
number: GitHub refuses it, so an unfinished ruleset cannot be applied by mistake.
File patterns follow gitignore-style matching; none of them catches a record
that belongs to someone else (``tests/test_approvals.py`` checks this on the
sample catalog with the ``pathspec`` library).
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import layout
from .config import LIBRARY_PATHS, PLATFORM_TEAM, STATUS_CONTEXT
from .owners import PLATFORM_REVIEWER, Owners, Reviewer
from .release import TAG_PREFIX

MAX_TEAMS = 15
#: Integration id of GitHub Actions: the source of the ``validate`` job's check.
GITHUB_ACTIONS_APP_ID = 15368
VALIDATE_CHECK = "validate"
#: Keys of the ids file for the things that are not teams.
GATE_APP = "app:zwfw-gate"
PLATFORM_REPO = "repo:hebei-zwfw/zwfw-platform"
#: The guard workflow in the platform repository that the organisation ruleset requires.
GUARD_WORKFLOW = ".github/workflows/catalog-guard.yml"
#: Paths whose change can make GitHub run something: only the platform team may push them.
WORKFLOW_PATHS = (".github/workflows/**", ".github/actions/**", "action.yml", "action.yaml")
#: Folders and root files of the platform: folder patterns contain a slash (anchored in
#: gitignore-style matching), root files are exact names that no record has (no bare
#: ``*.yaml`` that would catch records).
PLATFORM_PATTERNS = (
    ".github/**", "schemas/**", "scripts/**", "tools/**", "tests/**", "docs/**", "benchmarks/**", ".ci/**",
    ".devcontainer/**", "pyproject.toml", "mkdocs.yml", "README.md", ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml", ".gitignore", "reform.yaml", "items/**/region.yaml",
)


def patterns(owners: Owners) -> dict[Reviewer, list[str]]:
    """File patterns (gitignore syntax) of every side that reviews something."""
    out: dict[Reviewer, list[str]] = {}

    def add(side: Reviewer | None, pattern: str) -> None:
        if side is not None and pattern not in out.setdefault(side, []):
            out[side].append(pattern)

    for folder, dept in sorted(owners.departments.items()):
        add(dept.reviewer, f"{folder}/**")
        region = folder.rsplit("/", 1)[0]
        add(owners.side(region, "legal"), f"{folder}/{layout.CATALOG_DIR}/**")
        for part in (layout.CATALOG_DIR + "/**", layout.ENTRIES_DIR + "/**", layout.DEPARTMENT_FILE):
            add(owners.side(region, "service_office"), f"{folder}/{part}")
    for folder in sorted(owners.regions):
        add(owners.side(folder, "service_office"), f"{folder}/{layout.REGION_FILE}")
        add(owners.side(folder, "legal"), f"{folder}/{layout.REGION_FILE}")
    office = owners.province.service_office if owners.province else None
    for path in LIBRARY_PATHS:
        add(office, path.strip("/") + "/**")
    for pattern in PLATFORM_PATTERNS:
        add(PLATFORM_REVIEWER, pattern)
    return {side: pats for side, pats in out.items() if side.team != PLATFORM_TEAM or side == PLATFORM_REVIEWER}


def _id(ids: Mapping[str, int], key: str):
    return ids.get(key, key)


def reviewer_rulesets(owners: Owners, ids: Mapping[str, int] | None = None) -> list[dict]:
    """Repository rulesets (POST /repos/{owner}/{repo}/rulesets bodies) of required reviewers."""
    ids = ids or {}
    by_team: dict[str, list[str]] = {}
    for side, pats in sorted(patterns(owners).items(), key=lambda kv: (kv[0].team, kv[0].role)):
        by_team.setdefault(side.team, [])
        by_team[side.team] += [p for p in pats if p not in by_team[side.team]]
    entries = [{"minimum_approvals": 1, "file_patterns": pats, "reviewer": {"id": _id(ids, team), "type": "Team"}}
               for team, pats in by_team.items()]
    chunks = [entries[i : i + MAX_TEAMS] for i in range(0, len(entries), MAX_TEAMS)]
    return [_reviewers_ruleset(n, len(chunks), chunk) for n, chunk in enumerate(chunks, 1)]


def _pull_request_rule(reviewers: list[dict] | None = None) -> dict:
    parameters = {
        "required_approving_review_count": 1,
        "dismiss_stale_reviews_on_push": True,
        "require_code_owner_review": True,
        "require_last_push_approval": True,
        "required_review_thread_resolution": False,
    }
    if reviewers is not None:
        parameters["required_reviewers"] = reviewers
    return {"type": "pull_request", "parameters": parameters}


def _reviewers_ruleset(n: int, total: int, reviewers: list[dict]) -> dict:
    return {
        "name": f"zwfw required reviewers {n}/{total}",
        "target": "branch",
        "enforcement": "active",
        "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
        "bypass_actors": [],
        "rules": [_pull_request_rule(reviewers)],
    }


def organisation_rulesets(repository: str, ids: Mapping[str, int] | None = None,
                          release_team: str | None = None) -> list[dict]:
    """Organisation rulesets (POST /orgs/{org}/rulesets bodies) for the catalog repository
    ``owner/name``; ``release_team`` records the provincial government's approvals."""
    ids = ids or {}
    name = repository.split("/", 1)[-1]
    repos = {"repository_name": {"include": [name], "exclude": [], "protected": True}}
    gate = {
        "name": "zwfw gate",
        "target": "branch",
        "enforcement": "active",
        "conditions": {**repos, "ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
        "bypass_actors": [],
        "rules": [
            {"type": "deletion"},
            {"type": "non_fast_forward"},
            _pull_request_rule(),
            {"type": "required_status_checks", "parameters": {
                "strict_required_status_checks_policy": False,
                "required_status_checks": [
                    {"context": STATUS_CONTEXT, "integration_id": _id(ids, GATE_APP)},
                    {"context": VALIDATE_CHECK, "integration_id": GITHUB_ACTIONS_APP_ID},
                ],
            }},
            {"type": "workflows", "parameters": {"workflows": [
                {"repository_id": _id(ids, PLATFORM_REPO), "path": GUARD_WORKFLOW, "ref": "refs/heads/main"},
            ]}},
        ],
    }
    workflow_files = {
        "name": "zwfw workflow files",
        "target": "push",
        "enforcement": "active",
        "conditions": repos,
        "bypass_actors": [{"actor_id": _id(ids, PLATFORM_TEAM), "actor_type": "Team", "bypass_mode": "always"}],
        "rules": [{"type": "file_path_restriction", "parameters": {"restricted_file_paths": list(WORKFLOW_PATHS)}}],
    }
    approvals = {
        "name": "zwfw approved releases",
        "target": "tag",
        "enforcement": "active",
        "conditions": {**repos, "ref_name": {"include": [f"refs/tags/{TAG_PREFIX}*"], "exclude": []}},
        "bypass_actors": [{"actor_id": _id(ids, release_team or PLATFORM_TEAM), "actor_type": "Team", "bypass_mode": "always"}],
        "rules": [{"type": "creation"}, {"type": "update"}, {"type": "deletion"}],
    }
    return [gate, workflow_files, approvals]


def rulesets(owners: Owners, repository: str, ids: Mapping[str, int] | None = None) -> dict[str, list[dict]]:
    """Every ruleset, by where it is posted."""
    org, _ = repository.split("/", 1)
    return {
        f"POST /orgs/{org}/rulesets": organisation_rulesets(repository, ids, _release_team(owners)),
        f"POST /repos/{repository}/rulesets": reviewer_rulesets(owners, ids),
    }


def _release_team(owners: Owners) -> str:
    office = owners.province.service_office if owners.province else None
    return office.team if office else PLATFORM_TEAM


def unresolved(owners: Owners, ids: Mapping[str, int] | None) -> list[str]:
    """Teams, the gate App and the platform repository that still need their numeric id."""
    wanted = {side.team for side in patterns(owners)} | {PLATFORM_TEAM, GATE_APP, PLATFORM_REPO, _release_team(owners)}
    return sorted(wanted - set(ids or {}))

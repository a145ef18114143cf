"""The approval rules as GitHub repository rulesets ("required reviewers"), for
organisations that prefer GitHub's own rule to the status-check gate.

Each side of :meth:`.owners.Owners.required` becomes one ``required_reviewers``
entry (a team, ``minimum_approvals: 1`` and its file patterns). A ruleset takes
a limited number of required-reviewer teams (:data:`MAX_TEAMS`), so the entries
are split over several rulesets, each applying to the default branch.

What a ruleset cannot say (the gate does): "everything else" belongs to the
platform (its patterns are listed in :data:`PLATFORM_PATTERNS`), a team must
be named by numeric id, and one person in two teams could fill both sides.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import layout
from .config import LIBRARY_PATHS, PLATFORM_TEAM
from .owners import Owners, Reviewer

MAX_TEAMS = 15
PLATFORM_PATTERNS = (
    ".github/**", "schemas/**", "scripts/**", "tools/**", "tests/**", "docs/**", "benchmarks/**", ".ci/**",
    "*.toml", "*.yml", "*.yaml", "*.md", "items/**/region.yaml",
)


def patterns(owners: Owners) -> dict[Reviewer, list[str]]:
    """File patterns (gitignore syntax) of every side that reviews something."""
    out: dict[Reviewer, list[str]] = {}

    def add(side: Reviewer | None, pattern: str) -> None:
        if side is not None and pattern not in out.setdefault(side, []):
            out[side].append(pattern)

    for folder, dept in sorted(owners.departments.items()):
        add(dept.reviewer, f"{folder}/**")
        region = owners.regions.get(folder.rsplit("/", 1)[0])
        if region:
            add(region.legal, f"{folder}/{layout.CATALOG_DIR}/**")
            add(region.service_office, f"{folder}/{layout.ENTRIES_DIR}/**")
            add(region.service_office, f"{folder}/{layout.DEPARTMENT_FILE}")
    for folder, region in sorted(owners.regions.items()):
        add(region.service_office, f"{folder}/{layout.REGION_FILE}")
    office = owners.province.service_office if owners.province else None
    for path in LIBRARY_PATHS:
        add(office, path.strip("/") + "/**")
    platform = next((s for s in out if s.team == PLATFORM_TEAM), Reviewer("platform", PLATFORM_TEAM, "平台维护组"))
    for pattern in PLATFORM_PATTERNS:
        add(platform, pattern)
    return out


def rulesets(owners: Owners, team_ids: Mapping[str, int] | None = None) -> list[dict]:
    """Repository rulesets (POST /repos/{owner}/{repo}/rulesets bodies). A team
    without a numeric id in ``team_ids`` keeps its name as the id: GitHub
    refuses it, so an unfinished ruleset cannot be applied by mistake."""
    team_ids = team_ids or {}
    entries = [
        {"minimum_approvals": 1, "file_patterns": pats, "reviewer": {"id": team_ids.get(side.team, side.team), "type": "Team"}}
        for side, pats in sorted(patterns(owners).items(), key=lambda kv: (kv[0].role, kv[0].team))
    ]
    chunks = [entries[i : i + MAX_TEAMS] for i in range(0, len(entries), MAX_TEAMS)]
    return [_ruleset(n, len(chunks), chunk) for n, chunk in enumerate(chunks, 1)]


def _ruleset(n: int, total: int, reviewers: list[dict]) -> dict:
    return {
        "name": f"zwfw required reviewers {n}/{total}",
        "target": "branch",
        "enforcement": "active",
        "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
        "bypass_actors": [],
        "rules": [
            {
                "type": "pull_request",
                "parameters": {
                    "required_approving_review_count": 1,
                    "dismiss_stale_reviews_on_push": True,
                    "require_code_owner_review": True,
                    "require_last_push_approval": True,
                    "required_review_thread_resolution": False,
                    "required_reviewers": reviewers,
                },
            }
        ],
    }


def unresolved(owners: Owners, team_ids: Mapping[str, int] | None) -> list[str]:
    """Teams that still need their numeric id."""
    return sorted({side.team for side in patterns(owners)} - set(team_ids or {}))

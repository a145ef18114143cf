"""The clerk's-desk workflows: form-to-pr (issue form → draft pull request) and
the change report posted as a pull-request comment. Beyond the shared guard
rails (tests/test_workflows.py): least permissions per job, no ${{ }} inside a
script, and the form-to-pr job's scripts run as written against a recorded
payload, with git and a stand-in for the GitHub CLI."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASE, REPO, GitRepo
from forms_helpers import FIXTURES, committed, payload, repository, write
from test_forms import HOSTILE, NEW_ENTRY, _answers
from test_workflows import load

WORKFLOWS = REPO / ".github" / "workflows"
FORM = WORKFLOWS / "form-to-pr.yml"
REPORT = WORKFLOWS / "change-report.yml"
COMMENT = WORKFLOWS / "change-report-comment.yml"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"


@pytest.mark.parametrize("path", [FORM, REPORT, COMMENT], ids=lambda p: p.name)
def test_no_expression_inside_a_script(path: Path) -> None:
    for job in load(path)["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), f"{step.get('name')}: pass values through env, not ${{{{ }}}}"


def test_form_to_pr_token_can_only_write_a_branch_a_pull_request_and_a_comment() -> None:
    doc = load(FORM)
    assert doc["on"] == {"issues": {"types": ["opened", "edited", "reopened", "labeled"]}}
    assert doc["permissions"] == {"contents": "read"}
    job = doc["jobs"]["draft"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert "author_association" in job["if"] and "form:" in job["if"] and "github.event.label.name" in job["if"]
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and "ref" not in checkout.get("with", {})  # default branch
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert '--payload "$GITHUB_EVENT_PATH"' in runs and "gh pr create --draft" in runs
    assert "secrets." not in FORM.read_text("utf-8")


def test_change_report_runs_the_base_tooling_on_the_pull_requests_data() -> None:
    doc = load(REPORT)
    assert set(doc["on"]) == {"pull_request"} and doc["permissions"] == {"contents": "read"}
    steps = doc["jobs"]["report"]["steps"]
    tool = next(s for s in steps if s.get("with", {}).get("path") == "tool")
    assert tool["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    installs = [s["run"] for s in steps if "pip install" in s.get("run", "")]
    assert installs == ["python -m pip install './tool[review]'"]  # the pull request's checkout is never installed
    assert any("zwfw diff HEAD^1 HEAD --repo pr" in s.get("run", "") for s in steps)
    assert "secrets." not in REPORT.read_text("utf-8")


def test_change_report_comment_trusts_nothing_from_the_artifact() -> None:
    doc = load(COMMENT)
    assert doc["on"] == {"workflow_run": {"workflows": ["change-report"], "types": ["completed"]}}
    assert load(REPORT)["name"] == "change-report"
    job = doc["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert not any(s.get("uses", "").startswith("actions/checkout@") for s in job["steps"])  # no code at all
    script = job["steps"][-1]["run"]
    assert "*[!0-9]*" in script and '"$head" != "$RUN_HEAD_SHA"' in script and "head -c 60000" in script


# --- the form-to-pr job's scripts, run as written ------------------------------------

FAKE_GH = """#!/bin/sh
# stand-in for the GitHub CLI: logs its arguments, answers what the job asks
printf '%s\\n' "$*" >> "$GH_LOG"
case "$1 $2" in
  "pr list") ;;
  "pr create") echo "https://github.com/hebei-zwfw/catalog/pull/7" ;;
  "issue comment") shift 2; while [ "$#" -gt 0 ]; do [ "$1" = --body-file ] && cp "$2" "$GH_LOG.comment"; shift; done ;;
esac
"""


def _steps():
    job = load(FORM)["jobs"]["draft"]
    return job, [s for s in job["steps"] if "run" in s and "pip install" not in s["run"]]


def _run_job(tmp: Path, event: dict, origin: Path | None = None) -> tuple[Path, Path, dict]:
    """The job's scripts in order, as the runner would (bash -e, step ifs on the draft
    status), in a checkout of ``origin`` (a new one holding the fixture catalog if None)."""
    tmp.mkdir(parents=True, exist_ok=True)
    work = tmp / "work"
    if origin is None:
        origin = _origin(tmp)
    subprocess.run(["git", "clone", "-q", "-b", "main", str(origin), str(work)], check=True)
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH, "utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    (tmp / "runner").mkdir()
    job, steps = _steps()
    expressions = {"${{ github.token }}": "not-a-token", "${{ github.repository }}": "hebei-zwfw/catalog",
                   "${{ github.event.repository.default_branch }}": "main",
                   "${{ github.event.issue.number }}": str(event["issue"]["number"])}
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_EVENT_PATH": str(write(tmp / "event.json", event)), "RUNNER_TEMP": str(tmp / "runner"),
           "GITHUB_OUTPUT": str(tmp / "output"), "GH_LOG": str(tmp / "gh.log"), "HOME": str(tmp),
           "GIT_CONFIG_NOSYSTEM": "1"}
    outputs: dict[str, str] = {}
    for step in steps:
        for key, value in {**job.get("env", {}), **step.get("env", {})}.items():
            assert value in expressions or "${{" not in value, value
            env[key] = expressions.get(value, value)
        condition = step.get("if", "")
        if "status == '0'" in condition and outputs.get("status") != "0":
            continue
        if "status != ''" in condition and outputs.get("status", "") == "":
            continue
        if "unchanged != '1'" in condition and outputs.get("unchanged") == "1":
            continue
        Path(env["GITHUB_OUTPUT"]).write_text("", "utf-8")
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                              cwd=work, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{step.get('name')}: {done.stdout}{done.stderr}"
        outputs.update(line.split("=", 1) for line in Path(env["GITHUB_OUTPUT"]).read_text().splitlines() if "=" in line)
    return work, origin, outputs


def _origin(tmp: Path) -> Path:
    """A bare repository whose main holds the fixture catalog with the forms."""
    seed = committed(repository(BASE, tmp / "seed"))
    origin = tmp / "origin.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(seed), str(origin)], check=True)
    return origin


def test_form_to_pr_job_opens_a_draft_pull_request(tmp_path: Path) -> None:
    event = json.loads((FIXTURES / "new-entry.json").read_text("utf-8"))
    work, origin, outputs = _run_job(tmp_path, event)
    assert outputs["status"] == "0"
    files = subprocess.run(["git", "--git-dir", str(origin), "show", "--name-only", "--format=%ae", "form/issue-101"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert files == [BOT_EMAIL, NEW_ENTRY]
    log = (tmp_path / "gh.log").read_text("utf-8")
    assert "pr create --draft --base main --head form/issue-101 --title 新增实施清单事项：石家庄市市场监督管理局 000131002000 食品生产许可（#101）" in log
    assert "issue comment 101 --body-file" in log
    comment = (tmp_path / "gh.log.comment").read_text("utf-8")
    assert "校验通过" in comment and "草稿拉取请求：https://github.com/hebei-zwfw/catalog/pull/7" in comment


def test_form_to_pr_job_does_not_overwrite_a_branch_people_changed(tmp_path: Path) -> None:
    event = json.loads((FIXTURES / "new-entry.json").read_text("utf-8"))
    _, origin, _ = _run_job(tmp_path / "first", event)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "-b", "form/issue-101", str(origin), str(clone)], check=True)
    (clone / NEW_ENTRY).write_text((clone / NEW_ENTRY).read_text("utf-8") + "# 人工修改\n", "utf-8")
    GitRepo(clone, name="clerk", email="clerk@example.org").git("commit", "-qam", "edit")
    subprocess.run(["git", "-C", str(clone), "push", "-q", "origin", "form/issue-101"], check=True)
    _run_job(tmp_path / "second", event, origin)  # the issue is edited: the job runs again
    tip = subprocess.run(["git", "--git-dir", str(origin), "log", "-1", "--format=%ae", "form/issue-101"],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert tip == "clerk@example.org"
    assert "已有人工修改" in (tmp_path / "second" / "gh.log.comment").read_text("utf-8")
    assert "pr create" not in (tmp_path / "second" / "gh.log").read_text("utf-8")


def test_form_to_pr_job_updates_its_own_branch_when_the_issue_is_edited(tmp_path: Path) -> None:
    event = json.loads((FIXTURES / "new-entry.json").read_text("utf-8"))
    _, origin, _ = _run_job(tmp_path / "first", event)
    event["action"] = "edited"
    event["issue"]["body"] = event["issue"]["body"].replace("0311-88001234", "0311-88009999")
    _run_job(tmp_path / "second", event, origin)
    text = subprocess.run(["git", "--git-dir", str(origin), "show", f"form/issue-101:{NEW_ENTRY}"],
                          capture_output=True, text=True, check=True).stdout
    assert "0311-88009999" in text


def test_form_to_pr_job_with_hostile_answers_executes_nothing(tmp_path: Path) -> None:
    mark = tmp_path / "FORM-EXECUTED"
    answers = {key: HOSTILE.format(mark=mark) for key in ("item", "conditions", "location", "hours", "office", "materials")}
    base = _answers("form:new-entry", {"new-entry": json.loads((FIXTURES / "new-entry.json").read_text("utf-8"))["issue"]["body"]})
    event = payload("form:new-entry", {**base, **answers}, number=9)
    _, origin, outputs = _run_job(tmp_path, event)
    assert outputs["status"] == "1" and not mark.exists()
    assert subprocess.run(["git", "--git-dir", str(origin), "branch", "--list", "form/*"], capture_output=True,
                          text=True).stdout == ""  # nothing pushed
    event = payload("form:new-entry", {**base, **{k: v for k, v in answers.items() if k not in ("item", "materials")}}, number=10)
    _, origin, outputs = _run_job(tmp_path / "again", event)
    assert outputs["status"] == "0" and not mark.exists()
    log = (tmp_path / "again" / "gh.log").read_text("utf-8")
    assert "touch" not in log.split("issue comment")[0]  # the title and arguments carry nothing from the form


def test_a_draft_from_the_form_is_validated_when_handed_to_reviewers() -> None:
    """A pull request opened with the workflow token starts no workflow: the required checks
    must run on ready_for_review, the clerk's own click."""
    for path in (WORKFLOWS / "validate.yml", WORKFLOWS / "approvals.yml", REPORT):
        on = load(path)["on"]
        event = on.get("pull_request") or on["pull_request_target"]  # the approval gate runs on pull_request_target
        assert "ready_for_review" in event["types"], path.name


def test_the_same_answers_again_push_nothing_and_post_nothing(tmp_path: Path) -> None:
    """An issue opened with its form's label arrives as `opened` and `labeled`: one draft, one reply."""
    event = json.loads((FIXTURES / "new-entry.json").read_text("utf-8"))
    _, origin, _ = _run_job(tmp_path / "opened", event)
    tip = subprocess.run(["git", "--git-dir", str(origin), "rev-parse", "form/issue-101"], capture_output=True, text=True).stdout
    event["action"] = "labeled"
    _, _, outputs = _run_job(tmp_path / "labeled", event, origin)
    assert outputs.get("unchanged") == "1"
    assert subprocess.run(["git", "--git-dir", str(origin), "rev-parse", "form/issue-101"], capture_output=True,
                          text=True).stdout == tip
    assert not (tmp_path / "labeled" / "gh.log.comment").exists()

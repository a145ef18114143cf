"""Guard rails for GitHub Actions workflow files: what a workflow may do with the
repository's token and secrets, so that no workflow can forge the approval
gate's verdict or hand branch code a secret.

Two kinds of trigger matter:

- **branch code** (:data:`BRANCH_CODE`): the workflow file and the code it
  checks out come from a branch or pull request that nobody has reviewed yet
  (``pull_request``, ``push`` to any branch but main, ``workflow_dispatch`` on
  any ref, ...). Such a workflow gets no secret but ``GITHUB_TOKEN`` and no
  write permission, except in a job bound to an ``environment`` (whose
  deployment-branch rule decides whether the job runs at all);
- **privileged** (:data:`PRIVILEGED`): the workflow file comes from the
  default branch and runs with secrets and a write token
  (``pull_request_target``, ``workflow_run``, ``issues``, ``schedule``,
  ``push`` to main, ...). Such a workflow never checks out or fetches a pull
  request's code, and never runs or installs what a triggering run uploaded
  (an artifact may be read as data).

And everywhere: permissions are declared at the top; only the gate
(:data:`GATE`) may write commit statuses or checks, or call those APIs.
:func:`problems` returns every breach of one workflow; ``tests/test_workflows.py``
runs it over ``.github/workflows`` and over the attacking workflows of
``tests/fixtures/workflows/``; ``zwfw approvals --check-workflows`` runs it
anywhere (e.g. in the platform repository's required guard workflow).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

#: (workflow file name, job id) of the approval gate: the only writer of statuses and checks.
GATE = ("approvals.yml", "gate")
BRANCH_CODE = {
    "pull_request", "pull_request_review", "pull_request_review_comment", "push", "create", "delete",
    "merge_group", "workflow_dispatch",
}
PRIVILEGED = {
    "pull_request_target", "workflow_run", "issues", "issue_comment", "discussion", "discussion_comment",
    "schedule", "release", "deployment", "deployment_status", "check_run", "check_suite", "status", "fork",
    "watch", "label", "milestone", "project", "registry_package", "page_build", "repository_dispatch",
}
PROTECTED_BRANCHES = {"main"}
VERDICT_SCOPES = ("statuses", "checks")
#: Expressions and commands that name what a pull request or a triggering run produced.
UNTRUSTED = re.compile(
    r"github\.event\.pull_request\.head|github\.event\.workflow_run\.(head_|pull_requests)|github\.head_ref"
    r"|github\.event\.(issue|comment)\.|refs/pull/|\bpull/[^\s/]*/(head|merge)\b|gh\s+pr\s+checkout"
)
VERDICT_API = re.compile(r"/statuses/|/check-runs|createCommitStatus|checks\.create|checks\.update|/check-suites")
SECRET = re.compile(r"secrets\.([A-Za-z_][A-Za-z0-9_]*)|secrets\[")


def load(path: Path) -> dict:
    doc = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(doc, dict):
        raise ValueError(f"{path.name}: not a workflow")
    if True in doc:  # YAML 1.1 reads the key `on` as true
        doc["on"] = doc.pop(True)
    return doc


def triggers(doc: dict) -> dict:
    on = doc.get("on")
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {t: None for t in on}
    return dict(on) if isinstance(on, dict) else {}


def _main_only_push(spec) -> bool:
    return (isinstance(spec, dict) and set(spec.get("branches") or []) <= PROTECTED_BRANCHES
            and spec.get("branches") and not spec.get("tags") and "branches-ignore" not in spec)


def runs_branch_code(doc: dict) -> set[str]:
    """The triggers under which the workflow runs a branch's (unreviewed) files."""
    out = set()
    for name, spec in triggers(doc).items():
        if name in BRANCH_CODE and not (name == "push" and _main_only_push(spec)):
            out.add(name)
    return out


def privileged(doc: dict) -> set[str]:
    found = {t for t in triggers(doc) if t in PRIVILEGED}
    if "push" in triggers(doc) and _main_only_push(triggers(doc)["push"]):
        found.add("push")
    return found


def _writes(permissions) -> list[str]:
    if isinstance(permissions, str):
        return ["*"] if permissions == "write-all" else []
    if isinstance(permissions, dict):
        return sorted(scope for scope, level in permissions.items() if level == "write")
    return []


def _text(node) -> str:
    """Every string of a job or step, for expression and command checks."""
    if isinstance(node, dict):
        return "\n".join(_text(v) for v in node.values())
    if isinstance(node, list):
        return "\n".join(_text(v) for v in node)
    return node if isinstance(node, str) else ""


def problems(doc: dict, name: str) -> list[str]:
    """Every breach of the guard rails in the workflow ``doc`` (file ``name``)."""
    out: list[str] = []
    perms = doc.get("permissions")
    if not isinstance(perms, dict):
        out.append(f"{name}: declare least permissions at the top (a mapping, not {perms!r})")
    branch_code, elevated = runs_branch_code(doc), privileged(doc)
    jobs = doc.get("jobs") if isinstance(doc.get("jobs"), dict) else {}
    for job_id, job in jobs.items():
        job = job if isinstance(job, dict) else {}
        where = f"{name}: job {job_id}"
        writes = set(_writes(perms)) | set(_writes(job.get("permissions")))
        is_gate = (name, job_id) == GATE
        if not is_gate and writes & {"*", *VERDICT_SCOPES}:
            out.append(f"{where}: only the approval gate may write commit statuses or checks (permissions: {sorted(writes)})")
        text = _text(job)
        if not is_gate and VERDICT_API.search(text):
            out.append(f"{where}: only the approval gate may call the commit status or check APIs")
        if branch_code and not job.get("environment"):
            if writes:
                out.append(f"{where}: runs branch code ({', '.join(sorted(branch_code))}) with write permissions "
                           f"{sorted(writes)}: drop them or bind the job to a protected environment")
            leaked = sorted({m.group(1) or "[...]" for m in SECRET.finditer(text)} - {"GITHUB_TOKEN"})
            if leaked:
                out.append(f"{where}: runs branch code ({', '.join(sorted(branch_code))}) with secrets {leaked}")
        if elevated:
            out += [f"{where}: {issue}" for issue in _untrusted_steps(job, elevated)]
    return out


#: A command that runs a file or installs a package from a path (``{path}`` is filled in).
EXECUTES = (r"(?:\b(?:bash|sh|zsh|source|python3?|node|perl|ruby|make\s+-C|chmod\s+\+x)\s+|\.\s+|"
            r"\b(?:pip3?|npm|yarn|pnpm)\s+(?:install|ci|exec|run)\b[^\n|;&]*?)(?:\./)?{path}")


def _untrusted_steps(job: dict, elevated: set[str]) -> list[str]:
    """Checkouts of untrusted refs, and runs of what a triggering run uploaded
    (downloading an artifact as data to read is fine; executing it is not)."""
    found, downloaded = [], []
    for step in job.get("steps") or []:
        if not isinstance(step, dict):
            continue
        uses, with_ = str(step.get("uses") or ""), step.get("with") if isinstance(step.get("with"), dict) else {}
        label = step.get("name") or uses or "run step"
        run = str(step.get("run") or "")
        if uses.startswith("actions/checkout@") and UNTRUSTED.search(_text(with_)):
            found.append(f"step {label!r} checks out a pull request's or triggering run's code in a privileged "
                         f"workflow ({', '.join(sorted(elevated))})")
        elif UNTRUSTED.search(run) and re.search(r"\bgit\s+(fetch|checkout|switch|pull)\b|gh\s+pr\s+checkout", run):
            found.append(f"step {label!r} fetches a pull request's code in a privileged workflow")
        elif uses.startswith("actions/download-artifact@"):
            path = str(with_.get("path") or "").strip().strip("/").removeprefix("./")
            downloaded.append(re.escape(path) + "/" if path else r"[\w.-]")
        elif run and any(re.search(EXECUTES.format(path=p), run) for p in downloaded):
            found.append(f"step {label!r} runs what the triggering run uploaded (an artifact: untrusted) "
                         f"in a privileged workflow")
    return found

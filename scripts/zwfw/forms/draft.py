"""The form-to-pull-request step: an issue event payload → a record file in the
working tree, validated, plus what the workflow posts (``result.json``,
``pr-body.md``, ``comment.md``) and, on request, a commit on the branch
``form/issue-<number>``. Nothing from the form chooses a path, a branch, a
title or a command line: those come from the issue number and the catalog."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .. import catalog as catalog_mod
from .. import layout, report
from ..problems import Problem
from ..validate import validate
from . import markdown, records
from .body import parse
from .definitions import CHANGE_ENTRY, NEW_ENTRY, NEW_ITEM, Form, FormError, form_of, load_forms

BUILDERS = {NEW_ENTRY: records.new_entry, CHANGE_ENTRY: records.change_entry, NEW_ITEM: records.new_item}
PR_TEMPLATE = Path(".github") / "pull_request_template.md"


@dataclass
class Draft:
    issue: int
    form: Form | None = None
    path: str | None = None  # the record written, repository-relative
    form_problems: list[str] = field(default_factory=list)  # why no record could be written
    problems: list[Problem] = field(default_factory=list)  # the validator's, for the record
    reason: str = ""
    subject: str = ""  # department and item, from the catalog


    @property
    def branch(self) -> str:
        return f"form/issue-{self.issue}"

    @property
    def title(self) -> str:
        return f"{self.form.name if self.form else '表单'}：{self.subject or self.path or ''}（#{self.issue}）"

    @property
    def valid(self) -> bool:
        return self.path is not None and not any(p.is_error for p in self.problems)


def read_payload(path: Path) -> dict:
    """The event payload (``$GITHUB_EVENT_PATH``) of an ``issues`` event."""
    payload = json.loads(path.read_text("utf-8"))
    issue = payload.get("issue") if isinstance(payload, dict) else None
    if not isinstance(issue, dict) or type(issue.get("number")) is not int or issue["number"] <= 0:
        raise FormError("事件数据中没有议题编号：这一步只处理 issues 事件。")
    return issue


def draft(root: Path, issue: dict) -> Draft:
    """Write the record the issue's form describes into ``root`` and validate it."""
    result = Draft(issue["number"])
    labels = [lab.get("name", "") for lab in issue.get("labels") or [] if isinstance(lab, dict)]
    try:
        result.form = form_of(load_forms(root), labels)
        answers = parse(result.form, issue.get("body") or "")
    except FormError as exc:
        result.form_problems.append(str(exc))
        return result
    result.reason = str(answers.get("reason", ""))
    catalog, _ = catalog_mod.load(root)
    new = BUILDERS[result.form.kind](catalog, result.form, answers, result.form_problems)
    if new is None:
        if not result.form_problems:
            result.form_problems.append("表单内容不足以生成记录。")
        return result
    target = (root / new.path).resolve()
    if not target.is_relative_to((root / "items").resolve()):
        raise FormError(f"生成的路径 {new.path} 不在 items/ 中。")  # cannot happen: paths come from the catalog
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(new.text, encoding="utf-8")
    result.path = new.path
    result.subject = _subject(catalog, new.path)
    checked = validate(root, [new.path])
    result.problems = report.with_positions(checked.problems, checked.catalog)
    return result


def _subject(catalog: catalog_mod.Catalog, path: str) -> str:
    """“<department name> <basic code> <item name>”, from the catalog (never from the form)."""
    folder, _, file = path.rpartition("/")
    dept_folder = folder.rsplit("/", 1)[0]
    code = file.removesuffix(".yaml")
    dept = next((r.data.get("name", "") for r in catalog.of(layout.DEPARTMENT) if r.file == f"{dept_folder}/{layout.DEPARTMENT_FILE}"), "")
    item = catalog.index(layout.ITEM, "code").get(code)
    return " ".join(p for p in (dept, code, item.data.get("name", "") if item else "") if p)


def write_outputs(root: Path, result: Draft, out: Path) -> None:
    """``result.json`` (for the workflow), ``comment.md`` (the reply on the issue)
    and, when a record was written, ``pr-body.md``."""
    out.mkdir(parents=True, exist_ok=True)
    form_name = result.form.name if result.form else "表单"
    summary = {"issue": result.issue, "written": result.path is not None, "path": result.path,
               "valid": result.valid, "branch": result.branch, "title": result.title,
               "errors": sum(p.is_error for p in result.problems), "form_problems": result.form_problems}
    (out / "result.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", "utf-8")
    comment = markdown.issue_reply(form_name, result.path, result.problems, result.form_problems)
    (out / "comment.md").write_text(comment, "utf-8")
    if result.path is not None:
        template = root / PR_TEMPLATE
        checklist = template.read_text("utf-8") if template.is_file() else ""
        body = markdown.pull_request_body(result.issue, form_name, result.path, result.problems, result.reason, checklist)
        (out / "pr-body.md").write_text(body, "utf-8")


def commit(root: Path, result: Draft) -> None:
    """Commit the record alone on ``form/issue-<n>``, from the current commit."""
    assert result.path is not None
    git = ["git", "-C", str(root)]
    subprocess.run([*git, "switch", "--quiet", "-C", result.branch], check=True)
    subprocess.run([*git, "add", "--", result.path], check=True)
    message = f"{result.title}\n\n根据议题 #{result.issue} 的表单生成（zwfw form draft）。\n"
    subprocess.run([*git, "commit", "--quiet", "--no-verify", "-F", "-"], input=message, text=True, check=True)

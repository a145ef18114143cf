"""Issue-form payloads as GitHub sends them: the body rendered from the
repository's own form definitions (``### <label>``, blank line, answer;
``_No response_`` for an empty answer; ``- [X] option`` for ticked boxes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from conftest import REPO, GitRepo, copy_catalog

TEMPLATES = REPO / ".github" / "ISSUE_TEMPLATE"
FIXTURES = Path(__file__).parent / "fixtures" / "forms"
FORM_FILES = {"form:new-entry": "1-new-entry.yml", "form:change-entry": "2-change-entry.yml", "form:new-item": "3-new-item.yml"}


def template(kind: str) -> dict:
    return yaml.safe_load((TEMPLATES / FORM_FILES[kind]).read_text("utf-8"))


def render_body(kind: str, answers: dict) -> str:
    sections = []
    for element in template(kind)["body"]:
        if element["type"] == "markdown":
            continue
        attrs, value = element["attributes"], answers.get(element["id"])
        if element["type"] == "checkboxes":
            ticked = value or []
            value = "\n".join(f"- [{'X' if o['label'] in ticked else ' '}] {o['label']}" for o in attrs["options"])
        sections.append(f"### {attrs['label']}\n\n{value if value else '_No response_'}")
    return "\n\n".join(sections)


def payload(kind: str, answers: dict | None = None, number: int = 42, body: str | None = None) -> dict:
    return {
        "action": "opened",
        "issue": {
            "number": number,
            "title": f"[{template(kind)['name']}] ",
            "state": "open",
            "author_association": "MEMBER",
            "user": {"login": "clerk-zd", "type": "User"},
            "labels": [{"name": kind}],
            "body": render_body(kind, answers or {}) if body is None else body,
        },
        "repository": {"full_name": "hebei-zwfw/catalog", "default_branch": "main"},
        "sender": {"login": "clerk-zd", "type": "User"},
    }


def recorded(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))


def write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    return path


def repository(src: Path, dst: Path) -> Path:
    """A catalog with the repository's forms and pull-request template beside it."""
    copy_catalog(src, dst)
    shutil.copytree(REPO / ".github" / "ISSUE_TEMPLATE", dst / ".github" / "ISSUE_TEMPLATE")
    shutil.copy(REPO / ".github" / "pull_request_template.md", dst / ".github" / "pull_request_template.md")
    return dst


def committed(root: Path) -> Path:
    """``root`` made a git repository whose main branch has one commit of everything in it."""
    GitRepo(root, name="t", email="t@example.org").commit("catalog")
    return root

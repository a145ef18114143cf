"""The issue forms as data: which form an issue was filed with, its questions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

TEMPLATE_DIR = Path(".github") / "ISSUE_TEMPLATE"

# The form's label (set by the template) → what the form does.
NEW_ENTRY = "form:new-entry"
CHANGE_ENTRY = "form:change-entry"
NEW_ITEM = "form:new-item"
KINDS = (NEW_ENTRY, CHANGE_ENTRY, NEW_ITEM)


class FormError(ValueError):
    """The issue cannot be read as one of the forms; the message (Chinese) says why."""


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    type: str  # input / textarea / dropdown / checkboxes
    required: bool
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    kind: str  # one of KINDS
    name: str  # the form's Chinese name
    fields: tuple[Field, ...]

    def field(self, field_id: str) -> Field:
        return next(f for f in self.fields if f.id == field_id)


def load_forms(root: Path) -> dict[str, Form]:
    """Every issue form of the repository at ``root`` that is one of :data:`KINDS`."""
    forms: dict[str, Form] = {}
    for path in sorted((root / TEMPLATE_DIR).glob("*.yml")):
        doc = yaml.safe_load(path.read_text("utf-8"))
        if not isinstance(doc, dict) or "body" not in doc:
            continue  # config.yml
        kind = next((label for label in doc.get("labels", []) if label in KINDS), None)
        if kind is not None:
            forms[kind] = Form(kind, doc["name"], tuple(_fields(doc["body"])))
    return forms


def _fields(body: list[dict]):
    for element in body:
        if element.get("type") == "markdown":
            continue
        attrs = element["attributes"]
        options = tuple(o["label"] if isinstance(o, dict) else str(o) for o in attrs.get("options", []))
        required = bool(element.get("validations", {}).get("required"))
        yield Field(element["id"], attrs["label"], element["type"], required, options)


def form_of(forms: dict[str, Form], labels: list[str]) -> Form:
    """The form an issue with ``labels`` was filed with."""
    found = [forms[label] for label in labels if label in forms]
    if len(found) != 1:
        names = "、".join(f.name for f in forms.values())
        raise FormError(f"这个议题不是用表单（{names}）提交的，或带有多个表单标签：请用“新建议题”中的表单重新提交。")
    return found[0]

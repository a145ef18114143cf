"""Reading the answers out of an issue body rendered from an issue form.

GitHub renders each question as ``### <label>`` followed by a blank line and
the answer (``_No response_`` when left empty; checkboxes as ``- [X] option``
lines). The body is the issue author's text and can be edited freely, so the
reading fails closed: every question's heading must appear exactly once and in
the form's order, and the body has a size limit.
"""

from __future__ import annotations

import re

from .definitions import Field, Form, FormError

MAX_BODY = 65536  # GitHub's own limit for an issue body, in characters
MAX_LINES = 200  # lines in one answer (a list of materials, legal bases)
NO_RESPONSE = "_No response_"
# control characters other than tab and newline, and the bidirectional controls
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CHECKED = re.compile(r"^- \[[xX]\] (.+)$")


def parse(form: Form, body: str) -> dict[str, str | list[str]]:
    """Answers by field id: text for inputs, textareas and dropdowns ("" when
    empty), the ticked options for checkboxes."""
    if len(body) > MAX_BODY:
        raise FormError(f"议题内容超过 {MAX_BODY} 个字符：请精简后重新提交。")
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    starts = _heading_lines(form, lines)
    answers: dict[str, str | list[str]] = {}
    for n, field in enumerate(form.fields):
        begin = starts[field.id] + 1
        end = starts[form.fields[n + 1].id] if n + 1 < len(form.fields) else len(lines)
        answers[field.id] = _answer(field, lines[begin:end])
    return answers


def _heading_lines(form: Form, lines: list[str]) -> dict[str, int]:
    at: dict[str, int] = {}
    by_heading = {f"### {f.label}": f for f in form.fields}
    for n, line in enumerate(lines):
        field = by_heading.get(line.rstrip())
        if field is None:
            continue
        if field.id in at:
            raise FormError(f"“{field.label}”一栏出现了不止一次：回答中不能有以“### {field.label}”开头的行。请修改议题。")
        at[field.id] = n
    missing = [f.label for f in form.fields if f.id not in at]
    if missing:
        raise FormError(f"议题中缺少表单的栏目：{'、'.join(missing)}。请用“新建议题”中的“{form.name}”表单提交，不要删除栏目标题。")
    order = [at[f.id] for f in form.fields]
    if order != sorted(order):
        raise FormError("表单栏目的顺序被改动了：请用“新建议题”中的表单重新提交。")
    return at


def _answer(field: Field, lines: list[str]) -> str | list[str]:
    value = "\n".join(lines).strip()
    if _HIDDEN.search(value):
        raise FormError(f"“{field.label}”中有不可见的控制字符或文字方向控制符：请删除后重新提交（可从记事本中重新复制）。")
    if field.type == "checkboxes":
        ticked = [m.group(1).strip() for m in map(_CHECKED.match, value.split("\n")) if m]
        return [t for t in ticked if t in field.options]
    if value == NO_RESPONSE:
        return ""
    if value.count("\n") >= MAX_LINES:
        raise FormError(f"“{field.label}”超过 {MAX_LINES} 行：请精简后重新提交。")
    return value

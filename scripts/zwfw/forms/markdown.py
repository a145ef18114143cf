"""The texts posted back to GitHub: the reply on the issue and the body of the
draft pull request. Anything that came from the form, or from a message that
may quote it, is shown inside a fenced code block whose fence is longer than
any run of backticks in it, so it cannot become Markdown, HTML or a mention."""

from __future__ import annotations

import re

from .. import report
from ..problems import Problem

MAX_LISTED = 50


def fenced(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def problem_lines(problems: list[Problem]) -> str:
    shown = [report.line(f"{p.file}:{p.line}:{p.col}", p.rule, p.message, p.is_error) for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        shown.append(f"……另有 {len(problems) - MAX_LISTED} 个问题，运行 zwfw validate 查看全部。")
    return "\n".join(shown)


def validation(problems: list[Problem]) -> str:
    errors = [p for p in problems if p.is_error]
    if not problems:
        return "校验通过（zwfw validate）：没有发现问题。"
    head = (f"校验发现 {len(errors)} 个错误、{len(problems) - len(errors)} 个警告（zwfw validate）。"
            "请在拉取请求中打开文件，按下面的说明改正（网页上点文件右上角的铅笔图标即可编辑）：")
    return head + "\n\n" + fenced(problem_lines(problems))


def issue_reply(form_name: str, path: str | None, problems: list[Problem], form_problems: list[str]) -> str:
    if path is None:
        return ("未能根据表单生成记录，请按下面的说明修改本议题（点议题右上角的“…”→“编辑”），保存后会自动重试：\n\n"
                + fenced("\n".join(form_problems)))
    return (f"已根据“{form_name}”表单生成 `{path}`。\n\n" + validation(problems)
            + "\n\n修改本议题后会重新生成；在拉取请求中直接修改文件后，就不再根据本议题重新生成。")


def pull_request_body(issue: int, form_name: str, path: str, problems: list[Problem], reason: str, checklist: str) -> str:
    parts = [
        f"根据议题 #{issue} 的“{form_name}”表单生成（zwfw form draft），文件：`{path}`。",
        f"Closes #{issue}",
        "## 校验结果\n\n" + validation(problems),
    ]
    if reason:
        parts.append("## 修改理由（申请人填写）\n\n" + fenced(reason))
    parts.append(checklist.strip())
    return "\n\n".join(parts) + "\n"

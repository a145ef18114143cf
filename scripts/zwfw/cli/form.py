"""``zwfw form draft``: turn a submitted issue form into a record (the form-to-PR step)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..forms import draft as draft_mod
from ..forms.definitions import FormError
from .common import add_root, catalog_root

NAME = "form"
DESCRIPTION = """\
读取 GitHub issues 事件的数据文件（工作流中为 $GITHUB_EVENT_PATH），按议题所用的表单
生成或修改记录文件（用 zwfw new 的模板），校验它，并在 -o/--output 文件夹中写出：
  result.json  生成结果（文件、分支名、标题、是否通过校验）
  comment.md   回复到议题的说明
  pr-body.md   草稿拉取请求的正文（含审核要点）
表单中的文字只作为数据写入记录，不会被执行。

  zwfw form draft --payload event.json -o form-out
  zwfw form draft --payload event.json -o form-out --commit   # 并提交到分支 form/issue-<编号>

退出码：0 已生成记录（校验问题见 result.json）；1 表单无法生成记录（原因见 comment.md）；2 用法错误。
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("draft",), help="draft：根据表单生成记录")
    p.add_argument("--payload", type=Path, required=True, help="issues 事件的数据文件（JSON）")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PATH", help="写出 result.json、comment.md、pr-body.md 的文件夹")
    p.add_argument("--commit", action="store_true", help="在分支 form/issue-<编号> 上提交生成的文件（需要 git）")
    add_root(p)


def run(args: argparse.Namespace) -> int:
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    try:
        issue = draft_mod.read_payload(args.payload)
    except (OSError, ValueError) as exc:
        print(f"zwfw form: 无法读取事件数据 {args.payload}：{exc}", file=sys.stderr)
        return 2
    try:
        result = draft_mod.draft(root, issue)
    except FormError as exc:
        print(f"zwfw form: {exc}", file=sys.stderr)
        return 2
    draft_mod.write_outputs(root, result, args.output)
    if result.path is None:
        print(f"zwfw form: 议题 #{result.issue} 未能生成记录，原因见 {args.output / 'comment.md'}", file=sys.stderr)
        return 1
    if args.commit:
        draft_mod.commit(root, result)
    state = "校验通过" if result.valid else f"校验发现 {sum(p.is_error for p in result.problems)} 个错误"
    print(f"已生成 {result.path}（{state}）" + (f"，已提交到分支 {result.branch}" if args.commit else ""))
    return 0

"""``zwfw diff BASE HEAD``: what changed in the catalog between two revisions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import gitrepo
from ..catalog import find_root
from ..review import changes, diff_report
from .common import add_output, output_file
from ..review.snapshot import RevisionError

NAME = "diff"
DESCRIPTION = """\
逐条比较两个 git 版本（BASE、HEAD）中的目录数据，用中文说明变化：新增、删除、更名的事项，
设定依据变化（提请合法性审核），申请材料增删（及净减少件数），时限、跑动次数、收费、编码的变化。
基本编码不得更改，删除的编码不得用于其他事项（对照 BASE 的历史检查）：违反时报告错误。
退出码：0 没有错误，1 有错误，2 用法错误（不是 git 仓库、找不到版本）。
"""
FORMATS = {"markdown": diff_report.markdown, "json": diff_report.to_json, "text": diff_report.text}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("base", metavar="BASE", help="比较的基础版本（提交、分支或标签，例如 origin/main）")
    p.add_argument("head", metavar="HEAD", nargs="?", default="HEAD", help="比较的新版本（默认 HEAD）")
    p.add_argument("--repo", type=Path, help="目录仓库的根（含 .git 和 items/ 的文件夹；默认从当前目录向上查找）")
    p.add_argument("--format", choices=tuple(FORMATS), default="markdown", help="输出格式（默认 markdown，用于拉取请求和任务摘要）")
    add_output(p, "写入此文件（覆盖，例如 $GITHUB_STEP_SUMMARY），而不是标准输出")


def run(args: argparse.Namespace) -> int:
    if args.output:
        output_file(args.output)
    where = args.repo or find_root(Path.cwd()) or Path(".")
    try:
        repo = gitrepo.open_repo(where)
    except gitrepo.NotARepository as exc:
        print(f"zwfw diff: {exc}", file=sys.stderr)
        return 2
    try:
        report = changes.compare(repo, args.base, args.head)
    except RevisionError as exc:
        print(f"zwfw diff: {exc}", file=sys.stderr)
        return 2
    finally:
        repo.close()
    rendered = FORMATS[args.format](report)
    if args.output:
        args.output.write_text(rendered, "utf-8")
    else:
        sys.stdout.write(rendered)
    for c in report.errors:
        print(f"{c.file}: [{c.kind}] {c.message}", file=sys.stderr)
    return 1 if report.errors else 0

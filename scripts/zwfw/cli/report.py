"""``zwfw report reform``: reform progress against a baseline revision."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import catalog as catalog_mod
from ..reform import jsonout, markdown, workbook
from ..reform.config import ConfigError
from ..reform.run import ReformError, report
from ..reform.state import from_catalog
from .common import add_date, add_format, add_output, add_root, catalog_root, output_file

NAME = "report"
DESCRIPTION = """\
reform：比较基线版本（标签、提交或日期 YYYY-MM-DD，即该日及以前的最后一次提交；不写时用
reform.yaml 中的 baseline）与当前目录，按地区、部门、事项统计需提交材料、办理环节、法定和承诺
办结时限、到办事现场次数、全程网办和电子证照，对照改革目标（材料压减 60%、结果全部电子化、
最多跑一次）。输出 Markdown（默认）或 JSON，--xlsx 另存 Excel 工作簿。

  zwfw report reform --baseline reform-baseline
  zwfw report reform --baseline 2024-01-01 --format json --xlsx 改革进展.xlsx

退出码：0 成功（加 --check 时目标全部达到），1 有目标未达到（--check）或目录无法读取，2 用法错误。
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=("reform",), help="报告类型：reform 改革进展")
    p.add_argument("--baseline", metavar="REV", help="基线版本：标签、提交或日期 YYYY-MM-DD（默认 reform.yaml 中的 baseline）")
    add_root(p)
    add_format(p, ("markdown", "json"), "markdown")
    add_output(p, "写入此文件（覆盖），而不是标准输出")
    p.add_argument("--xlsx", type=Path, help="另存为 Excel 工作簿（封面、目标、合计、按部门、按地区、按事项、历次提交）")
    add_date(p, "工作簿封面上的日期（默认今天，YYYY-MM-DD）")
    p.add_argument("--no-history", action="store_true", help="不统计历次提交（更快）")
    p.add_argument("--check", action="store_true", help="有改革目标未达到时退出码为 1")


def run(args: argparse.Namespace) -> int:
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    for path, suffix in ((args.output, ""), (args.xlsx, ".xlsx")):
        if path is not None:
            output_file(path, suffix)
    catalog, problems = catalog_mod.load(root)
    if any(p.is_error for p in problems):
        print("zwfw report: 目录有读取或格式错误，请先运行 zwfw validate 并改正。", file=sys.stderr)
        return 1
    try:
        built = report(root, from_catalog(catalog), args.baseline, with_history=not args.no_history)
    except (ReformError, ConfigError) as exc:
        print(f"zwfw report: {exc}", file=sys.stderr)
        return 2
    rendered = jsonout.render(built) if args.format == "json" else markdown.render(built)
    if args.output:
        args.output.write_text(rendered, "utf-8")
    else:
        sys.stdout.write(rendered)
    if args.xlsx:
        workbook.write(built, args.xlsx, args.date)
        print(f"已写出 {args.xlsx}", file=sys.stderr)
    return 1 if args.check and not all(c.met for c in built.checks()) else 0

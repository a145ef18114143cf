"""``zwfw template``: a fill-in workbook for directory items or implementation entries."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import catalog as catalog_mod
from ..excel import book, template
from .common import add_date, add_output, add_root, catalog_root, output_file
from ..rules.context import Context

NAME = "template"
DESCRIPTION = """\
生成 Excel 填写模板：每个可选值字段都有下拉列表，选中单元格可看到该列的含义，
第 2 行是示例（取自目录中的真实事项，导入时忽略），“填写说明”表列出每一列；
部门、标准材料、电子证照和目录清单事项放在隐藏的参考表中供下拉列表使用。

  zwfw template xlsx items -o 目录清单模板.xlsx
  zwfw template xlsx entries --department zd-scjgj -o 实施清单模板.xlsx

填好后用 zwfw import 导入。退出码：0 成功，2 用法错误。
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("format", choices=("xlsx",), help="模板格式（目前只有 xlsx）")
    p.add_argument("kind", choices=tuple(template.KINDS), help="items 目录清单事项；entries 实施清单事项")
    add_output(p, "输出文件（默认 template-<kind>.xlsx；已有的 .xlsx 文件被覆盖）")
    p.add_argument("--department", help="示例行取自这个部门的事项（部门标识）")
    add_date(p)
    add_root(p)


def run(args: argparse.Namespace) -> int:
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    path = output_file(args.output or Path(f"template-{args.kind}.xlsx"), ".xlsx")
    catalog, _ = catalog_mod.load(root)
    ctx = Context.build(catalog)
    if args.department and args.department not in ctx.departments:
        print(f"zwfw template: 部门 {args.department} 不在目录中（items/**/{args.department}/department.yaml）。", file=sys.stderr)
        return 2
    wb = template.build(ctx, root, args.kind, args.department, args.date)
    book.save(wb, path)
    print(f"已生成模板 {path}：填好后运行 zwfw import {path}")
    return 0

"""``zwfw recode``: re-code a catalog to the national basic-code layout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import catalog as catalog_mod
from .. import recode
from .common import add_root, catalog_root

NAME = "recode"
DESCRIPTION = """\
把不符合编码规则的目录清单事项重新编码：国家基本目录事项使用国家编码（映射文件或
national_code），河北省事项（13 开头）按事项类型和主管部门的部门编码（sector_code）分配
下一个空闲编码，子项沿用主项的前 9 位。随后改名 catalog/ 和 entries/ 下的文件，改写
code、main_item、item 和结果样本路径中的编码（注释和格式不变），并把旧编码记入 former_codes。
建议把一次重新编码作为一个单独的提交。

  zwfw recode --dry-run
  zwfw recode --map national-codes.csv

映射文件每行“旧编码,新编码”（可有表头）。国家基本目录事项没有国家编码时命令停止；
--provisional 为它们临时分配 00 开头的编码（仅用于示例和测试数据）。
退出码：0 成功，1 无法重新编码，2 用法错误。
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_root(p)
    p.add_argument("--map", type=Path, metavar="CSV", help="旧编码到新编码（例如国家编码）的映射文件")
    p.add_argument("--dry-run", action="store_true", help="只列出新旧编码，不改文件")
    p.add_argument("--provisional", action="store_true", help="为没有国家编码的国家基本目录事项临时分配 00 开头的编码")


def run(args: argparse.Namespace) -> int:
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    try:
        mapping = recode.read_mapping(args.map) if args.map else {}
    except (OSError, recode.RecodeError) as exc:
        print(f"zwfw recode: {exc}", file=sys.stderr)
        return 2
    catalog, problems = catalog_mod.load(root.resolve())
    unreadable = sorted({p.file for p in problems if p.file in catalog.unreadable})
    if unreadable:
        print("zwfw recode: 以下文件无法读取，请先改正：\n  " + "\n  ".join(unreadable), file=sys.stderr)
        return 1
    try:
        the_plan = recode.plan(catalog, mapping, args.provisional)
        if not args.dry_run:
            recode.apply(catalog, the_plan)
    except recode.RecodeError as exc:
        print(f"zwfw recode: {exc}", file=sys.stderr)
        return 1
    for old, new in the_plan.renames.items():
        mark = "（临时国家编码）" if new in the_plan.provisional else ""
        print(f"{old} → {new} {the_plan.names[old]}{mark}")
    verb = "将重新编码" if args.dry_run else "已重新编码"
    print(f"{verb} {len(the_plan.renames)} 个事项。" + ("" if args.dry_run or not the_plan.renames else "请运行 zwfw validate，并把改动作为一个提交。"))
    return 0

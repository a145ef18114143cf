"""``zwfw materials lint|merge``: the standard materials library (审批要件标准库)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import catalog as catalog_mod
from .. import report
from ..libraries import lint, merge
from ..libraries.names import THRESHOLD
from .common import add_root, catalog_root

NAME = "materials"
DESCRIPTION = """\
lint：在标准库和各实施清单的特有材料中查找近似重复的材料（统一全半角，去掉空格、标点、括号和
“复印件/原件/副本”等限定词后比较相似度），给出应引用的标准库标识。每个发现是一条警告
（文件:行:列），--strict 时为错误。
merge A B：把所有实施清单中对材料 A 的引用改为 B，只改 ref 的值，文件中的注释和格式保持不变。

  zwfw materials lint
  zwfw materials merge business-licence-copy business-licence --remove

退出码：0 成功（lint 没有错误），1 有错误，2 用法错误。
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("lint", "merge"), help="lint 查找近似重复；merge 合并材料标识")
    p.add_argument("ids", nargs="*", metavar="ID", help="merge 时：要替换的材料标识 A 和保留的材料标识 B")
    add_root(p)
    p.add_argument("--strict", action="store_true", help="lint：近似重复作为错误报告（退出码 1）")
    p.add_argument("--threshold", type=float, default=THRESHOLD, help=f"lint：相似度阈值，0-1（默认 {THRESHOLD}）")
    p.add_argument("--format", choices=report.FORMATS, default="text", help="lint 的输出格式（默认 text）")
    p.add_argument("--remove", action="store_true", help="merge：合并后删除材料 A 的标准库文件")


def run(args: argparse.Namespace) -> int:
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    if args.action == "lint":
        return _lint(root, args)
    if len(args.ids) != 2:
        print("zwfw materials merge: 需要两个材料标识：A（要替换的）和 B（保留的）。", file=sys.stderr)
        return 2
    return _merge(root, args)


def _lint(root: Path, args: argparse.Namespace) -> int:
    if args.ids:
        print("zwfw materials lint: 不接受材料标识参数。", file=sys.stderr)
        return 2
    if not 0 < args.threshold <= 1:
        print("zwfw materials lint: --threshold 应在 0 到 1 之间。", file=sys.stderr)
        return 2
    catalog, _ = catalog_mod.load(root)
    problems = report.with_positions(lint.lint(catalog, args.threshold, args.strict), catalog)
    sys.stdout.write(report.render(problems, args.format, catalog.files_read))
    return 1 if any(p.is_error for p in problems) else 0


def _merge(root: Path, args: argparse.Namespace) -> int:
    source, target = args.ids
    catalog, _ = catalog_mod.load(root)
    try:
        result = merge.merge(catalog, source, target, remove=args.remove)
    except merge.MergeError as exc:
        print(f"zwfw materials merge: {exc}", file=sys.stderr)
        return 2
    print(f"已把 {len(result.files)} 个文件中的 {result.references} 处引用从 {source} 改为 {target}。")
    for path in result.files:
        print(f"  {path}")
    if result.removed:
        print(f"已删除 {result.removed}。")
    for path in result.doubled:
        print(f"{path}: 警告：合并后 {target} 在申请材料中出现了两次，请删除其中一项。", file=sys.stderr)
    return 0

"""``zwfw codeowners``: generate .github/CODEOWNERS from the department records."""

from __future__ import annotations

import argparse
import sys

from .common import add_root, catalog_root, print_problems
from ..review import codeowners, owners
from ..review.config import CODEOWNERS_PATH

NAME = "codeowners"
DESCRIPTION = f"""\
根据各部门的 department.yaml（team）生成 {CODEOWNERS_PATH}：每个部门文件夹归本部门团队，
标准库归省政务服务管理办公室，模式、工具、工作流和 CODEOWNERS 本身归平台维护组。
司法行政部门的团队不写入 CODEOWNERS（“部门且司法”由 zwfw approvals 检查）。
退出码：0 一致或已写入，1 不一致或部门记录有问题，2 用法错误。
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_root(p)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help=f"只检查已提交的 {CODEOWNERS_PATH} 是否与生成结果一致，不写文件（CI 使用）")
    mode.add_argument("--stdout", action="store_true", help="把生成结果打印到标准输出，不写文件")


def run(args: argparse.Namespace) -> int:
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    found = owners.load(root)
    print_problems(found.problems, root)
    generated = codeowners.render(found)
    target = root / CODEOWNERS_PATH
    if args.stdout:
        sys.stdout.write(generated)
    elif args.check:
        committed = target.read_text("utf-8") if target.is_file() else None
        lines = codeowners.drift(committed, generated)
        for line in lines:
            print(line, file=sys.stderr)
        if lines:
            return 1
        print(f"{CODEOWNERS_PATH} 与部门记录一致（{len(found.departments)} 个部门）。")
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(generated, "utf-8")
        print(f"已生成 {CODEOWNERS_PATH}（{len(found.departments)} 个部门）。")
    return 1 if found.problems else 0

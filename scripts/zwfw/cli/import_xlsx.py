"""``zwfw import``: a filled workbook → YAML files, through the validator."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import add_quiet, add_root, catalog_root, done, progress
from ..excel.importer import ImportResult, import_workbook

NAME = "import"
DESCRIPTION = """\
把填好的工作簿（zwfw template 生成的模板，或 zwfw export 导出后修改的目录清单/实施清单）
写成 YAML 文件，放到对应部门文件夹的 catalog/ 或 entries/ 下。写入前先用 zwfw validate
的全部规则校验，每个问题写作 文件.xlsx!工作表!单元格: [规则] 说明。

  zwfw import 实施清单.xlsx              有任何错误时不写入任何文件
  zwfw import 实施清单.xlsx --partial    只写入没有错误的记录，列出其余记录
  zwfw import 实施清单.xlsx --dry-run    只检查，不写入
  zwfw import exchange 交换表/           国家政务服务数据交换表（up_task_*.csv 或 .xlsx），问题写作 表.csv!行!列

已有的文件就地更新，保留注释和字段顺序；工作簿中没有的列保持原值，留空的单元格删除该字段。
退出码：0 已导入，1 有错误（或部分导入时有未写入的记录），2 用法错误。
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", nargs="?", choices=("xlsx", "exchange"), default="xlsx",
                   help="xlsx（填好的工作簿，可省略）或 exchange（国家政务服务数据交换表：一个文件夹或一个表文件）")
    p.add_argument("file", type=Path, metavar="FILE.xlsx", help="要导入的工作簿（exchange：交换表所在的文件夹，或一个表文件）")
    p.add_argument("--partial", action="store_true", help="只写入没有错误的记录，列出未写入的记录")
    p.add_argument("--dry-run", action="store_true", help="只检查并列出将要写入的文件，不写入")
    p.add_argument("--format", dest="output_format", choices=("text", "json"), default="text", help="问题的输出格式（默认 text）")
    add_root(p)
    add_quiet(p)


def run(args: argparse.Namespace) -> int:
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    show = progress(args.quiet)
    if args.source == "exchange":
        from ..excel.exchange_in import import_exchange

        result = import_exchange(root, [args.file], partial=args.partial, dry_run=args.dry_run, progress=show)
    else:
        result = import_workbook(root, args.file, partial=args.partial, dry_run=args.dry_run, progress=show)
    done(show)
    if args.output_format == "json":
        sys.stdout.write(_json(result))
    else:
        sys.stdout.write(_text(result, args))
    return 1 if result.errors or result.skipped or result.skipped_rows else 0


def _text(result: ImportResult, args: argparse.Namespace) -> str:
    lines = [i.render() for i in result.issues]
    verb = "将" if args.dry_run else "已"
    errors = len(result.errors)
    if errors and not result.written and not result.skipped and not result.skipped_rows:
        lines.append(f"发现 {errors} 个错误，没有写入任何文件：请改正后重新导入（或用 --partial 只导入没有错误的记录）。")
    else:
        lines += [f"{verb}新建 {f}" for f in result.created] + [f"{verb}更新 {f}" for f in result.updated]
        lines.append(f"{verb}新建 {len(result.created)} 个、更新 {len(result.updated)} 个文件，{len(result.unchanged)} 个文件内容未变"
                     + (f"；{len(result.skipped)} 条记录有错误，未写入" if result.skipped else "")
                     + (f"；{len(result.skipped_rows)} 行没有对应到可写入的记录，未导入" if result.skipped_rows else "") + "。")
    return "".join(line + "\n" for line in lines)


def _json(result: ImportResult) -> str:
    doc = {
        "errors": len(result.errors),
        "problems": [{"file": i.file, "sheet": i.sheet, "cell": i.cell, "rule": i.rule, "severity": i.severity, "message": i.message}
                     for i in result.issues],
        "created": result.created, "updated": result.updated, "unchanged": result.unchanged, "skipped": result.skipped, "skipped_rows": result.skipped_rows,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

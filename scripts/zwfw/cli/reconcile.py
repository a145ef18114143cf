"""``zwfw reconcile``: match the national basic directory against the catalog (attachments 1 and 2)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import catalog as catalog_mod
from ..excel import attachments, book, csvout, export
from .common import add_date, add_output, add_quiet, add_root, catalog_root, done, output_folder, progress
from ..excel.issues import WorkbookError
from ..excel.national import read_national
from ..excel.reconcile import reconcile
from ..rules.context import Context

NAME = "reconcile"
DESCRIPTION = """\
读取国家基本目录（xlsx 或 csv，需有“事项编码”和“事项名称”列，可有事项类型、设定依据、
行使层级、中央主管部门列），与目录清单比对：先按编码（省级事项的 national_code，未填时为
基本编码），再按规范化名称（忽略空格、全半角、标点和括号）；仍未比对上的，列出名称相近的
省级事项及相似度。写出附件1（比对上的事项，含比对方式、状态、说明）和附件2（未比对上的事项）。

  zwfw reconcile 国家基本目录.xlsx -o out/
  zwfw reconcile 国家基本目录.csv -o out/ --file-type csv

退出码：0 已写出，1 国家目录无法读取，2 用法错误。
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("national", type=Path, metavar="NATIONAL", help="国家基本目录（.xlsx 或 .csv）")
    add_output(p, "输出文件夹（默认当前文件夹；其中的 attachment1、attachment2 文件被覆盖）", default=Path("."))
    p.add_argument("--file-type", choices=("xlsx", "csv"), default="xlsx", help="附件1、附件2 的文件类型（默认 xlsx）")
    add_date(p)
    add_root(p)
    add_quiet(p)


def run(args: argparse.Namespace) -> int:
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    output_folder(args.output)
    try:
        national = read_national(args.national)
    except WorkbookError as exc:
        print(exc.issue.render(), file=sys.stderr)
        return 1
    show = progress(args.quiet)
    catalog, _ = catalog_mod.load(root)
    ctx = Context.build(catalog)
    rec = reconcile(ctx, national, (lambda n, total: show(f"比对 {n}/{total}")) if show else None)
    done(show)
    for target, build in (("attachment1", attachments.attachment1), ("attachment2", attachments.attachment2)):
        tables = build(ctx, rec)
        cover = book.Cover(attachments.TITLES[target], date=args.date, revision=book.catalog_revision(root),
                           notes=export.NOTES[target] + [f"国家基本目录：{args.national.name}，共 {len(national)} 行。", rec.scope])
        built = export.Export(target, attachments.TITLES[target], tables, cover)
        if args.file_type == "xlsx":
            path = args.output / f"{target}.xlsx"
            export.write_xlsx(built, path)
        else:
            for rows, path in csvout.csv_paths(target, tables, args.output):
                csvout.write_csv(rows, path)
        print(f"已写出 {path}")
    counts = rec.counts()
    print(rec.scope)
    print(f"国家基本目录 {len(national)} 行：" + "，".join(f"{k} {v}" for k, v in counts.items())
          + (f"；另有 {len(rec.province_only)} 个来源为国家基本目录的省级事项在国家目录中未找到。" if rec.province_only else "。"))
    return 0

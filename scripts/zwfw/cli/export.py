"""``zwfw export``: the plan's attachments, directory and implementation lists as Excel or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import catalog as catalog_mod
from ..excel import csvout, export
from .common import add_date, add_output, add_quiet, add_root, catalog_root, done, output_file, output_folder, progress
from ..excel.issues import WorkbookError
from ..excel.national import read_national
from ..rules.context import Context

NAME = "export"
DESCRIPTION = """\
从目录数据生成 Excel 工作簿（xlsx）或 CSV 文件。导出内容：
  attachment1   附件1 国家通用基本目录清单与省级平台事项核对表（加 --national 时与国家目录比对）
  attachment2   附件2 国家通用基本目录清单中省级平台未比对上事项梳理表（需要 --national）
  attachment3   附件3 省级特设的依申请类行政权力事项梳理表
  attachment4   附件4 省级公共服务事项梳理表
  directory     目录清单（--region 某区域时为该区域适用的三级目录）
  implementation 实施清单，全部要素（实施清单、申请材料、办理流程、收费项目、特别程序各一张表）
  exchange      国家政务服务数据交换表（目录、实施清单基本和扩展信息、材料、收费项目、常见问题），
                每张表一个 CSV 或 XLSX 文件，写到 -o 指定的文件夹；编码按交换标准写数字代码

另有 zwfw export cpsv -o catalog.jsonld：整个目录的 CPSV-AP JSON-LD（欧盟公共服务核心词汇），供其他系统使用。

  zwfw export xlsx implementation --department hb-scjgj -o 省市场监管局实施清单.xlsx
  zwfw export csv directory --region 130100 -o out/

xlsx 第一张表为封面（区域、部门、日期、目录版本）。CSV 为带 BOM 的 UTF-8，每张表一个文件。
以 = + - @ 开头的文本一律按文本写出，不会被当作公式。退出码：0 成功，1 输入有问题，2 用法错误。
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("format", choices=("xlsx", "csv", "cpsv"),
                   help="输出格式：xlsx 工作簿，csv（每张表一个文件），或 cpsv（整个目录的 CPSV-AP JSON-LD）")
    p.add_argument("target", nargs="?", choices=tuple(export.TARGETS), help="导出内容（见上方说明；cpsv 不需要）")
    add_output(p, "输出文件（xlsx、cpsv，已有的同类文件被覆盖）或文件夹（csv）；默认当前文件夹下以导出内容命名")
    p.add_argument("--region", help="只导出该区域（6 位行政区划代码），例如 130100")
    p.add_argument("--department", help="只导出该部门（部门标识），例如 hb-scjgj")
    p.add_argument("--recursive", action="store_true", help="与 --region 合用：包括下级区域")
    p.add_argument("--national", type=Path, help="国家基本目录（xlsx 或 csv），用于附件1、附件2")
    add_date(p)
    add_root(p)
    add_quiet(p)


def run(args: argparse.Namespace) -> int:
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    if args.format == "cpsv":
        return _cpsv(root, output_file(args.output or Path("catalog.jsonld"), ".jsonld"))
    if args.target is None:
        print("zwfw export: 请指定导出内容（见 zwfw export --help）。", file=sys.stderr)
        return 2
    if args.format == "xlsx":
        output_file(args.output or Path(f"{args.target}.xlsx"), ".xlsx")
    else:
        output_folder(args.output or Path("."))
    show = progress(args.quiet)
    if args.target == "exchange":
        return _exchange(root, args)
    national = None
    if args.national:
        try:
            national = read_national(args.national)
        except WorkbookError as exc:
            print(exc.issue.render(), file=sys.stderr)
            return 1
    show and show("读取目录")
    catalog, _ = catalog_mod.load(root)
    opts = export.Options(args.region, args.department, args.recursive, national, args.date)
    try:
        built = export.build(Context.build(catalog), root, args.target, opts)
    except export.ExportError as exc:
        print(f"zwfw export: {exc}", file=sys.stderr)
        return 2
    show and show(f"写出 {sum(len(t.rows) for t in built.tables)} 行")
    written = _write(args, built)
    done(show)
    for path, tables in written:
        print(f"已导出 {path}：" + "，".join(f"{t.table.name} {len(t.rows)} 行" for t in tables))
    return 0


def _exchange(root: Path, args: argparse.Namespace) -> int:
    from ..excel import exchange_out

    catalog, _ = catalog_mod.load(root)
    ctx = Context.build(catalog)
    items, entries = exchange_out.exchanged(ctx)
    if args.department:
        entries = [e for e in entries if e.department == args.department]
    if args.region:
        entries = [e for e in entries if e.region == args.region or (args.recursive and args.region in e.where.region_codes)]
    tables = exchange_out.build(ctx, items, entries)
    for path, table in exchange_out.write(tables, args.output or Path("."), args.format):
        print(f"已导出 {path}：{len(table.rows)} 行")
    too_long = exchange_out.overlong(tables)
    for found in too_long:
        print(found.render(), file=sys.stderr)
    return 1 if too_long else 0


def _cpsv(root: Path, path: Path) -> int:
    from .. import cpsv
    from ..site import model

    catalog, _ = catalog_mod.load(root)
    path.write_text(cpsv.dumps(model.build(catalog)), "utf-8")
    print(f"已导出 {path}：CPSV-AP JSON-LD")
    return 0


def _write(args: argparse.Namespace, built: export.Export) -> list:
    if args.format == "xlsx":
        path = args.output or Path(f"{built.target}.xlsx")
        export.write_xlsx(built, path)
        return [(path, built.tables)]
    out = args.output or Path(".")
    written = []
    for rows, path in csvout.csv_paths(built.target, built.tables, out):
        csvout.write_csv(rows, path)
        written.append((path, [rows]))
    return written

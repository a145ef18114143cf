"""What ``zwfw export`` writes: the plan's attachments, a region's directory
list (三级 view) and an implementation list, as workbooks or CSV files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import layout
from ..catalog import Record
from ..rules.context import Context
from . import attachments, book
from . import columns as C
from .reconcile import NationalItem, reconcile, self_matches
from .tables import dept_name, entry_rows, item_rows, records_in, region_name

TARGETS = {
    **attachments.TITLES,
    "directory": "政务服务事项目录清单",
    "implementation": "政务服务事项实施清单",
    "exchange": "国家政务服务数据交换表",
}
#: 行使层级 labels in a region's directory list (三级 view), by region level.
VIEW_LEVELS = {"city": {"市级", "县级"}, "county": {"县级", "乡(镇、街道)级", "村(社区)级"}}


class ExportError(ValueError):
    """The options do not describe an export; the message says why (Chinese)."""


@dataclass
class Options:
    region: str | None = None
    department: str | None = None
    recursive: bool = False
    national: list[NationalItem] | None = None
    date: str = ""
    notes: list[str] = field(default_factory=list)  # said on the cover, found while building


@dataclass
class Export:
    target: str
    title: str
    tables: list[C.Rows]
    cover: book.Cover
    summary: dict[str, int] = field(default_factory=dict)


def build(ctx: Context, root: Path, target: str, opts: Options) -> Export:
    if target not in TARGETS:
        raise ExportError(f"未知的导出内容 {target}：可选 {'、'.join(TARGETS)}。")
    if target not in BUILDERS:
        raise ExportError(f"{target} 不是工作簿：请用 zwfw export csv|xlsx {target} -o 文件夹。")
    _check_filters(ctx, opts)
    builder: Callable[[Context, Options], tuple[list[C.Rows], dict]] = BUILDERS[target]
    tables, summary = builder(ctx, opts)
    region = f"{region_name(ctx, opts.region)}（{opts.region}）" if opts.region else "全省"
    dept = f"{dept_name(ctx, opts.department)}（{opts.department}）" if opts.department else "全部部门"
    notes = NOTES.get(target, []) + opts.notes
    if opts.recursive and opts.region:
        notes = notes + ["含下级区域。"]
    cover = book.Cover(TARGETS[target], region, dept, opts.date, book.catalog_revision(root), list(notes))
    return Export(target, TARGETS[target], tables, cover, summary)


def _check_filters(ctx: Context, opts: Options) -> None:
    if opts.region and opts.region not in ctx.regions:
        raise ExportError(f"区域 {opts.region} 不在目录中：可选 {'、'.join(sorted(ctx.regions))}。")
    if opts.department and opts.department not in ctx.departments:
        raise ExportError(f"部门 {opts.department} 不在目录中（items/**/{opts.department}/department.yaml）。")


def _attachment12(ctx: Context, opts: Options, which: str):
    if opts.national is None:
        if which == "attachment2":
            raise ExportError("附件2（未比对上事项）需要国家基本目录：请加 --national 国家目录.xlsx，或使用 zwfw reconcile。")
        rec = self_matches(ctx)
    else:
        rec = reconcile(ctx, opts.national)
    tables = attachments.attachment1(ctx, rec) if which == "attachment1" else attachments.attachment2(ctx, rec)
    if rec.scope:
        opts.notes.append(rec.scope)
    return tables, rec.counts()


def _by_source(ctx: Context, opts: Options, which: str):
    tables = attachments.by_source(ctx, which)
    return tables, {"事项": len(tables[0].rows)}


def _directory(ctx: Context, opts: Options):
    items = directory_records(ctx, opts.region)
    if opts.department:
        items = [r for r in items if r.department == opts.department]
    extra = {}
    if opts.region:
        for e in records_in(ctx, layout.ENTRY, opts.region, recursive=opts.recursive):
            per = extra.setdefault(e.data.get("item"), {"@implementers": []})
            per["@implementers"].append(dept_name(ctx, e.department))
        for per in extra.values():
            per["@implementers"] = "\n".join(sorted(set(per["@implementers"])))
    tables = item_rows(ctx, items, extra)
    if opts.region:
        main = tables[0].table
        tables[0].table = replace(main, columns=main.columns + (C.IMPLEMENTERS,))
        code_at = main.columns.index(main.column("code"))
        tables[0].rows = [r + [extra.get(r[code_at], {}).get("@implementers")] for r in tables[0].rows]
    return tables, {"事项": len(items)}


def directory_records(ctx: Context, region: str | None) -> list[Record]:
    """The directory list of ``region`` (三级 view): the province's items
    (for a city or county, those exercised at its level) and the city-specific
    items of its city. No region: every item."""
    items = ctx.of(layout.ITEM)
    if not region:
        return items
    level = ctx.region_level(region)
    chain = set(ctx.regions[region].where.region_codes)
    province = next((c for c in chain if ctx.region_level(c) == "province"), None)
    out = []
    for r in items:
        owner_level = ctx.region_level(r.region)
        if level == "province":
            keep = r.region == region
        elif owner_level == "province" or (r.region in chain and r.region != province):
            wanted = VIEW_LEVELS["city"] if level == "city" else VIEW_LEVELS["county"]
            if ctx.regions[region].data.get("province_administered") is True:
                wanted = VIEW_LEVELS["city"] | VIEW_LEVELS["county"]
            keep = bool(wanted & set(r.data.get("levels") or []))
        else:
            keep = False
        if keep:
            out.append(r)
    return out


def _implementation(ctx: Context, opts: Options):
    entries = records_in(ctx, layout.ENTRY, opts.region, opts.department, opts.recursive)
    return entry_rows(ctx, entries), {"实施清单": len(entries)}


BUILDERS = {
    "attachment1": lambda ctx, o: _attachment12(ctx, o, "attachment1"),
    "attachment2": lambda ctx, o: _attachment12(ctx, o, "attachment2"),
    "attachment3": lambda ctx, o: _by_source(ctx, o, "attachment3"),
    "attachment4": lambda ctx, o: _by_source(ctx, o, "attachment4"),
    "directory": _directory,
    "implementation": _implementation,
}
NOTES = {
    "attachment1": ["附件1：国家基本目录中与省级目录比对上的事项，逐行列出比对方式、状态和说明。"],
    "attachment2": ["附件2：国家基本目录中省级目录未比对上的事项；“疑似对应”列出名称相近的省级事项及相似度，请各部门核对后填写最后两列。"],
    "attachment3": ["附件3：省级特设的依申请类行政权力事项（事项来源为“省级特设”）。"],
    "attachment4": ["附件4：省级公共服务事项（事项来源为“公共服务”）。"],
    "directory": ["目录清单：灰色表头的列为导出时生成的参考信息，导入时不读取。"],
    "implementation": ["实施清单：事项名称、类型、设定依据和编码继承自目录清单；实施编码自动生成。灰色表头的列导入时不读取。"],
}


def write_xlsx(export: Export, path: Path) -> None:
    wb = book.new_workbook(write_only=True)
    book.add_cover(wb, export.cover, [(t.table.name, len(t.rows)) for t in export.tables])
    for rows in export.tables:
        book.add_table(wb, rows)
    book.save(wb, path)

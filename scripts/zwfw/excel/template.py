"""Fill-in templates (``zwfw template``): the same sheets as an export, with a
drop-down list for every enumeration (data validation), an input hint on
every column, an example row taken from the catalog, a 填写说明 sheet and
hidden reference sheets (departments, standard materials, e-licences,
directory items, enumeration values) that the drop-downs read from."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .. import layout
from ..rules.context import Context
from . import book
from . import columns as C
from .tables import entry_rows, item_rows

KINDS = {"items": "目录清单事项填写模板", "entries": "实施清单事项填写模板"}
ROWS = 1000  # rows prepared with drop-downs and hints
OPTIONS_SHEET = "可选值"
GUIDE_SHEET = "填写说明"
BOOL_OPTIONS = ("是", "否")
MAX_MULTI = 8  # a multi-valued enumeration of up to 8 options lists all 255 combinations


def reference_sheets(ctx: Context) -> dict[str, tuple[tuple[str, ...], list[list]]]:
    depts = sorted(ctx.departments.values(), key=lambda r: r.file)
    return {
        "部门": (("部门标识", "部门名称", "所属区域"), [[r.department, r.data.get("name"), r.region] for r in depts]),
        "标准材料": (("材料标识", "材料名称", "来源渠道"), [[k, r.data.get("name"), r.data.get("source")] for k, r in sorted(ctx.materials.items())]),
        "电子证照": (("证照标识", "证照名称", "颁发部门"), [[k, r.data.get("name"), r.data.get("issuer")] for k, r in sorted(ctx.licences.items())]),
        "目录清单事项": (("基本编码", "事项名称", "事项类型", "主管部门"),
                   [[k, r.data.get("name"), r.data.get("type"), r.department] for k, r in sorted(ctx.items.items())]),
    }


def option_values(column: C.Column) -> tuple[str, ...]:
    if column.kind == C.BOOL:
        return BOOL_OPTIONS
    if column.kind == C.MULTI and len(column.options) <= MAX_MULTI:
        return tuple("、".join(combo) for n in range(1, len(column.options) + 1) for combo in combinations(column.options, n))
    return column.options


def build(ctx: Context, root: Path, kind: str, department: str | None = None, date: str = ""):
    """The template workbook for ``kind`` (items or entries)."""
    tables = item_rows(ctx, _example(ctx, layout.ITEM, department)) if kind == "items" else entry_rows(ctx, _example(ctx, layout.ENTRY, department))
    wb = book.new_workbook(write_only=False)
    notes = ["每张表第 2 行是示例（第一列以“（示例）”开头，导入时忽略），可以覆盖或删除。",
             "带下拉箭头的列请从列表中选择；选中单元格可看到该列的填写提示；黄色表头为必填列，灰色表头的列不用填写。",
             "填好后运行 zwfw import 文件名.xlsx；有错误时会列出工作表和单元格，全部改正前不会写入任何文件。"]
    cover = book.Cover(KINDS[kind], "全省", department or "全部部门", date, book.catalog_revision(root), notes)
    book.add_cover(wb, cover, [])
    refs = reference_sheets(ctx)
    ranges = _add_options(wb, [t.table for t in tables], refs)
    for rows in tables:
        ws = book.add_table(wb, C.Rows(rows.table, []), comments=True, extra_rows=ROWS)
        _example_row(ws, rows)
        _validations(ws, rows.table, ranges)
    _guide(wb, [t.table for t in tables])
    for name in [*refs, OPTIONS_SHEET]:  # hidden reference sheets last
        wb.move_sheet(name, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(name))
    wb.active = 1
    return wb


def _example(ctx: Context, kind: str, department: str | None):
    records = [r for r in ctx.of(kind) if not department or r.department == department] or ctx.of(kind)
    return records[:1]


def _example_row(ws, rows: C.Rows) -> None:
    values = list(rows.rows[0]) if rows.rows else [None] * len(rows.table.columns)
    values[0] = C.EXAMPLE_MARK + str(values[0] or "")
    ws.append(book.data_cells(ws, values, font=book.EXAMPLE_FONT))


def _add_options(wb, tables: list[C.Table], refs: dict) -> dict[str, str]:
    """Hidden reference sheets; returns each column's drop-down source range by key."""
    ranges: dict[str, str] = {}
    for name, (headers, rows) in refs.items():
        ws = wb.create_sheet(name)
        ws.append(list(headers))
        for row in rows:
            ws.append(book.data_cells(ws, row))
        ws.sheet_state = "hidden"
        ranges["ref:" + name] = f"{quote_sheetname(name)}!$A$2:$A${max(2, len(rows) + 1)}"
    ws = wb.create_sheet(OPTIONS_SHEET)
    n = 0
    for table in tables:
        for column in table.columns:
            values = option_values(column)
            key = f"{table.name}:{column.key}"
            if not values or column.role == C.DERIVED:
                continue
            n += 1
            letter = get_column_letter(n)
            ws.cell(1, n, f"{table.name}-{column.header}")
            for i, v in enumerate(values, 2):
                ws.cell(i, n, v)
            ranges[key] = f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    ws.sheet_state = "hidden"
    return ranges


def _validations(ws, table: C.Table, ranges: dict[str, str]) -> None:
    for n, column in enumerate(table.columns, 1):
        letter = get_column_letter(n)
        source = ranges.get(f"{table.name}:{column.key}") or (ranges.get("ref:" + column.source) if column.source else None)
        dv = _validation(column, source)
        dv.add(f"{letter}2:{letter}{ROWS + 1}")
        ws.add_data_validation(dv)


def _validation(column: C.Column, source: str | None) -> DataValidation:
    if source:
        strict = column.kind in (C.ENUM, C.BOOL) or (column.source and column.role == C.FIELD and column.kind == C.TEXT and column.source != "目录清单事项")
        dv = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False)
        dv.errorStyle = "stop" if strict else "warning"
        dv.error = "请从下拉列表中选择。" if strict else "不在下拉列表中：多选时用顿号“、”分隔，请确认取值正确。"
    elif column.kind == C.INT:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "请填写不小于 0 的整数。"
    else:
        dv = DataValidation(allow_blank=True)
    dv.showErrorMessage = dv.type is not None
    dv.errorTitle = column.header[:32]
    dv.showInputMessage = True
    dv.promptTitle = column.header[:32]
    dv.prompt = _prompt(column)[:255]
    return dv


def _prompt(column: C.Column) -> str:
    parts = ["必填。" if column.required else ""]
    parts.append(column.hint)
    if column.kind == C.MULTI:
        parts.append("可多选，用顿号“、”分隔。")
    if column.kind == C.LINES:
        parts.append("多个时每行一个（Alt+Enter 换行）。")
    if column.kind == C.DATE:
        parts.append("写作 YYYY-MM-DD。")
    if column.role == C.DERIVED:
        parts.append("（导入时不读取）")
    return "".join(p for p in parts if p)


def _guide(wb, tables: list[C.Table]) -> None:
    guide = C.Table(GUIDE_SHEET, "", tuple(C.Column(k, h, "", C.DERIVED, width=w) for k, h, w in (
        ("sheet", "工作表", 12), ("header", "列", 24), ("field", "字段", 26), ("required", "必填", 8),
        ("options", "可选值", 40), ("hint", "说明", 70))))
    rows = []
    for t in tables:
        for c in t.columns:
            field = ".".join(t.list_path + c.path) if c.role == C.FIELD else "（导出时生成，导入时不读取）" if c.role == C.DERIVED else "（行所属的记录）"
            options = "、".join(c.options) if c.options else ("是、否" if c.kind == C.BOOL else "")
            rows.append([t.name, c.header, field, "是" if c.required else "", options, _prompt(c)])
    book.add_table(wb, C.Rows(guide, rows))

"""Catalog records → rows of the sheets described in :mod:`.columns`.

Every field of every record lands in a column (lists of objects in their own
sheet); the derived columns (department name, 实施编码, inherited type and
legal basis, a standard material's name) are filled from the catalog.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import codes, layout
from ..catalog import Record
from ..rules.context import Context
from . import columns as C
from .cells import MULTI_JOIN, TEXT_LIST_SEPARATOR


def get_path(data, path: tuple):
    for step in path:
        if not isinstance(data, dict):
            return None
        data = data.get(step)
    return data


def cell_out(column: C.Column, value):
    """A field value as written in a cell."""
    if value is None:
        return None
    if column.kind == C.MULTI and isinstance(value, list):
        return MULTI_JOIN.join(str(v) for v in value)
    if column.kind == C.LINES and isinstance(value, list):
        return TEXT_LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, str)):
        return value
    return str(value)


def _bases(bases) -> list[dict]:
    return [b for b in bases if isinstance(b, dict)] if isinstance(bases, list) else []


def _citation(b: dict) -> str:
    doc = f"（{b['doc_no']}）" if b.get("doc_no") else ""
    return f"{b.get('law', '')}{doc}{b.get('article', '')}"


def legal_citation(bases) -> str:
    """设定依据 as citations only, 《名称》（文号）条款 joined by “；”: what the
    exchange's 256-character 设定依据 column holds (the article texts stay in the catalog)."""
    return "；".join(_citation(b) for b in _bases(bases))


def legal_text(bases) -> str:
    """设定依据 as one readable cell: 《名称》（文号）条款：条款内容, one per line."""
    return "\n".join(_citation(b) + (f"：{b['text']}" if b.get("text") else "") for b in _bases(bases))


def region_name(ctx: Context, code: str | None) -> str:
    region = ctx.regions.get(code or "")
    return str(region.data.get("name", code)) if region else (code or "")


def dept_name(ctx: Context, dept_id: str | None) -> str:
    dept = ctx.departments.get(dept_id or "")
    return str(dept.data.get("name", dept_id)) if dept else (dept_id or "")


def implementation_code(ctx: Context, record: Record) -> str:
    dept = ctx.departments.get(record.department or "")
    item = record.data.get("item")
    if dept is None or not isinstance(item, str):
        return ""
    return codes.entry_implementation_code(dept.data, ctx.region_level(dept.region), item) or ""


def row(table: C.Table, data: dict, derived: dict) -> list:
    out = []
    for column in table.columns:
        if column.role == C.FIELD:
            out.append(cell_out(column, get_path(data, column.path)))
        else:
            out.append(derived.get(column.key))
    return out


def item_rows(ctx: Context, records: Iterable[Record], extra: dict | None = None) -> list[C.Rows]:
    """目录清单 rows and 设定依据 rows of ``records``; ``extra`` adds derived
    values per item code (e.g. the implementing agencies of a region)."""
    main, *children = C.item_tables()
    out = [C.Rows(main)] + [C.Rows(t) for t in children]
    for r in records:
        code = r.data.get("code")
        derived = {"@dept": r.department, "@dept_name": dept_name(ctx, r.department), "@region": region_name(ctx, r.region)}
        derived.update((extra or {}).get(code, {}))
        out[0].rows.append(row(main, r.data, derived))
        for rows in out[1:]:
            _child_rows(rows, r.data, {"@item": code})
    return out


def entry_rows(ctx: Context, records: Iterable[Record]) -> list[C.Rows]:
    """实施清单 rows and the rows of its sheets (materials, steps, fees, special procedures)."""
    main, *children = C.entry_tables()
    out = [C.Rows(main)] + [C.Rows(t) for t in children]
    for r in records:
        item = ctx.items.get(r.data.get("item") or "")
        derived = {
            "@dept": r.department,
            "@dept_name": dept_name(ctx, r.department),
            "@impl_code": implementation_code(ctx, r),
            "@type": item.data.get("type") if item else None,
            "@legal": legal_text(item.data.get("legal_basis")) if item else None,
        }
        out[0].rows.append(row(main, r.data, derived))
        keys = {"@dept": r.department, "@item": r.data.get("item")}
        for rows in out[1:]:
            _child_rows(rows, r.data, keys, ctx)
    return out


def _child_rows(rows: C.Rows, data: dict, keys: dict, ctx: Context | None = None) -> None:
    elements = get_path(data, rows.table.list_path)
    for n, element in enumerate(elements if isinstance(elements, list) else [], 1):
        element = element if isinstance(element, dict) else {}
        derived = {**keys, "@seq": n}
        if ctx is not None and rows.table.list_path == ("materials",) and element.get("ref"):
            material = ctx.materials.get(str(element["ref"]))
            derived["@material_name"] = material.data.get("name") if material else None
        rows.rows.append(row(rows.table, element, derived))


def records_in(ctx: Context, kind: str, region: str | None = None, department: str | None = None, recursive: bool = False) -> list[Record]:
    """Records of ``kind`` whose department is ``department`` or sits in
    region ``region`` (and, with ``recursive``, in its sub-regions)."""
    out = []
    for r in ctx.of(kind):
        if department and r.department != department:
            continue
        if region and not (r.region == region or (recursive and region in r.where.region_codes)):
            continue
        out.append(r)
    return out


KINDS = {layout.ITEM: item_rows, layout.ENTRY: entry_rows}

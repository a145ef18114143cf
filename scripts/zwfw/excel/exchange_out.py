"""Catalog → the national data-exchange tables (``zwfw export exchange``).

One row per directory item (``up_task_directory``), per implementation entry
(``up_task_general_basic`` and ``_extend``) and per material, fee item and
question of an entry, for the item types the exchange carries
(:data:`.exchange_fields.EXCHANGED_TYPES`). Enumerated values are written as
the exchange's numeric codes (several: comma-separated), yes/no as 1/0,
``task_code`` is the 实施编码. Text is written as it is; the CSV/XLSX writers
keep it from being run as a formula.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import layout
from ..catalog import Record
from ..rules.context import Context
from . import columns as C
from . import exchange_fields as X
from .issues import CellIssue, issue
from .tables import dept_name, get_path, implementation_code, legal_citation

NONE_TEXT = "无"


@dataclass
class ExchangeTable:
    name: str
    fields: tuple[X.Field, ...]
    rows: list[list] = field(default_factory=list)

    def as_rows(self) -> C.Rows:
        table = C.Table(self.name, "", tuple(C.Column(f.column, f.column, f.label, C.DERIVED) for f in self.fields))
        return C.Rows(table, self.rows)


def exchanged(ctx: Context) -> tuple[list[Record], list[Record]]:
    """The directory items and entries of the exchanged item types."""
    items = [r for r in ctx.of(layout.ITEM) if r.data.get("type") in X.EXCHANGED_TYPES]
    codes = {r.data.get("code") for r in items}
    entries = [r for r in ctx.of(layout.ENTRY) if r.data.get("item") in codes]
    return items, entries


def build(ctx: Context, items: Iterable[Record] | None = None, entries: Iterable[Record] | None = None) -> list[ExchangeTable]:
    if items is None or entries is None:
        items, entries = exchanged(ctx)
    out = {t: ExchangeTable(t, X.table_fields(t)) for t in X.TABLES}
    for item in items:
        out[X.DIRECTORY].rows.append(_row(ctx, X.DIRECTORY, item.data, {"item": item.data}))
    for entry in entries:
        item = ctx.items.get(entry.data.get("item") or "")
        base = {"item": item.data if item else {}, "entry": entry, "ctx": ctx}
        for t in (X.BASIC, X.EXTEND):
            out[t].rows.append(_row(ctx, t, entry.data, base))
        for t in (X.MATERIAL, X.FEE, X.FAQ):
            elements = get_path(entry.data, X.UNITS[t][1])
            for n, element in enumerate(elements if isinstance(elements, list) else [], 1):
                out[t].rows.append(_row(ctx, t, element if isinstance(element, dict) else {}, {**base, "order": n}))
    return [out[t] for t in X.TABLES]


def _row(ctx: Context, table: str, data: dict, env: dict) -> list:
    paths = X.mapping(table)
    row = []
    for f in X.table_fields(table):
        if f.column in paths:
            path = paths[f.column]
            source = env["item"] if path[:1] == ("@item",) else data
            value = encode(f, get_path(source, path[1:] if path[:1] == ("@item",) else path))
        elif f.column in X.DERIVED:
            value = _derived(ctx, table, f, data, env)
        else:
            value = None
        row.append(value)
    return row


def encode(f: X.Field, value):
    """A field value as the exchange writes it."""
    table = X.code_table()
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, bool):
        return table["*bool"]["是" if value else "否"]
    if isinstance(value, list):
        parts = [encode(f, v) for v in value]
        sep = "," if f.column in table else "\n"
        return sep.join(str(p) for p in parts if p is not None)
    if isinstance(value, dict):
        return contact_text(value)
    if f.column in table and isinstance(value, str):
        return table[f.column].get(value, value)
    if isinstance(value, int) or f.numeric:
        return value
    return str(value)


def contact_text(c: dict) -> str:
    labels = {"phone": "电话", "address": "地址", "url": "网址", "email": "电子邮箱"}
    return "；".join(f"{labels.get(k, k)}：{v}" for k, v in c.items() if v not in (None, ""))


def _steps(steps) -> str | None:
    lines = []
    for n, s in enumerate(steps if isinstance(steps, list) else [], 1):
        if isinstance(s, dict):
            limit = s.get("time_limit") or {}
            extra = f"（{limit.get('value')}{limit.get('unit', '')}）" if isinstance(limit, dict) and "value" in limit else ""
            lines.append(f"{n}. {s.get('name', '')}{extra}" + (f"：{s['description']}" if s.get("description") else ""))
    return "\n".join(lines) or None


def _derived(ctx: Context, table: str, f: X.Field, data: dict, env: dict):
    item, entry = env.get("item") or {}, env.get("entry")
    column = f.column
    if column == "catalog_code":
        return item.get("code")
    if column == "task_name":
        return item.get("name")
    if column == "task_type":
        return encode(f, item.get("type"))
    if column == "by_law":
        return legal_citation(item.get("legal_basis")) or None
    if column == "use_level":
        return encode(f, item.get("levels"))
    if column == "task_version":
        return (data.get("version") if table != X.DIRECTORY else None) or 1
    if column == "order_num":
        return env.get("order")
    if column == "material_name":
        return _material_name(ctx, data)
    if column == "task_state":
        return encode(f, data.get("status") or "在用")
    if entry is None:
        return None
    dept = ctx.departments.get(entry.department or "")
    if column == "task_code":
        return implementation_code(ctx, entry) or None
    if column == "dept_name":
        return dept_name(ctx, entry.department)
    if column == "dept_code":
        return dept.data.get("credit_code") if dept else None
    if column == "dept_type":
        nature = data.get("agency_nature") or (dept.data.get("nature") if dept else None) or "法定机关"
        return encode(f, nature)
    if column == "is_fee":
        fee = data.get("fee") or {}
        return encode(f, bool(fee.get("charged", bool(fee.get("items")))))
    if column == "is_pay_online":  # no fee: no online payment
        return encode(f, bool((data.get("fee") or {}).get("online_payment")))
    if column == "special_procedure":
        procs = data.get("special_procedures")
        return "\n".join(str(p.get("name", "")) for p in procs if isinstance(p, dict)) if procs else NONE_TEXT
    if column == "handle_flow":
        return _steps(data.get("steps"))
    if column in ("link_way", "supervise_way"):
        return encode(f, data.get("consultation" if column == "link_way" else "complaint"))
    if column == "is_express":
        express = data.get("express")
        if isinstance(express, dict):
            return encode(f, bool(express.get("materials") or express.get("results")))
        return encode(f, "邮寄申请" in (data.get("channels") or []))
    if column in ("is_single_login", "app_is_single_login"):
        return encode(f, False)
    return None


def _material_name(ctx: Context, element: dict):
    if element.get("name"):
        return element["name"]
    ref = element.get("ref")
    material = ctx.materials.get(str(ref)) if ref else None
    return material.data.get("name") if material else ref


def overlong(tables: list[ExchangeTable]) -> list[CellIssue]:
    """Cells longer than their column's ``varchar(N)`` in the field list: the
    national system would refuse the row (``table.csv!row!column``)."""
    found = []
    for t in tables:
        for n, row in enumerate(t.rows, 2):
            for f, value in zip(t.fields, row):
                limit = f.max_length
                if limit is not None and value is not None and len(str(value)) > limit:
                    found.append(issue("", f"{t.name}.csv", f"{n}!{f.column}", "exchange-length",
                                       f"{f.label}（{f.column}）有 {len(str(value))} 个字符，超过国家数据交换字段表的上限 {limit}（{f.type}）："
                                       "请在目录清单或实施清单中精简该要素，否则国家系统不接收本行。"))
    return found


def write(tables: list[ExchangeTable], out, fmt: str) -> list:
    """One file per table, ``OUT/<table>.csv`` or ``.xlsx`` (one sheet named after the table)."""
    from pathlib import Path

    from . import book, csvout

    out = Path(out)
    written = []
    for t in tables:
        rows = t.as_rows()
        path = out / f"{t.name}.{fmt}"
        if fmt == "csv":
            csvout.write_csv(rows, path)
        else:
            wb = book.new_workbook(write_only=True)
            book.add_table(wb, rows, styled=False)
            book.save(wb, path)
        written.append((path, t))
    return written

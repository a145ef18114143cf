"""The national government-service data-exchange tables, column by column.

``data/national_exchange_fields.csv`` is the field list of the national
exchange (tables ``up_task_directory``, ``up_task_general_basic`` and
``_extend``, ``_material``, ``_fee_project``, ``_questions``: column, type,
required = ``NOT NULL``, Chinese label), copied unchanged from the public
implementation of that exchange that the project's reference data describes;
its synchronisation bookkeeping columns (ids, batch, timestamps, creator,
tenant) are left out there. ``data/national_exchange_codes.csv`` gives the
numeric code of each enumerated value (basis ``brief``: the codes verified
for the plan; ``order``: no published table was found, the codes follow the
order of the schema's options).

Which field of a record fills a column is derived, not typed: a column whose
Chinese label is the ``title`` of a field of the row's record (or list
element) maps to that field. Only the columns whose label differs from the
schema's title are mapped by hand (:data:`BY_PATH`), the ones computed from
several records are :data:`DERIVED`, and the ones the catalog does not hold
are listed in :data:`NOT_HELD` — a test checks that every column of the field
list is accounted for exactly once.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .. import codes, layout, schemas

DIRECTORY, BASIC, EXTEND, MATERIAL, FEE, FAQ = (
    "up_task_directory", "up_task_general_basic", "up_task_general_extend",
    "up_task_general_material", "up_task_general_fee_project", "up_task_general_questions")
TABLES = (DIRECTORY, BASIC, EXTEND, MATERIAL, FEE, FAQ)
#: The record (kind) and, for a list table, the list inside an entry that each row of a table stands for.
UNITS = {DIRECTORY: (layout.ITEM, ()), BASIC: (layout.ENTRY, ()), EXTEND: (layout.ENTRY, ()),
         MATERIAL: (layout.ENTRY, ("materials",)), FEE: (layout.ENTRY, ("fee", "items")), FAQ: (layout.ENTRY, ("faq",))}
#: The item types the exchange tables carry (the data-exchange field list covers 许可/给付/奖励/确认/裁决/其他).
EXCHANGED_TYPES = tuple(t for t in codes.IN_SCOPE_TYPES if t != codes.PUBLIC_SERVICE)

#: Columns whose label is not the schema title of the field that fills them (or whose
#: name is also a derived column of another table, like ``by_law``).
BY_PATH = {
    (BASIC, "anticipate_day"): ("legal_time_limit", "value"),
    (BASIC, "anticipate_type"): ("legal_time_limit", "unit"),
    (BASIC, "anticipate_explain"): ("legal_time_limit", "note"),
    (BASIC, "promise_day"): ("promised_time_limit", "value"),
    (BASIC, "promise_type"): ("promised_time_limit", "unit"),
    (BASIC, "promise_explain"): ("promised_time_limit", "note"),
    (EXTEND, "is_service_terminals"): ("self_service",),
    (EXTEND, "limit_scene_explain"): ("onsite_reason",),
    (EXTEND, "result_type"): ("result", "type"),
    (EXTEND, "result_name"): ("result", "name"),
    (EXTEND, "result_guid"): ("result", "sample"),
    (EXTEND, "town_code"): ("town", "code"),
    (EXTEND, "town_name"): ("town", "name"),
    (EXTEND, "village_code"): ("village", "code"),
    (EXTEND, "village_name"): ("village", "name"),
    (EXTEND, "user_topic_type"): ("@item", "topics", "natural_person"),
    (EXTEND, "corp_topic_type"): ("@item", "topics", "legal_person"),
    (MATERIAL, "is_need"): ("necessity",),
    (MATERIAL, "page_format"): ("spec",),
    (MATERIAL, "page_num"): ("copies",),
    (MATERIAL, "by_law"): ("basis",),
    (FEE, "by_law"): ("basis",),
    (FAQ, "answer"): ("answer",),
    (DIRECTORY, "plan_effective_date"): ("effective_date",),
    (DIRECTORY, "plan_cancel_date"): ("cancel_date",),
}
#: Columns computed from the item, the department or the position in a list (see exchange_out).
DERIVED = {"task_code", "catalog_code", "task_name", "task_type", "by_law", "use_level", "dept_name", "dept_code",
           "dept_type", "order_num", "task_version", "special_procedure", "link_way", "supervise_way", "is_express",
           "material_name", "is_single_login", "app_is_single_login", "handle_flow", "task_state", "is_fee", "is_pay_online"}
#: Columns the catalog does not hold (left empty; none of them is required).
NOT_HELD = {"local_catalog_code", "local_task_code", "task_handle_item", "link_addr", "mobile_terminal_url",
            "user_character_topic_type", "corp_character_topic_type", "form_guid", "example_guid", "remark"}


@dataclass(frozen=True)
class Field:
    table: str
    column: str
    type: str
    required: bool
    label: str

    @property
    def max_length(self) -> int | None:
        m = re.match(r"varchar\((\d+)\)", self.type)
        return int(m.group(1)) if m else None

    @property
    def numeric(self) -> bool:
        return self.type.startswith("int")


@cache
def fields() -> tuple[Field, ...]:
    text = resources.files("zwfw.data").joinpath("national_exchange_fields.csv").read_text("utf-8")
    return tuple(Field(r["table"], r["column"], r["type"], r["required"] == "yes", r["label"]) for r in csv.DictReader(text.splitlines()))


def table_fields(table: str) -> tuple[Field, ...]:
    return tuple(f for f in fields() if f.table == table)


@cache
def code_table() -> dict[str, dict[str, str]]:
    """Column → label → numeric code (``*bool`` for yes/no columns; 事项类型 from :mod:`zwfw.codes`)."""
    text = resources.files("zwfw.data").joinpath("national_exchange_codes.csv").read_text("utf-8")
    out: dict[str, dict[str, str]] = {"task_type": dict(codes.ITEM_TYPE_CODES)}
    for r in csv.DictReader(text.splitlines()):
        out.setdefault(r["column"], {})[r["label"]] = r["code"]
    return out


def _titles(kind: str, base: tuple) -> dict[str, tuple]:
    """Schema title → field path (relative to ``base``) of every leaf and list below ``base``."""
    out: dict[str, tuple] = {}

    def walk(path: tuple) -> None:
        node = schemas.node_at(kind, base + path)
        for name in node.get("properties", {}):
            child = schemas.node_at(kind, base + path + (name,))
            if "properties" in child:
                walk(path + (name,))
            out.setdefault(child.get("title", name), path + (name,))

    walk(())
    return out


@cache
def by_title(table: str) -> dict[str, tuple]:
    """Column → field path, for every column whose label is the schema title of a field of the row's unit."""
    kind, base = UNITS[table]
    titles = _titles(kind, base + ((0,) if base else ()))
    return {f.column: titles[f.label] for f in table_fields(table) if f.label in titles}


@cache
def mapping(table: str) -> dict[str, tuple]:
    """Column → field path of the row's record or element, for every column a field fills
    (a path starting with ``@item`` is read from the entry's directory item)."""
    kind, base = UNITS[table]
    out = {}
    for f in table_fields(table):
        if (table, f.column) in BY_PATH:
            path = BY_PATH[(table, f.column)]
        elif f.column in DERIVED or f.column in NOT_HELD:
            continue
        else:
            path = by_title(table).get(f.column)
        if path is not None and _exists(kind, base, path):
            out[f.column] = path
    return out


def _exists(kind: str, base: tuple, path: tuple) -> bool:
    if path[:1] == ("@item",):
        kind, base, path = layout.ITEM, (), path[1:]
    try:
        node = schemas.node_at(kind, base + ((0,) if base else ()) + path)
    except (KeyError, IndexError, TypeError):
        return False
    return bool(node)

"""The column model: every column of every sheet, derived from the JSON Schemas.

A column is a field path with its Chinese header, its hint (the schema's
description), its value kind and, for enumerations, its options. Headers,
hints and options are read from the schemas' ``title``/``description``/
``enum``, never retyped, so a field added to a schema shows up in every export
and template. An object field becomes one column per sub-field (header
``父字段-子字段``); a list of objects (materials, steps, fee items, special
procedures, legal bases) becomes a sheet of its own, one row per element,
keyed by department and basic code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .. import layout, schemas

# Column roles.
FIELD = "field"  # a field of the record: exported and imported
KEY = "key"  # identifies the record a row belongs to (department, basic code)
SEQ = "seq"  # order of a list element (informative; rows are read in order)
DERIVED = "derived"  # computed on export (inherited or looked up); checked, never written, on import

# Value kinds.
TEXT, INT, BOOL, DATE, ENUM, MULTI, LINES = "text", "int", "bool", "date", "enum", "multi", "lines"

DEPT_ITEM_HEADER = "主管部门（部门标识）"
DEPT_ENTRY_HEADER = "实施机关（部门标识）"
ITEM_SHEET = "目录清单"
ENTRY_SHEET = "实施清单"
EXAMPLE_MARK = "（示例）"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    hint: str = ""
    role: str = FIELD
    kind: str = TEXT
    options: tuple[str, ...] = ()
    path: tuple[str, ...] = ()  # field path inside the record or list element
    required: bool = False
    patterned: bool = False  # text with a fixed format (codes, phones): a number typed here lost its leading zeros
    width: int = 14
    source: str = ""  # for a list column: the reference sheet its drop-down comes from
    pattern: str = ""  # the schema's pattern of a patterned text column


@dataclass(frozen=True)
class Table:
    """One sheet: which record kind, which list of the record (``list_path``
    for child sheets) and its columns."""

    name: str
    kind: str
    columns: tuple[Column, ...]
    list_path: tuple[str, ...] = ()
    hint: str = ""

    @property
    def is_child(self) -> bool:
        return bool(self.list_path)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def fields(self) -> list[Column]:
        return [c for c in self.columns if c.role == FIELD]


@dataclass
class Rows:
    """A table with its rows (values ready to write: str, int or None)."""

    table: Table
    rows: list[list] = field(default_factory=list)


def _kind_of(node: dict, item_node: dict | None) -> tuple[str, tuple[str, ...]]:
    if "enum" in node:
        return ENUM, tuple(node["enum"])
    typ = node.get("type")
    if typ == "array" and item_node is not None:
        if "enum" in item_node:
            return MULTI, tuple(item_node["enum"])
        return LINES, ()
    if typ == "integer":
        return INT, ()
    if typ == "boolean":
        return BOOL, ()
    if node.get("pattern", "").startswith("^[0-9]{4}-"):
        return DATE, ()
    return TEXT, ()


def _width(kind: str, node: dict) -> int:
    if kind in (INT, BOOL):
        return 10
    if kind in (DATE, ENUM):
        return 14
    if node.get("maxLength", 0) > 500 or kind == LINES:
        return 40
    return 22


def _leaf(kind: str, base: tuple, path: tuple, header: str, required: bool) -> Column:
    node = schemas.node_at(kind, base + path)
    item_node = schemas.node_at(kind, base + path + (0,)) if node.get("type") == "array" else None
    value_kind, options = _kind_of(node, item_node)
    return Column(
        key=".".join(path),
        header=header,
        hint=node.get("description", ""),
        kind=value_kind,
        options=options,
        path=path,
        required=required,
        patterned="pattern" in node and value_kind == TEXT,
        width=_width(value_kind, node),
        pattern=node.get("pattern", "") if value_kind == TEXT else "",
    )


def walk(kind: str, base: tuple = ()) -> tuple[list[Column], list[tuple[str, ...]]]:
    """Columns of the object at ``base`` of ``kind`` (flattening sub-objects)
    and the paths of its lists of objects (each a sheet of its own)."""
    columns: list[Column] = []
    lists: list[tuple[str, ...]] = []
    _walk(kind, base, (), "", columns, lists, True)
    return columns, lists


def _walk(kind, base, prefix, title_prefix, columns, lists, required_chain) -> None:
    node = schemas.node_at(kind, base + prefix)
    required = set(node.get("required", ()))
    for name in node.get("properties", {}):
        path = prefix + (name,)
        child = schemas.node_at(kind, base + path)
        title = child.get("title", name)
        header = f"{title_prefix}-{title}" if title_prefix else title
        is_required = required_chain and name in required
        if child.get("type") == "object" or "properties" in child:
            _walk(kind, base, path, title if not title_prefix else header, columns, lists, is_required)
            continue
        if child.get("type") == "array":
            item = schemas.node_at(kind, base + path + (0,))
            if item.get("type") == "object" or "properties" in item:
                lists.append(path)
                continue
        columns.append(_leaf(kind, base, path, header, is_required))


def _dept_column(header: str) -> Column:
    hint = "部门文件夹名（部门标识），例如 hb-scjgj；从下拉列表选择，部门名称见“部门”参考表。"
    return Column("@dept", header, hint, KEY, TEXT, (), (), True, False, 16, source="部门")


def _derived(key: str, header: str, hint: str, width: int = 22) -> Column:
    return Column(key, header, hint, DERIVED, TEXT, width=width)


def _child_table(kind: str, list_path: tuple, keys: tuple[Column, ...]) -> Table:
    columns, nested = walk(kind, list_path + (0,))
    if nested:
        raise ValueError(f"lists inside {list_path} are not supported")
    node = schemas.node_at(kind, list_path)
    seq = Column("@seq", "序号", "本事项内的顺序（导入时按行的先后读取）。", SEQ, INT, width=8)
    extra = ()
    if list_path == ("materials",):
        extra = (_derived("@material_name", "标准材料名称", "引用标准材料时，标准库中的材料名称（导出时填入，导入时不读取）。"),)
    return Table(node.get("title", list_path[-1]), kind, keys + (seq,) + tuple(columns) + extra, list_path, node.get("description", ""))


def _item_code_key() -> Column:
    node = schemas.node_at(layout.ITEM, ("code",))
    return Column("@item", "基本编码", node.get("description", ""), KEY, TEXT, (), (), True, True, 16, source="目录清单事项")


@cache
def item_tables() -> tuple[Table, ...]:
    """目录清单 and its 设定依据 sheet."""
    columns, lists = walk(layout.ITEM)
    dept = _dept_column(DEPT_ITEM_HEADER)
    derived = (
        _derived("@dept_name", "主管部门名称", "导出时填入，导入时不读取。"),
        _derived("@region", "所属区域", "主管部门所在区域（导出时填入，导入时不读取）。", 16),
    )
    main = Table(ITEM_SHEET, layout.ITEM, (dept,) + derived + tuple(columns), (), schemas.bundled(layout.ITEM).get("description", ""))
    children = tuple(_child_table(layout.ITEM, path, (_item_code_key(),)) for path in lists)
    return (main,) + children


@cache
def entry_tables() -> tuple[Table, ...]:
    """实施清单 and its sheets: 申请材料, 办理流程, 收费项目, 特别程序."""
    columns, lists = walk(layout.ENTRY)
    dept = _dept_column(DEPT_ENTRY_HEADER)
    derived = (
        _derived("@dept_name", "实施机关名称", "导出时填入，导入时不读取。"),
        _derived("@impl_code", "实施编码", "由实施机关的统一社会信用代码和基本编码生成，不用填写。", 34),
        _derived("@type", "事项类型", "继承自目录清单，不用填写（填写时须与目录清单一致）。", 12),
        _derived("@legal", "设定依据", "继承自目录清单，不用填写。", 40),
    )
    main = Table(ENTRY_SHEET, layout.ENTRY, (dept,) + derived + tuple(columns), (), schemas.bundled(layout.ENTRY).get("description", ""))
    keys = (_dept_column(DEPT_ENTRY_HEADER), _item_code_key())
    children = tuple(_child_table(layout.ENTRY, path, keys) for path in lists)
    return tuple(_with_sources(t) for t in (main,) + children)


def _with_source(column: Column, source: str) -> Column:
    return Column(**{**column.__dict__, "source": source})


def _with_sources(table: Table) -> Table:
    sources = {("item",): "目录清单事项", ("result", "licence"): "电子证照", ("materials", "ref"): "标准材料"}
    cols = tuple(_with_source(c, sources[table.list_path + c.path]) if table.list_path + c.path in sources else c for c in table.columns)
    return Table(table.name, table.kind, cols, table.list_path, table.hint)


#: Derived columns that only some exports add (a region's directory list);
#: an import ignores them like the table's own derived columns.
IMPLEMENTERS = Column("@implementers", "本区域实施机关", "本区域中编制了实施清单的机关（导出时填入，导入时不读取）。", DERIVED, width=30)
EXPORT_ONLY = (IMPLEMENTERS,)


def all_tables() -> tuple[Table, ...]:
    return item_tables() + entry_tables()


def table_named(name: str) -> Table | None:
    return next((t for t in all_tables() if t.name == name), None)

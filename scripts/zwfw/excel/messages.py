"""Import-side wording of validator problems, built from the problem's
structured path and the column model (never from the message text).

A missing field is said with the column's Chinese header and where to fill
it: the cell of the row when the sheet has that column, or the detail sheet
(设定依据, 申请材料…) when a whole list is missing.
"""

from __future__ import annotations

from . import columns as C
from .records import Draft


def _tables(kind: str) -> tuple[C.Table, ...]:
    return tuple(t for t in C.all_tables() if t.kind == kind)


def locate(kind: str, path: tuple) -> tuple[C.Table | None, C.Column | None]:
    """The sheet and column of a field path (column None: the whole list of a detail sheet)."""
    for table in _tables(kind):
        n = len(table.list_path)
        if table.is_child and path[:n] == table.list_path:
            rest = path[n + 1:]
            return table, next((c for c in table.fields() if c.path == rest), None) if rest else None
    main = next((t for t in _tables(kind) if not t.is_child), None)
    column = next((c for c in main.fields() if c.path == path), None) if main else None
    return (main, column) if column else (None, None)


def is_empty_list(draft: Draft, path: tuple) -> bool:
    """``path`` names a detail sheet's whole list and the record has none (no row in that sheet)."""
    table, column = locate(draft.kind, path)
    if table is None or column is not None or not table.is_child or len(path) != len(table.list_path):
        return False
    value = draft.data
    for step in path:
        value = value.get(step) if isinstance(value, dict) else None
    return not value


def missing(draft: Draft, path: tuple, at: tuple[str, str], fallback: str) -> tuple[str, str, str]:
    """(sheet, cell, message) for a required field that is missing."""
    table, column = locate(draft.kind, path)
    if table is None:
        return at[0], at[1], fallback
    if column is None and len(path) > len(table.list_path):
        return at[0], at[1], fallback
    if column is None:
        keys = "、".join(c.header for c in table.columns if c.role == C.KEY)
        code = draft.data.get("code") or draft.data.get("item") or ""
        return (table.name, "", f"缺少{table.name}：请在“{table.name}”表中为本事项（{code}）至少填写一行，"
                                f"用“{keys}”对应到事项。{_hint(table.hint)}")
    where = f"请在“{table.name}”表的“{column.header}”列填写" if at[0] == table.name else f"请在“{table.name}”表中增加“{column.header}”列并填写"
    return at[0], at[1], f"缺少必填字段“{column.header}”：{where}。{_hint(column.hint)}"


def _hint(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith("。") else text + "。"

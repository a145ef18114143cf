"""The national data-exchange tables → YAML (``zwfw import exchange``).

Reads the tables written by :mod:`.exchange_out` or by another system
(``<table>.csv`` or ``.xlsx``; a table that is absent is left alone), turns
every row into a draft of the record it describes and hands the drafts to the
same validation, mapping and writing as the workbook import (all-or-nothing,
or ``--partial``). Problems are given as ``table.csv!row!column``.

A value equal to what the export writes for the record as it is changes
nothing, so that export → import gives the same records; any other value is
decoded (numeric codes → labels, 1/0 → yes/no) into the field the column
maps to. Rows of an entry are found by 实施编码: the implementing
department by its credit code, the directory item by the basic code (it must
exist: the exchange does not say which department owns an item).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from .. import layout
from ..rules.context import Context
from . import exchange_fields as X
from . import exchange_out as O
from .cells import clean_text
from .issues import CellIssue, WorkbookError, issue
from .national import csv_rows, first_sheet_rows
from .records import Draft, drop_path, set_path
from .tables import get_path
from .workbook import DEFAULT_LIMITS, Limits, open_workbook

MAX_CSV_BYTES = 200 * 1024 * 1024
LOSSY = {"by_law", "link_way", "supervise_way", "handle_flow", "special_procedure", "task_name", "task_type", "use_level",
         "dept_name", "dept_type", "is_express", "is_fee", "is_pay_online", "is_single_login", "app_is_single_login"}


def read_tables(paths: list[Path], limits: Limits = DEFAULT_LIMITS) -> dict[str, tuple[str, list[dict]]]:
    """Table name → (file name, rows as column → text) for each table file found."""
    files = []
    for p in paths:
        files += sorted(x for x in p.iterdir() if x.suffix.lower() in (".csv", ".xlsx")) if p.is_dir() else [p]
    out = {}
    for f in files:
        table = f.stem
        if table not in X.TABLES:
            continue
        rows = _csv(f) if f.suffix.lower() == ".csv" else _xlsx(f, limits)
        if not rows:
            out[table] = (f.name, [])
            continue
        header = [clean_text(str(h or ""))[0] for h in rows[0]]
        known = {x.column for x in X.table_fields(table)}
        unknown = [h for h in header if h and h not in known]
        if unknown:
            raise WorkbookError(issue(f.name, "1", unknown[0], "xlsx-sheet", f"不认识列“{unknown[0]}”：{table} 的列见国家数据交换字段表。"))
        out[table] = (f.name, [dict(zip(header, r)) for r in rows[1:] if any(v not in (None, "") for v in r)])
    if not out:
        raise WorkbookError(issue(", ".join(p.name for p in paths), "", "", "xlsx-file", f"没有找到交换表：文件名应为 {'、'.join(X.TABLES)}（.csv 或 .xlsx）。"))
    return out


def _csv(path: Path) -> list[list]:
    return [[_unquote(v) for v in r] for r in csv_rows(path, MAX_CSV_BYTES)]


def _unquote(v: str) -> str:
    """The apostrophe the CSV export puts before text a spreadsheet would run as a formula."""
    return v[1:] if v.startswith("'") and v[1:2] in ("=", "+", "-", "@", "\t", "\r") else v


def _xlsx(path: Path, limits: Limits) -> list[list]:
    with open_workbook(path, limits) as book:
        return first_sheet_rows(book) if book.sheets else []


def decode(f: X.Field, kind: str, path: tuple, text):
    """A cell of the exchange → the field value (labels for codes, bool, int, lists)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    from .. import schemas

    node = schemas.node_at(kind, path)
    labels = {v: k for k, v in X.code_table().get(f.column, {}).items()}
    if node.get("type") == "boolean":
        return {"1": True, "0": False}.get(str(text).strip(), text)
    if node.get("type") == "integer":
        try:
            return int(float(text))
        except ValueError:
            return text
    if node.get("type") == "array":
        parts = str(text).split("," if labels else "\n")
        return [labels.get(p.strip(), p.strip()) for p in parts if p.strip()]
    text = str(text)
    return labels.get(text.strip(), text) if labels else text


class ExchangeBuilder:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.drafts: dict[str, Draft] = {}
        self.issues: list[CellIssue] = []
        self.rejected: dict[tuple[str, int], tuple[str, str | None]] = {}
        self.by_credit = {str(d.data.get("credit_code")): d for d in ctx.departments.values() if d.data.get("credit_code")}
        self.files = {r.file: r for r in ctx.catalog.records}
        self.library = {str(m.data.get("name")): mid for mid, m in sorted(ctx.materials.items())}

    def note(self, where: tuple[str, int], column: str, rule: str, message: str) -> None:
        self.issues.append(issue("", f"{where[0]}!{where[1]}", column, rule, message))

    def item_rows(self, name: str, rows: list[dict]) -> None:
        for n, row in enumerate(rows, 2):
            code = str(row.get("catalog_code") or "").strip()
            item = self.ctx.items.get(code)
            if item is None:
                self.note((name, n), "catalog_code", "xlsx-orphan", f"目录清单中没有基本编码“{code}”的事项：交换表不含主管部门，请先建立目录清单事项（zwfw new item），再导入。")
                self.rejected[(name, n)] = (layout.ITEM, code or None)
                continue
            draft = self._draft(layout.ITEM, item.file, (name, n))
            self._apply(X.DIRECTORY, row, draft, draft.data, (), (name, n), O._row(self.ctx, X.DIRECTORY, item.data, {"item": item.data}))

    def entry_rows(self, table: str, name: str, rows: list[dict]) -> None:
        for n, row in enumerate(rows, 2):
            rel = self._entry_file(row, (name, n))
            if rel is None:
                continue
            draft = self._draft(layout.ENTRY, rel, (name, n))
            current = O._row(self.ctx, table, self.files[rel].data, self._env(rel)) if rel in self.files else None
            self._apply(table, row, draft, draft.data, (), (name, n), current)

    def list_rows(self, table: str, name: str, rows: list[dict]) -> None:
        groups: dict[str, list[tuple[int, dict]]] = {}
        for n, row in enumerate(rows, 2):
            rel = self._entry_file(row, (name, n))
            if rel is not None:
                groups.setdefault(rel, []).append((n, row))
        list_path = X.UNITS[table][1]
        for rel, members in groups.items():
            draft = self._draft(layout.ENTRY, rel, (name, members[0][0]))
            members.sort(key=lambda m: _int(m[1].get("order_num"), m[0]))
            old = get_path(self.files[rel].data, list_path) if rel in self.files else None
            old = old if isinstance(old, list) else []
            out = []
            for i, (n, row) in enumerate(members):
                element = copy.deepcopy(old[i]) if i < len(old) and isinstance(old[i], dict) else {}
                current = O._row(self.ctx, table, old[i], {**self._env(rel), "order": i + 1}) if i < len(old) and isinstance(old[i], dict) else None
                draft.origin[list_path + (i,)] = (f"{name}!{n}", "order_num")
                draft.rows.add((name, n))
                self._apply(table, row, draft, element, list_path + (i,), (name, n), current)
                if table == X.MATERIAL:
                    self._material(row, element, current)
                out.append(element)
            set_path(draft.data, list_path, out)

    def _material(self, row: dict, element: dict, current) -> None:
        name = row.get("material_name")
        fields = X.table_fields(X.MATERIAL)
        at = [f.column for f in fields].index("material_name")
        if current is not None and current[at] == name:
            return
        element.pop("ref", None)
        element.pop("name", None)
        if name:
            ref = self.library.get(str(name).strip())
            element.update({"ref": ref} if ref else {"name": str(name)})

    def _env(self, rel: str) -> dict:
        record = self.files[rel]
        item = self.ctx.items.get(str(record.data.get("item")))
        return {"item": item.data if item else {}, "entry": record, "ctx": self.ctx}

    def _entry_file(self, row: dict, where: tuple[str, int]) -> str | None:
        task_code = str(row.get("task_code") or "").strip()
        credit, code = task_code[:18], str(row.get("catalog_code") or "").strip() or task_code[-12:]
        dept = self.by_credit.get(str(row.get("dept_code") or credit).strip()) or self.by_credit.get(credit)
        if dept is None:
            self.note(where, "task_code", "xlsx-department", f"实施编码“{task_code}”中的统一社会信用代码 {credit} 不属于目录中的任何部门：请先建立该部门的 department.yaml（credit_code）。")
        elif code not in self.ctx.items:
            self.note(where, "task_code", "xlsx-orphan", f"目录清单中没有基本编码“{code}”的事项：请先导入目录表（{X.DIRECTORY}）或建立该事项。")
        else:
            rel = f"{dept.file.rsplit('/', 1)[0]}/{layout.ENTRIES_DIR}/{code}.yaml"
            return rel
        self.rejected[where] = (layout.ENTRY, code or None)
        return None

    def _draft(self, kind: str, rel: str, where: tuple[str, int]) -> Draft:
        if rel not in self.drafts:
            record = self.files.get(rel)
            data = copy.deepcopy(record.data) if record else {}
            if kind == layout.ENTRY and not data:
                data["item"] = rel.rsplit("/", 1)[1][:-5]
            self.drafts[rel] = Draft(kind, rel, data, record is not None, (f"{where[0]}!{where[1]}", "task_code" if kind == layout.ENTRY else "catalog_code"))
            self.drafts[rel].origin[()] = self.drafts[rel].home
        self.drafts[rel].rows.add(where)
        return self.drafts[rel]

    def _apply(self, table: str, row: dict, draft: Draft, target: dict, base: tuple, where: tuple[str, int], current) -> None:
        paths = X.mapping(table)
        kind = X.UNITS[table][0]
        for i, f in enumerate(X.table_fields(table)):
            if f.column not in row:
                continue
            value = row[f.column]
            value = None if value is None or str(value).strip() == "" else value
            if current is not None and _same(current[i], value):
                continue
            path = paths.get(f.column)
            if current is None and f.column in PARSERS and value is not None:
                key, parse = PARSERS[f.column]
                parsed = parse(str(value))
                if parsed is not None:
                    draft.origin[base + key] = (f"{where[0]}!{where[1]}", f.column)
                    set_path(target, key, parsed)
                continue
            if path is None or path[:1] == ("@item",):
                if f.column in LOSSY and current is not None:
                    self.note(where, f.column, "xlsx-inherited", f"{f.label}（{f.column}）由目录合成或继承，交换表中的修改无法逐项导入：请在目录清单或实施清单中修改。")
                continue
            draft.origin[base + path] = (f"{where[0]}!{where[1]}", f.column)
            full = (X.UNITS[table][1] + (0,) if X.UNITS[table][1] else ()) + path
            decoded = decode(f, kind, full, value)
            if decoded in (None, [], ""):
                drop_path(target, path)
            else:
                set_path(target, path, decoded)


_CONTACT = {"电话": "phone", "地址": "address", "网址": "url", "电子邮箱": "email"}
_STEP = re.compile(r"^\d+\.\s*(?P<name>[^（：]+)(?:（(?P<value>\d+)(?P<unit>工作日|自然日)）)?(?:：(?P<description>.*))?$")


def parse_contact(text: str) -> dict:
    """``电话：…；地址：…`` (as the export writes it) → a contact; other text is the phone."""
    out = {}
    for part in re.split(r"[；;]", text):
        label, sep, value = part.partition("：")
        if sep and label.strip() in _CONTACT:
            out[_CONTACT[label.strip()]] = value.strip()
    return out or {"phone": text.strip()}


def parse_steps(text: str) -> list[dict]:
    steps = []
    for line in text.splitlines():
        m = _STEP.match(line.strip())
        if not m:
            if line.strip():
                steps.append({"name": line.strip()})
            continue
        step = {"name": m.group("name").strip()}
        if m.group("value"):
            step["time_limit"] = {"value": int(m.group("value")), "unit": m.group("unit")}
        if m.group("description"):
            step["description"] = m.group("description")
        steps.append(step)
    return steps


def parse_procedures(text: str) -> list[dict]:
    return [] if text.strip() == O.NONE_TEXT else [{"name": line.strip()} for line in text.splitlines() if line.strip()]


def parse_flag(text: str) -> bool | None:
    """A yes/no code of the exchange (None: not a yes/no code)."""
    return {code: label == "是" for label, code in X.code_table()["*bool"].items()}.get(text.strip())


def parse_express(text: str) -> dict | None:
    """``is_express``: 否 means neither materials nor results by post; 是 does not
    say which of the two, so it gives nothing (the entry must say it)."""
    return {"materials": False, "results": False} if parse_flag(text) is False else None


#: Derived columns that a new record takes from the table: column → (field path, parser of the exported text).
PARSERS = {"link_way": (("consultation",), parse_contact), "supervise_way": (("complaint",), parse_contact),
           "handle_flow": (("steps",), parse_steps), "special_procedure": (("special_procedures",), parse_procedures),
           "is_fee": (("fee", "charged"), parse_flag), "is_pay_online": (("fee", "online_payment"), parse_flag),
           "is_express": (("express",), parse_express)}


def _same(exported, given) -> bool:
    if exported in (None, "") and given in (None, ""):
        return True
    return str(exported).strip() == str(given).strip() if exported is not None and given is not None else False


def _int(value, default: int) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


def build_drafts(ctx: Context, tables: dict[str, tuple[str, list[dict]]]):
    builder = ExchangeBuilder(ctx)
    if X.DIRECTORY in tables:
        builder.item_rows(*tables[X.DIRECTORY])
    for table in (X.BASIC, X.EXTEND):
        if table in tables:
            builder.entry_rows(table, *tables[table])
    for table in (X.MATERIAL, X.FEE, X.FAQ):
        if table in tables:
            builder.list_rows(table, *tables[table])
    return list(builder.drafts.values()), builder.issues, builder.rejected


def import_exchange(root: Path, paths: list[Path], partial: bool = False, dry_run: bool = False,
                    limits: Limits = DEFAULT_LIMITS, progress=None):
    """Import the exchange tables found at ``paths`` (folders or table files)."""
    from .. import catalog as catalog_mod
    from .importer import ImportResult, finish

    say = progress or (lambda _msg: None)
    say("读取交换表")
    try:
        tables = read_tables(paths, limits)
    except WorkbookError as exc:
        return ImportResult([exc.issue])
    say("读取目录")
    catalog, _ = catalog_mod.load(root)
    drafts, found, rejected = build_drafts(Context.build(catalog), tables)
    return finish(root, catalog, drafts, found, rejected, "", partial, dry_run, say)

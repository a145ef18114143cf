"""Answers → a record file, written by the project's own scaffolding.

A new record starts from the ``zwfw new`` template (right folder, next free
code, editor schema line, Chinese comments); the answers are set into it and
the file is re-emitted by the same round-trip writer the Excel import uses, so
comments stay and every value is quoted as YAML requires. Optional fields the
form left empty are dropped; required ones stay blank (``""``/``~``) so the
validator names them. A changed entry keeps its comments and every field the
form did not touch.
"""

from __future__ import annotations

import yaml

from .. import layout, scaffold, schemas
from ..catalog import Catalog, Record
from ..excel.yamlwrite import render_update
from ..scaffold import NewFile
from . import answers as A
from .definitions import Form

ONLINE = "网上办理"


def new_entry(catalog: Catalog, form: Form, got: dict, problems: list[str]) -> NewFile | None:
    dept = A.department(catalog, got["department"], problems)
    item = A.item(catalog, got["item"], problems)
    values = _entry_values(catalog, form, got, problems, {})
    if dept is None or item is None or problems:
        return None
    try:
        new = scaffold.new_entry(catalog, dept.department, item.data["code"])
    except scaffold.ScaffoldError as exc:
        problems.append(str(exc))
        return None
    data = yaml.safe_load(new.text)
    _set_entry(data, values, new=True)
    _prune(layout.ENTRY, data, ())
    return NewFile(new.path, render_update(new.text, layout.ENTRY, data))


def change_entry(catalog: Catalog, form: Form, got: dict, problems: list[str]) -> NewFile | None:
    dept = A.department(catalog, got["department"], problems)
    item = A.item(catalog, got["item"], problems)
    if dept is None or item is None:
        return None
    entry = _entry_of(catalog, dept, item.data["code"])
    if entry is None:
        problems.append(f"{dept.data.get('name')} 还没有实施“{item.data.get('name')}”：请改用“新增实施清单事项”表单。")
        return None
    values = _entry_values(catalog, form, got, problems, entry.data)
    if problems:
        return None
    data = dict(entry.data)
    _set_entry(data, values, new=False)
    if values and isinstance(data.get("version"), int):
        data["version"] += 1
    return NewFile(entry.file, render_update(catalog.texts[entry.file], layout.ENTRY, data))


def new_item(catalog: Catalog, form: Form, got: dict, problems: list[str]) -> NewFile | None:
    dept = A.department(catalog, got["department"], problems)
    basis = A.legal_basis(got["legal_basis"], problems)
    main_item = got["main_item"].strip() or None
    if dept is None or problems:
        return None
    try:
        new = scaffold.new_item(catalog, dept.department, got["type"], "", main_item)
    except scaffold.ScaffoldError as exc:
        problems.append(str(exc))
        return None
    data = yaml.safe_load(new.text)
    data["name"] = got["name"].strip()
    if basis:
        data["legal_basis"] = basis
    if got["audience"]:
        data["audience"] = list(got["audience"])
    data["description"] = got["description"]
    _prune(layout.ITEM, data, ())
    return NewFile(new.path, render_update(new.text, layout.ITEM, data))


def _entry_of(catalog: Catalog, dept: Record, code: str) -> Record | None:
    folder = dept.file.rsplit("/", 1)[0]
    path = f"{folder}/{layout.ENTRIES_DIR}/{code}.yaml"
    return next((r for r in catalog.of(layout.ENTRY) if r.file == path), None)


def _entry_values(catalog: Catalog, form: Form, got: dict, problems: list[str], old: dict) -> dict:
    """The answered values (empty answers left out)."""
    out: dict = {}
    for key in ("legal_time_limit", "promised_time_limit", "visits"):
        if key in got:
            number = A.integer(form.field(key).label, got[key], problems)
            if number is not None:
                out[key] = number
    if got.get("materials", "").strip():
        out["materials"] = A.materials(catalog, got["materials"], problems, old.get("materials"))
    for key in ("case_type", "conditions", "office", "location", "hours", "consultation_phone",
                "complaint_phone", "onsite_reason", "online_url", "result_name", "result_sample"):
        if got.get(key, "").strip():
            out[key] = got[key].strip()
    return out


def _set_entry(data: dict, values: dict, new: bool) -> None:
    for key in ("case_type", "conditions", "location", "hours", "visits", "onsite_reason", "materials"):
        if key in values:
            data[key] = values[key]
    for key in ("legal_time_limit", "promised_time_limit"):
        if key in values:
            data[key] = {**(data.get(key) or {"unit": "工作日"}), "value": values[key]}
    for key, field in (("consultation_phone", "consultation"), ("complaint_phone", "complaint")):
        if key in values:
            data[field] = {**(data.get(field) or {}), "phone": values[key]}
    if "office" in values:
        data["steps"] = [{**s, "office": values["office"]} if isinstance(s, dict) else s for s in data.get("steps", [])]
    if data.get("visits") == 0 and "onsite_reason" not in values:
        data.pop("onsite_reason", None)
    if "result_name" in values:
        data["result"] = {**(data.get("result") or {"type": "证照"}), "name": values["result_name"]}
        if "result_sample" in values:
            data["result"]["sample"] = values["result_sample"]
    elif new:
        data.pop("result", None)  # no result document named
    if "online_url" in values:
        data["online"] = {**(data.get("online") or {}), "available": True, "url": values["online_url"]}
        if ONLINE not in data.get("channels", []):
            data["channels"] = [*data.get("channels", []), ONLINE]
    elif new:
        data["online"] = {"available": False}
        data["channels"] = [c for c in data.get("channels", []) if c != ONLINE] or ["窗口办理"]


def _blank(value, node: dict) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, dict):
        return any(_blank(value.get(k), {}) for k in node.get("required", [])) and not any(
            v not in (None, "") for k, v in value.items() if k not in node.get("required", []) and k != "unit")
    return False


def _prune(kind: str, data, path: tuple) -> None:
    """Drop optional fields left blank (recursively); keep required ones for the validator."""
    if isinstance(data, list):
        for n, value in enumerate(data):
            _prune(kind, value, path + (n,))
        return
    if not isinstance(data, dict):
        return
    node = schemas.node_at(kind, path)
    required = node.get("required", [])
    for key in list(data):
        _prune(kind, data[key], path + (key,))
        if key not in required and _blank(data[key], schemas.node_at(kind, path + (key,))):
            del data[key]

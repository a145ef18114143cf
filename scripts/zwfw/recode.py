"""``zwfw recode``: re-code a catalog to the national basic-code layout
``PP TT DD MMM SSS`` (see :mod:`zwfw.codes`).

Every directory item whose code does not fit the layout gets a new one: a
code given in the mapping file (for example national codes found by
``zwfw reconcile``), else its ``national_code``, else the next free code of
its prefix, type and owning department (``sector_code``); a sub-item keeps
the first nine digits of its main item. Then, in place:

- ``catalog/<old>.yaml`` and every ``entries/<old>.yaml`` are renamed;
- ``code``, ``main_item`` and ``item`` values, and a ``result.sample`` path
  naming the old code, are rewritten where they stand (comments, quoting and
  every other byte of a file stay as they were; ruamel.yaml's round-trip
  parser tells where each value is written);
- the old code is added to the item's ``former_codes``, so history, reform
  figures and reviews can follow the item, and the old code is never reused.

Items of the national basic directory keep the national code. Without one
(no mapping, no ``national_code``) the plan stops, unless provisional codes
are asked for explicitly (``allow_provisional``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from . import codes, layout
from .catalog import Catalog, Record
from .libraries.merge import MergeError, replace_at


class RecodeError(ValueError):
    """The catalog cannot be re-coded as asked; the message says why."""


@dataclass
class Plan:
    renames: dict[str, str] = field(default_factory=dict)  # old basic code → new
    provisional: list[str] = field(default_factory=list)  # new national codes allocated locally
    names: dict[str, str] = field(default_factory=dict)  # old code → item name


@dataclass
class Result:
    plan: Plan
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old path, new path)
    rewritten: list[str] = field(default_factory=list)  # files whose text changed


def fits(record: Record) -> bool:
    """Whether an item's code already follows the layout."""
    code = record.data.get("code")
    if not isinstance(code, str) or not codes.BASIC_CODE_RE.match(code):
        return False
    c = codes.decode_basic(code)
    national = record.data.get("source") == codes.NATIONAL_SOURCE
    sub = record.data.get("hierarchy") == "子项"
    return (
        c.type == codes.ITEM_TYPE_CODES.get(record.data.get("type"))
        and c.prefix == (codes.NATIONAL_PREFIX if national else codes.PROVINCE_PREFIX)
        and c.department in codes.department_codes()
        and c.is_main != sub
    )


def plan(catalog: Catalog, mapping: dict[str, str] | None = None, allow_provisional: bool = False) -> Plan:
    """Which item gets which code (nothing is written)."""
    mapping = dict(mapping or {})
    items = sorted(catalog.of(layout.ITEM), key=lambda r: (r.data.get("hierarchy") == "子项", str(r.data.get("code"))))
    departments = {r.department: r for r in catalog.of(layout.DEPARTMENT)}
    out = Plan()
    moving = {str(r.data.get("code")) for r in items if str(r.data.get("code")) in mapping or not fits(r)}
    taken = {str(r.data.get("code")) for r in items} - moving
    taken |= {c for r in items for c in r.data.get("former_codes") or [] if isinstance(c, str)}
    taken |= set(mapping.values())
    missing = []
    for r in items:
        old = str(r.data.get("code"))
        if old not in moving:
            continue
        new = mapping.get(old) or _national(r) or _allocate(r, departments, taken, out, allow_provisional, missing)
        if new is None:
            continue
        if not codes.BASIC_CODE_RE.match(new):
            raise RecodeError(f"{old} 的新编码 {new} 不是 12 位数字。")
        out.renames[old], out.names[old] = new, str(r.data.get("name", ""))
        taken.add(new)
    if missing:
        raise RecodeError("以下国家基本目录事项没有国家编码，请在映射文件中写明（旧编码,国家编码），或填写 national_code：\n" + "\n".join(missing))
    news = list(out.renames.values())
    if len(set(news)) != len(news):
        raise RecodeError("映射文件中有两个事项映射到同一个编码。")
    return out


def _national(r: Record) -> str | None:
    code = r.data.get("national_code")
    return code if isinstance(code, str) and code.startswith(codes.NATIONAL_PREFIX) else None


def _allocate(r, departments, taken, out: Plan, allow_provisional: bool, missing: list) -> str | None:
    national = r.data.get("source") == codes.NATIONAL_SOURCE
    if national and not allow_provisional:
        missing.append(f"  {r.data.get('code')} {r.data.get('name')}（{r.file}）")
        return None
    if r.data.get("hierarchy") == "子项":
        main = str(r.data.get("main_item"))
        main = out.renames.get(main, main)
        return codes.next_basic_code(str(r.data.get("type")), "", taken, main_item=main)
    owner = departments.get(r.department)
    sector = owner.data.get("sector_code") if owner else None
    if not isinstance(sector, str):
        raise RecodeError(f"{r.file}：主管部门 {r.department} 没有部门编码（sector_code），无法分配编码。")
    prefix = codes.NATIONAL_PREFIX if national else codes.PROVINCE_PREFIX
    new = codes.next_basic_code(str(r.data.get("type")), sector, taken, prefix=prefix)
    if national:
        out.provisional.append(new)
    return new


def apply(catalog: Catalog, the_plan: Plan) -> Result:
    """Rewrite and rename every file the plan touches."""
    result = Result(the_plan)
    renames = the_plan.renames
    for r in sorted(catalog.of(layout.ITEM) + catalog.of(layout.ENTRY), key=lambda r: r.file):
        text = catalog.texts.get(r.file)
        if text is None:
            continue
        new_text = _rewrite(text, r.kind, renames)
        target = r.file
        if r.where.stem in renames:
            target = r.file[: -len(r.where.stem) - 5] + renames[r.where.stem] + ".yaml"
        if new_text != text:
            (catalog.root / r.file).write_text(new_text, "utf-8")
            result.rewritten.append(r.file)
        if target != r.file:
            if (catalog.root / target).exists():
                raise RecodeError(f"{target} 已存在，无法把 {r.file} 改名。")
            (catalog.root / r.file).rename(catalog.root / target)
            result.moved.append((r.file, target))
    return result


def _rewrite(text: str, kind: str, renames: dict[str, str]) -> str:
    doc = YAML(typ="rt").load(text)
    if not hasattr(doc, "lc"):
        return text
    lines = text.split("\n")
    keys = ("code", "main_item") if kind == layout.ITEM else ("item",)
    for key in keys:
        value = doc.get(key)
        if isinstance(value, str) and value in renames:
            line, col = doc.lc.value(key)
            lines[line] = _replace_at(lines[line], col, value, renames[value])
    result = doc.get("result") if kind == layout.ENTRY else None
    sample = result.get("sample") if hasattr(result, "get") else None
    if isinstance(sample, str):
        stem = Path(sample).stem
        if stem in renames:
            line, col = result.lc.value("sample")
            lines[line] = lines[line][:col] + lines[line][col:].replace(stem, renames[stem], 1)
    if kind == layout.ITEM and doc.get("code") in renames:
        lines = _add_former(doc, lines, str(doc.get("code")))
    return "\n".join(lines)


def _add_former(doc, lines: list[str], old: str) -> list[str]:
    former = [str(c) for c in doc.get("former_codes") or []]
    new_line = "former_codes: " + json.dumps(former + [old]) + "  # 曾用基本编码（zwfw recode 记录）"
    if "former_codes" in doc:
        line = doc.lc.key("former_codes")[0]
        end = line + 1
        while end < len(lines) and lines[end].startswith((" ", "-")) and lines[end].strip():
            end += 1
        return lines[:line] + [new_line] + lines[end:]
    line = doc.lc.key("code")[0]
    return lines[: line + 1] + [new_line] + lines[line + 1:]


def _replace_at(line: str, col: int, old: str, new: str) -> str:
    try:
        return replace_at(line, col, old, new)
    except MergeError as exc:
        raise RecodeError(str(exc)) from exc


def read_mapping(path: Path) -> dict[str, str]:
    """A mapping file: CSV lines ``old,new`` (a header line is skipped)."""
    out: dict[str, str] = {}
    for n, line in enumerate(path.read_text("utf-8-sig").splitlines(), 1):
        cells = [c.strip() for c in line.split(",")]
        if len(cells) < 2 or not cells[0] or cells[0].startswith("#"):
            continue
        if not codes.BASIC_CODE_RE.match(cells[0]):
            if n == 1:
                continue  # header
            raise RecodeError(f"{path.name} 第 {n} 行：{cells[0]} 不是 12 位基本编码。")
        out[cells[0]] = cells[1]
    return out

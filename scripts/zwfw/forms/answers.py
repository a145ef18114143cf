"""Form answers → record values. Each function returns the value and adds a
Chinese message to ``problems`` for an answer that cannot become a value (a
value that can, but breaks a rule, is left to the validator, whose messages
name the field). Answers only ever become data."""

from __future__ import annotations

import re

from .. import layout
from ..catalog import Catalog, Record
from ..libraries.names import normalise

SEPARATOR = re.compile(r"[|｜]")
_INTEGER = re.compile(r"^[0-9]{1,4}$")
MATERIAL_TYPES = ("原件", "复印件", "原件和复印件")
MATERIAL_FORMS = ("纸质", "电子", "纸质和电子")
NECESSITIES = ("必要", "非必要", "容缺")
MAX_COPIES = 50


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def department(catalog: Catalog, answer: str, problems: list[str]) -> Record | None:
    """The department named by its id or its full name."""
    wanted = answer.strip()
    for r in catalog.of(layout.DEPARTMENT):
        if wanted and wanted in (r.department, r.data.get("name")):
            return r
    problems.append(f"找不到部门“{_short(wanted)}”：请填写部门全称（与 department.yaml 中的 name 一致）或部门标识（部门文件夹名）。")
    return None


def item(catalog: Catalog, answer: str, problems: list[str]) -> Record | None:
    """The directory item named by its basic code or its exact name (a name must be unique)."""
    wanted = answer.strip()
    items = catalog.of(layout.ITEM)
    found = [r for r in items if wanted and r.data.get("code") == wanted]
    if not found:
        found = [r for r in items if wanted and r.data.get("name") == wanted]
    if len(found) == 1:
        return found[0]
    why = "有多个同名事项，请填写 12 位基本编码" if found else "目录清单中没有这个基本编码或事项名称"
    problems.append(f"事项“{_short(wanted)}”：{why}。")
    return None


def integer(label: str, answer: str, problems: list[str]) -> int | None:
    """A whole number of days (or visits); None when left empty."""
    text = answer.strip()
    if not text:
        return None
    if _INTEGER.match(text):
        return int(text)
    problems.append(f"“{label}”应填写整数（阿拉伯数字，例如 5），而不是“{_short(text)}”。")
    return None


def lines(answer: str) -> list[str]:
    return [line.strip() for line in answer.split("\n") if line.strip()]


def materials(catalog: Catalog, answer: str, problems: list[str], existing: list | None = None) -> list[dict]:
    """One material per line: 名称｜类型｜形式｜必要性｜份数. A name found in the
    standard library becomes a reference; a name already in ``existing`` (the
    entry being changed) keeps its other attributes."""
    library = {normalise(r.data.get("name", "")): r.where.stem for r in catalog.of(layout.MATERIAL)}
    old = {_material_key(m): m for m in existing or [] if isinstance(m, dict)}
    out = []
    for n, line in enumerate(lines(answer), 1):
        parts = [p.strip() for p in SEPARATOR.split(line)]
        material = _material(parts, n, problems)
        if material is None:
            continue
        name = material.pop("name")
        ref = library.get(normalise(name))
        given = material.pop("given")
        kept = old.get(ref or normalise(name))
        base = dict(kept or {})
        base.pop("ref" if not ref else "name", None)
        base.update({"ref": ref} if ref else {"name": name})
        for key, value in material.items():
            # unsaid: a material the entry had keeps what it had; a library one takes the
            # library's type and form; any other gets the defaults
            if key in given or (kept is None and (not ref or key in ("necessity", "copies"))):
                base[key] = value
        out.append(base)
    return out


def _material_key(material: dict) -> str:
    if material.get("ref"):
        return material["ref"]
    return normalise(str(material.get("name", "")))


def _material(parts: list[str], n: int, problems: list[str]) -> dict | None:
    if len(parts) > 5 or not parts[0]:
        problems.append(f"申请材料第 {n} 行：应为“材料名称｜类型｜形式｜必要性｜份数”（最多 5 栏，名称不能为空）。")
        return None
    parts += [""] * (5 - len(parts))
    name, kind, form, necessity, copies = parts
    material: dict = {"name": name, "given": {k for k, v in (("type", kind), ("form", form), ("necessity", necessity), ("copies", copies)) if v}}
    for key, value, allowed, default in (("type", kind, MATERIAL_TYPES, "原件"), ("form", form, MATERIAL_FORMS, "纸质"),
                                          ("necessity", necessity, NECESSITIES, "必要")):
        value = value or default
        if value not in allowed:
            problems.append(f"申请材料第 {n} 行：“{_short(value)}”不是可选值（{'/'.join(allowed)}）。")
            return None
        material[key] = value
    count = integer(f"申请材料第 {n} 行的份数", copies, problems) if copies else 1
    if count is None or count > MAX_COPIES:
        if count is not None:
            problems.append(f"申请材料第 {n} 行：份数不能超过 {MAX_COPIES}。")
        return None
    material["copies"] = count
    return material


def legal_basis(answer: str, problems: list[str]) -> list[dict]:
    """One legal basis per line: 法律法规名称｜条款."""
    out = []
    for n, line in enumerate(lines(answer), 1):
        parts = [p.strip() for p in SEPARATOR.split(line)]
        if len(parts) != 2 or not all(parts):
            problems.append(f"设定依据第 {n} 行：应为“法律法规名称｜条款”，例如 《中华人民共和国行政许可法》｜第十二条。")
            continue
        out.append({"law": parts[0], "article": parts[1]})
    return out

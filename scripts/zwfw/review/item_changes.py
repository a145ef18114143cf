"""What changed in one directory item: name, code, legal basis (for the legal
review), type, levels, status, and the other fields."""

from __future__ import annotations

from collections.abc import Iterator

from .. import layout, schemas
from .change import ERROR, INFO, LEGAL, NOTICE, Change, field_title, items_of, mapping, other_fields, text

HANDLED = {"code", "name", "type", "legal_basis", "levels", "status"}


def title(data: dict, code: str) -> str:
    return f"{text(data.get('name')) or '（未命名事项）'}（{code}）"


#: The fields of a legal basis that identify it, in order (schema: common.schema.json#/$defs/legal_basis).
BASIS_FIELDS = ("law", "doc_no", "article")
#: Chinese titles (from the schema) of the basis fields a change report names.
BASIS_TITLES = {key: schemas.node_at(layout.ITEM, ("legal_basis", 0, key))["title"] for key in ("doc_no", "article", "text")}


def basis_key(b) -> str:
    b = mapping(b)
    return "".join(text(b.get(k)) for k in BASIS_FIELDS) or repr(b)


def basis_text(b) -> str:
    b = mapping(b)
    return "".join(text(b.get(k)) for k in BASIS_FIELDS) or "（未写名称）"


def _basis_fields_changed(old, new) -> str:
    """What changed between two versions of one law's basis: 文号 a → b；条款 a → b；条款内容."""
    old, new = mapping(old), mapping(new)
    parts = []
    for key, title in BASIS_TITLES.items():
        if old.get(key) != new.get(key):
            parts.append(title if key == "text" else f"{title} {text(old.get(key)) or '（未写）'} → {text(new.get(key)) or '（未写）'}")
    return "；".join(parts) or "（格式调整）"


def legal_basis(old: dict, new: dict) -> dict | None:
    """Removed, added and changed bases; a basis of the same law whose article
    or text changed counts as changed, not as removed and added."""
    before = {basis_key(b): b for b in items_of(old.get("legal_basis"))}
    after = {basis_key(b): b for b in items_of(new.get("legal_basis"))}
    if items_of(old.get("legal_basis")) == items_of(new.get("legal_basis")):
        return None
    gone = [b for k, b in before.items() if k not in after]
    came = [b for k, b in after.items() if k not in before]
    changed = [f"{basis_text(b)}（条款内容）" for k, b in after.items() if k in before and before[k] != b]
    for b in list(came):
        law = text(mapping(b).get("law"))
        match = next((g for g in gone if law and text(mapping(g).get("law")) == law), None)
        if match is not None:
            gone.remove(match)
            came.remove(b)
            changed.append(f"{text(mapping(match).get('law'))}：{_basis_fields_changed(match, b)}")
    return {"removed": [basis_text(b) for b in gone], "added": [basis_text(b) for b in came], "changed": changed}


def another_item(old: dict, new: dict, moved: bool) -> str:
    """Why the new version of a record is another item under the same code, or ""
    (a renamed item keeps its type or one of its laws; a moved one keeps its name)."""
    if text(old.get("name")) == text(new.get("name")):
        return ""
    if moved:
        return "移到另一个部门并改了名称"
    laws = {text(mapping(b).get("law")) for b in items_of(old.get("legal_basis"))} - {""}
    same_law = laws & {text(mapping(b).get("law")) for b in items_of(new.get("legal_basis"))}
    if old.get("type") != new.get("type") and laws and not same_law:
        return "名称、事项类型和设定依据都不同"
    return ""


def _basis_message(d: dict) -> str:
    parts = [f"{label} " + "；".join(d[key]) for key, label in (("removed", "删除"), ("added", "新增"), ("changed", "修改"))
             if d[key]]
    return "设定依据有变化，需司法行政部门合法性审核：" + ("；".join(parts) if parts else "顺序调整")


def code_changed(file: str, title_: str, old_code: str, new_code: str, how: str) -> Change:
    return Change(
        "code-changed", ERROR, layout.ITEM, file, title_,
        f"基本编码由 {old_code} 改为 {new_code}（{how}）：基本编码发布后不得更改。请恢复原编码；"
        "确需另立事项的，用 zwfw new item 新建事项，并把原事项状态改为 已取消。",
        {"before": old_code, "after": new_code},
    )


def compare(file: str, old_code: str, new_code: str, old: dict, new: dict) -> Iterator[Change]:
    """Changes between two versions of one directory item."""
    name = title(new, new_code)

    def change(kind: str, severity: str, message: str, **details) -> Change:
        return Change(kind, severity, layout.ITEM, file, name, message, details)

    if old_code != new_code:
        yield code_changed(file, name, old_code, new_code, "文件改名或编码字段修改")
    if old.get("name") != new.get("name"):
        yield change("item-renamed", NOTICE, f"{field_title(layout.ITEM, 'name')}：{text(old.get('name'))} → {text(new.get('name'))}（三级四同：各级同步更名）",
                     before=old.get("name"), after=new.get("name"))
    basis = legal_basis(old, new)
    if basis:
        yield change("legal-basis-changed", LEGAL, _basis_message(basis), **basis)
    if old.get("type") != new.get("type"):
        yield change("item-type-changed", LEGAL, f"{field_title(layout.ITEM, 'type')}：{text(old.get('type'))} → {text(new.get('type'))}",
                     before=old.get("type"), after=new.get("type"))
    if old.get("levels") != new.get("levels"):
        before, after = "、".join(map(str, items_of(old.get("levels")))), "、".join(map(str, items_of(new.get("levels"))))
        yield change("levels-changed", NOTICE, f"{field_title(layout.ITEM, 'levels')}：{before} → {after}", before=before, after=after)
    if old.get("status") != new.get("status"):
        yield change("status-changed", NOTICE, f"{field_title(layout.ITEM, 'status')}：{text(old.get('status')) or '在用'} → {text(new.get('status')) or '在用'}",
                     before=old.get("status"), after=new.get("status"))
    others = other_fields(layout.ITEM, old, new, HANDLED)
    if others:
        yield change("fields-changed", INFO, "其他修改：" + "、".join(others), fields=others)

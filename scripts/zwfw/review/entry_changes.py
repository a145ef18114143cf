"""What changed in one implementation entry: materials (with the net
reduction), time limits, visits, fees, and the other fields."""

from __future__ import annotations

from collections.abc import Iterator

from .. import layout, model
from .change import INFO, NOTICE, Change, field_title, items_of, mapping, other_fields, text
from .snapshot import Snapshot

HANDLED = {"materials", "legal_time_limit", "promised_time_limit", "visits", "fee"}
#: The time limits with their Chinese titles (from the schema).
TIME_LIMITS = {key: field_title(layout.ENTRY, key) for key in ("legal_time_limit", "promised_time_limit")}


def _title(key: str) -> str:
    return field_title(layout.ENTRY, key)


def material_key(m) -> str | None:
    m = mapping(m)
    return f"ref:{m['ref']}" if text(m.get("ref")) else (f"name:{m['name']}" if text(m.get("name")) else None)


def material_name(m, snap: Snapshot) -> str:
    m = mapping(m)
    if text(m.get("ref")):
        record = snap.read(f"{layout.LIBRARIES_DIR}/{layout.MATERIALS_DIR}/{m['ref']}.yaml") or {}
        return text(record.get("name")) or m["ref"]
    return text(m.get("name")) or "（未命名材料）"


def materials(old: dict, new: dict, base: Snapshot, head: Snapshot) -> dict | None:
    """Added and removed materials with the counts before and after, or None if unchanged."""
    before, after = items_of(old.get("materials")), items_of(new.get("materials"))
    old_keys = {material_key(m): m for m in before if material_key(m)}
    new_keys = {material_key(m): m for m in after if material_key(m)}
    added = [material_name(m, head) for k, m in new_keys.items() if k not in old_keys]
    removed = [material_name(m, base) for k, m in old_keys.items() if k not in new_keys]
    changed = [material_name(m, head) for k, m in new_keys.items() if k in old_keys and old_keys[k] != m]
    if not (added or removed or changed) and len(before) == len(after):
        return None
    return {"added": added, "removed": removed, "changed": changed, "before": len(before), "after": len(after),
            "net_reduction": len(before) - len(after)}


def _materials_message(d: dict) -> str:
    parts = []
    if d["removed"]:
        parts.append("删除 " + "、".join(d["removed"]))
    if d["added"]:
        parts.append("新增 " + "、".join(d["added"]))
    if d["changed"]:
        parts.append("修改 " + "、".join(d["changed"]))
    net = d["net_reduction"]
    trend = f"净减少 {net} 件" if net > 0 else (f"净增加 {-net} 件" if net < 0 else "件数不变")
    return f"{_title('materials')}：" + "；".join(parts + [f"{d['before']} 件 → {d['after']} 件，{trend}"])


def fee_text(value) -> str:
    fee = mapping(value)
    if not fee.get("charged"):
        return "不收费"
    items = [f"{text(mapping(i).get('name'))} {text(mapping(i).get('standard'))}".strip() for i in items_of(fee.get("items"))]
    return "收费（" + "；".join(items) + "）" if items else "收费"


def compare(file: str, title: str, old: dict, new: dict, base: Snapshot, head: Snapshot) -> Iterator[Change]:
    """Changes between two versions of the entry at ``file``."""
    def change(kind: str, severity: str, message: str, **details) -> Change:
        return Change(kind, severity, layout.ENTRY, file, title, message, details)

    found = materials(old, new, base, head)
    if found:
        severity = NOTICE if found["removed"] or found["added"] else INFO
        yield change("materials-changed", severity, _materials_message(found), **found)
    for key, label in TIME_LIMITS.items():
        if old.get(key) != new.get(key):
            before, after = model.limit_text(old.get(key), "未填写"), model.limit_text(new.get(key), "未填写")
            yield change("time-limit-changed", NOTICE, f"{label}：{before} → {after}", field=key, before=before, after=after)
    if old.get("visits") != new.get("visits"):
        yield change("visits-changed", NOTICE, f"{_title('visits')}：{old.get('visits', '未填写')} → {new.get('visits', '未填写')}",
                     before=old.get("visits"), after=new.get("visits"))
    if old.get("fee") != new.get("fee"):
        before, after = fee_text(old.get("fee")), fee_text(new.get("fee"))
        label = _title("fee")
        message = f"{label}：{before} → {after}" if before != after else f"{label}：{after}（收费依据或网上支付有修改）"
        yield change("fee-changed", NOTICE, message, before=before, after=after)
    others = other_fields(layout.ENTRY, old, new, HANDLED)
    if others:
        yield change("fields-changed", INFO, "其他修改：" + "、".join(others), fields=others)

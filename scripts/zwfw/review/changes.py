"""``zwfw diff``: compare the catalog at two revisions record by record.

The changed files come from git (:mod:`zwfw.gitrepo`, with rename detection); only
those records are parsed. Directory items are matched across a rename or a
delete-and-add of the same name, so a changed basic code is caught however it
was made; the history of the base revision tells which removed codes must
never come back for another item.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import gitrepo, layout
from . import entry_changes, history, item_changes
from .change import ERROR, INFO, LEGAL, NOTICE, Change, other_fields, text
from .snapshot import Snapshot, where

#: Fields of departments and regions that matter to review: (field, change kind, words).
WATCHED = (
    ("credit_code", "credit-code-changed", "统一社会信用代码（本部门实施清单的实施编码随之改变）"),
)
#: Who reviews what: changes to these fields are shown before → after, for the legal review.
REVIEWER_FIELDS = {"team", "reviewers"}
ROLE_WORDS = {"legal": "合法性审核（司法行政部门）", "service_office": "政务服务管理部门审核"}
REVIEWER_KINDS = {layout.DEPARTMENT: "team-changed", layout.REGION: "reviewers-changed"}
KIND_WORDS = {layout.DEPARTMENT: "部门", layout.REGION: "区域", layout.MATERIAL: "标准材料", layout.LICENCE: "电子证照"}


@dataclass
class Report:
    base: Snapshot
    head: Snapshot
    changes: list[Change] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Change]:
        return [c for c in self.changes if c.is_error]


def compare(repo: gitrepo.Repo, base_rev: str, head_rev: str) -> Report:
    base, head = Snapshot(repo, base_rev), Snapshot(repo, head_rev)
    report = Report(base, head)
    added, removed, pairs = [], [], []
    for d in base.commit.diff(head.commit, paths=list(layout.DATA_DIRS)):
        report.files += 1
        old, new = (None if d.new_file else d.a_path), (None if d.deleted_file else d.b_path)
        a, b = where(old) if old else None, where(new) if new else None
        if old and new and a and b and (a.kind == b.kind == layout.ITEM or old == new):
            pairs.append((old, new))
        else:
            removed += [old] if old and a else []
            added += [new] if new and b else []
    _pair_by_name(base, head, added, removed, pairs)
    changes = [c for old, new in pairs for c in _modified(base, head, old, new)]
    formers = history.removed_codes(repo, base.sha, set(base.items))
    changes += [c for path in added for c in _added(head, path, formers)]
    changes += [c for path in added for c in _reused_in_this_change(base, head, path, removed)]
    changes += [c for path in removed for c in _removed(base, path)]
    changes += [_unreadable(path, msg) for snap in (base, head) for path, msg in sorted(snap.unreadable.items())]
    order = {s: i for i, s in enumerate((ERROR, LEGAL, NOTICE, INFO))}
    report.changes = sorted(changes, key=lambda c: (order[c.severity], c.file, c.kind))
    return report


def _pair_by_name(base: Snapshot, head: Snapshot, added: list, removed: list, pairs: list) -> None:
    """A directory item deleted and added again under another code is a changed code."""
    by_name = {}
    for path in removed:
        if where(path).kind == layout.ITEM and text((base.read(path) or {}).get("name")):
            by_name.setdefault(base.read(path)["name"], path)
    for path in list(added):
        name = text((head.read(path) or {}).get("name")) if where(path).kind == layout.ITEM else ""
        if name and name in by_name:
            old = by_name.pop(name)
            removed.remove(old)
            added.remove(path)
            pairs.append((old, path))


def _reused_in_this_change(base: Snapshot, head: Snapshot, path: str, removed: list[str]) -> Iterator[Change]:
    """A code the base has, removed from its item and given to another item in this change."""
    loc = where(path)
    data = head.read(path)
    if loc.kind != layout.ITEM or data is None:
        return
    code = _code(data, path)
    old_path = base.items.get(code)
    if old_path is None or old_path in head.paths and _code(head.read(old_path), old_path) == code:
        return
    old = base.read(old_path) or {}
    yield Change("code-reused", ERROR, layout.ITEM, path, item_changes.title(data, code),
                 f"基本编码 {code} 属于事项“{text(old.get('name'))}”，本次修改删除了它并把编码给了另一个事项"
                 f"“{text(data.get('name'))}”：编码不得用于其他事项。请用 zwfw new item 分配新编码。",
                 {"code": code, "former_name": old.get("name"), "former_path": old_path})


def _code(data: dict | None, path: str) -> str:
    code = (data or {}).get("code")
    return code if isinstance(code, str) else where(path).stem


def _entry_title(snaps: tuple[Snapshot, ...], path: str, data: dict) -> str:
    loc = where(path)
    folder = path.rsplit("/", 2)[0]
    dept = next((text(s.department(folder).get("name")) for s in snaps if s.department(folder)), loc.department)
    name = text(data.get("name")) or next((text(s.item(loc.stem).get("name")) for s in snaps if s.item(loc.stem)), "")
    return f"{dept} · {name or '（未找到事项）'}（{loc.stem}）"


def _title(snaps: tuple[Snapshot, ...], path: str, data: dict) -> str:
    loc = where(path)
    if loc.kind == layout.ITEM:
        return item_changes.title(data, _code(data, path))
    if loc.kind == layout.ENTRY:
        return _entry_title(snaps, path, data)
    key = data.get("code") if loc.kind == layout.REGION else (loc.department or loc.stem)
    return f"{text(data.get('name')) or loc.stem}（{key}）"


def _modified(base: Snapshot, head: Snapshot, old_path: str, new_path: str) -> Iterator[Change]:
    old, new = base.read(old_path), head.read(new_path)
    if old is None or new is None:
        return
    loc = where(new_path)
    if loc.kind == layout.ITEM:
        other = item_changes.another_item(old, new, moved=old_path != new_path)
        if other:
            code = _code(new, new_path)
            yield Change("code-reused", ERROR, loc.kind, new_path, item_changes.title(new, code),
                         f"基本编码 {code} 由事项“{text(old.get('name'))}”改给了另一个事项“{text(new.get('name'))}”（{other}）："
                         "编码不得用于其他事项。更名请单独提交；另立事项请用 zwfw new item 分配新编码。",
                         {"code": code, "former_name": old.get("name"), "former_path": old_path})
        if old_path.rsplit("/", 2)[0] != new_path.rsplit("/", 2)[0]:
            before = text(base.department(old_path.rsplit("/", 2)[0]).get("name")) or old_path
            after = text(head.department(new_path.rsplit("/", 2)[0]).get("name")) or new_path
            yield Change("item-moved", NOTICE, loc.kind, new_path, item_changes.title(new, _code(new, new_path)),
                         f"主管部门：{before} → {after}", {"before": old_path, "after": new_path})
        yield from item_changes.compare(new_path, _code(old, old_path), _code(new, new_path), old, new)
    elif loc.kind == layout.ENTRY:
        yield from entry_changes.compare(new_path, _title((head, base), new_path, new), old, new, base, head)
    else:
        yield from _record_changed(loc.kind, new_path, _title((head,), new_path, new), old, new)


def _record_changed(kind: str, path: str, title: str, old: dict, new: dict) -> Iterator[Change]:
    """Departments, regions and library records: the fields that matter to review, then the rest."""
    handled = set(REVIEWER_FIELDS)
    yield from _reviewers_changed(kind, path, title, old, new)
    for key, change_kind, label in WATCHED:
        if key in old or key in new:
            handled.add(key)
            if old.get(key) != new.get(key):
                yield Change(change_kind, NOTICE, kind, path, title, f"{label}有变化",
                             {"before": old.get(key), "after": new.get(key)})
    others = other_fields(kind, old, new, handled)
    if others:
        yield Change("fields-changed", INFO, kind, path, title, "修改：" + "、".join(others), {"fields": others})


def reviewers_of(kind: str, data: dict) -> dict[str, str]:
    """Who reviews for a department or region record, in words by role."""
    if kind == layout.DEPARTMENT:
        return {"department": text(data.get("team"))} if "team" in data else {}
    reviewers = data.get("reviewers") if isinstance(data.get("reviewers"), dict) else {}
    out = {}
    for role in ROLE_WORDS:
        side = reviewers.get(role) if isinstance(reviewers.get(role), dict) else {}
        if side:
            out[role] = f"{text(side.get('name')) or '（未写名称）'}（{text(side.get('team')) or '未写团队'}）"
    return out


def _reviewers_text(kind: str, found: dict[str, str]) -> str:
    words = {"department": "部门审核团队", **ROLE_WORDS}
    return "；".join(f"{words[role]}：{who}" for role, who in found.items()) or "（没有审核团队）"


def _reviewers_changed(kind: str, path: str, title: str, old: dict, new: dict) -> Iterator[Change]:
    """Reviewer reassignments, before → after, as a warning for the legal review."""
    before, after = reviewers_of(kind, old), reviewers_of(kind, new)
    if before == after:
        return
    words = {"department": "部门审核团队", **ROLE_WORDS}
    parts = [f"{words[role]}：{before.get(role, '（无）')} → {after.get(role, '（无）')}"
             for role in words if before.get(role) != after.get(role)]
    change_kind = REVIEWER_KINDS[kind]
    note = "（CODEOWNERS 需用 zwfw codeowners 重新生成）" if kind == layout.DEPARTMENT else ""
    yield Change(change_kind, LEGAL, kind, path, title,
                 "审核人变更，合并后由新的团队审核：" + "；".join(parts) + note, {"before": before, "after": after})


def _added(head: Snapshot, path: str, formers: dict) -> Iterator[Change]:
    data = head.read(path)
    if data is None:
        return
    loc = where(path)
    title = _title((head,), path, data)
    if loc.kind == layout.ITEM:
        code, name = _code(data, path), text(data.get("name"))
        former = formers.get(code)
        if former and former.name not in (None, name):
            yield Change("code-reused", ERROR, loc.kind, path, title,
                         f"基本编码 {code} 曾属于已删除的事项“{former.name}”（删除于 {former.removed_in[:7]}），"
                         "不得再用于其他事项：请用 zwfw new item 分配新编码。",
                         {"code": code, "former_name": former.name, "removed_in": former.removed_in})
            return
        if former:
            yield Change("item-reinstated", NOTICE, loc.kind, path, title, f"恢复此前删除的事项（删除于 {former.removed_in[:7]}）")
            return
        earlier = next((f for f in formers.values() if name and f.name == name and f.code != code), None)
        if earlier:
            yield item_changes.code_changed(path, title, earlier.code, code,
                                            f"事项“{name}”此前以编码 {earlier.code} 存在，删除于 {earlier.removed_in[:7]}，"
                                            f"重新添加时应恢复原编码")
            return
        yield Change("item-added", NOTICE, loc.kind, path, title, "新增目录清单事项")
    elif loc.kind == layout.ENTRY:
        count = len(data.get("materials") or []) if isinstance(data.get("materials"), list) else 0
        yield Change("entry-added", NOTICE, loc.kind, path, title, f"新增实施清单（申请材料 {count} 件）", {"materials": count})
    elif loc.kind in (layout.DEPARTMENT, layout.REGION):
        who = _reviewers_text(loc.kind, reviewers_of(loc.kind, data))
        yield Change("record-added", LEGAL, loc.kind, path, title, f"新增{KIND_WORDS[loc.kind]}，合并后由以下团队审核：{who}",
                     {"after": reviewers_of(loc.kind, data)})
    else:
        yield Change("record-added", INFO, loc.kind, path, title, f"新增{KIND_WORDS[loc.kind]}")


def _removed(base: Snapshot, path: str) -> Iterator[Change]:
    data = base.read(path)
    if data is None:
        return
    loc = where(path)
    title = _title((base,), path, data)
    if loc.kind == layout.ITEM:
        yield Change("item-removed", NOTICE, loc.kind, path, title,
                     f"删除目录清单事项；其基本编码 {_code(data, path)} 今后不得用于其他事项（确需停止办理的，建议改为 已取消 状态）")
    elif loc.kind == layout.ENTRY:
        yield Change("entry-removed", NOTICE, loc.kind, path, title, "删除实施清单")
    elif loc.kind in (layout.DEPARTMENT, layout.REGION):
        who = _reviewers_text(loc.kind, reviewers_of(loc.kind, data))
        yield Change("record-removed", LEGAL, loc.kind, path, title, f"删除{KIND_WORDS[loc.kind]}（此前的审核团队：{who}）",
                     {"before": reviewers_of(loc.kind, data)})
    else:
        yield Change("record-removed", NOTICE, loc.kind, path, title, f"删除{KIND_WORDS[loc.kind]}")


def _unreadable(path: str, message: str) -> Change:
    return Change("unreadable", NOTICE, where(path).kind, path, path, f"无法读取，未能比较：{message}（请先用 zwfw validate 修正）")

"""Reconciliation of the national basic directory with the catalog.

Each national row is matched by code (the item's ``national_code``, or its own
code when it has none), then by normalised name (:func:`.normalise.name_key`);
what is left gets fuzzy candidates with a score. Matched rows go to
attachment 1 (核对表), unmatched ones to attachment 2 (未比对上事项梳理表).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .. import layout
from ..catalog import Record
from ..rules.context import Context
from .normalise import name_key, similarity

SAME = "一致"
CODE_RENAMED = "编码一致，名称不一致"
NAME_MATCH = "名称一致，编码不一致"
UNMATCHED = "未比对上"
NOT_CHECKED = "未与国家目录核对"
NOT_IN_NATIONAL = "国家目录中未找到"
FUZZY_MIN = 0.6
MAX_CANDIDATES = 3


@dataclass
class NationalItem:
    """One row of the national basic directory (``row`` is its row in the source file)."""

    row: int
    code: str
    name: str
    type: str = ""
    legal_basis: str = ""
    levels: str = ""
    department: str = ""


@dataclass
class Match:
    national: NationalItem
    item: Record | None = None
    status: str = UNMATCHED
    method: str = ""
    score: float | None = None
    reason: str = ""
    candidates: list[tuple[Record, float]] = field(default_factory=list)


@dataclass
class Reconciliation:
    matched: list[Match]
    unmatched: list[Match]
    province_only: list[Record]  # items whose source is 国家基本目录 but no national row matched them

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for m in self.matched + self.unmatched:
            out[m.status] = out.get(m.status, 0) + 1
        return out


def national_code_of(item: Record) -> str:
    return str(item.data.get("national_code") or item.data.get("code") or "")


def reconcile(ctx: Context, national: list[NationalItem], progress: Callable[[int, int], None] | None = None) -> Reconciliation:
    items = sorted(ctx.of(layout.ITEM), key=lambda r: str(r.data.get("code", "")))
    by_code: dict[str, Record] = {}
    for r in items:
        by_code.setdefault(national_code_of(r), r)
    matches = [Match(n) for n in national]
    used: set[str] = set()
    for m in matches:
        item = by_code.get(m.national.code)
        if item is not None and item.file not in used:
            _by_code(m, item)
            used.add(item.file)
    by_name: dict[str, list[Record]] = {}
    for r in items:
        by_name.setdefault(name_key(str(r.data.get("name", ""))), []).append(r)
    for m in matches:
        if m.item is None:
            free = [r for r in by_name.get(name_key(m.national.name), []) if r.file not in used]
            if free:
                _by_name(m, free)
                used.add(m.item.file)
    left = [r for r in items if r.file not in used]
    for n, m in enumerate(matches, 1):
        if m.item is None:
            _unmatched(m, left)
        if progress and (n % 200 == 0 or n == len(matches)):
            progress(n, len(matches))
    province_only = [r for r in items if r.file not in used and r.data.get("source") == "国家基本目录"]
    return Reconciliation([m for m in matches if m.item], [m for m in matches if not m.item], province_only)


def _notes(m: Match, item: Record) -> list[str]:
    notes = []
    if m.national.type and m.national.type != item.data.get("type"):
        notes.append(f"事项类型不同：国家为“{m.national.type}”，省级为“{item.data.get('type')}”")
    if item.data.get("source") != "国家基本目录":
        notes.append(f"省级事项来源为“{item.data.get('source')}”，应为“国家基本目录”")
    return notes


def _by_code(m: Match, item: Record) -> None:
    m.item, m.method, m.score = item, "编码", 1.0
    name = str(item.data.get("name", ""))
    if name_key(name) == name_key(m.national.name):
        m.status = SAME
        reason = "编码和名称一致" if name == m.national.name else "编码一致；名称仅空格、全半角或括号写法不同"
    else:
        m.status = CODE_RENAMED
        m.score = round(similarity(name_key(name), name_key(m.national.name)), 2)
        reason = f"编码一致，名称不同：国家为“{m.national.name}”，省级为“{name}”：请统一为国家规范名称（三级四同）"
    m.reason = "；".join([reason] + _notes(m, item))


def _by_name(m: Match, found: list[Record]) -> None:
    item = next((r for r in found if r.data.get("source") == "国家基本目录"), found[0])
    m.item, m.method, m.status, m.score = item, "名称", NAME_MATCH, 1.0
    own = national_code_of(item)
    reason = f"名称一致，编码不同：国家编码 {m.national.code}，省级记录为 {own}：请在省级事项中填写 national_code: \"{m.national.code}\""
    others = [str(r.data.get("code")) for r in found if r is not item]
    if others:
        reason += f"；另有同名事项 {'、'.join(others)}"
    m.reason = "；".join([reason] + _notes(m, item))


def _unmatched(m: Match, items: list[Record]) -> None:
    key = name_key(m.national.name)
    scored = [(r, similarity(key, name_key(str(r.data.get("name", ""))))) for r in items]
    scored = sorted((s for s in scored if s[1] >= FUZZY_MIN), key=lambda s: (-s[1], str(s[0].data.get("code"))))
    m.candidates = [(r, round(score, 2)) for r, score in scored[:MAX_CANDIDATES]]
    m.status = UNMATCHED
    if m.candidates:
        best, score = m.candidates[0]
        m.score = score
        m.reason = f"省级目录中没有同编码、同名称的事项；疑似对应“{best.data.get('name')}”（{best.data.get('code')}，相似度 {score:.2f}）：请核对是否为同一事项"
    else:
        m.reason = "省级目录中没有同编码、同名称或名称相近的事项：请确认本省是否需要实施，需要时新增目录清单事项"


def self_matches(ctx: Context) -> Reconciliation:
    """Attachment 1 without a national list: every item whose source is
    国家基本目录, compared with itself (status 未与国家目录核对)."""
    from .tables import legal_text

    out = []
    for r in ctx.of(layout.ITEM):
        if r.data.get("source") != "国家基本目录":
            continue
        n = NationalItem(0, national_code_of(r), str(r.data.get("name", "")), str(r.data.get("type", "")),
                         legal_text(r.data.get("legal_basis")), "、".join(map(str, r.data.get("levels") or [])))
        out.append(Match(n, r, NOT_CHECKED, "", None, "未提供国家基本目录：本行国家侧信息取自省级目录记录，请用 zwfw reconcile 与国家目录核对"))
    return Reconciliation(out, [], [])

"""Reconciliation of the national basic directory with the catalog.

Each national row is matched by code (the item's ``national_code``, or its own
code when it has none), then by normalised name (:func:`.normalise.name_key`);
what is left gets fuzzy candidates with a score. Matched rows go to
attachment 1 (核对表), unmatched ones to attachment 2 (未比对上事项梳理表).
"""

from __future__ import annotations

from collections.abc import Callable
import re
from dataclasses import dataclass, field

from .. import codes, layout
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


#: A national code of a 业务办理项: the 12-character basic code + a 2-digit serial.
HANDLING_CODE = re.compile(r"^([0-9A-Z]{12})([0-9]{2})$")


@dataclass
class NationalItem:
    """One row of the national basic directory (``row`` is its row in the source file).
    ``code`` is the 12-character basic code; a 14-character code of a
    业务办理项 keeps its 2-digit serial in ``handling``."""

    row: int
    code: str
    name: str
    type: str = ""
    legal_basis: str = ""
    levels: str = ""
    department: str = ""
    handling: str = ""

    def __post_init__(self) -> None:
        m = HANDLING_CODE.match(self.code)
        if m and not self.handling:
            self.code, self.handling = m.group(1), m.group(2)

    @property
    def shown_code(self) -> str:
        return self.code + self.handling


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
    scope: str = ""  # how the national list was filtered to the plan's scope (said in the output)
    left_out: dict[str, int] = field(default_factory=dict)  # rows filtered out, by reason

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for m in self.matched + self.unmatched:
            out[m.status] = out.get(m.status, 0) + 1
        return out


def national_code_of(item: Record) -> str:
    return str(item.data.get("national_code") or item.data.get("code") or "")


def in_scope(national: list[NationalItem]) -> tuple[list[NationalItem], dict[str, int], str]:
    """The rows the plan asks for: 依申请 types (by name or national code) that
    are implemented below the national level. Rows that do not say their type or
    levels are kept."""
    names = {**{c: t for t, c in codes.ITEM_TYPE_CODES.items()}, **{t: t for t in codes.ITEM_TYPE_CODES}}
    kept, left = [], {"事项类型不是依申请类": 0, "只在国家级行使": 0}
    for n in national:
        kind = names.get(n.type.strip().zfill(2) if n.type.strip().isdigit() else n.type.strip(), "")
        if kind and kind not in codes.IN_SCOPE_TYPES:
            left["事项类型不是依申请类"] += 1
            continue
        levels = {x for x in re.split(r"[、,，;；/\s]+", n.levels) if x}
        if levels and levels <= {"国家级", "国家", "1"}:
            left["只在国家级行使"] += 1
            continue
        kept.append(n)
    statement = (f"已按方案范围筛选国家基本目录：只比对依申请类事项（{'、'.join(codes.IN_SCOPE_TYPES)}）中在省级及以下行使的事项；"
                 f"共 {len(national)} 行，比对 {len(kept)} 行，" + "，".join(f"{k} {v} 行未比对" for k, v in left.items()) + "。")
    return kept, {k: v for k, v in left.items() if v}, statement


def reconcile(ctx: Context, national: list[NationalItem], progress: Callable[[int, int], None] | None = None) -> Reconciliation:
    national, left_out, statement = in_scope(national)
    items = sorted(ctx.of(layout.ITEM), key=lambda r: str(r.data.get("code", "")))
    by_code: dict[str, Record] = {}
    for r in items:
        by_code.setdefault(national_code_of(r), r)
    matches = [Match(n) for n in national]
    used: dict[str, str] = {}  # item file → the basic code of the national rows it matched
    for m in matches:
        item = by_code.get(m.national.code)
        if item is not None and used.get(item.file, m.national.code) == m.national.code and (m.national.handling or item.file not in used):
            _by_code(m, item)
            used[item.file] = m.national.code
    by_name: dict[str, list[Record]] = {}
    for r in items:
        by_name.setdefault(name_key(str(r.data.get("name", ""))), []).append(r)
    for m in matches:
        if m.item is None:
            free = [r for r in by_name.get(name_key(m.national.name), []) if r.file not in used]
            if free:
                _by_name(m, free)
                used[m.item.file] = m.national.code
    _fuzzy(matches, items, used, progress)
    province_only = [r for r in items if r.file not in used and r.data.get("source") == "国家基本目录"]
    rec = Reconciliation([m for m in matches if m.item], [m for m in matches if not m.item], province_only, statement, left_out)
    return rec


def _fuzzy(matches: list[Match], items: list[Record], used: dict[str, str], progress) -> None:
    """Candidates for the rows left: every item scored; the proposed item of
    each row is chosen globally (best score first, each item once, items
    already matched exactly excluded), so that one row's pick never hides a
    better pair; a row still lists candidates that went elsewhere, saying so."""
    open_rows = [m for m in matches if m.item is None]
    keys = [(r, name_key(str(r.data.get("name", "")))) for r in items]
    pairs = []
    for n, m in enumerate(open_rows, 1):
        key = name_key(m.national.name)
        scored = sorted(((r, round(similarity(key, k), 2)) for r, k in keys), key=lambda s: (-s[1], str(s[0].data.get("code"))))
        m.candidates = [(r, score) for r, score in scored if score >= FUZZY_MIN][:MAX_CANDIDATES]
        pairs += [(score, m.national.row, id(m), m, r) for r, score in m.candidates if r.file not in used]
        if progress and (n % 200 == 0 or n == len(open_rows)):
            progress(n, len(open_rows))
    proposed: dict[int, tuple[Record, float]] = {}
    taken: dict[str, Match] = {}
    for score, _row, key, m, r in sorted(pairs, key=lambda p: (-p[0], p[1], str(p[4].data.get("code")))):
        if key in proposed or r.file in taken:
            continue
        proposed[key], taken[r.file] = (r, score), m
    exact_rows: dict[str, Match] = {}
    for m in matches:
        if m.item is not None:
            exact_rows.setdefault(m.item.file, m)
    for m in open_rows:
        _unmatched(m, proposed.get(id(m)), taken, exact_rows)


def _notes(m: Match, item: Record) -> list[str]:
    notes = []
    if m.national.type and m.national.type != item.data.get("type"):
        notes.append(f"事项类型不同：国家为“{m.national.type}”，省级为“{item.data.get('type')}”")
    if item.data.get("source") != "国家基本目录":
        notes.append(f"省级事项来源为“{item.data.get('source')}”，应为“国家基本目录”")
    return notes


def _handling(m: Match) -> str:
    n = m.national
    return f"；国家编码 {n.shown_code} 为业务办理项编码：基本编码 {n.code} + 业务办理项序号 {n.handling}" if n.handling else ""


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
    m.reason = "；".join([reason] + _notes(m, item)) + _handling(m)


def _by_name(m: Match, found: list[Record]) -> None:
    item = next((r for r in found if r.data.get("source") == "国家基本目录"), found[0])
    m.item, m.method, m.status, m.score = item, "名称", NAME_MATCH, 1.0
    own = national_code_of(item)
    reason = f"名称一致，编码不同：国家编码 {m.national.code}，省级记录为 {own}：请在省级事项中填写 national_code: \"{m.national.code}\""
    others = [str(r.data.get("code")) for r in found if r is not item]
    if others:
        reason += f"；另有同名事项 {'、'.join(others)}"
    m.reason = "；".join([reason] + _notes(m, item)) + _handling(m)


def _unmatched(m: Match, proposed, taken: dict[str, Match], exact: dict[str, Match]) -> None:
    m.status = UNMATCHED
    if proposed is not None:
        best, score = proposed
        m.score = score
        m.reason = (f"省级目录中没有同编码、同名称的事项；疑似对应“{best.data.get('name')}”（{best.data.get('code')}，"
                    f"{best.data.get('type')}，相似度 {score:.2f}）：请核对是否为同一事项")
    elif m.candidates:
        best, score = m.candidates[0]
        other = exact.get(best.file) or taken.get(best.file)
        m.score = score
        where = f"已与国家目录第 {other.national.row} 行（{other.national.shown_code}）对应" if other else "已对应其他行"
        m.reason = (f"省级目录中没有同编码、同名称的事项；名称相近的“{best.data.get('name')}”（{best.data.get('code')}，"
                    f"{best.data.get('type')}，相似度 {score:.2f}）{where}：请核对本行是否另有对应事项")
    else:
        m.reason = "省级目录中没有同编码、同名称或名称相近的事项：请确认本省是否需要实施，需要时新增目录清单事项"
    if m.national.handling:
        m.reason += f"；国家编码 {m.national.shown_code} 为业务办理项编码（基本编码 {m.national.code} + 业务办理项序号 {m.national.handling}）"


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

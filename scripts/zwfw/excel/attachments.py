"""The plan's four attachment tables (附件1-4), built from the catalog and,
for attachments 1 and 2, from a reconciliation with the national directory."""

from __future__ import annotations

from dataclasses import replace

from .. import layout
from ..catalog import Record
from ..rules.context import LEVEL_LABEL, Context
from . import columns as C
from .reconcile import NOT_IN_NATIONAL, Match, Reconciliation
from .tables import dept_name, item_rows, legal_text

TITLES = {
    "attachment1": "国家通用基本目录清单与省级平台事项核对表",
    "attachment2": "国家通用基本目录清单中省级平台未比对上事项梳理表",
    "attachment3": "省级特设的依申请类行政权力事项梳理表",
    "attachment4": "省级公共服务事项梳理表",
}
SOURCES = {"attachment3": "省级特设", "attachment4": "公共服务"}

NATIONAL = (("@seq", "序号", 8), ("n.code", "国家事项编码", 16), ("n.name", "国家事项名称", 28), ("n.type", "国家事项类型", 12),
            ("n.legal", "国家设定依据", 40), ("n.levels", "国家行使层级", 16), ("n.dept", "中央主管部门", 18))
PROVINCE = (("p.code", "省级基本编码", 16), ("p.name", "省级事项名称", 28), ("p.type", "省级事项类型", 12), ("p.source", "省级事项来源", 14),
            ("p.dept", "省级主管部门", 22), ("p.levels", "省级行使层级", 16))
STATUS = (("m.method", "比对方式", 10), ("m.status", "比对状态", 18), ("m.score", "相似度", 8), ("m.reason", "说明", 60))
UNMATCHED = (("m.status", "比对状态", 12), ("m.candidates", "疑似对应的省级事项", 40), ("m.score", "相似度", 8), ("m.reason", "说明", 60),
             ("fill.code", "拟对应省级事项编码（部门填写）", 20), ("fill.note", "处理意见（部门填写）", 30))
PROVINCE_ONLY = (("@seq", "序号", 8),) + PROVINCE + (("p.national", "国家基本目录编码", 16), ("m.status", "比对状态", 18), ("m.reason", "说明", 60))


def derived_table(name: str, spec, hint: str = "") -> C.Table:
    return C.Table(name, "", tuple(C.Column(k, h, "", C.DERIVED, width=w) for k, h, w in spec), (), hint)


def _province(ctx: Context, item: Record | None) -> dict:
    if item is None:
        return {}
    d = item.data
    return {"p.code": d.get("code"), "p.name": d.get("name"), "p.type": d.get("type"), "p.source": d.get("source"),
            "p.dept": dept_name(ctx, item.department), "p.levels": "、".join(map(str, d.get("levels") or [])),
            "p.national": d.get("national_code")}


def _national(n, seq: int) -> dict:
    return {"@seq": seq, "n.code": n.shown_code, "n.name": n.name, "n.type": n.type, "n.legal": n.legal_basis,
            "n.levels": n.levels, "n.dept": n.department}


def _rows(table: C.Table, dicts: list[dict]) -> C.Rows:
    return C.Rows(table, [[d.get(c.key) for c in table.columns] for d in dicts])


def attachment1(ctx: Context, rec: Reconciliation) -> list[C.Rows]:
    table = derived_table("核对表", NATIONAL + PROVINCE + STATUS)
    dicts = [{**_national(m.national, n), **_province(ctx, m.item), **_status(m)} for n, m in enumerate(rec.matched, 1)]
    out = [_rows(table, dicts)]
    if rec.province_only:
        extra = derived_table("国家目录中未找到的省级事项", PROVINCE_ONLY)
        reason = "事项来源为国家基本目录，但国家目录中没有同编码或同名称的事项：请核对事项来源或国家基本目录编码"
        rows = [{"@seq": n, **_province(ctx, r), "m.status": NOT_IN_NATIONAL, "m.reason": reason} for n, r in enumerate(rec.province_only, 1)]
        out.append(_rows(extra, rows))
    return out


def attachment2(ctx: Context, rec: Reconciliation) -> list[C.Rows]:
    table = derived_table("未比对上事项", NATIONAL + UNMATCHED)
    dicts = [{**_national(m.national, n), **_status(m)} for n, m in enumerate(rec.unmatched, 1)]
    return [_rows(table, dicts)]


def _status(m: Match) -> dict:
    candidates = "\n".join(f"{r.data.get('code')} {r.data.get('name')}（{r.data.get('type')}，相似度 {s:.2f}）" for r, s in m.candidates)
    return {"m.method": m.method, "m.status": m.status, "m.score": None if m.score is None else f"{m.score:.2f}",
            "m.reason": m.reason, "m.candidates": candidates}


def implementers(ctx: Context) -> dict[str, dict]:
    """Per item code: how many agencies implement it at each level (实施情况)."""
    counts: dict[str, dict[str, int]] = {}
    for e in ctx.of(layout.ENTRY):
        code = e.data.get("item")
        level = LEVEL_LABEL.get(ctx.region_level(e.region) or "", "")
        if isinstance(code, str) and level:
            per = counts.setdefault(code, {})
            per[level] = per.get(level, 0) + 1
    return {code: {"@implemented": "，".join(f"{k} {v} 个" for k, v in sorted(per.items(), key=lambda kv: list(LEVEL_LABEL.values()).index(kv[0])))}
            for code, per in counts.items()}


def by_source(ctx: Context, target: str) -> list[C.Rows]:
    """Attachments 3 and 4: every directory item of that source, all fields,
    with the legal basis in full and the implementing agencies per level."""
    records = [r for r in ctx.of(layout.ITEM) if r.data.get("source") == SOURCES[target]]
    legal = C.Column("@legal_text", "设定依据（全文）", "", C.DERIVED, width=40)
    done = C.Column("@implemented", "实施情况", "各层级实施机关的数量。", C.DERIVED, width=22)
    extra = {r.data.get("code"): {"@legal_text": legal_text(r.data.get("legal_basis"))} for r in records}
    for code, values in implementers(ctx).items():
        extra.setdefault(code, {}).update(values)
    rows = item_rows(ctx, records, extra)
    main = rows[0].table
    name = "省级特设事项" if target == "attachment3" else "公共服务事项"
    rows[0].table = replace(main, name=name, columns=main.columns + (legal, done))
    rows[0].rows = [r + [extra.get(r[main.columns.index(main.column("code"))], {}).get(k) for k in ("@legal_text", "@implemented")] for r in rows[0].rows]
    return rows

"""One page per directory item (办事指南): what it is, its legal basis, who
handles it where (with the differences between regions at a glance) and,
for each implementing agency, exactly what to bring, where and how long."""

from __future__ import annotations

from collections import Counter

from . import html as h
from .history import Change
from .model import Entry, Item, SiteData
from .pages import Page, department_link, href, item_page, limit, region_page

COMPARE = (
    ("承诺时限", lambda site, e: limit(e.data.get("promised_time_limit"))),
    ("法定时限", lambda site, e: limit(e.data.get("legal_time_limit"))),
    ("到现场次数", lambda site, e: f"{e.data.get('visits')} 次"),
    ("网办深度", lambda site, e: _online_level(e.data)),
    ("收费", lambda site, e: "收费" if e.data.get("fee", {}).get("charged") else "不收费"),
    ("需提交材料", lambda site, e: f"{len(_to_bring(e))} 项"),
)


def render(site: SiteData, item: Item, history: dict[str, list[Change]]) -> Page:
    here = item_page(item.code)
    entries = sorted(item.entries, key=lambda e: (e.region, e.department))
    parts = [
        _facts(site, item, here),
        _basis(item),
        _comparison(site, entries, here) if entries else h.tag("p", "本事项暂无实施清单。"),
        *(_entry(site, e, here) for e in entries),
        _history(item, entries, history),
        _filters(site, item, entries),
    ]
    return Page(here, item.name, "\n".join(parts), indexed=True)


def _online_level(data: dict) -> str:
    online = data.get("online", {})
    if not online.get("available"):
        return "不可网办"
    level = online.get("level")
    return f"{level} 级" + ("（全程网办）" if level == "Ⅳ" else "") if level else "可网办"


def _to_bring(e: Entry) -> list[dict]:
    return [m for m in e.data.get("materials", []) if not m.get("shared")]


def _dl(pairs: list[tuple[str, str]]) -> str:
    body = "".join(h.tag("dt", h.text(k)) + h.tag("dd", v) for k, v in pairs if v)
    return h.tag("dl", body, class_="zwfw-facts")


def _facts(site: SiteData, item: Item, here: str) -> str:
    d = item.data
    pairs = [
        ("基本编码", h.text(item.code)),
        ("事项类型", h.text(item.type)),
        ("行使层级", h.text("、".join(d.get("levels", [])))),
        ("主管部门", department_link(site, here, item.department)),
        ("事项来源", h.text(d.get("source"))),
        ("实施方式", h.text(d.get("implementation_mode"))),
        ("服务对象", h.text("、".join(d.get("audience", [])))),
        ("服务主题", h.text(d.get("topic"))),
        ("所属主项", _main_item(site, d.get("main_item"), here)),
        ("事项状态", h.text(d.get("status", "在用"))),
    ]
    desc = h.tag("p", h.text(d["description"]), class_="zwfw-desc") if d.get("description") else ""
    return desc + _dl(pairs)


def _main_item(site: SiteData, code: str | None, here: str) -> str:
    if not code or code not in site.items:
        return ""
    return h.link(href(here, item_page(code)), h.text(site.items[code].name))


def _basis(item: Item) -> str:
    rows = []
    for b in item.data.get("legal_basis", []):
        text = h.tag("details", h.tag("summary", "条款内容") + h.tag("p", h.text(b["text"]))) if b.get("text") else ""
        rows.append([h.text(b.get("law")), h.text(b.get("doc_no", "")), h.text(b.get("article")), text])
    if not rows:
        return h.tag("h2", "设定依据") + h.tag("p", "—")
    return h.tag("h2", "设定依据") + h.table(["法律法规名称", "文号", "条款", ""], rows)


def _anchor(e: Entry) -> str:
    return f"e-{e.region}-{e.department}"


def _comparison(site: SiteData, entries: list[Entry], here: str) -> str:
    """Who handles it where; a cell that differs from the most common value is marked."""
    values = [[fn(site, e) for _, fn in COMPARE] for e in entries]
    common = [Counter(col).most_common(1)[0][0] for col in zip(*values)]
    rows = []
    for e, row in zip(entries, values):
        place = h.link(href(here, region_page(e.region)), h.text(site.region_label(e.region)))
        agency = h.link(f"#{_anchor(e)}", h.text(site.departments[e.department].name))
        cells = [h.tag("span", h.text(v), class_="zwfw-diff" if v != c and len(entries) > 1 else None)
                 for v, c in zip(row, common)]
        rows.append([place, agency, *cells])
    picker = "".join(
        h.tag("option", h.text(f"{site.region_label(e.region)} · {site.departments[e.department].name}"), value=_anchor(e))
        for e in entries
    )
    select = h.tag("label", "选择办理地区：" + h.tag("select", h.tag("option", "全部地区", value="") + picker,
                                                 class_="zwfw-picker"), class_="zwfw-picker-label")
    note = h.tag("p", "标记为<span class=\"zwfw-diff\">彩色</span>的是与多数地区不同的要素。", class_="zwfw-note") if len(entries) > 1 else ""
    return h.tag("h2", "在哪里办") + select + h.table(["地区", "实施机关", *(k for k, _ in COMPARE)], rows, class_="zwfw-compare") + note


def _entry(site: SiteData, e: Entry, here: str) -> str:
    d = e.data
    dept = site.departments[e.department]
    title = h.tag("h2", h.text(f"{site.region_label(e.region)} · {dept.name}"))
    pairs = [
        ("实施机关", department_link(site, here, e.department)),
        ("实施编码", h.text(e.implementation_code)),
        ("权力来源", h.text(d.get("power_source"))),
        ("委托部门", h.text(d.get("entrusting_department"))),
        ("联办机构", h.text("、".join(d.get("joint_agencies", [])))),
        ("服务对象", h.text("、".join(d.get("audience", [])))),
        ("办件类型", h.text(d.get("case_type"))),
        ("法定办结时限", h.text(limit(d.get("legal_time_limit")))),
        ("承诺办结时限", h.text(limit(d.get("promised_time_limit")))),
        ("受理条件", h.text(d.get("conditions"))),
    ]
    sections = [_dl(pairs), _materials(site, e), _steps(d), _how(site, d), _result(site, d), _contacts(d)]
    return h.tag("section", title + "".join(sections), id=_anchor(e), class_="zwfw-entry")


def _materials(site: SiteData, e: Entry) -> str:
    rows = []
    for m in e.data.get("materials", []):
        lib = site.materials.get(m.get("ref", ""), {})
        notes = "；".join(x for x in (m.get("notes"), m.get("acceptance")) if x)
        substitute = m.get("substitute") or lib.get("substitute")
        rows.append([
            h.text(site.material_name(m)),
            h.text(m.get("type") or lib.get("type", "")),
            h.text(m.get("form") or lib.get("form", "")),
            h.text(m.get("necessity", "")),
            h.text(m.get("copies", "")),
            h.text(m.get("source") or lib.get("source", "")),
            h.text("免提交（部门共享获取）" if m.get("shared") else ""),
            h.text(notes) + (h.tag("div", "遗失或无法提供时：" + h.text(substitute), class_="zwfw-substitute") if substitute else ""),
        ])
    if not rows:
        return h.tag("h3", "申请材料") + h.tag("p", "无需提交材料。")
    head = ["材料名称", "类型", "形式", "必要性", "份数", "来源", "免提交", "说明"]
    return h.tag("h3", f"申请材料（需提交 {len(_to_bring(e))} 项）") + h.table(head, rows, class_="zwfw-materials")


def _steps(d: dict) -> str:
    rows = [[h.text(s.get("name")), h.text(s.get("office", "")), h.text(limit(s.get("time_limit"))), h.text(s.get("description", ""))]
            for s in d.get("steps", [])]
    special = [[h.text(s.get("name")), h.text(limit(s.get("time_limit")))] for s in d.get("special_procedures", [])]
    out = h.tag("h3", "办理流程") + (h.table(["环节", "办理机构", "时限", "说明"], rows) if rows else h.tag("p", "—"))
    if special:
        out += h.tag("h4", "特别程序（不计入办理时限）") + h.table(["名称", "时限"], special)
    return out


def _how(site: SiteData, d: dict) -> str:
    online = d.get("online", {})
    visits = d.get("visits")
    badge = "（最多跑一次）" if isinstance(visits, int) and visits <= 1 else ""
    url = online.get("url") if online.get("available") else None
    pairs = [
        ("办理形式", h.text("、".join(d.get("channels", [])))),
        ("到办事现场次数", h.text(f"{visits} 次{badge}")),
        ("必须现场办理原因", h.text(d.get("onsite_reason"))),
        ("网上办理", h.text(_online_level(d))),
        ("网上办理深度", h.text("、".join(online.get("depth", [])))),
        ("网办地址", h.link(url, h.text(url), rel="noopener") if url else ""),
        ("办理地点", h.text(d.get("location"))),
        ("办理时间", h.text(d.get("hours"))),
        ("数量限制", h.text(d.get("quantity_limit"))),
        ("中介服务", h.text("、".join(d.get("intermediary_services", [])))),
    ]
    return h.tag("h3", "怎么办") + _dl(pairs) + _fee(d.get("fee", {}))


def _fee(fee: dict) -> str:
    if not fee.get("charged"):
        return _dl([("收费", "不收费")])
    rows = [[h.text(i.get("name")), h.text(i.get("standard")), h.text(i.get("basis", ""))] for i in fee.get("items", [])]
    return h.tag("h4", "收费") + h.table(["收费项目", "收费标准", "收费依据"], rows) + (
        h.tag("p", "收费依据：" + h.text(fee["basis"])) if fee.get("basis") else "")


def _result(site: SiteData, d: dict) -> str:
    result = d.get("result", {})
    licence = site.licences.get(result.get("licence", ""))
    pairs = [
        ("结果类型", h.text(result.get("type"))),
        ("结果名称", h.text(result.get("name"))),
        ("结果样本", h.text(result.get("sample"))),
        ("电子证照", h.text(f"是（{licence['name']}）") if licence else h.text("否") if result.get("type") == "证照" else ""),
    ]
    return h.tag("h3", "办理结果") + _dl(pairs)


def _contacts(d: dict) -> str:
    def contact(c: dict) -> str:
        return h.text("；".join(str(c[k]) for k in ("phone", "address", "url", "email") if c.get(k)))

    remedies = d.get("remedies", {})
    pairs = [
        ("咨询方式", contact(d.get("consultation", {}))),
        ("监督投诉方式", contact(d.get("complaint", {}))),
        ("行政复议", h.text(remedies.get("reconsideration"))),
        ("行政诉讼", h.text(remedies.get("litigation"))),
        ("版本", h.text(d.get("version"))),
        ("计划生效日期", h.text(d.get("effective_date"))),
    ]
    return h.tag("h3", "咨询与投诉") + _dl(pairs)


def _history(item: Item, entries: list[Entry], history: dict[str, list[Change]]) -> str:
    changes = sorted({c for f in [item.file, *(e.file for e in entries)] for c in history.get(f, [])},
                     key=lambda c: (c.date, c.commit, c.file), reverse=True)
    if not changes:
        return ""
    rows = [[h.text(c.date), h.text(c.status), h.text(_which(c.file, item, entries)), h.text(c.subject), h.text(c.commit)]
            for c in changes[:50]]
    return h.tag("h2", "变更记录") + h.tag("div", h.table(["日期", "变更", "内容", "说明", "提交"], rows), data_pagefind_ignore=True)


def _which(file: str, item: Item, entries: list[Entry]) -> str:
    if file == item.file:
        return "目录清单"
    return next((f"实施清单（{e.department}）" for e in entries if e.file == file), file)


def _filters(site: SiteData, item: Item, entries: list[Entry]) -> str:
    """Hidden values for the search filters (Pagefind ``data-pagefind-filter``)."""
    values: dict[str, set[str]] = {"地区": set(), "部门": set(), "事项类型": {item.type}, "服务对象": set(item.data.get("audience", [])),
                                   "行使层级": set(item.data.get("levels", [])), "网办深度": set()}
    values["部门"].add(site.department_kind(item.department))
    for e in entries:
        values["地区"].update(r.name for r in site.lineage(e.region) if r.level != "province" or r.code == e.region)
        values["部门"].add(site.department_kind(e.department))
        values["服务对象"].update(e.data.get("audience", []))
        values["网办深度"].add(_online_level(e.data))
    if item.data.get("topic"):
        values["服务主题"] = {item.data["topic"]}
    spans = "".join(h.tag("span", h.text(v), data_pagefind_filter=k) for k, vs in sorted(values.items()) for v in sorted(vs))
    return h.tag("div", spans, class_="zwfw-filters", hidden=True)

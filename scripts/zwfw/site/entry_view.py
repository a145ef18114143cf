"""An implementation entry's guide as HTML sections: conditions, materials,
steps, how and where, fees, result, contacts. Used for the standard every
region shares (on the item page) and for a region's complete guide. Labels
are the schema's titles (``fields``); every data value is escaped."""

from __future__ import annotations

from . import fields
from . import html as h
from . import national
from .model import SiteData
from .pages import limit

F = fields.entry


def online_level(data: dict) -> str:
    online = data.get("online", {})
    if not online.get("available"):
        return "不可网办"
    level = online.get("level")
    return f"{level} 级" + ("（全程网办）" if level == "Ⅳ" else "") if level else "可网办"


def to_bring(data: dict) -> list[dict]:
    return [m for m in data.get("materials", []) if not m.get("shared")]


def dl(pairs: list[tuple[str, str]]) -> str:
    """A definition list; ``pairs`` are (label, escaped HTML); empty values are left out."""
    body = "".join(h.tag("dt", h.text(k)) + h.tag("dd", v) for k, v in pairs if v)
    return h.tag("dl", body, class_="zwfw-facts") if body else ""


def basics(d: dict) -> str:
    """Who may apply, under what conditions, how long it takes."""
    return dl([
        (F("power_source"), h.text(d.get("power_source"))),
        (F("entrusting_department"), h.text(d.get("entrusting_department"))),
        (F("joint_agencies"), h.text("、".join(d.get("joint_agencies", [])))),
        (F("audience"), h.text("、".join(d.get("audience", [])))),
        (F("case_type"), h.text(d.get("case_type"))),
        (F("legal_time_limit"), h.text(limit(d.get("legal_time_limit"))) if "legal_time_limit" in d else ""),
        (F("promised_time_limit"), h.text(limit(d.get("promised_time_limit"))) if "promised_time_limit" in d else ""),
        (F("conditions"), h.text(d.get("conditions"))),
        (F("status"), h.text(d.get("status"))),
        (F("effective_date"), h.text(d.get("effective_date"))),
        *national.basics(d),
    ])


def materials(site: SiteData, d: dict) -> str:
    M = lambda key: F("materials", 0, key)  # noqa: E731
    rows = []
    for m in d.get("materials", []):
        lib = site.materials.get(m.get("ref", ""), {})
        notes = "；".join(f"{M(k)}：{m[k]}" for k in ("spec", "notes", "acceptance", "basis") if m.get(k))
        substitute = m.get("substitute") or lib.get("substitute")
        rows.append([
            h.text(site.material_name(m)),
            h.text(m.get("type") or lib.get("type", "")),
            h.text(m.get("form") or lib.get("form", "")),
            h.text(m.get("necessity", "")),
            h.text(national.copies(m)),
            h.text(national.source(m, lib)),
            h.text("是" if m.get("shared") else ""),
            h.text(notes) + (h.tag("div", h.text(f"{M('substitute')}：{substitute}"), class_="zwfw-substitute") if substitute else ""),
        ])
    title = F("materials")
    if not rows:
        return h.tag("h3", h.text(title)) + h.tag("p", "无需提交材料。")
    head = [M("name"), M("type"), M("form"), M("necessity"), M("copies"), M("source"), M("shared"), "说明"]
    # A column empty in every row is left out; one with the same value in every row is said once above the table.
    same = [n for n in range(1, len(head) - 1) if len(rows) > 1 and rows[0][n] and all(row[n] == rows[0][n] for row in rows)]
    used = [n for n in range(len(head)) if n == 0 or (n not in same and any(row[n] for row in rows))]
    note = h.tag("p", "各项材料相同：" + "；".join(f"{h.text(head[n])}：{rows[0][n]}" for n in same), class_="zwfw-note") if same else ""
    return (h.tag("h3", h.text(f"{title}（需提交 {len(to_bring(d))} 项）")) + note
            + h.table([head[n] for n in used], [[row[n] for n in used] for row in rows], class_="zwfw-materials"))


def steps(d: dict) -> str:
    S = lambda key: F("steps", 0, key)  # noqa: E731
    rows = [[h.text(s.get("name")), h.text(s.get("office", "")), h.text(limit(s.get("time_limit"))), h.text(s.get("description", ""))]
            for s in d.get("steps", [])]
    out = h.tag("h3", h.text(F("steps"))) + (h.table([S("name"), S("office"), S("time_limit"), S("description")], rows) if rows else h.tag("p", "—"))
    return out + national.special_procedures(d)


def how(d: dict) -> str:
    online = d.get("online", {})
    visits = d.get("visits")
    badge = "（最多跑一次）" if isinstance(visits, int) and visits <= 1 else ""
    url = online.get("url") if online.get("available") else None
    pairs = [
        (F("channels"), h.text("、".join(d.get("channels", [])))),
        (F("visits"), h.text(f"{visits} 次{badge}") if visits is not None else ""),
        (F("onsite_reason"), h.text(d.get("onsite_reason"))),
        (F("online"), h.text(online_level(d)) if online else ""),
        (F("online", "depth"), h.text("、".join(online.get("depth", [])))),
        (F("online", "url"), h.url_link(url) if url else ""),
        (F("location"), h.text(d.get("location"))),
        (F("hours"), h.text(d.get("hours"))),
        (F("quantity_limit"), h.text(d.get("quantity_limit"))),
        (F("intermediary_services"), h.text("、".join(d.get("intermediary_services", [])))),
        *national.how(d),
    ]
    return h.tag("h3", "怎么办") + dl(pairs) + fee(d.get("fee"))


def fee(value: dict | None) -> str:
    if value is None:
        return ""
    if not value.get("charged"):
        return dl([(F("fee"), "不收费")])
    I = lambda key: F("fee", "items", 0, key)  # noqa: E731
    rows = [[h.text(i.get("name")), h.text(i.get("standard")), h.text(i.get("basis", ""))] for i in value.get("items", [])]
    extra = dl([(F("fee", "basis"), h.text(value.get("basis"))),
                (F("fee", "online_payment"), h.text("是" if value.get("online_payment") else "") )])
    return h.tag("h4", h.text(F("fee"))) + h.table([I("name"), I("standard"), I("basis")], rows) + national.fee_reductions(value) + extra


def result(site: SiteData, d: dict) -> str:
    r = d.get("result", {})
    licence = site.licences.get(r.get("licence", ""))
    pairs = [
        (F("result", "type"), h.text(r.get("type"))),
        (F("result", "name"), h.text(r.get("name"))),
        (F("result", "sample"), h.sample(r.get("sample"))),
        (F("result", "licence"), h.text(f"是（{licence['name']}）") if licence else h.text("否") if r.get("type") == "证照" else ""),
    ]
    return h.tag("h3", h.text(F("result"))) + dl(pairs)


def contact(c: dict | None) -> str:
    c = c or {}
    shown = {"phone": h.phone_link, "address": h.text, "url": h.url_link, "email": h.email_link}  # links only where safe
    return "；".join(f"{h.text(F('consultation', k))} {shown[k](c[k])}" for k in shown if c.get(k))


def contacts(d: dict) -> str:
    remedies = d.get("remedies", {})
    pairs = [
        (F("consultation"), contact(d.get("consultation"))),
        (F("complaint"), contact(d.get("complaint"))),
        (F("remedies", "reconsideration"), h.text(remedies.get("reconsideration"))),
        (F("remedies", "litigation"), h.text(remedies.get("litigation"))),
    ]
    body = dl(pairs)
    return h.tag("h3", h.text(f"咨询、投诉与{F('remedies')}")) + body if body else ""


#: A guide's sections in reading order: (renderer, the compared fields it shows, or
#: None where it shows a region's own values too and is always rendered afresh).
SECTIONS = (
    (lambda site, d: basics(d), ("power_source", "entrusting_department", "joint_agencies", "audience", "case_type",
                                 "legal_time_limit", "promised_time_limit", "conditions", "status", "effective_date",
                                 "agency_nature", "handling_items")),
    (materials, ("materials",)),
    (lambda site, d: steps(d), None),
    (lambda site, d: how(d), None),
    (result, ("result",)),
    (lambda site, d: contacts(d), None),
    (lambda site, d: national.faq(d), ("faq",)),
)


def guide(site: SiteData, d: dict, deviating: set[str] = frozenset(), reuse: dict | None = None) -> str:
    """Every section of a guide. With ``reuse`` (one dict per item), a section
    whose fields all have the item's standard value (none in ``deviating``) is
    rendered once and reused for every region that shares it."""
    parts = []
    for n, (render, uses) in enumerate(SECTIONS):
        if reuse is None or uses is None or deviating.intersection(uses):
            parts.append(render(site, d))
        else:
            if n not in reuse:
                reuse[n] = render(site, d)
            parts.append(reuse[n])
    return "".join(parts)

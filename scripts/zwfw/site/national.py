"""The national exchange elements on the item and guide pages (业务办理项,
实施主体性质, 是否进驻政务大厅, 物流快递, 预约, 自助终端, 通办范围, 乡镇街道/
村居社区, 主题分类, 曾用编码, 特别程序 with its explicit 无, 收费减免, 材料份数
和来源说明, 常见问题). Labels are the schema's Chinese titles (``fields``);
every value is escaped."""

from __future__ import annotations

from .. import codes
from . import fields
from . import html as h
from .pages import limit

F, I = fields.entry, fields.item

#: Entry fields shown in the "怎么办" facts, by path.
HOW = (("service_hall",), ("express", "materials"), ("express", "results"), ("appointment",), ("self_service",),
       ("handle_area",), ("town",), ("village",))


def _value(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):  # a place: name and code
        return f"{value.get('name', '')}（{value.get('code', '')}）"
    return "" if value is None else str(value)


def _get(data: dict, path: tuple):
    for step in path:
        data = data.get(step) if isinstance(data, dict) else None
    return data


def basics(d: dict) -> list[tuple[str, str]]:
    """实施主体性质 and 业务办理项 (with their codes)."""
    basic = d.get("item") if isinstance(d.get("item"), str) else ""
    handling = "；".join(f"{x.get('name', '')}（{_handling_code(basic, x.get('serial'))}）" for x in d.get("handling_items", []))
    return [(F("agency_nature"), h.text(d.get("agency_nature"))), (F("handling_items"), h.text(handling))]


def _handling_code(basic: str, serial) -> str:
    try:
        return codes.handling_item_code(basic, str(serial))
    except ValueError:
        return f"{F('handling_items', 0, 'serial')} {serial}"


def how(d: dict) -> list[tuple[str, str]]:
    out = []
    for path in HOW:
        label = F(*path) if len(path) == 1 else f"{F(path[0])}（{F(*path)}）"
        out.append((label, h.text(_value(_get(d, path)))))
    return out


def item_facts(d: dict) -> list[tuple[str, str]]:
    topics = d.get("topics", {})
    pairs = [(I("topics", key), h.text("、".join(topics.get(key, [])))) for key in ("natural_person", "legal_person")]
    return pairs + [(I("former_codes"), h.text("、".join(d.get("former_codes", []))))]


def special_procedures(d: dict) -> str:
    if "special_procedures" not in d:
        return ""
    P = lambda key: F("special_procedures", 0, key)  # noqa: E731
    heading = h.tag("h4", h.text(F("special_procedures") + "（不计入办理时限）"))
    rows = [[h.text(s.get("name")), h.text(limit(s.get("time_limit"))), h.text(s.get("description", "")), h.text(s.get("basis", ""))]
            for s in d.get("special_procedures", [])]
    if not rows:
        return heading + h.tag("p", "无")
    return heading + h.table([P("name"), P("time_limit"), P("description"), P("basis")], rows)


def fee_reductions(fee: dict) -> str:
    rows = [[h.text(i.get("name")), h.text(_value(i.get("reducible"))), h.text(i.get("reduction_basis", ""))]
            for i in fee.get("items", []) if "reducible" in i]
    if not rows:
        return ""
    R = lambda key: F("fee", "items", 0, key)  # noqa: E731
    return h.table([R("name"), R("reducible"), R("reduction_basis")], rows)


def copies(material: dict) -> str:
    """份数, with 原件/复印件份数 when given."""
    parts = [f"{F('materials', 0, key)} {material[key]}" for key in ("originals", "photocopies") if key in material]
    if parts:
        return "，".join(parts)
    return "" if material.get("copies") is None else str(material["copies"])


def source(material: dict, library: dict) -> str:
    return "：".join(x for x in (material.get("source") or library.get("source", ""), material.get("source_note")) if x)


def faq(d: dict) -> str:
    items = [x for x in d.get("faq", []) if isinstance(x, dict)]
    if not items:
        return ""
    body = "".join(h.tag("details", h.tag("summary", h.text(x.get("question"))) + h.tag("p", h.text(x.get("answer"))))
                   for x in items)
    return h.tag("h3", h.text(F("faq"))) + body

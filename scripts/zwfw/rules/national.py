"""What the national exchange and the Hebei plan require beyond one record's
schema: the exchange's mandatory elements of power items, local items cite a
local instrument, the credit code's category matches the body, town and
village bodies name their place, public services name their field."""

from __future__ import annotations

from collections.abc import Iterator

from .. import codes, layout, schemas
from ..catalog import Record
from ..problems import Problem, error, register
from .context import Context, each, items_of, mapping, text

RULES = {
    "national-elements": "缺少国家数据交换要求的必填要素",
    "local-basis": "省级特设或市级地区性事项未引用本级地方性法规、规章或规范性文件",
    "credit-category": "统一社会信用代码的登记类别与机构类别不符",
    "town-village": "乡镇街道、村居社区信息与实施主体层级不符",
    "topic": "公共服务事项缺少服务主题",
}
register(RULES)

#: Elements the national exchange marks NOT NULL for power items (许可/给付/确认/
#: 奖励/裁决/其他), as paths into an entry; special_procedures may be [] (无).
REQUIRED_FOR_POWER = (
    ("conditions",),
    ("legal_time_limit",),
    ("steps",),
    ("special_procedures",),
    ("result", "type"),
    ("service_hall",),
    ("express",),
    ("online", "available"),
    ("fee", "charged"),
    ("fee", "online_payment"),
)
#: Of those, the lists that must also be non-empty (an empty 特别程序 list means “无”).
NON_EMPTY = (("steps",),)
TOWN, VILLAGE = "乡(镇、街道)级", "村(社区)级"
LOCAL_SOURCES = {"省级特设": "province", "市级地区性": "city"}


def check_record(ctx: Context) -> Iterator[Problem]:
    yield from each(ctx, ctx.of(layout.ITEM), _topic)
    yield from each(ctx, ctx.of(layout.DEPARTMENT), _credit_category)


def check(ctx: Context) -> Iterator[Problem]:
    yield from each(ctx, ctx.of(layout.ENTRY), lambda r: _power_elements(ctx, r))
    yield from each(ctx, ctx.of(layout.ENTRY), lambda r: _town_village(ctx, r))
    yield from each(ctx, ctx.of(layout.ITEM), lambda r: _local_basis(ctx, r))


def _power_elements(ctx: Context, r: Record) -> Iterator[Problem]:
    item = ctx.items.get(text(r.data.get("item")) or "")
    item_type = item.data.get("type") if item else None
    if not isinstance(item_type, str) or item_type == codes.PUBLIC_SERVICE:
        return
    for path in REQUIRED_FOR_POWER:
        value = _get(r.data, path)
        if value is None or (path in NON_EMPTY and not value):
            title = schemas.node_at(layout.ENTRY, path).get("title") or path[-1]
            parent = path[:-1]
            at = parent if parent and _get(r.data, parent) is not None else ()
            yield error(r.file, "national-elements", f"{item_type}事项须写明{title}（{'.'.join(path)}）：国家政务服务数据交换中这是必填要素。{_hint(path)}", at)


def _hint(path: tuple) -> str:
    return {
        ("special_procedures",): "没有特别程序时写 special_procedures: []（即“无”）。",
        ("fee", "charged"): "例如 fee: {charged: false, online_payment: false}。",
        ("fee", "online_payment"): "不收费时写 online_payment: false。",
        ("express",): "例如 express: {materials: true, results: true}。",
        ("steps",): "至少列出受理、审查、决定等环节。",
    }.get(path, "")


def _get(data: dict, path: tuple):
    value = data
    for step in path:
        value = mapping(value).get(step)
        if value is None:
            return None
    return value


def _town_village(ctx: Context, r: Record) -> Iterator[Problem]:
    dept = ctx.departments.get(r.department or "")
    if dept is None:
        return
    level = codes.body_level(ctx.region_level(r.region), dept.data)
    needs = {TOWN: ("town",), VILLAGE: ("town", "village")}.get(level or "", ())
    for key, title in (("town", "乡镇街道"), ("village", "村居社区")):
        present = key in r.data
        if key in needs and not present:
            yield error(r.file, "town-village", f"实施主体为{level}：请在 {key} 中写明{title}的名称（name）和代码（code）。", ())
        elif present and key not in needs:
            yield error(r.file, "town-village", f"实施主体的行使层级为{level or '未知'}，不应填写{title}（仅乡(镇、街道)级、村(社区)级实施主体填写）：请删除 {key}，或在部门记录中填写 level。", (key,))


def _local_basis(ctx: Context, r: Record) -> Iterator[Problem]:
    source = r.data.get("source")
    if source not in LOCAL_SOURCES:
        return
    region = ctx.regions.get(r.region or "")
    place = text(region.data.get("name")) if region else None
    if place is None:
        return
    laws = [text(mapping(b).get("law")) or "" for b in items_of(r.data.get("legal_basis"))]
    if any(place in law for law in laws):
        return
    kind = "本省" if LOCAL_SOURCES[source] == "province" else "本市"
    yield error(
        r.file,
        "local-basis",
        f"{source}事项须引用设立它的{kind}地方性法规、规章或规范性文件（名称中含“{place}”，例如《{place}……条例》）：请在 legal_basis 中补充。",
        ("legal_basis",) if "legal_basis" in r.data else ("source",),
    )


def _topic(r: Record) -> Iterator[Problem]:
    if r.data.get("type") == codes.PUBLIC_SERVICE and not r.data.get("topic"):
        options = "、".join(schemas.node_at(layout.ITEM, ("topic",)).get("enum", ()))
        yield error(r.file, "topic", f"公共服务事项须写明服务主题（topic）：{options}。", ("type",))


def _credit_category(r: Record) -> Iterator[Problem]:
    credit = text(r.data.get("credit_code"))
    organ = r.data.get("organ_type", "机关")
    want = codes.CREDIT_CATEGORIES.get(organ) if isinstance(organ, str) else None
    if credit is None or want is None or credit.startswith(want):
        return
    known = {v: k for k, v in codes.CREDIT_CATEGORIES.items()}
    seen = known.get(credit[:2], "其他类别")
    yield error(
        r.file,
        "credit-category",
        f"统一社会信用代码 {credit} 前两位为 {credit[:2]}（{seen}），机构类别（organ_type）却是 {organ}（应以 {want} 开头）：请核对代码，或改正机构类别（例如 住房公积金管理中心是事业单位，写 organ_type: 事业单位，代码以 12 开头）。",
        ("credit_code",),
    )

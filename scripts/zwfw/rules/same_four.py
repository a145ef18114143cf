"""三级四同: an entry inherits name, type, basis and code from its directory item,
may only implement it at a level the item allows, and a city's own item stays
inside that city."""

from __future__ import annotations

from collections.abc import Iterator

from .. import layout
from ..catalog import Record
from ..problems import Problem, error, register
from .context import Context, each, text

register({
    "same-four": "违反三级四同（名称、类型、依据、编码须与目录清单一致）",
    "derived-code": "手工填写了自动生成的实施编码",
    "level-mismatch": "事项的行使层级不含实施机关所在层级",
    "city-item-scope": "市级地区性事项在本市以外实施",
    "item-cancelled": "实施已取消的事项",
})



def check(ctx: Context) -> Iterator[Problem]:
    yield from each(ctx, ctx.of(layout.ENTRY), lambda r: _entry(ctx, r))


def _entry(ctx: Context, r: Record) -> Iterator[Problem]:
    item = ctx.items.get(text(r.data.get("item")) or "")
    if item is None:
        return
    name, item_name = r.data.get("name"), item.data.get("name")
    if name is not None and name != item_name:
        yield error(r.file, "same-four", f"事项名称“{name}”与目录清单（{item.file}）中的“{item_name}”不一致：三级四同，请改为 name: {item_name}，或删除 name。", ("name",),
                    related=(item.file,))
    yield from _levels(ctx, r, item)
    yield from _city_scope(ctx, r, item)
    if item.data.get("status") == "已取消" and r.data.get("status", "在用") == "在用":
        yield error(r.file, "item-cancelled", f"目录清单中的事项“{item_name}”已取消：请把实施清单的事项状态改为 已取消，或删除本文件。",
                    ("status",) if "status" in r.data else ("item",), related=(item.file,))


def _levels(ctx: Context, r: Record, item: Record) -> Iterator[Problem]:
    levels = item.data.get("levels")
    dept = ctx.departments.get(r.department or "")
    own = dept.data.get("level") if dept else None  # a town or village body, or 定州/辛集 at one level
    exercised = {own} if isinstance(own, str) else ctx.exercised_levels(r.region)
    if not isinstance(levels, list) or not exercised or exercised & set(levels):
        return
    region = ctx.regions[r.region].data.get("name", r.region)
    want = "或".join(sorted(exercised))
    yield error(
        r.file,
        "level-mismatch",
        f"事项“{item.data.get('name')}”的行使层级为 {'、'.join(map(str, levels))}，不含{region}所在的{want}：请核对实施机关，或请主管部门调整目录清单的行使层级。",
        ("item",),
        related=(item.file,),
    )


def _city_scope(ctx: Context, r: Record, item: Record) -> Iterator[Problem]:
    if item.data.get("source") != "市级地区性" or item.region is None:
        return
    if item.region in r.where.region_codes:
        return
    city = ctx.regions.get(item.region)
    city_name = city.data.get("name", item.region) if city else item.region
    yield error(r.file, "city-item-scope", f"“{item.data.get('name')}”是{city_name}的地区性事项，只能由{city_name}及其所辖县（市、区）实施。", ("item",),
                related=(item.file,))

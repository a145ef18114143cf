"""The national code layout: basic codes ``PP TT DD MMM SSS`` agree with the
item (type, national or provincial, main or sub-item, department table),
former codes are never reused, and the 行使层级 a department declares (it
decides digit 19 of the implementation code) fits where it sits."""

from __future__ import annotations

from collections.abc import Iterator

from .. import codes, layout
from ..catalog import Record
from ..problems import Problem, error, register, warning
from .context import Context, each, items_of, mapping, text

RULES = {
    "basic-code": "基本编码的结构与事项不符（PP TT DD MMM SSS）",
    "code-reused": "基本编码与其他事项的曾用编码相同",
    "department-level": "部门的行使层级与所在区域不符",
    "sector-code": "部门编码不在部门编码表中",
    "handling-item": "业务办理项序号重复",
}
register(RULES)


def check_record(ctx: Context) -> Iterator[Problem]:
    yield from each(ctx, ctx.of(layout.ITEM), _basic_code)
    yield from each(ctx, ctx.of(layout.DEPARTMENT), _sector_code)
    yield from each(ctx, ctx.of(layout.ENTRY), _handling_items)


def check(ctx: Context) -> Iterator[Problem]:
    yield from each(ctx, ctx.of(layout.ITEM), lambda r: _owner_sector(ctx, r))
    yield from each(ctx, ctx.of(layout.ITEM), lambda r: _main_item(ctx, r))
    yield from _reused(ctx)
    yield from each(ctx, ctx.of(layout.DEPARTMENT), lambda r: _department_level(ctx, r))


def _basic_code(r: Record) -> Iterator[Problem]:
    code = text(r.data.get("code"))
    if code is None or not codes.BASIC_CODE_RE.match(code):
        return
    c = codes.decode_basic(code)
    item_type = r.data.get("type")
    want_type = codes.ITEM_TYPE_CODES.get(item_type) if isinstance(item_type, str) else None
    if want_type and c.type != want_type:
        yield error(r.file, "basic-code", f"基本编码 {code} 第 3-4 位为 {c.type}，事项类型 {item_type} 的代码是 {want_type}：请改正编码（zwfw recode）或事项类型。", ("code",))
    yield from _prefix(r, code, c)
    if c.department not in codes.department_codes():
        yield error(r.file, "basic-code", f"基本编码 {code} 第 5-6 位部门编码 {c.department} 不在部门编码表（scripts/zwfw/data/department_codes.csv）中：请核对。", ("code",))
    yield from _hierarchy(r, code, c)
    national = text(r.data.get("national_code"))
    if national is not None and national != code:
        yield error(r.file, "basic-code", f"国家基本目录事项沿用国家编码：基本编码应为 {national}，不应另编 {code}（zwfw recode 可以改编码并改写所有引用）。", ("code",))


def _prefix(r: Record, code: str, c: codes.BasicCode) -> Iterator[Problem]:
    national = r.data.get("source") == codes.NATIONAL_SOURCE
    if national and not c.is_national:
        yield error(r.file, "basic-code", f"国家基本目录事项沿用国家编码，基本编码应以 00 开头，这里是 {c.prefix}：请填写国家基本目录中的编码。", ("code",))
    elif not national and c.prefix != codes.PROVINCE_PREFIX:
        yield error(r.file, "basic-code", f"河北省自有事项（{r.data.get('source')}）的基本编码应以 13 开头，这里是 {c.prefix}：请用 zwfw new 或 zwfw recode 分配编码。", ("code",))


def _owner_sector(ctx: Context, r: Record) -> Iterator[Problem]:
    code = text(r.data.get("code"))
    if code is None or not codes.BASIC_CODE_RE.match(code):
        return
    c = codes.decode_basic(code)
    if c.is_national:
        return
    owner = ctx.departments.get(r.department or "")
    sector = text(owner.data.get("sector_code")) if owner else None
    if sector is not None and sector != c.department:
        yield warning(r.file, "basic-code", f"基本编码 {code} 的部门编码为 {c.department}，主管部门的部门编码（sector_code）是 {sector}：请核对。", ("code",))


def _hierarchy(r: Record, code: str, c: codes.BasicCode) -> Iterator[Problem]:
    hierarchy = r.data.get("hierarchy", "主项")
    if hierarchy == "主项" and not c.is_main:
        yield error(r.file, "basic-code", f"主项的基本编码最后 3 位应为 000，这里是 {c.sub}：子项请写 hierarchy: 子项 和 main_item。", ("code",))
        return
    if hierarchy != "子项":
        return
    if c.is_main:
        yield error(r.file, "basic-code", "子项的基本编码最后 3 位不能是 000（000 表示主项）：请用 zwfw new item --main-item 分配子项编码。", ("code",))
    main = text(r.data.get("main_item"))
    if main is None:
        yield error(r.file, "basic-code", "子项须在 main_item 中写明所属主项的基本编码。", ("hierarchy",))
    elif codes.BASIC_CODE_RE.match(main) and main[:9] != c.stem:
        yield error(r.file, "basic-code", f"子项编码 {code} 的前 9 位 {c.stem} 应与所属主项 {main} 的前 9 位 {main[:9]} 相同。", ("main_item",))


def _main_item(ctx: Context, r: Record) -> Iterator[Problem]:
    if r.data.get("hierarchy") != "子项":
        return
    main = text(r.data.get("main_item"))
    if main in ctx.items and ctx.items[main].data.get("hierarchy", "主项") != "主项":
        yield error(r.file, "basic-code", f"所属主项 {main} 本身不是主项：子项只能挂在主项下。", ("main_item",))


def _reused(ctx: Context) -> Iterator[Problem]:
    if not ctx.of(layout.ITEM):  # nothing to check: skip reading every item's former codes
        return
    former: dict[str, Record] = {}
    for r in ctx.catalog.of(layout.ITEM):
        for old in items_of(r.data.get("former_codes")):
            if isinstance(old, str):
                former.setdefault(old, r)
    for r in ctx.of(layout.ITEM):
        code = text(r.data.get("code"))
        owner = former.get(code or "")
        if owner is not None and owner is not r:
            yield error(r.file, "code-reused", f"基本编码 {code} 是 {owner.file} 的曾用编码：编码不得重复使用，请用 zwfw new 取得新编码。", ("code",))


def _sector_code(r: Record) -> Iterator[Problem]:
    sector = text(r.data.get("sector_code"))
    if sector is not None and sector not in codes.department_codes():
        yield error(r.file, "sector-code", f"部门编码 {sector} 不在部门编码表（scripts/zwfw/data/department_codes.csv）中：请核对，或先在表中补充并注明来源。", ("sector_code",))


def _department_level(ctx: Context, r: Record) -> Iterator[Problem]:
    level = text(r.data.get("level"))
    region = ctx.regions.get(r.region or "")
    if level is None or region is None:
        return
    region_level = region.data.get("level")
    administered = region.data.get("province_administered") is True
    allowed = {"county": {"乡(镇、街道)级", "村(社区)级"} | ({"市级", "县级"} if administered else set())}.get(region_level, set())
    if level not in allowed:
        where = region.data.get("name", r.region)
        fix = "省直管县级市的部门可填 市级 或 县级；" if administered else ""
        yield error(r.file, "department-level", f"{where}的部门不能声明行使层级 {level}：{fix}乡镇、街道和村（社区）的实施主体放在所属县级区域下并填写 乡(镇、街道)级 或 村(社区)级；其他部门的层级由所在区域决定，请删除 level。", ("level",))


def _handling_items(r: Record) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, h in enumerate(items_of(r.data.get("handling_items"))):
        serial = mapping(h).get("serial")
        if isinstance(serial, str) and serial in seen:
            yield error(r.file, "handling-item", f"业务办理项序号 {serial} 重复：同一事项内每个业务办理项的序号须不同。", ("handling_items", i, "serial"))
        seen.add(serial)

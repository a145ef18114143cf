"""Every reference resolves: items, sub-items, materials, licences; codes are unique."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .. import layout
from ..catalog import Record
from ..problems import Problem, error, register
from .context import Context, duplicates, each, items_of, mapping, text

register({
    "unknown-item": "引用的目录清单事项不存在",
    "unknown-material": "引用的标准材料不存在",
    "unknown-licence": "引用的电子证照不存在",
    "file-name": "文件名与编码不一致",
    "material-ref-or-name": "申请材料须引用标准库或写明名称（二者择一）",
})



def check_record(ctx: Context) -> Iterator[Problem]:
    """File names that must match codes; each material names one source."""
    yield from each(ctx, ctx.of(layout.ITEM), _item_file_name)
    yield from each(ctx, ctx.of(layout.ENTRY), _entry_file_name)
    yield from each(ctx, ctx.of(layout.ENTRY), _ref_or_name)


def check(ctx: Context) -> Iterator[Problem]:
    yield from _unique_item_codes(ctx)
    yield from each(ctx, ctx.of(layout.ITEM), lambda r: _item(ctx, r))
    yield from each(ctx, ctx.of(layout.ENTRY), lambda r: _entry(ctx, r))
    yield from each(ctx, ctx.of(layout.MATERIAL), lambda r: _licence_ref(ctx, r, ("licence",)))


def _unique_item_codes(ctx: Context) -> Iterator[Problem]:
    if not ctx.of(layout.ITEM):  # nothing to check: skip grouping the whole catalog (once per batch of entries)
        return
    for r, code, others in duplicates(ctx, layout.ITEM, "code"):
        yield error(r.file, "duplicate-code", f"基本编码 {code} 与 {others[0]} 重复：编码全省唯一，请用 zwfw new 取得新编码。",
                    ("code",), related=others)


def _item_file_name(r: Record) -> Iterator[Problem]:
    code = text(r.data.get("code"))
    if code is not None and code != r.where.stem:
        yield error(r.file, "file-name", f"基本编码 {code} 与文件名 {r.where.stem}.yaml 不一致：请把文件改名为 {code}.yaml。", ("code",))


def _entry_file_name(r: Record) -> Iterator[Problem]:
    code = text(r.data.get("item"))
    if code is not None and code != r.where.stem:
        yield error(r.file, "file-name", f"基本编码 {code} 与文件名 {r.where.stem}.yaml 不一致：实施清单文件以所实施事项的基本编码命名，请改名为 {code}.yaml。", ("item",))


def _ref_or_name(r: Record) -> Iterator[Problem]:
    for i, material in enumerate(items_of(r.data.get("materials"))):
        material = mapping(material)
        ref, name = material.get("ref"), material.get("name")
        if (ref is None) == (name is None):
            which = "同时写了 ref 和 name" if ref is not None else "既没有 ref 也没有 name"
            yield error(r.file, "material-ref-or-name", f"第 {i + 1} 项申请材料{which}：引用标准库材料写 ref，本事项特有材料写 name，二者择一。", ("materials", i))


def _item(ctx: Context, r: Record) -> Iterator[Problem]:
    code = text(r.data.get("code"))
    for key, title in (("main_item", "所属主项"), ("sub_item", "所属子项")):
        ref = text(r.data.get(key))
        if ref is not None and ref not in ctx.items:
            yield error(r.file, "unknown-item", f"{title} {ref} 不在目录清单中：请核对基本编码。", (key,))
        elif ref is not None and ref == code:
            yield error(r.file, "unknown-item", f"{title}不能是事项自己。", (key,))


def _entry(ctx: Context, r: Record) -> Iterator[Problem]:
    code = text(r.data.get("item"))
    unreadable = [f for f in ctx.catalog.unreadable if f.endswith(f"/{layout.CATALOG_DIR}/{code}.yaml")]
    if code is not None and code not in ctx.items and unreadable:
        yield error(r.file, "unknown-item", f"基本编码 {code} 的目录清单文件 {unreadable[0]} 无法读取：请先改正该文件的错误。", ("item",),
                    related=(unreadable[0],))
    elif code is not None and code not in ctx.items:
        close = difflib.get_close_matches(code, list(ctx.items), n=1, cutoff=0.8)
        maybe = f"是否是 {close[0]}（{ctx.items[close[0]].data.get('name')}）？" if close else "请先在目录清单中建立该事项，或核对编码。"
        yield error(r.file, "unknown-item", f"基本编码 {code} 不在目录清单中：{maybe}", ("item",))
    for i, material in enumerate(items_of(r.data.get("materials"))):
        yield from _material(ctx, r, i, mapping(material))
    yield from _licence_ref(ctx, r, ("result", "licence"))


def _material(ctx: Context, r: Record, i: int, material: dict) -> Iterator[Problem]:
    path = ("materials", i)
    ref = material.get("ref")
    if isinstance(ref, str) and ref not in ctx.materials:
        close = difflib.get_close_matches(ref, list(ctx.materials), n=1, cutoff=0.6)
        maybe = f"是否是 {close[0]}（{ctx.materials[close[0]].data.get('name')}）？" if close else "请在 libraries/materials/ 中查找正确的标识，或先把材料加入标准库。"
        yield error(r.file, "unknown-material", f"标准材料 {ref} 不存在：{maybe}", path + ("ref",))


def _licence_ref(ctx: Context, r: Record, path: tuple) -> Iterator[Problem]:
    value = r.data
    for step in path:
        value = mapping(value).get(step)
    if isinstance(value, str) and value not in ctx.licences:
        close = difflib.get_close_matches(value, list(ctx.licences), n=1, cutoff=0.6)
        maybe = f"是否是 {close[0]}？" if close else "请在 libraries/licences/ 中查找正确的标识。"
        yield error(r.file, "unknown-licence", f"电子证照 {value} 不在电子证照目录库中：{maybe}", path)

"""Field labels for the site, taken from the schemas' Chinese ``title`` (never
typed again in page code), and the fields the public pages leave out on
purpose, each with its reason. A test fails when a schema property is neither
shown nor listed here."""

from __future__ import annotations

from functools import lru_cache

from .. import layout, schemas

#: Entry fields that every region has its own value for (where, when, whom to
#: call, which government hears an appeal): shown in each region's guide (the
#: first three also in the item page's table of regions), never compared with
#: a standard.
LOCAL = ("location", "hours", "consultation", "complaint", "remedies", "town", "village")

#: Fields of an implementation entry not shown on the item or guide pages, with the reason.
HIDDEN_ENTRY = {
    "item": "由目录清单继承（三级四同），页面标题和基本编码已显示",
    "name": "由目录清单继承（三级四同），页面标题已显示",
    "version": "内部修订序号，对办事群众没有意义；变更记录另行显示",
    "cancel_date": "仅用于计划取消的事项，由事项状态说明",
}
#: Entry fields shown without their own label, and how.
UNLABELLED_ENTRY = {
    "legal_time_limit.value": "与时限单位合并显示，如“20 个工作日”",
    "legal_time_limit.unit": "与时限数值合并显示",
    "legal_time_limit.note": "显示在时限之后的括号中",
    "promised_time_limit.value": "与时限单位合并显示，如“5 个工作日”",
    "promised_time_limit.unit": "与时限数值合并显示",
    "promised_time_limit.note": "显示在时限之后的括号中",
    "materials.ref": "显示为标准材料库中的材料名称",
    "online.available": "合并在“网上办理”中显示（不可网办 / 网办深度等级）",
    "online.level": "合并在“网上办理”中显示，如“Ⅳ 级（全程网办）”",
    "fee.charged": "合并在“收费”中显示（不收费 / 收费项目表）",
    "handling_items.name": "合并在“业务办理项”中显示：名称（业务办理项编码）",
    "handling_items.serial": "合并在“业务办理项”中显示为业务办理项编码（基本编码 + 序号）",
    "materials.source_note": "合并在“来源渠道”一栏中显示：来源渠道：来源渠道说明",
    "faq.question": "问答形式显示：问题是可展开的标题",
    "faq.answer": "问答形式显示：展开问题即见答复",
    "town.code": "与乡镇街道名称合并显示：名称（代码）",
    "town.name": "与乡镇街道代码合并显示：名称（代码）",
    "village.code": "与村居社区名称合并显示：名称（代码）",
    "village.name": "与村居社区代码合并显示：名称（代码）",
}
#: Directory-item fields shown without their own label, and how.
UNLABELLED_ITEM = {
    "name": "页面标题",
    "description": "标题下的第一段",
}
#: Fields of a directory item not shown on the item page, with the reason.
HIDDEN_ITEM = {
    "national_code": "与国家基本目录对接用的内部编码，基本编码已显示",
    "cancel_date": "仅用于计划取消的事项，由事项状态说明",
    "effective_date": "目录层面的生效日期，实施清单的计划生效日期按地区显示",
}


@lru_cache(maxsize=None)
def _title(kind: str, path: tuple) -> str:
    title = schemas.node_at(kind, path).get("title")
    if not title:
        raise KeyError(f"{kind}: no title in the schema for {'/'.join(map(str, path))}")
    return title


def entry(*path) -> str:
    """The Chinese title of an implementation-entry field, e.g. ``entry("materials", 0, "copies")`` → 份数."""
    return _title(layout.ENTRY, tuple(path))


def item(*path) -> str:
    """The Chinese title of a directory-item field."""
    return _title(layout.ITEM, tuple(path))


def properties(kind: str, path: tuple = ()) -> list[str]:
    """The property names of the schema node at ``path``."""
    return list(schemas.node_at(kind, path).get("properties", {}))

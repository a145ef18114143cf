"""One cell → the value of its field, or an error that says what to type.

Enumerated columns are checked here, with the field's Chinese title and a
suggestion that knows the domain (a 区 is county level: “区级” → “县级”), so
that the validator's generic enum message is not the one a clerk sees; an
item type that this catalog does not hold (行政处罚…) is explained as out of
scope. A code that Excel turned into a number is accepted when no digit was
lost (it still fits the field's pattern), refused when a leading 0 was.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata

from .. import codes
from . import cells as V
from . import columns as C

MISSING = object()

#: Ways of writing an option that mean another option (shown as a suggestion, never changed silently).
ALIASES = {
    "区级": ("县级", "区（市辖区）与县同级"), "县区级": ("县级", ""), "区县级": ("县级", ""), "县(区)级": ("县级", ""),
    "县（区）级": ("县级", ""), "县(市、区)级": ("县级", ""), "县（市、区）级": ("县级", ""), "市辖区级": ("县级", "市辖区与县同级"),
    "县市区级": ("县级", ""), "设区市级": ("市级", ""), "地市级": ("市级", ""), "地级市级": ("市级", ""),
    "乡级": ("乡(镇、街道)级", ""), "镇级": ("乡(镇、街道)级", ""), "乡镇级": ("乡(镇、街道)级", ""), "街道级": ("乡(镇、街道)级", ""),
    "村级": ("村(社区)级", ""), "社区级": ("村(社区)级", ""), "省本级": ("省级", ""), "国家": ("国家级", ""),
}
#: 事项类型 of the national classification that are not handled on application (依申请): not catalogued here.
NOT_ON_APPLICATION = tuple(t for t in codes.ITEM_TYPE_CODES if t not in codes.IN_SCOPE_TYPES)


class Parsed:
    def __init__(self, value=MISSING, notes=(), error: str | None = None, rule: str = "xlsx-value"):
        self.value, self.notes, self.error, self.rule = value, list(notes), error, rule


def parse(column: C.Column, value) -> Parsed:
    """One cell → the field value (or an error that says what to type)."""
    try:
        if column.kind == C.INT:
            return Parsed(*V.read_int(value))
        if column.kind == C.BOOL:
            return Parsed(*V.read_bool(value))
        if column.kind == C.DATE:
            return Parsed(*V.read_date(value))
        if column.kind == C.MULTI:
            return _multi(column, value)
        if column.kind == C.LINES:
            text, notes = _text(column, value)
            return Parsed(V.split_lines(text), notes)
        if column.kind == C.ENUM:
            text, notes = _text(column, value)
            if column.path == ("type",) and text in NOT_ON_APPLICATION:
                return Parsed(error=out_of_scope(column, text), rule="xlsx-scope")
            return Parsed(*_option(column, text, notes))
        return Parsed(*_text(column, value))
    except V.CellValueError as exc:
        return Parsed(error=f"{column.header}{exc}")


def out_of_scope(column: C.Column, text: str) -> str:
    return (f"{column.header}“{text}”不在本目录的范围内：本目录只收录依申请办理的事项（{'、'.join(column.options)}）；"
            f"{'、'.join(NOT_ON_APPLICATION)}等不是依申请办理的事项，不在这里编制。请删除这一行（或核对事项类型）。")


def _text(column: C.Column, value) -> tuple[str, list[str]]:
    if isinstance(value, bool):
        raise V.CellValueError(f"应为文本，实际为逻辑值 {value}：请把单元格设为文本格式后重新填写。")
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        raise V.CellValueError(f"被 Excel 当成了日期/时间（{value}）：请把单元格设为文本格式后重新填写。")
    if isinstance(value, (int, float)):
        text = str(int(value)) if float(value).is_integer() else str(value)
        if column.patterned:
            return _number_as_code(column, text)
        return text, []
    text, notes = V.clean_text(str(value))
    if column.patterned:
        text, more = V.half_width(text)
        notes += more
    return text, notes


def _number_as_code(column: C.Column, text: str) -> tuple[str, list[str]]:
    """A code typed as a number: fine when it still fits the pattern; a lost
    leading 0 only when putting zeros back makes it fit."""
    if not column.pattern or re.search(column.pattern, text):
        return text, ["Excel 把它存成了数字，已按文本读取（请把这一列设为文本格式）"]
    if any(re.search(column.pattern, "0" * k + text) for k in range(1, 4)):
        raise V.CellValueError(f"被 Excel 当成了数字（{text}），开头的 0 已经丢失：请把这一列设为文本格式，重新输入完整的值。")
    raise V.CellValueError(f"被 Excel 当成了数字（{text}），格式也不对：请把这一列设为文本格式，按“填写说明”表的格式重新输入。")


def _option(column: C.Column, text: str, notes: list[str]) -> tuple[str, list[str]]:
    if text in column.options:
        return text, notes
    folded = {unicodedata.normalize("NFKC", o).replace(" ", ""): o for o in column.options}
    key = unicodedata.normalize("NFKC", text).replace(" ", "")
    match = folded.get(key)
    if match is not None:
        return match, notes + [f"“{text}”改为了“{match}”"]
    raise V.CellValueError(f"的值“{text}”不在可选范围内：可选 {'、'.join(column.options)}。{_suggest(column, text, key)}")


def _suggest(column: C.Column, text: str, key: str) -> str:
    alias = ALIASES.get(text) or ALIASES.get(key)
    if alias and alias[0] in column.options:
        return f"是否想写“{alias[0]}”？" + (f"（{alias[1]}）" if alias[1] else "")
    close = difflib.get_close_matches(text, list(column.options), n=1, cutoff=0.5)
    return f"是否想写“{close[0]}”？" if close else "请从下拉列表中选择。"


def _multi(column: C.Column, value) -> Parsed:
    text, notes = _text(column, value)
    out = []
    for part in V.split_multi(text, column.options):
        option, notes = _option(column, part, notes)
        out.append(option)
    return Parsed(out, notes)

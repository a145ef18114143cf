"""Every code rule of the catalog, in one place so that each can change alone.

- 统一社会信用代码 (GB 32100-2015): verified by computation on real codes; the
  first two characters are the registration authority and category
  (11 机关, 12 事业单位, 51 社会团体 …, :data:`CREDIT_CATEGORIES`).
- 基本编码 (12 digits) ``PP TT DD MMM SSS``, decoded from real published
  records of several provinces (the standard's own text was not found):
  ``PP`` ``00`` for items of the national basic directory (they keep the
  national code), else the province code (``13`` Hebei); ``TT`` the item type
  code; ``DD`` the department code (``data/department_codes.csv``); ``MMM``
  the main-item serial; ``SSS`` the sub-item serial (``000`` = a main item).
- 实施编码 (31 characters), derived, never typed: the implementing body's
  credit code (18) + the 行使层级 digit of that body (1 国家 … 6 村) + the
  basic code (12).
- 业务办理项编码 (national field ``task_handle_item``): basic code + a
  two-digit serial, kept on the implementation side.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_VALUE = {c: i for i, c in enumerate(CREDIT_CHARSET)}

BASIC_CODE_RE = re.compile(r"^[0-9]{12}$")
DIVISION_CODE_RE = re.compile(r"^[0-9]{6}$")

#: ``PP`` of items of the national basic directory, and of Hebei's own items.
NATIONAL_PREFIX = "00"
PROVINCE_PREFIX = "13"
NATIONAL_SOURCE = "国家基本目录"
MAIN_SERIAL = "000"

#: 事项类型 labels with their national numeric codes.
ITEM_TYPE_CODES = {
    "行政许可": "01",
    "行政处罚": "02",
    "行政强制": "03",
    "行政征收": "04",
    "行政给付": "05",
    "行政检查": "06",
    "行政确认": "07",
    "行政奖励": "08",
    "行政裁决": "09",
    "其他行政权力": "10",
    "公共服务": "20",
}
#: The types handled on application (依申请) that this catalog holds.
IN_SCOPE_TYPES = ("行政许可", "行政给付", "行政确认", "行政奖励", "行政裁决", "其他行政权力", "公共服务")
PUBLIC_SERVICE = "公共服务"

#: 行使层级 labels with the digit the national exchange uses (also the digit
#: between credit code and basic code in the implementation code).
LEVEL_DIGITS = {
    "国家级": "1",
    "省级": "2",
    "市级": "3",
    "县级": "4",
    "乡(镇、街道)级": "5",
    "村(社区)级": "6",
}

#: Registration authority + category (first two characters of a credit code)
#: for each kind of body (GB 32100-2015, 登记管理部门码 and 机构类别码).
CREDIT_CATEGORIES = {
    "机关": "11",
    "事业单位": "12",
    "群众团体": "13",
    "社会团体": "51",
    "民办非企业单位": "52",
    "基金会": "53",
}


def credit_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a credit code."""
    total = sum(_CREDIT_VALUE[c] * w for c, w in zip(first17, CREDIT_WEIGHTS))
    check = 31 - total % 31
    return CREDIT_CHARSET[0 if check == 31 else check]


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid 统一社会信用代码, or None when it is."""
    if len(code) != 18:
        return f"应为 18 位，实际为 {len(code)} 位"
    bad = [c for c in code if c not in _CREDIT_VALUE]
    if bad:
        return f"含有不允许的字符 {''.join(dict.fromkeys(bad))}（不使用 I、O、S、V、Z）"
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return f"校验码应为 {expected}，实际为 {code[17]}"
    return None


def make_credit_code(prefix17: str) -> str:
    """Complete a 17-character prefix with its check character (for samples and tests)."""
    if len(prefix17) != 17 or any(c not in _CREDIT_VALUE for c in prefix17):
        raise ValueError(f"not a 17-character credit code prefix: {prefix17!r}")
    return prefix17 + credit_check_char(prefix17)


@dataclass(frozen=True)
class DepartmentCode:
    code: str
    name: str
    certainty: str
    provenance: str


@cache
def department_codes() -> dict[str, DepartmentCode]:
    """The department-code table (``DD`` of the basic code), with provenance."""
    text = resources.files("zwfw.data").joinpath("department_codes.csv").read_text("utf-8")
    return {r["code"]: DepartmentCode(**r) for r in csv.DictReader(text.splitlines())}


@dataclass(frozen=True)
class BasicCode:
    """The segments of a 12-digit basic code."""

    prefix: str  # PP: 00 national directory, 13 Hebei
    type: str  # TT
    department: str  # DD
    main: str  # MMM
    sub: str  # SSS, 000 for a main item

    @property
    def is_main(self) -> bool:
        return self.sub == MAIN_SERIAL

    @property
    def is_national(self) -> bool:
        return self.prefix == NATIONAL_PREFIX

    @property
    def main_code(self) -> str:
        """The code of the main item this code belongs to (itself for a main item)."""
        return f"{self.stem}{MAIN_SERIAL}"

    @property
    def stem(self) -> str:
        """``PPTTDDMMM``: what a sub-item shares with its main item."""
        return f"{self.prefix}{self.type}{self.department}{self.main}"

    def __str__(self) -> str:
        return f"{self.stem}{self.sub}"


def decode_basic(code: str) -> BasicCode:
    """Split a basic code into its segments (ValueError when it is not 12 digits)."""
    if not BASIC_CODE_RE.match(code):
        raise ValueError(f"not a 12-digit basic code: {code!r}")
    return BasicCode(code[0:2], code[2:4], code[4:6], code[6:9], code[9:12])


@dataclass(frozen=True)
class ImplementationCode:
    credit_code: str
    level_digit: str
    basic: BasicCode


def implementation_code(credit_code: str, level_digit: str, basic_code: str) -> str:
    """实施编码 = credit code (18) + 行使层级 digit of the implementing body + basic code (12)."""
    if level_digit not in LEVEL_DIGITS.values():
        raise ValueError(f"not a 行使层级 digit: {level_digit!r}")
    return f"{credit_code}{level_digit}{basic_code}"


def decode_implementation(code: str) -> ImplementationCode:
    if len(code) != 31:
        raise ValueError(f"an implementation code has 31 characters: {code!r}")
    if code[18] not in LEVEL_DIGITS.values():
        raise ValueError(f"character 19 is not a 行使层级 digit: {code!r}")
    return ImplementationCode(code[:18], code[18], decode_basic(code[19:]))


def handling_item_code(basic_code: str, serial: str) -> str:
    """业务办理项编码 (``task_handle_item``): basic code + two-digit serial."""
    if not re.fullmatch(r"[0-9]{2}", serial) or serial == "00":
        raise ValueError(f"a handling-item serial is 01-99: {serial!r}")
    return f"{basic_code}{serial}"


def type_code(item_type: str) -> str:
    """The two-digit national code of an item type label."""
    return ITEM_TYPE_CODES[item_type]


def next_basic_code(
    item_type: str,
    department_code: str,
    taken: Iterable[str],
    main_item: str | None = None,
    prefix: str = PROVINCE_PREFIX,
) -> str:
    """Allocate the next free basic code in the layout ``PP TT DD MMM SSS``.

    A new main item gets the next ``MMM`` under ``prefix``/type/department with
    ``SSS = 000``; a new sub-item of ``main_item`` shares its ``PPTTDDMMM`` and
    gets the next ``SSS``. Items of the national directory are not allocated:
    they carry the national code.
    """
    taken = set(taken)
    if main_item:
        stem = decode_basic(main_item).stem
        subs = [int(c[9:]) for c in taken if c.startswith(stem) and BASIC_CODE_RE.match(c)]
        serial = max(subs, default=0) + 1
        if serial > 999:
            raise ValueError(f"no free sub-item serial under {main_item}")
        return f"{stem}{serial:03d}"
    if department_code not in department_codes():
        raise ValueError(f"department code {department_code!r} is not in the table")
    head = f"{prefix}{type_code(item_type)}{department_code}"
    mains = [int(c[6:9]) for c in taken if c.startswith(head) and BASIC_CODE_RE.match(c)]
    serial = max(mains, default=0) + 1
    if serial > 999:
        raise ValueError(f"no free main-item serial under {head}")
    return f"{head}{serial:03d}{MAIN_SERIAL}"


#: The 行使层级 of a body, by the level of the region it sits in.
REGION_LEVELS = {"province": "省级", "city": "市级", "county": "县级"}


def body_level(region_level: str | None, department: dict) -> str | None:
    """The 行使层级 of an implementing body: its department record's ``level``
    (定州/辛集 departments acting at city level, town and village bodies)
    or else the level of its region."""
    own = department.get("level")
    if isinstance(own, str) and own in LEVEL_DIGITS:
        return own
    return REGION_LEVELS.get(region_level or "")


def entry_implementation_code(department: dict, region_level: str | None, basic_code: str) -> str | None:
    """The implementation code of an entry of ``department`` (None when the
    department has no credit code or no level can be told)."""
    credit, level = department.get("credit_code"), body_level(region_level, department)
    if not isinstance(credit, str) or level is None:
        return None
    return implementation_code(credit, LEVEL_DIGITS[level], basic_code)

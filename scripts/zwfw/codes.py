"""Every code rule of the catalog, in one place so that each can change alone.

- 统一社会信用代码 (GB 32100-2015): verified by computation on real codes.
- 基本编码: the national 12-character layout (GB/T 39554.1-2020) could not be
  verified, so validation only checks ``^[0-9A-Z]{12}$``. *Allocation* of new
  codes (``zwfw new``) uses a provisional layout, documented in
  :func:`next_basic_code`; main/sub items are explicit fields of the record,
  never parsed out of the code.
- 实施编码: derived, never typed: credit code (18) + one digit + basic code (12).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_VALUE = {c: i for i, c in enumerate(CREDIT_CHARSET)}

BASIC_CODE_RE = re.compile(r"^[0-9A-Z]{12}$")
DIVISION_CODE_RE = re.compile(r"^[0-9]{6}$")

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

#: Digit between credit code and basic code in the implementation code.
IMPLEMENTATION_CODE_DIGIT = "0"


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


def implementation_code(credit_code: str, basic_code: str) -> str:
    """实施编码 = implementing agency's credit code + one digit + basic code (31 chars)."""
    return f"{credit_code}{IMPLEMENTATION_CODE_DIGIT}{basic_code}"


def type_code(item_type: str) -> str:
    """The two-digit national code of an item type label."""
    return ITEM_TYPE_CODES[item_type]


def next_basic_code(item_type: str, taken: Iterable[str], main_item: str | None = None) -> str:
    """Allocate the next free basic code.

    Provisional layout (replace here when the national layout is confirmed):
    ``TT`` type code (2) + ``MMMM`` main item serial (4) + ``SSS`` sub item (3)
    + ``HHH`` handling item (3). A new main item gets the next ``MMMM`` for its
    type with ``000000`` after it; a new sub item of ``main_item`` gets the next
    ``SSS`` under that main item.
    """
    taken = set(taken)
    if main_item:
        stem = main_item[:6]
        subs = [int(c[6:9]) for c in taken if c.startswith(stem) and c[6:9].isdigit()]
        return f"{stem}{max(subs, default=0) + 1:03d}000"
    prefix = type_code(item_type)
    mains = [int(c[2:6]) for c in taken if c.startswith(prefix) and c[2:6].isdigit()]
    return f"{prefix}{max(mains, default=0) + 1:04d}000000"

"""Cell values in and out.

Out: text is always written as text, never as a formula (OWASP "CSV
injection"): a cell whose text starts with ``=``, ``+``, ``-``, ``@``, tab or
CR gets the string type and Excel's quote prefix; in CSV such text gets a
leading apostrophe.

In: what department staff type is cleaned before it reaches the validator:
full-width digits and letters in codes and numbers, leading/trailing spaces
and zero-width characters; each cleaning is reported (a warning), and a value
that cannot be read (a formula, a date typed as free text, a code Excel turned
into a number) is a clear error.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

RISKY_START = ("=", "+", "-", "@", "\t", "\r")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
_EDGE_SPACE = " \t\r\n\u3000\u00a0"
#: Stripped from the start of a text: not a leading tab or CR, which an export
#: writes as they are (text that starts with them is kept as text, see above).
_LEADING_SPACE = " \n\u3000\u00a0"
#: Separators accepted between the values of a multi-valued cell.
MULTI_SEPARATORS = re.compile(r"[、,，;；/／\n]+")
TEXT_LIST_SEPARATOR = "\n"
MULTI_JOIN = "、"
TRUE_WORDS = {"是", "true", "TRUE", "True", "Y", "y", "yes", "1", "√"}
FALSE_WORDS = {"否", "false", "FALSE", "False", "N", "n", "no", "0", "×"}
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
#: Excel cells hold at most this many characters.
MAX_CELL = 32767


def is_risky(text: str) -> bool:
    return text.startswith(RISKY_START)


def write_value(cell, value) -> None:
    """Put ``value`` in an openpyxl cell; text can never become a formula."""
    if isinstance(value, str):
        text = value[:MAX_CELL]
        cell.value = text
        cell.data_type = "s"
        if is_risky(text):
            cell.quotePrefix = True
    else:
        cell.value = value


def csv_value(value) -> str:
    """One CSV field: risky text gets a leading apostrophe so that no
    spreadsheet program runs it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    return "'" + text if isinstance(value, str) and is_risky(text) else text


class CellValueError(ValueError):
    """A cell value that cannot be read; the message says what to do (Chinese)."""


def clean_text(value: str) -> tuple[str, list[str]]:
    """Strip edge spaces and zero-width characters; returns the text and
    what was removed (Chinese notes, empty when nothing changed)."""
    notes = []
    if _ZERO_WIDTH_RE.search(value):
        value = _ZERO_WIDTH_RE.sub("", value)
        notes.append("删除了零宽字符")
    stripped = value.lstrip(_LEADING_SPACE)
    stripped = stripped.rstrip(_EDGE_SPACE) if stripped.startswith(("\t", "\r")) else stripped.strip(_EDGE_SPACE)
    if stripped != value:
        notes.append("删除了首尾空格")
    return stripped, notes


def half_width(value: str) -> tuple[str, list[str]]:
    """Full-width digits, letters and hyphens → half-width (for codes and numbers)."""
    out = unicodedata.normalize("NFKC", value)
    out = out.replace("－", "-").replace("—", "-")
    return out, (["全角字符改为了半角"] if out != value else [])


def read_date(value) -> tuple[str, list[str]]:
    """A date cell or a date typed as text → ``YYYY-MM-DD``."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d"), []
    if isinstance(value, str):
        text, notes = half_width(value)
        m = _DATE_RE.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                iso = dt.date(y, mo, d).isoformat()
            except ValueError:
                raise CellValueError(f"“{value}”不是有效日期：请写作 YYYY-MM-DD，例如 2024-01-31。") from None
            if iso != value:
                notes.append(f"文本日期“{value}”改为了 {iso}")
            return iso, notes
    raise CellValueError(f"“{value}”不是日期：请写作 YYYY-MM-DD，例如 2024-01-31（或设为日期格式）。")


def read_int(value) -> tuple[int, list[str]]:
    if isinstance(value, bool):
        raise CellValueError("应为整数，实际为是/否。")
    if isinstance(value, int):
        return value, []
    if isinstance(value, float) and value.is_integer():
        return int(value), []
    if isinstance(value, str):
        text, notes = half_width(value)
        text = text.strip()
        if re.fullmatch(r"-?\d+", text):
            return int(text), notes
    raise CellValueError(f"应为整数，实际为“{value}”：请只填阿拉伯数字，例如 5。")


def read_bool(value) -> tuple[bool, list[str]]:
    if isinstance(value, bool):
        return value, []
    text = str(value).strip()
    if text in TRUE_WORDS:
        return True, []
    if text in FALSE_WORDS:
        return False, []
    raise CellValueError(f"应为“是”或“否”，实际为“{value}”：请从下拉列表中选择。")


def split_multi(text: str, options: tuple[str, ...] = ()) -> list[str]:
    """The values of a multi-value cell; an option that itself contains a
    separator (乡(镇、街道)级) is kept whole."""
    whole = {}
    for i, option in enumerate(sorted((o for o in options if MULTI_SEPARATORS.search(o)), key=len, reverse=True)):
        if option in text:
            token = f"\x00{i}\x00"
            text, whole[token] = text.replace(option, token), option
    parts = [part.strip(_EDGE_SPACE) for part in MULTI_SEPARATORS.split(text) if part.strip(_EDGE_SPACE)]
    return [whole.get(p, p) for p in parts]


def split_lines(text: str) -> list[str]:
    return [part.strip(_EDGE_SPACE) for part in text.split(TEXT_LIST_SEPARATOR) if part.strip(_EDGE_SPACE)]

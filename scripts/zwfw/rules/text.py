"""Rule [html]: every text of a record is plain text.

Checked on the parsed values, not on the file's bytes, so a YAML escape
(``\\x3c``, ``\\u003c``, ``java\\x73cript:``) is judged by what it decodes to.
The site escapes every value anyway; this keeps markup, template syntax and
characters that spoof what a reader sees out of the catalog in the first place.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

from .. import schemas
from ..problems import Problem, error, register
from .context import Context

register({"html": "文本中含有 HTML 标签、字符实体、模板标记、脚本链接或控制字符"})

_WHY = "：请改为纯文本"
#: (pattern, what it is) — the first pattern that matches names the problem.
_MARKUP = (
    (re.compile(r"<\s*[A-Za-z!/?]"), " HTML 标签"),
    (re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);|&(?:lt|gt|quot|apos)(?![a-z])", re.IGNORECASE), " HTML 字符实体（如 &lt;）"),
    (re.compile(r"\{\{|\}\}|\{%|%\}|\{#"), "模板标记"),
    (re.compile(r"\{\s*:|\{\s*[.#][A-Za-z]"), " Markdown 属性列表"),
    (re.compile(r"-{1,2}8<-{0,2}|;--8<--"), "片段引用标记"),
    (re.compile(r"[\uFF1C\uFF1E\uFE64\uFE65]"), "全角尖括号"),
)
#: URL schemes that run script or carry a document, after undoing every escape.
_SCHEME = re.compile(r"(?:java|vb|live)script:|data:text/html", re.IGNORECASE)
#: Looser than :data:`_SCHEME`, on the text before spaces and controls are
#: dropped (nothing dropped is a letter): most texts with a colon fail it at once.
_SCHEME_LETTERS = re.compile(r"s[^a-z]*c[^a-z]*r[^a-z]*i[^a-z]*p[^a-z]*t[^a-z]*:|d[^a-z]*a[^a-z]*t[^a-z]*a[^a-z]*:",
                             re.IGNORECASE)
_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}
_INVISIBLE = {0x200B, 0x200C, 0x200D, 0x2028, 0x2029, 0xFEFF}
#: C0 controls except tab and line breaks, DEL, C1 controls, bidi and invisible characters
#: (NUL apart: :func:`_plain_record` joins strings with it).
_CONTROLS = "\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff"
_CONTROL = re.compile(f"[\x00{_CONTROLS}]")
#: Cheap pre-filters: only strings holding one of these are looked at closely.
_SUSPECT = re.compile("[<&{}%8\uff1c\uff1e\ufe64\ufe65]")
_COLON = re.compile("[:&\uff1a\ufe55\ufe13]")
#: Any of the three above: most strings hold none of them and are passed at once.
_ANY = re.compile("|".join(p.pattern for p in (_CONTROL, _SUSPECT, _COLON)))
#: A character of a control-character or markup finding: every :data:`_MARKUP`
#: pattern holds one of these (``%`` and ``8`` in :data:`_SUSPECT` only with one of them).
_CONTROL_OR_MARKUP = re.compile(f"[{_CONTROLS}<&{{}}\uff1c\uff1e\ufe64\ufe65]")


def check(ctx: Context) -> Iterator[Problem]:
    for record in ctx.catalog.records:
        if _plain_record(record.data):
            continue
        for path, message in _walk(record.data, ()):
            yield error(record.file, "html", f"{_title(record.where.kind, path)}中{message}", path)


def _plain_record(data) -> bool:
    """Whether no string of ``data`` (keys too) holds anything :func:`finding`
    reports, looked at all at once: joined by NUL (which no string holds, or
    the counts differ), they hold no control character nor any character markup
    needs, and each string holding a colon (the only other way to a finding, a
    script link) is judged by :func:`finding` itself. False: walk the record."""
    strings = _strings(data, [])
    joined = "\0".join(strings)
    if joined.count("\0") != len(strings) - 1 or _CONTROL_OR_MARKUP.search(joined):
        return False
    seen = set()
    for m in _COLON.finditer(joined):
        start = joined.rfind("\0", 0, m.start()) + 1
        if start in seen:
            continue
        seen.add(start)
        end = joined.find("\0", m.end())
        if finding(joined[start:] if end < 0 else joined[start:end]):
            return False
    return True


def _strings(value, out: list[str]) -> list[str]:
    """Every string :func:`_walk` looks at (values, and keys of mappings), into ``out``."""
    if isinstance(value, dict):
        for key, sub in value.items():
            if isinstance(key, str):
                out.append(key)
            if isinstance(sub, str):
                out.append(sub)
            elif isinstance(sub, (dict, list)):
                _strings(sub, out)
    elif isinstance(value, list):
        for sub in value:
            if isinstance(sub, str):
                out.append(sub)
            elif isinstance(sub, (dict, list)):
                _strings(sub, out)
    elif isinstance(value, str):
        out.append(value)
    return out


def _walk(value, path: tuple) -> Iterator[tuple[tuple, str]]:
    """(path, message) for every string (keys too) that holds something it must not."""
    if isinstance(value, str):
        message = finding(value)
        if message:
            yield path, message
    elif isinstance(value, dict):
        for key, sub in value.items():
            if isinstance(key, str) and (message := finding(key)):
                yield path, message
            yield from _walk(sub, (*path, key))
    elif isinstance(value, list):
        for n, sub in enumerate(value):
            yield from _walk(sub, (*path, n))


def _title(kind: str, path: tuple) -> str:
    try:
        return schemas.title_at(kind, tuple(k for k in path if isinstance(k, str)))
    except Exception:  # a path the schema does not describe (the schema rule reports it)
        return "文本"


def finding(value: str) -> str | None:
    """The Chinese message for the first thing ``value`` must not hold, or None."""
    if not _ANY.search(value):
        return None
    m = _CONTROL.search(value)
    if m:
        code = ord(m.group(0))
        if code in _BIDI:
            return (f"不能含有文字方向控制字符（U+{code:04X}）：它会让名称显示得与实际内容不同，"
                    "请删除该字符后重新输入。")
        if code in _INVISIBLE:
            return f"不能含有不可见字符（U+{code:04X}）{_WHY}，删除该字符后重新输入。"
        return f"不能含有控制字符（U+{code:04X}）{_WHY}，删除该字符（常见于从网页或 Word 复制的文字）。"
    if _SUSPECT.search(value):
        for pattern, what in _MARKUP:
            m = pattern.search(value)
            if m:
                return f"不能含有{what}（“{m.group(0)}”）{_WHY}；需要尖括号时用〈〉或《》。"
    if _COLON.search(value) and _SCHEME_LETTERS.search(_normal(value)) and _SCHEME.search(_plain(value)):
        return f"不能含有脚本链接（javascript: 等）{_WHY}；网址只能以 http:// 或 https:// 开头。"
    return None


def _plain(value: str) -> str:
    """The text with entities, width variants and every space or control removed,
    so ``java&#115;cript :`` and ``ｊａｖａｓｃｒｉｐｔ：`` read as what a browser sees."""
    return "".join(ch for ch in _normal(value) if not (ch.isspace() or unicodedata.category(ch).startswith("C")))


def _normal(value: str) -> str:
    return unicodedata.normalize("NFKC", html.unescape(value))

"""Escaping for everything taken from data files into pages.

Pages are Markdown files whose data-derived parts are HTML. Text is escaped
for HTML *and* for Markdown (brackets, braces, emphasis and code marks become
numeric entities; newlines become ``<br>``), so that neither an HTML tag, a
Markdown link or attribute list, nor a template expression in the data can
ever become markup. No blank line is ever emitted inside an HTML block, so
Markdown never resumes in the middle of one.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: HTML's five, then Markdown's active characters, each as a character reference.
_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
                        **{c: f"&#{ord(c)};" for c in "[]{}()*_`~|\\"}})
_NEWLINES = re.compile(r"\r\n?|\n")


def text(value) -> str:
    """Any data value as inert text inside HTML within Markdown."""
    if value is None:
        return ""
    return _text(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=65536)
def _text(s: str) -> str:
    s = s.translate(_TABLE)
    return _NEWLINES.sub("<br>", s) if "\n" in s or "\r" in s else s


def attr(value) -> str:
    """A value for an HTML attribute (quoted with double quotes by the caller)."""
    return text(value).replace("<br>", " ")


def url_part(value: str) -> str:
    """A path segment we build ourselves (codes, ids): only safe characters pass."""
    if not re.fullmatch(r"[0-9A-Za-z_-]+", value or ""):
        raise ValueError(f"unsafe URL part: {value!r}")
    return value


def tag(name: str, body: str = "", **attrs) -> str:
    """``<name a="…">body</name>``; ``body`` must already be escaped; attribute
    names use ``_`` for ``-`` and a trailing ``_`` for reserved words."""
    parts = [name]
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        key = key.rstrip("_").replace("_", "-")
        parts.append(key if value is True else f'{key}="{attr(value)}"')
    return f"<{' '.join(parts)}>{body}</{name}>"


def link(href: str, body: str, **attrs) -> str:
    return tag("a", body, href=href, **attrs)


def table(headers: list[str], rows: list[list[str]], **attrs) -> str:
    """An HTML table (wrapped in a ``div`` carrying ``attrs``, so the theme's
    table style still applies); header texts are escaped here, cells must be
    escaped by the caller. Headers are left out of the search index."""
    head = "".join(tag("th", text(h)) for h in headers)
    body = "".join("<tr>" + "".join(tag("td", c) for c in row) + "</tr>" for row in rows)
    inner = f"<table><thead data-pagefind-ignore><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return tag("div", inner, **attrs) if attrs else inner

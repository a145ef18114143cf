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
from urllib.parse import urlsplit

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


#: The only URL schemes a page links to; anything else (javascript:, data:, vbscript: …) stays text.
SCHEMES = ("http", "https", "mailto", "tel")
_URL_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\\<>\"'`]")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?[0-9][0-9-]{2,19}")


def safe_url(value, schemes: tuple[str, ...] = ("http", "https")) -> str | None:
    """``value`` if it is a URL with one of ``schemes`` (http(s) with a host),
    else None. Judged on the raw string: no spaces, controls, quotes or
    backslashes anywhere, so no browser can read a different scheme into it."""
    if not isinstance(value, str) or not value or _URL_JUNK.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in schemes or scheme not in SCHEMES:
        return None
    if scheme in ("http", "https") and not parts.netloc:
        return None
    return value


def link(href: str, body: str, **attrs) -> str:
    """A link to ``href``; a link with a scheme other than http(s)/mailto/tel
    is not made (the body stays, as text)."""
    if _URL_JUNK.search(href) or href.startswith("//"):
        return body
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", href) and safe_url(href, SCHEMES) is None:
        return body
    return tag("a", body, href=href, **attrs)


def url_link(value, label: str | None = None) -> str:
    """A data value meant to be a web address: a link if it is http(s), else plain text."""
    url = safe_url(value)
    body = text(label if label is not None else value)
    return tag("a", body, href=url, rel="noopener noreferrer") if url else body


def email_link(value) -> str:
    return tag("a", text(value), href=f"mailto:{value}") if isinstance(value, str) and _EMAIL.fullmatch(value) else text(value)


def phone_link(value) -> str:
    """A phone number as a ``tel:`` link (digits, hyphens, a leading +), else text."""
    digits = value.replace(" ", "") if isinstance(value, str) else ""
    return tag("a", text(value), href=f"tel:{digits}") if _PHONE.fullmatch(digits) else text(value)


def table(headers: list[str], rows: list[list[str]], **attrs) -> str:
    """An HTML table (wrapped in a ``div`` carrying ``attrs``, so the theme's
    table style still applies); header texts are escaped here, cells must be
    escaped by the caller. Headers are left out of the search index. On a
    phone the rows become cards whose cells the site's script labels from the
    header (not repeated in every cell: a province's pages would be a fifth larger)."""
    head = "".join(tag("th", text(h)) for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    inner = f"<table><thead data-pagefind-ignore><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return tag("div", inner, **attrs) if attrs else inner


def sample(value) -> str:
    """结果样本: a link when it is a web address; a file name stays text and says where to see it."""
    if not value:
        return ""
    if safe_url(value):
        return url_link(value, "查看样本")
    return text(value) + tag("span", "（样本文件未在本站发布，可向实施机关索取）", class_="zwfw-note")

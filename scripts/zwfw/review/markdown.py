"""Escaping text from data files for GitHub-flavoured Markdown (PR comments, job summaries).

HTML is escaped first (``<``, ``>``, ``&``), then every character Markdown
could read as syntax gets a backslash, and line breaks become spaces, so a
value can never open a link, an image, a table cell, a heading or raw HTML.
"""

from __future__ import annotations

import html
import re

_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_SPACE = re.compile(r"\s+")


def escape(text: object) -> str:
    """``text`` as inert Markdown: one line, no syntax, no HTML."""
    flat = _SPACE.sub(" ", str(text)).strip()
    return _SYNTAX.sub(r"\\\1", html.escape(flat, quote=False))


def code(text: object) -> str:
    """``text`` in a code span (paths, codes, teams): backticks cannot break out."""
    flat = _SPACE.sub(" ", str(text)).strip().replace("`", "'")
    return f"`{flat}`"

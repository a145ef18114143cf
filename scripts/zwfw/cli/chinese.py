"""argparse in Simplified Chinese: its own texts (usage, headings, errors) translated.

argparse looks its texts up through :func:`gettext.gettext`, bound at import
as ``argparse._`` and ``argparse.ngettext``. :func:`chinese` swaps both for a
lookup in :data:`TEXTS` while the ``zwfw`` parser is built and used, and puts
them back afterwards, so other argparse users in the same process (pytest) keep
their own texts. A text that is not in the table stays as argparse wrote it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

TEXTS = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n（用 --help 查看用法）\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项值 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "以下参数须给出一个：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项 %(option)s：可能是 %(matches)s",
    "ignored explicit argument %r": "多余的值 %r",
    "unexpected option string: %s": "意外的选项 %s",
    "can't open '%(filename)s': %(error)s": "无法打开 %(filename)s：%(error)s",
}
PLURALS = {
    "expected %s argument": "需要 %s 个值",
}


def _gettext(message: str) -> str:
    return TEXTS.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular, singular if n == 1 else plural)


@contextmanager
def chinese() -> Iterator[None]:
    """argparse speaks Chinese inside this block."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions keep their line breaks; option defaults are written by each help text."""

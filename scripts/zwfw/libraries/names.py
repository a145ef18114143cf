"""Normalising material names and scoring how alike two names are.

Departments write the same material in many ways: full-width or half-width
characters, spaces and punctuation, brackets, a 复印件/原件 suffix, 副本, an
organisation prefix (企业营业执照). :func:`normalise` removes what does not
change the meaning; :func:`compare` scores two names and says why they match.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

#: Qualifiers that say which copy or form of a document is meant, not which document.
SUFFIXES = ("原件和复印件", "原件及复印件", "原件或复印件", "复印件", "影印件", "扫描件", "电子件", "原件",
            "副本", "正本", "电子版", "纸质版", "文本", "一份")
#: Words in front of a name that say whose document it is.
PREFIXES = ("申请人", "申请单位", "申请者", "企业", "单位", "本人", "合法有效", "有效")
_BRACKETS = "()[]{}<>（）【】〔〕［］｛｝〈〉《》「」『』"
_DROP = re.compile(r"[\s\u3000]+")
_TRAILING_NOTE = re.compile(r"[(\[（【〔［][^()\[\]（）【】〔〕［］]*[)\]）】〕］]$")

#: Default score from which two different names count as the same material.
THRESHOLD = 0.92
#: Containment counts only when the shorter name is at least this long and this share of the longer one.
MIN_CONTAINED, MIN_SHARE = 3, 0.6


def _strip_punctuation(text: str) -> str:
    return "".join(c for c in text if c not in _BRACKETS and not unicodedata.category(c).startswith(("P", "S")))


def _strip_affixes(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for suffix in SUFFIXES:
            if text.endswith(suffix) and len(text) - len(suffix) >= 2:
                text, changed = text[: -len(suffix)], True
        for prefix in PREFIXES:
            if text.startswith(prefix) and len(text) - len(prefix) >= 2:
                text, changed = text[len(prefix):], True
    return text


def normalise(name: str) -> str:
    """The comparable core of a material name: NFKC (full-width → half-width),
    no spaces, punctuation or brackets, no copy/original suffixes or owner prefixes."""
    text = _DROP.sub("", unicodedata.normalize("NFKC", name))
    for suffix in SUFFIXES:  # 营业执照（复印件） → 营业执照复印件: the qualifier is then stripped below
        text = text.replace(f"({suffix})", suffix).replace(f"[{suffix}]", suffix)
    while _TRAILING_NOTE.search(text) and len(_TRAILING_NOTE.sub("", text)) >= 2:
        text = _TRAILING_NOTE.sub("", text)  # a trailing note in brackets: （2 张）, （加盖公章）
    return _strip_affixes(_strip_punctuation(text))


@dataclass(frozen=True)
class Match:
    score: float
    reason: str  # Chinese, for the message


def compare(a: str, b: str) -> Match:
    """How alike two material names are (0 to 1) and why."""
    na, nb = normalise(a), normalise(b)
    if na == nb:
        return Match(1.0, "去掉全半角、空格标点、括号和“复印件/原件/副本”等限定词后相同")
    if na[-1:] != nb[-1:]:
        # a different kind of document (…证 / …证申请表, …报告 / …表) is a different material
        return Match(0.0, "材料种类不同")
    short, long_ = sorted((na, nb), key=len)
    if len(short) >= MIN_CONTAINED and short in long_ and len(short) / len(long_) >= MIN_SHARE:
        return Match(round(0.9 + 0.1 * len(short) / len(long_), 2), f"“{short}”包含在“{long_}”中")
    ratio = difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio()
    return Match(round(ratio, 2), "名称高度相似")

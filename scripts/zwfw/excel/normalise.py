"""Name normalisation and similarity for matching item names."""

from __future__ import annotations

import difflib
import unicodedata


def name_key(name: str) -> str:
    """Ignore whitespace, full/half-width forms, punctuation and brackets
    (the text inside brackets is kept), and letter case."""
    text = unicodedata.normalize("NFKC", name or "")
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZSC").lower()


def similarity(a: str, b: str) -> float:
    """0..1 similarity of two normalised names (difflib ratio)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < 0.3 or matcher.quick_ratio() < 0.3:
        return 0.0
    return matcher.ratio()

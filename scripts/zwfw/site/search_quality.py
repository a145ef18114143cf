"""The search-quality set (``benchmarks/search_quality.yaml``) and its scores.

Each query names the kind of asking (``full`` official name, two-character
``prefix``, ``colloquial`` wording) and the basic codes that count as the
right answer. Scoring takes the result URLs a search returned, in order; the
search itself runs in a browser (Pagefind is WebAssembly), driven by the
benchmark and the test through :data:`RUN_JS`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

KINDS = ("full", "prefix", "colloquial")
#: Targets the test asserts: share of queries of a kind found at rank 1 / within the first 10.
TARGETS = {("full", 1): 0.95, ("colloquial", 10): 0.90}
#: Runs one query through the search page's own search (assets/zwfw.js) and returns result URLs.
RUN_JS = "async (q) => (await window.zwfwSearch(q, {})).results.map(d => d.url)"
_CODE = re.compile(r"items/([0-9A-Z]{12})\.html")


@dataclass(frozen=True)
class Query:
    kind: str
    query: str
    expect: tuple[str, ...]


@dataclass
class Score:
    """Per kind: how many queries, and how many were found at rank 1 and within 10."""
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    at1: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    at10: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[tuple[Query, int | None, list[str]]] = field(default_factory=list)

    def rate(self, kind: str, k: int) -> float:
        hits = self.at1 if k == 1 else self.at10
        return hits[kind] / self.total[kind] if self.total[kind] else 0.0

    def failed_targets(self) -> list[str]:
        return [f"{kind} hit@{k} {self.rate(kind, k):.1%} < {target:.0%}"
                for (kind, k), target in TARGETS.items() if self.rate(kind, k) < target]

    def lines(self) -> list[str]:
        out = [f"{'kind':<11} {'queries':>7} {'hit@1':>7} {'hit@10':>7}"]
        for kind in KINDS:
            if self.total[kind]:
                out.append(f"{kind:<11} {self.total[kind]:>7} {self.rate(kind, 1):>7.1%} {self.rate(kind, 10):>7.1%}")
        return out


def load(path: Path) -> list[Query]:
    data = yaml.safe_load(path.read_text("utf-8"))
    return [Query(q["kind"], str(q["query"]), tuple(str(c) for c in q["expect"])) for q in data["queries"]]


def rank(expect: tuple[str, ...], urls: list[str]) -> int | None:
    """1-based rank of the first result that is one of the expected items."""
    for n, url in enumerate(urls, 1):
        m = _CODE.search(url)
        if m and m.group(1) in expect:
            return n
    return None


def score(queries: list[Query], search) -> Score:
    """``search(query) -> [url, …]`` for every query, scored."""
    out = Score()
    for q in queries:
        urls = search(q.query)
        r = rank(q.expect, urls)
        out.total[q.kind] += 1
        out.at1[q.kind] += r == 1
        out.at10[q.kind] += r is not None and r <= 10
        if r != 1:
            out.misses.append((q, r, urls[:3]))
    return out

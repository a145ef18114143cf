"""``zwfw materials lint``: near-duplicate materials in the library and among
entries' own (local) materials, each with the library id to use instead."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .. import layout
from ..catalog import Catalog
from ..problems import Problem, error, warning
from ..rules.context import items_of, mapping, text
from .names import THRESHOLD, Match, compare

RULE = "material-duplicate"


@dataclass(frozen=True)
class Occurrence:
    """One place a material name is written: a library record or an entry's local material."""

    file: str
    path: tuple
    name: str
    library_id: str | None = None


def library(catalog: Catalog) -> list[Occurrence]:
    out = []
    for r in sorted(catalog.of(layout.MATERIAL), key=lambda r: r.where.stem):
        name = text(r.data.get("name"))
        if name:
            out.append(Occurrence(r.file, ("name",), name, r.where.stem))
    return out


def local(catalog: Catalog) -> list[Occurrence]:
    out = []
    for r in sorted(catalog.of(layout.ENTRY), key=lambda r: r.file):
        for i, material in enumerate(items_of(r.data.get("materials"))):
            name = text(mapping(material).get("name"))
            if name:
                out.append(Occurrence(r.file, ("materials", i, "name"), name))
    return out


def reference_counts(catalog: Catalog) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for r in catalog.of(layout.ENTRY):
        for material in items_of(r.data.get("materials")):
            ref = text(mapping(material).get("ref"))
            if ref:
                counts[ref] += 1
    return counts


def lint(catalog: Catalog, threshold: float = THRESHOLD, strict: bool = False) -> list[Problem]:
    """Every near-duplicate, as a warning (an error with ``strict``) at the name that should change."""
    report = error if strict else warning
    lib, loc = library(catalog), local(catalog)
    found = _library_pairs(lib, reference_counts(catalog), threshold, report)
    matched, found_local = _local_to_library(lib, loc, threshold, report)
    found += found_local
    found += _local_pairs([o for o in loc if o.name not in matched], threshold, report)
    return sorted(found)


def _library_pairs(lib: list[Occurrence], refs: dict[str, int], threshold: float, report) -> list[Problem]:
    out = []
    for i, a in enumerate(lib):
        for b in lib[i + 1:]:
            match = compare(a.name, b.name)
            if match.score < threshold:
                continue
            keep, drop = (a, b) if refs.get(a.library_id, 0) >= refs.get(b.library_id, 0) else (b, a)
            out.append(report(
                drop.file, RULE,
                f"标准材料的材料名称“{drop.name}”与标准材料“{keep.name}”（{keep.library_id}）{_why(match)}：同一材料只应有一个标识，"
                f"请用 zwfw materials merge {drop.library_id} {keep.library_id} 把引用改为 {keep.library_id} 后删除本文件。",
                drop.path))
    return out


def _local_to_library(lib: list[Occurrence], loc: list[Occurrence], threshold: float, report) -> tuple[set[str], list[Problem]]:
    best: dict[str, tuple[Match, Occurrence]] = {}
    for name in sorted({o.name for o in loc}):
        scored = [(compare(name, m.name), m) for m in lib]
        scored = [(match, m) for match, m in scored if match.score >= threshold]
        if scored:
            best[name] = max(scored, key=lambda ml: (ml[0].score, -len(ml[1].name)))
    out = []
    for o in loc:
        if o.name in best:
            match, target = best[o.name]
            out.append(report(
                o.file, RULE,
                f"申请材料的材料名称“{o.name}”与标准库材料“{target.name}”{_why(match)}：请删除 name，改为引用标准库 ref: {target.library_id}"
                f"（材料类型、份数等写在本项中）。", o.path))
    return set(best), out


def _local_pairs(loc: list[Occurrence], threshold: float, report) -> list[Problem]:
    names = sorted({o.name for o in loc})
    similar: dict[str, list[tuple[str, Match]]] = defaultdict(list)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            match = compare(a, b)
            if match.score >= threshold:
                similar[a].append((b, match))
                similar[b].append((a, match))
    first_file = {}
    for o in loc:
        first_file.setdefault(o.name, o.file)
    out = []
    for o in loc:
        if o.name not in similar:
            continue
        other, match = max(similar[o.name], key=lambda om: om[1].score)
        out.append(report(
            o.file, RULE,
            f"申请材料的材料名称“{o.name}”与 {first_file[other]} 中的特有材料“{other}”{_why(match)}：同一材料应使用同一名称，"
            f"建议统一名称并加入审批要件标准库（libraries/materials/），再用 ref 引用。", o.path))
    return out


def _why(match: Match) -> str:
    return f"近似（相似度 {match.score:.2f}，{match.reason}）"

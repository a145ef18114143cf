"""``zwfw materials merge A B``: every reference to material ``A`` becomes ``B``.

Only the value after ``ref:`` changes, in place: comments, quoting, flow or
block style and every other byte of a file stay as they were. ruamel.yaml's
round-trip parser finds where each value is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ruamel.yaml import YAML

from .. import layout
from ..catalog import Catalog


class MergeError(ValueError):
    """The merge cannot be done (unknown material, same id twice)."""


@dataclass
class MergeResult:
    files: list[str] = field(default_factory=list)  # files rewritten
    references: int = 0  # references rewritten
    doubled: list[str] = field(default_factory=list)  # entries that now list the target twice
    removed: str | None = None  # the library file removed


def merge(catalog: Catalog, source: str, target: str, remove: bool = False) -> MergeResult:
    """Rewrite every ``ref: source`` in the catalog's entries to ``ref: target``."""
    materials = {r.where.stem: r for r in catalog.of(layout.MATERIAL)}
    if source == target:
        raise MergeError("两个材料标识相同，无需合并。")
    for mid in (source, target):
        if mid not in materials:
            raise MergeError(f"标准材料 {mid} 不在 libraries/materials/ 中。")
    result = MergeResult()
    for record in sorted(catalog.of(layout.ENTRY), key=lambda r: r.file):
        text = catalog.texts.get(record.file)
        if text is None or source not in text:
            continue
        new_text, count, refs = rewrite(text, source, target)
        if count:
            (catalog.root / record.file).write_text(new_text, "utf-8")
            result.files.append(record.file)
            result.references += count
            if refs.count(target) > 1:
                result.doubled.append(record.file)
    if remove:
        (catalog.root / materials[source].file).unlink()
        result.removed = materials[source].file
    return result


def rewrite(text: str, source: str, target: str) -> tuple[str, int, list[str]]:
    """``text`` with each ``ref`` value ``source`` replaced; the count; the refs afterwards."""
    doc = YAML(typ="rt").load(text)
    lines = text.split("\n")
    materials = doc.get("materials") if hasattr(doc, "get") else None
    count, refs = 0, []
    for material in materials or []:
        if not hasattr(material, "get") or material.get("ref") is None:
            continue
        if material.get("ref") != source:
            refs.append(str(material.get("ref")))
            continue
        line, col = material.lc.value("ref")
        lines[line] = replace_at(lines[line], col, source, target)
        count += 1
        refs.append(target)
    return "\n".join(lines), count, refs


def replace_at(line: str, col: int, source: str, target: str) -> str:
    for token in (source, f'"{source}"', f"'{source}'"):
        if line.startswith(token, col):
            quote = token[0] if token[0] in "\"'" else ""
            return line[:col] + f"{quote}{target}{quote}" + line[col + len(token):]
    raise MergeError(f"无法在第 {col} 列找到 {source}：文件格式异常。")

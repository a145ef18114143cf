"""Real reductions for the reform tests, made in a copy of a catalog (a
:class:`conftest.GitRepo` committed as the baseline, the reductions on top)."""

from __future__ import annotations

from pathlib import Path

import yaml

from zwfw.catalog import expected_schema_comment
from zwfw import layout


def rewrite(root: Path, rel: str, data: dict) -> None:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (root / rel).write_text(f"# yaml-language-server: $schema={expected_schema_comment(rel, layout.ENTRY)}\n{body}", "utf-8")


def entry_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "items").rglob("entries/*.yaml"))


def reduce(root: Path, every: int = 2) -> int:
    """Real reductions in every ``every``-th entry: materials shared or dropped,
    review and decision merged. Returns how many entries changed."""
    changed = 0
    for n, rel in enumerate(entry_files(root)):
        if n % every:
            continue
        data = yaml.safe_load((root / rel).read_text("utf-8"))
        materials = data["materials"]
        for m in materials:
            if m.get("ref") in ("id-card", "household-register", "business-licence"):
                m["shared"] = True
        optional = [m for m in materials if m.get("necessity") == "非必要"]
        if optional:
            materials.remove(optional[0])
        names = [s["name"] for s in data.get("steps", [])]
        if "审查" in names and "决定" in names:
            data["steps"] = [s for s in data["steps"] if s["name"] != "决定"]
        rewrite(root, rel, data)
        changed += 1
    return changed

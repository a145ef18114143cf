"""``zwfw materials lint|merge`` on copies of the sample: planted near-duplicates
are found (with file, line and the library id to use); distinct library
materials are not; a merge rewrites references and keeps every comment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from zwfw.catalog import load
from zwfw.libraries import lint
from zwfw.libraries.names import THRESHOLD, compare, normalise

ENTRY_A = "items/130000-hebei/hb-scjgj/entries/000131004000.yaml"
ENTRY_B = "items/130000-hebei/hb-wsjkw/entries/000123001000.yaml"
#: kind of variation → (planted name, entry, library id the finding must suggest; None: a local-only duplicate)
PLANTED = {
    "brackets": ("营业执照（复印件）", ENTRY_A, "business-licence"),
    "half-width brackets": ("营业执照(复印件)", ENTRY_B, "business-licence"),
    "copy suffix": ("居民身份证复印件", ENTRY_A, "id-card"),
    "original suffix": ("授权委托书原件", ENTRY_B, "power-of-attorney"),
    "prefix and 副本": ("企业营业执照副本复印件", ENTRY_A, "business-licence"),
    "spaces and punctuation": ("居民 身份证。", ENTRY_B, "id-card"),
    "trailing note": ("近期免冠证件照片（２张）", ENTRY_A, "id-photo"),
    "containment": ("本单位食品安全管理制度", ENTRY_B, "food-safety-rules"),
    "similar wording": ("解除或终止劳动关系证明", ENTRY_A, "termination-proof"),
    "full-width letters (local)": ("ＩＳＯ９００１质量管理体系认证证书", ENTRY_A, None),
    "half-width letters (local)": ("ISO9001质量管理体系认证证书", ENTRY_B, None),
}
LIBRARY_DUPLICATE = "libraries/materials/business-licence-copy.yaml"


def _plant(root: Path) -> None:
    for name, entry, _ in PLANTED.values():
        path = root / entry
        text = path.read_text("utf-8")
        block = f"materials:\n  - name: {name}\n    source: 其他\n    necessity: 非必要\n    copies: 1\n"
        path.write_text(text.replace("materials:\n", block, 1), "utf-8")
    (root / LIBRARY_DUPLICATE).write_text(
        "# yaml-language-server: $schema=../../schemas/material.schema.json\n"
        "id: business-licence-copy\nname: 营业执照（副本）\nsource: 政府部门核发\nlicence: business-licence\n", "utf-8")


@pytest.fixture
def planted(sample: Path) -> Path:
    _plant(sample)
    assert run_cli("validate", "--quiet", "--root", str(sample)).code == 0, "the planted data is valid"
    return sample


def _findings(root: Path, *extra: str) -> tuple[int, list[dict]]:
    result = run_cli("materials", "lint", "--root", str(root), "--format", "json", *extra)
    return result.code, json.loads(result.out)["problems"]


def _line_of(root: Path, rel: str, name: str) -> int:
    lines = (root / rel).read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip() == f"- name: {name}")


def test_every_planted_kind_is_found_with_its_place_and_suggestion(planted: Path) -> None:
    code, problems = _findings(planted)
    assert code == 0, "near-duplicates are warnings"
    found = set()
    for kind, (name, entry, target) in PLANTED.items():
        hits = [p for p in problems if p["file"] == entry and f"“{name}”" in p["message"].split("与")[0]]
        assert len(hits) == 1, kind
        hit = hits[0]
        assert hit["severity"] == "warning" and hit["rule"] == "material-duplicate"
        assert hit["line"] == _line_of(planted, entry, name), kind
        assert "申请材料的材料名称" in hit["message"]
        if target:
            assert f"ref: {target}" in hit["message"], (kind, hit["message"])
        else:
            assert "加入审批要件标准库" in hit["message"]
        found.add(kind)
    assert len(found) >= 5


def test_a_library_duplicate_is_told_to_merge(planted: Path) -> None:
    _, problems = _findings(planted)
    library = [p for p in problems if p["file"].startswith("libraries/")]
    assert [(p["file"], p["line"]) for p in library] == [(LIBRARY_DUPLICATE, 3)]
    assert "zwfw materials merge business-licence-copy business-licence" in library[0]["message"]


def test_strict_makes_errors(planted: Path) -> None:
    code, problems = _findings(planted, "--strict")
    assert code == 1 and problems and all(p["severity"] == "error" for p in problems)


def test_no_false_positives_among_distinct_library_materials() -> None:
    catalog, _ = load(REPO)
    names = {o.library_id: o.name for o in lint.library(catalog)}
    assert len(names) >= 40
    pairs = [(a, b, compare(names[a], names[b]).score) for a in names for b in names if a < b]
    assert max(score for *_, score in pairs) < THRESHOLD
    assert not [p for p in lint.lint(catalog) if p.file.startswith("libraries/")]
    assert len({normalise(n) for n in names.values()}) == len(names)


@pytest.mark.parametrize("a, b", [("机动车驾驶证", "机动车驾驶证申请表"), ("兽药经营许可证申请表", "农药经营许可证申请表"),
                                  ("双方近期半身免冠合影照片", "双方近期半身免冠照片"), ("结婚证", "离婚证")])
def test_different_materials_stay_apart(a: str, b: str) -> None:
    assert compare(a, b).score < THRESHOLD


def test_merge_rewrites_references_and_keeps_comments(planted: Path) -> None:
    entry = planted / "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/entries/000131003000.yaml"
    before = entry.read_text("utf-8").replace("  - ref: business-licence\n", "  # 营业执照按副本提交\n  - ref: business-licence-copy  # 副本\n", 1)
    entry.write_text(before, "utf-8")
    result = run_cli("materials", "merge", "business-licence-copy", "business-licence", "--remove", "--root", str(planted))
    assert result.code == 0, result.err
    assert "1 处引用" in result.out
    assert entry.read_text("utf-8") == before.replace("ref: business-licence-copy  # 副本", "ref: business-licence  # 副本")
    assert not (planted / LIBRARY_DUPLICATE).exists()
    assert run_cli("validate", "--quiet", "--root", str(planted)).code == 0


def test_merge_usage_errors(sample: Path) -> None:
    assert run_cli("materials", "merge", "no-such", "id-card", "--root", str(sample)).code == 2
    assert run_cli("materials", "merge", "id-card", "--root", str(sample)).code == 2
    assert run_cli("materials", "lint", "id-card", "--root", str(sample)).code == 2

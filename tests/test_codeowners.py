"""``zwfw codeowners``: the generated file, its drift check, and GitHub's matching rules
checked with a parser made for CODEOWNERS (PyPI ``codeowners``) on the real repository paths."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from codeowners import CodeOwners

from conftest import REPO, run_cli
from zwfw import layout
from zwfw.review import codeowners, owners
from zwfw.review.config import CODEOWNERS_PATH, PLATFORM_TEAM

DEPT = "items/130000-hebei/hb-scjgj/department.yaml"


@pytest.fixture(scope="module")
def sample_owners() -> owners.Owners:
    return owners.load(REPO)


@pytest.fixture(scope="module")
def parsed(sample_owners) -> CodeOwners:
    return CodeOwners(codeowners.render(sample_owners))


def repository_paths() -> list[str]:
    """Every file the repository tracks, plus the data files (some may be new and untracked)."""
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=False).stdout.split()
    data = [p for top in ("items", "libraries") for p in (q.relative_to(REPO).as_posix() for q in (REPO / top).rglob("*")
                                                            if q.is_file())]
    return sorted(set(tracked) | set(data))


def expected_owner(path: str, sample_owners: owners.Owners) -> str:
    """Ownership as the issue states it, from the records, independently of the generator."""
    parts = path.split("/")
    if parts[0] == "libraries" and len(parts) > 2 and parts[1] in ("materials", "licences"):
        return sample_owners.province.service_office.team
    for folder, dept in sample_owners.departments.items():
        if path.startswith(folder + "/"):
            return dept.reviewer.team
    return PLATFORM_TEAM


def owner_of(parsed: CodeOwners, path: str) -> list[str]:
    return [name for _, name in parsed.of(path)]


def test_every_repository_path_has_the_expected_owner(parsed, sample_owners) -> None:
    paths = repository_paths()
    assert len(paths) > 400 and any(p.startswith("items/130000-hebei/130600-baoding/130681-zhuozhou/") for p in paths)
    wrong = {p: (owner_of(parsed, p), expected_owner(p, sample_owners)) for p in paths
             if owner_of(parsed, p) != [expected_owner(p, sample_owners)]}
    assert not wrong, list(wrong.items())[:5]


def test_codeowners_owner_is_one_side_of_the_gate(parsed, sample_owners) -> None:
    """The code owner GitHub requests is always among the sides the approval gate requires."""
    for path in repository_paths():
        [team] = owner_of(parsed, path)
        assert team in [s.team for s in sample_owners.required(path)], path


def test_legal_teams_are_never_code_owners(sample_owners) -> None:
    text = codeowners.render(sample_owners)
    legal = {r.legal.team for r in sample_owners.regions.values() if r.legal}
    assert len(legal) >= 5
    owners_listed = {word for line in text.splitlines() if not line.startswith("#") for word in line.split()[1:]}
    assert owners_listed and not owners_listed & legal


def test_anchoring_keeps_fixture_copies_with_the_platform(parsed) -> None:
    # tests/fixtures/base has a folder items/130000-hebei/hb-scjgj too: an unanchored pattern would give it away.
    path = "tests/fixtures/base/items/130000-hebei/hb-scjgj/department.yaml"
    assert (REPO / path).is_file()
    assert owner_of(parsed, path) == [PLATFORM_TEAM]
    assert owner_of(CodeOwners("* @p\nitems/130000-hebei/hb-scjgj/ @d\n"), path) == ["@p"]  # middle slash anchors
    assert owner_of(CodeOwners("* @p\nhb-scjgj/ @d\n"), path) == ["@d"]  # no slash inside: matches anywhere


def test_single_star_does_not_cross_folders_double_star_does(parsed) -> None:
    nested = "items/130000-hebei/130600-baoding/130681-zhuozhou/zz-scjgj/entries/000131003000.yaml"
    assert owner_of(parsed, nested) == ["@hebei-zwfw/zz-scjgj"]  # not the city's or the province's department
    assert owner_of(CodeOwners("* @p\n/items/*/zz-scjgj/ @d\n"), nested) == ["@p"]
    assert owner_of(CodeOwners("* @p\n/items/**/zz-scjgj/ @d\n"), nested) == ["@d"]


def test_last_match_wins(sample_owners) -> None:
    text = codeowners.render(sample_owners)
    lines = text.splitlines()
    catch_all = next(line for line in lines if line.startswith("*"))
    reordered = "\n".join([line for line in lines if line != catch_all] + [catch_all])
    path = "items/130000-hebei/hb-scjgj/catalog/000131001000.yaml"
    assert owner_of(CodeOwners(text), path) == ["@hebei-zwfw/hb-scjgj"]
    assert owner_of(CodeOwners(reordered), path) == [PLATFORM_TEAM]  # why the catch-all comes first


def test_platform_paths(parsed) -> None:
    for path in (".github/workflows/validate.yml", ".github/CODEOWNERS", "schemas/region.schema.json",
                 "scripts/zwfw/review/policy.py", "pyproject.toml", "items/130000-hebei/region.yaml"):
        assert owner_of(parsed, path) == [PLATFORM_TEAM], path


def test_header_says_generated(sample_owners) -> None:
    text = codeowners.render(sample_owners)
    assert text.startswith("# 此文件由 `zwfw codeowners`") and "Do not edit by hand" in text


def test_committed_file_is_current() -> None:
    result = run_cli("codeowners", "--check", "--root", str(REPO))
    assert result.code == 0, result.err


def copy_with_codeowners(sample: Path) -> Path:
    (sample / ".github").mkdir()
    shutil.copy(REPO / CODEOWNERS_PATH, sample / CODEOWNERS_PATH)
    return sample


def test_check_passes_on_the_sample_and_fails_after_a_department_changes(sample: Path) -> None:
    root = copy_with_codeowners(sample)
    assert run_cli("codeowners", "--check", "--root", str(root)).code == 0
    dept = root / DEPT
    dept.write_text(dept.read_text("utf-8").replace("@hebei-zwfw/hb-scjgj", "@hebei-zwfw/hb-scj-review"), "utf-8")
    result = run_cli("codeowners", "--check", "--root", str(root))
    assert result.code == 1
    assert "应删除：/items/130000-hebei/hb-scjgj/ @hebei-zwfw/hb-scjgj" in result.err
    assert "应增加：/items/130000-hebei/hb-scjgj/ @hebei-zwfw/hb-scj-review" in result.err
    assert run_cli("codeowners", "--root", str(root)).code == 0  # regenerate
    assert run_cli("codeowners", "--check", "--root", str(root)).code == 0


def test_check_fails_on_hand_edits_and_on_a_missing_file(sample: Path) -> None:
    assert run_cli("codeowners", "--check", "--root", str(sample)).code == 1
    root = copy_with_codeowners(sample)
    path = root / CODEOWNERS_PATH
    path.write_text(path.read_text("utf-8") + "/items/ @hebei-zwfw/hb-legal\n", "utf-8")
    result = run_cli("codeowners", "--check", "--root", str(root))
    assert result.code == 1 and "应删除：/items/ @hebei-zwfw/hb-legal" in result.err


def test_new_department_folder_gets_its_line(sample: Path) -> None:
    folder = sample / "items/130000-hebei/hb-new"
    folder.mkdir()
    (folder / layout.DEPARTMENT_FILE).write_text(
        "id: hb-new\nname: 河北省新部门\ncredit_code: \"11130000MB1000001D\"\nregion: \"130000\"\nteam: \"@hebei-zwfw/hb-new\"\n", "utf-8")
    out = run_cli("codeowners", "--stdout", "--root", str(sample)).out
    assert owner_of(CodeOwners(out), "items/130000-hebei/hb-new/catalog/000131001000.yaml") == ["@hebei-zwfw/hb-new"]


def test_bad_team_is_reported_and_left_to_the_platform(sample: Path) -> None:
    dept = sample / DEPT
    dept.write_text(dept.read_text("utf-8").replace("'@hebei-zwfw/hb-scjgj'", "hb-scjgj"), "utf-8")
    result = run_cli("codeowners", "--stdout", "--root", str(sample))
    assert result.code == 1 and DEPT in result.err
    assert owner_of(CodeOwners(result.out), "items/130000-hebei/hb-scjgj/catalog/000131001000.yaml") == [PLATFORM_TEAM]


def test_outside_a_catalog_is_a_usage_error(tmp_path: Path) -> None:
    assert run_cli("codeowners", "--root", str(tmp_path)).code == 2

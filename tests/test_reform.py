"""``zwfw report reform``: the figures are recomputed here, independently, from
the two revisions' YAML read straight out of git."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import REPO, GitRepo, run_cli
from reform_helpers import reduce
from zwfw import gitrepo
from zwfw.reform import jsonout, markdown, workbook

BASE_DATE = "2024-01-10T10:00:00+08:00"
LATER_DATE = "2024-03-01T10:00:00+08:00"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> dict:
    git = GitRepo.of(REPO, tmp_path_factory.mktemp("reform") / "catalog")
    root = git.root
    base = git.commit("Sample catalog as first entered", BASE_DATE, tag="reform-baseline")
    assert reduce(root) > 50
    head = git.commit("Share e-licence materials, drop optional ones, merge steps", LATER_DATE)
    return {"root": root, "base": base, "head": head}


@pytest.fixture(scope="module")
def built(repo):
    """The report against the baseline tag, computed once for the tests that read its renderings."""
    from zwfw.catalog import load
    from zwfw.reform.run import report
    from zwfw.reform.state import from_catalog

    catalog, _ = load(repo["root"])
    return report(repo["root"], from_catalog(catalog), "reform-baseline")


@pytest.fixture(scope="module")
def expected(repo) -> dict[str, dict]:
    return _expected(repo["root"], repo["base"], repo["head"])


def _entries_at(root: Path, rev: str) -> dict[tuple[str, str], dict]:
    """Every entry in force at ``rev``, by (department folder, basic code): read from git, parsed with PyYAML."""
    tree = gitrepo.commit(gitrepo.open_repo(root), rev).tree
    out = {}
    for blob in (tree / "items").traverse():
        parts = blob.path.split("/")
        if blob.type == "blob" and parts[-2] == "entries":
            data = yaml.safe_load(blob.data_stream.read().decode("utf-8"))
            if data.get("status") != "已取消":
                out[(parts[-3], data["item"])] = data
    return out


def _expected(root: Path, base: str, head: str) -> dict[str, dict]:
    before, after = _entries_at(root, base), _entries_at(root, head)
    per_dept: dict[str, dict] = defaultdict(lambda: {"entries": 0, "before": 0, "after": 0, "steps_before": 0, "steps_after": 0})
    for key in set(before) & set(after):
        d = per_dept[key[0]]
        d["entries"] += 1
        d["before"] += sum(1 for m in before[key]["materials"] if not m.get("shared"))
        d["after"] += sum(1 for m in after[key]["materials"] if not m.get("shared"))
        d["steps_before"] += len(before[key].get("steps", []))
        d["steps_after"] += len(after[key].get("steps", []))
    return per_dept


def _department_rows(markdown: str) -> dict[str, list[str]]:
    section = markdown.split("## 按部门", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 6 and re.fullmatch(r"[a-z][a-z0-9-]*", cells[1]):
            rows[cells[1]] = cells
    return rows


def test_markdown_per_department_matches_an_independent_count(built, expected) -> None:
    rows = _department_rows(markdown.render(built))
    assert set(rows) == set(expected)
    moved = 0
    for dept, e in expected.items():
        cells = rows[dept]
        assert int(cells[2]) == e["entries"], dept
        assert (int(cells[3]), int(cells[4])) == (e["before"], e["after"]), dept
        assert cells[5] == f"{1 - e['after'] / e['before']:.1%}", dept
        assert (int(cells[6]), int(cells[7])) == (e["steps_before"], e["steps_after"]), dept
        moved += e["after"] < e["before"]
    assert moved >= 10, "the edits really reduce materials in many departments"


def test_json_totals_and_targets(repo, built, expected) -> None:
    doc = json.loads(jsonout.render(built))
    before = sum(d["before"] for d in expected.values())
    after = sum(d["after"] for d in expected.values())
    assert (doc["total"]["baseline"]["materials"], doc["total"]["current"]["materials"]) == (before, after)
    assert doc["total"]["materials_reduction"] == round(1 - after / before, 4)
    assert doc["baseline"]["commit"] == repo["base"]
    assert [c["name"] for c in doc["checks"]] == ["申请材料压减", "办理结果电子化（电子证照）", "到办事现场次数 ≤ 1"]
    assert doc["checks"][0]["met"] is (1 - after / before >= 0.6)
    assert [p["commit"] for p in doc["history"]] == [repo["base"], repo["head"]]
    assert doc["history"][1]["materials"] < doc["history"][0]["materials"]


def test_baseline_by_date_and_from_reform_yaml(repo) -> None:
    by_date = run_cli("report", "reform", "--baseline", "2024-02-01", "--root", str(repo["root"]), "--format", "json")
    assert by_date.code == 0, by_date.err
    assert json.loads(by_date.out)["baseline"]["commit"] == repo["base"]
    same_day = run_cli("report", "reform", "--baseline", "2024-03-01", "--root", str(repo["root"]), "--format", "json")
    assert json.loads(same_day.out)["baseline"]["commit"] == repo["head"], "a date means the end of that day"
    (repo["root"] / "reform.yaml").write_text(f"baseline: {repo['base']}\ntargets:\n  materials_reduction: 0.05\n", "utf-8")
    try:
        configured = run_cli("report", "reform", "--root", str(repo["root"]), "--format", "json", "--check")
        doc = json.loads(configured.out)
        assert doc["baseline"]["commit"] == repo["base"] and doc["targets"]["materials_reduction"] == 0.05
        assert doc["checks"][0]["met"] is True
        assert configured.code == 1, "--check fails while the e-licence or visits target is not met"
    finally:
        (repo["root"] / "reform.yaml").unlink()


def test_usage_errors(repo, tmp_path: Path) -> None:
    missing = run_cli("report", "reform", "--baseline", "no-such-tag", "--root", str(repo["root"]))
    assert missing.code == 2 and "no-such-tag" in missing.err
    too_early = run_cli("report", "reform", "--baseline", "2000-01-01", "--root", str(repo["root"]))
    assert too_early.code == 2 and "2000-01-01" in too_early.err
    unset = run_cli("report", "reform", "--root", str(repo["root"]))
    assert unset.code == 2 and "reform.yaml" in unset.err


def test_xlsx_has_cover_and_department_sheet(built, expected, tmp_path: Path) -> None:
    out = tmp_path / "改革进展.xlsx"
    workbook.write(built, out, "2024-03-02")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:4] == ["封面", "改革目标", "合计", "按部门"]
    cover = {r[0]: r[1] for r in wb["封面"].iter_rows(min_row=2, values_only=True)}
    assert cover["生成日期"] == "2024-03-02"
    sheet = wb["按部门"]
    header = [c.value for c in sheet[1]]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    i, j = header.index("需提交材料·基线"), header.index("需提交材料·现在")
    assert {d: (int(r[i]), int(r[j])) for d, r in rows.items()} == {d: (e["before"], e["after"]) for d, e in expected.items()}


def test_sample_reform_yaml_names_a_full_sha() -> None:
    data = yaml.safe_load((REPO / "reform.yaml").read_text("utf-8"))
    assert re.fullmatch(r"[0-9a-f]{40}", data["baseline"])
    assert data["targets"] == {"materials_reduction": 0.6, "visits_max": 1, "e_licence_share": 1.0}


def test_a_legal_time_limit_written_down_later_is_not_a_change() -> None:
    """Legal time limits are compared over the entries that state one in both
    revisions: filling in the limit the law always had is no increase."""
    from zwfw.reform.compare import build
    from zwfw.reform.config import Targets
    from zwfw.reform.state import EntryFacts, State

    def state(label: str, limits: dict[str, int | None]) -> State:
        s = State(label)
        for item, days in limits.items():
            data = {"legal_time_limit": {"value": days, "unit": "工作日"}} if days is not None else {}
            facts = EntryFacts("zd-scjgj", item, "130123", data)
            s.entries[facts.key] = facts
        return s

    report = build(state("基线", {"a": 20, "b": None}), state("工作区", {"a": 15, "b": 60}), Targets())
    assert (report.total.base.legal_days, report.total.now.legal_days) == (20, 15)
    assert report.total.now.entries == 2

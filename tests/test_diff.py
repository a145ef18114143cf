"""``zwfw diff``: the change report between two commits of a test repository."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import TESTS, GitRepo, run_cli

CATALOG = TESTS / "fixtures" / "diff" / "catalog"
GOLDEN = TESTS / "golden" / "review"
PROVINCE = "items/130000-hebei/hb-scjgj"
ITEM = f"{PROVINCE}/catalog/000131001000.yaml"
OTHER_ITEM = f"{PROVINCE}/catalog/000131002000.yaml"
ENTRY = "items/130000-hebei/130100-shijiazhuang/sjz-scjgj/entries/000131001000.yaml"
SHA = re.compile(r"（[0-9a-f]{7}）")


class Repo(GitRepo):
    """The test repository: each commit a day later than the one before, tagged with its message."""

    n = 0

    def commit(self, message: str, date: str | None = None, tag: str | None = None) -> str:
        self.n += 1
        return super().commit(message, date or f"2025-01-0{1 + self.n % 9}T00:00:00Z", tag or message)

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text("utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), "utf-8")

    def move(self, rel: str, to: str) -> None:
        (self.root / to).parent.mkdir(parents=True, exist_ok=True)
        (self.root / rel).rename(self.root / to)


@pytest.fixture
def repo(git_repo) -> Repo:
    r = git_repo(CATALOG, cls=Repo, name="t", email="t@example.org")
    r.commit("v1")
    return r


def diff(repo: Repo, *args: str):
    return run_cli("diff", *args, "--repo", str(repo.root))


def acceptance_change(repo: Repo) -> None:
    """A removed material, a changed legal basis and a changed code."""
    repo.edit(ENTRY, "  - name: 食品安全管理制度文本\n    type: 原件\n    form: 纸质\n    necessity: 必要\n    copies: 1\n"
                     "    substitute: 可现场签署告知承诺书，30 日内补交。\n", "")
    repo.edit(ITEM, "    article: 第三十五条\n", "    article: 第三十五条第一款\n  - law: 《食品经营许可和备案管理办法》\n    article: 第二条\n")
    repo.move(OTHER_ITEM, f"{PROVINCE}/catalog/000131002009.yaml")
    repo.edit(f"{PROVINCE}/catalog/000131002009.yaml", 'code: "000131002000"', 'code: "000131002009"')
    repo.commit("v2")


def test_acceptance_report_matches_golden(repo: Repo, golden) -> None:
    acceptance_change(repo)
    result = diff(repo, "v1", "v2")
    assert result.code == 1, result.err  # a changed code is an error
    assert "[code-changed]" in result.err
    golden.check(GOLDEN / "diff-report.md", SHA.sub("（SHA）", result.out))


def test_acceptance_json(repo: Repo) -> None:
    acceptance_change(repo)
    doc = json.loads(diff(repo, "v1", "v2", "--format", "json").out)
    kinds = {(c["kind"], c["severity"], c["file"]) for c in doc["changes"]}
    assert ("code-changed", "error", f"{PROVINCE}/catalog/000131002009.yaml") in kinds
    assert ("legal-basis-changed", "legal", ITEM) in kinds
    [materials] = [c for c in doc["changes"] if c["kind"] == "materials-changed"]
    assert materials["details"]["removed"] == ["食品安全管理制度文本"]
    assert doc["summary"]["materials"] == {"before": 2, "after": 1, "net_reduction": 1}
    assert doc["summary"]["errors"] == 1
    assert doc["base"]["sha"] != doc["head"]["sha"]


def test_no_change_is_clean(repo: Repo) -> None:
    repo.commit("v2")
    result = diff(repo, "v1", "v2")
    assert result.code == 0 and "目录数据没有变化" in result.out


def test_code_changed_by_delete_and_add_under_another_name(repo: Repo) -> None:
    """git sees no rename (the file was rewritten), but the item is the same: same name, new code."""
    (repo.root / OTHER_ITEM).unlink()
    (repo.root / f"{PROVINCE}/catalog/010099000000.yaml").write_text(
        'code: "010099000000"\nname: 食品生产许可\ntype: 行政许可\nlevels: [省级]\n', "utf-8")
    repo.commit("v2")
    result = diff(repo, "v1", "v2", "--format", "text")
    assert result.code == 1
    assert "基本编码由 000131002000 改为 010099000000" in result.out


def test_removed_code_must_not_come_back_for_another_item(repo: Repo) -> None:
    (repo.root / OTHER_ITEM).unlink()
    repo.commit("v2")  # removed: its code 000131002000 is now history
    assert diff(repo, "v1", "v2", "--format", "text").code == 0
    (repo.root / OTHER_ITEM).write_text('code: "000131002000"\nname: 小餐饮登记\ntype: 行政许可\n', "utf-8")
    repo.commit("v3")
    result = diff(repo, "v2", "v3", "--format", "json")
    assert result.code == 1
    [change] = json.loads(result.out)["changes"]
    assert change["kind"] == "code-reused" and change["details"]["former_name"] == "食品生产许可"


def test_removed_code_may_come_back_for_the_same_item(repo: Repo) -> None:
    text = (repo.root / OTHER_ITEM).read_text("utf-8")
    (repo.root / OTHER_ITEM).unlink()
    repo.commit("v2")
    (repo.root / OTHER_ITEM).write_text(text, "utf-8")
    repo.commit("v3")
    result = diff(repo, "v2", "v3", "--format", "json")
    assert result.code == 0
    assert [c["kind"] for c in json.loads(result.out)["changes"]] == ["item-reinstated"]


def test_entry_time_limits_visits_fees_and_renames(repo: Repo) -> None:
    repo.edit(ENTRY, "promised_time_limit: {value: 10, unit: 工作日}", "promised_time_limit: {value: 5, unit: 工作日}")
    repo.edit(ENTRY, "visits: 0", "visits: 1\nonsite_reason: 核验原件。")
    repo.edit(ENTRY, "fee: {charged: false, online_payment: false}", "fee: {charged: true, items: [{name: 工本费, standard: 每件 10 元}], basis: 示例文件, online_payment: false}")
    repo.edit(ITEM, "name: 食品经营许可", "name: 食品经营许可（含小餐饮）")
    repo.commit("v2")
    out = diff(repo, "v1", "v2", "--format", "text").out
    assert "承诺办结时限：10 个工作日 → 5 个工作日" in out
    assert "到办事现场次数：0 → 1" in out
    assert "收费：不收费 → 收费（工本费 每件 10 元）" in out
    assert "事项名称：食品经营许可 → 食品经营许可（含小餐饮）" in out
    assert "其他修改：必须现场办理原因说明" in out


def test_added_and_removed_records_and_department_team(repo: Repo) -> None:
    (repo.root / ENTRY).unlink()
    repo.edit(f"{PROVINCE}/department.yaml", "@hebei-zwfw/hb-scjgj", "@hebei-zwfw/hb-scjgj-review")
    repo.commit("v2")
    doc = json.loads(diff(repo, "v1", "v2", "--format", "json").out)
    assert {c["kind"] for c in doc["changes"]} == {"entry-removed", "team-changed"}


def test_text_from_data_is_escaped(repo: Repo) -> None:
    repo.edit(ITEM, "name: 食品经营许可", "name: '[点我](javascript:alert(1)) <img src=x onerror=alert(1)> | # x'")
    repo.commit("v2")
    out = diff(repo, "v1", "v2").out
    assert "<img" not in out and "](javascript" not in out
    assert "&lt;img" in out and r"\[点我\]" in out


def test_usage_errors(repo: Repo, tmp_path: Path) -> None:
    assert diff(repo, "v1", "no-such-rev").code == 2
    not_a_repo = tmp_path / "plain"
    not_a_repo.mkdir()
    assert run_cli("diff", "v1", "v2", "--repo", str(not_a_repo)).code == 2


def test_output_file_is_overwritten(repo: Repo, tmp_path: Path) -> None:
    acceptance_change(repo)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier run\n", "utf-8")
    result = diff(repo, "v1", "v2", "--output", str(summary))
    assert result.code == 1 and result.out == ""
    text = summary.read_text("utf-8")
    assert text.startswith("## 变更报告")


def test_every_change_kind_is_registered_and_documented() -> None:
    from zwfw.review.change import KINDS
    from zwfw.review.changes import REVIEWER_KINDS, WATCHED

    source = "\n".join(p.read_text("utf-8") for p in (TESTS.parent / "scripts" / "zwfw" / "review").glob("*.py"))
    used = set(re.findall(r'[Cc]hange\(\s*"([a-z-]+)"', source)) | {kind for _, kind, _ in WATCHED}
    used |= set(REVIEWER_KINDS.values())
    assert len(used) >= 20
    assert used == set(KINDS), (used ^ set(KINDS))
    docs = (TESTS.parent / "docs" / "review.md").read_text("utf-8")
    assert not [k for k in KINDS if f"| `{k}` |" not in docs]


# --- codes reused within one change, re-added names, reviewer reassignments, 文号 -----------

SJZ_ITEM = "items/130000-hebei/130100-shijiazhuang/sjz-scjgj/catalog/000131002000.yaml"
OTHER_ITEM_TEXT = ('code: "000131002000"\nname: 小餐饮登记\ntype: 行政确认\nlevels: [市级]\n'
                   "legal_basis:\n  - law: 《河北省食品小作坊小餐饮小摊点管理条例》\n    article: 第十条\n")


def changes_of(result) -> list[tuple[str, str]]:
    return [(c["kind"], c["severity"]) for c in json.loads(result.out)["changes"]]


def test_code_removed_and_given_to_another_item_in_the_same_change(repo: Repo) -> None:
    (repo.root / OTHER_ITEM).unlink()
    (repo.root / SJZ_ITEM).parent.mkdir(parents=True)
    (repo.root / SJZ_ITEM).write_text(OTHER_ITEM_TEXT, "utf-8")
    repo.commit("v2")
    result = diff(repo, "v1", "v2", "--format", "json")
    assert result.code == 1, result.out
    [reused] = [c for c in json.loads(result.out)["changes"] if c["kind"] == "code-reused"]
    assert reused["details"]["former_name"] == "食品生产许可" and reused["file"] == SJZ_ITEM
    assert "本次修改删除了它并把编码给了另一个事项“小餐饮登记”" in reused["message"]


def test_code_given_to_another_item_in_place(repo: Repo) -> None:
    """Same file, same code, but name, type and legal basis all of another item."""
    (repo.root / OTHER_ITEM).write_text(OTHER_ITEM_TEXT, "utf-8")
    repo.commit("v2")
    result = diff(repo, "v1", "v2", "--format", "json")
    assert result.code == 1
    assert ("code-reused", "error") in changes_of(result)


def test_a_plain_rename_keeps_its_code_without_error(repo: Repo) -> None:
    repo.edit(OTHER_ITEM, "name: 食品生产许可", "name: 食品生产许可（含保健食品）")
    repo.commit("v2")
    result = diff(repo, "v1", "v2", "--format", "json")
    assert result.code == 0 and changes_of(result) == [("item-renamed", "notice")]


def test_item_re_added_under_its_name_with_a_new_code(repo: Repo) -> None:
    (repo.root / OTHER_ITEM).unlink()
    repo.commit("v2")
    (repo.root / f"{PROVINCE}/catalog/010099000000.yaml").write_text(
        'code: "010099000000"\nname: 食品生产许可\ntype: 行政许可\nlevels: [省级]\n', "utf-8")
    repo.commit("v3")
    result = diff(repo, "v2", "v3", "--format", "json")
    assert result.code == 1
    [change] = json.loads(result.out)["changes"]
    assert change["kind"] == "code-changed" and change["details"] == {"before": "000131002000", "after": "010099000000"}
    assert "此前以编码 000131002000 存在" in change["message"]


def test_reviewer_reassignment_shows_before_and_after_for_legal(repo: Repo) -> None:
    region = "items/130000-hebei/130100-shijiazhuang/region.yaml"
    repo.edit(region, 'legal: {name: 石家庄市司法局, team: "@hebei-zwfw/sjz-legal"}',
              'legal: {name: 石家庄市市场监督管理局, team: "@hebei-zwfw/sjz-scjgj"}')
    repo.edit(f"{PROVINCE}/department.yaml", "@hebei-zwfw/hb-scjgj", "@hebei-zwfw/hb-scjgj-review")
    repo.commit("v2")
    result = diff(repo, "v1", "v2", "--format", "json")
    found = {c["kind"]: c for c in json.loads(result.out)["changes"]}
    moved = found["reviewers-changed"]
    assert moved["severity"] == "legal"
    assert ("合法性审核（司法行政部门）：石家庄市司法局（@hebei-zwfw/sjz-legal） → "
            "石家庄市市场监督管理局（@hebei-zwfw/sjz-scjgj）") in moved["message"]
    assert found["team-changed"]["severity"] == "legal"
    assert "@hebei-zwfw/hb-scjgj → @hebei-zwfw/hb-scjgj-review" in found["team-changed"]["message"]
    markdown = diff(repo, "v1", "v2").out
    legal_section = markdown.split("### ⚖️ 需合法性审核")[1].split("###")[0]
    assert "石家庄市市场监督管理局" in legal_section and r"hb\-scjgj\-review" in legal_section


def test_new_region_shows_who_will_review(repo: Repo) -> None:
    folder = repo.root / "items/130000-hebei/130200-tangshan"
    folder.mkdir()
    (folder / "region.yaml").write_text('code: "130200"\nname: 唐山市\nlevel: city\nparent: "130000"\nreviewers:\n'
                                        '  legal: {name: 唐山市司法局, team: "@hebei-zwfw/ts-legal"}\n'
                                        '  service_office: {name: 唐山市行政审批局, team: "@hebei-zwfw/ts-zwb"}\n', "utf-8")
    repo.commit("v2")
    [change] = json.loads(diff(repo, "v1", "v2", "--format", "json").out)["changes"]
    assert change["kind"] == "record-added" and change["severity"] == "legal"
    assert "唐山市司法局（@hebei-zwfw/ts-legal）" in change["message"]


def test_doc_no_change_is_reported_as_doc_no(repo: Repo) -> None:
    repo.edit(ITEM, "    article: 第三十五条\n", "    doc_no: 主席令第二十一号\n    article: 第三十五条\n")
    repo.commit("v2")
    repo.edit(ITEM, "主席令第二十一号", "主席令第三十二号")
    repo.commit("v3")
    [change] = json.loads(diff(repo, "v2", "v3", "--format", "json").out)["changes"]
    assert change["kind"] == "legal-basis-changed"
    assert change["details"]["changed"] == ["《中华人民共和国食品安全法》：文号 主席令第二十一号 → 主席令第三十二号"]

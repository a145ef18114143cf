"""The browser path: a submitted issue form → a record written by the
scaffolding, validated, committed on its own branch (``zwfw form draft``).
Recorded payloads in tests/fixtures/forms; hostile answers in every field."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BASE, run_cli
from forms_helpers import FIXTURES, FORM_FILES, committed, payload, recorded, repository, template, write
from zwfw import yamlio
from zwfw.forms import body as body_mod
from zwfw.forms.definitions import KINDS, FormError, load_forms
from zwfw.forms.markdown import fenced

ENTRY_DIR = "items/130000-hebei/130100-shijiazhuang"
NEW_ENTRY = f"{ENTRY_DIR}/sjz-scjgj/entries/000131002000.yaml"
CHANGED_ENTRY = f"{ENTRY_DIR}/130123-zhengding/zd-scjgj/entries/000131001000.yaml"
NEW_ITEM = "items/130000-hebei/hb-scjgj/catalog/130131001000.yaml"  # a Hebei code: the national code is not allocated here
# what each form's answers become; a field added to a form must be handled (and listed) here
HANDLED = {
    "form:new-entry": {"department", "item", "case_type", "legal_time_limit", "promised_time_limit", "conditions",
                       "materials", "office", "location", "hours", "consultation_phone", "complaint_phone", "visits",
                       "onsite_reason", "online_url", "result_name", "result_sample"},
    "form:change-entry": {"department", "item", "reason", "legal_time_limit", "promised_time_limit", "conditions",
                          "materials", "location", "hours", "consultation_phone", "complaint_phone", "visits",
                          "onsite_reason", "online_url"},
    "form:new-item": {"department", "type", "name", "main_item", "legal_basis", "audience", "description"},
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The small fixture catalog with the forms, as a git repository with one commit."""
    return committed(repository(BASE, tmp_path / "repo"))


def draft(repo: Path, event: dict | Path, *extra: str):
    path = event if isinstance(event, Path) else write(repo.parent / "event.json", event)
    out = repo.parent / "out"
    result = run_cli("form", "draft", "--payload", str(path), "-o", str(out), "--root", str(repo), *extra)
    summary = json.loads((out / "result.json").read_text("utf-8")) if (out / "result.json").exists() else None
    return result, summary, out


def changed_files(repo: Path) -> list[str]:
    out = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=all"],
                         capture_output=True, text=True, check=True).stdout
    return sorted(line[3:] for line in out.splitlines())


def outside_fences(markdown: str) -> str:
    """The Markdown with every fenced code block removed (what GitHub would render as Markdown)."""
    kept, fence = [], None
    for line in markdown.split("\n"):
        m = re.match(r"^(`{3,})", line)
        if fence is None and m:
            fence = m.group(1)
        elif fence is not None and line == fence:
            fence = None
        elif fence is None:
            kept.append(line)
    assert fence is None, "unclosed fence"
    return "\n".join(kept)


# --- the forms themselves -------------------------------------------------

def test_every_form_is_found_and_every_field_handled(repo: Path) -> None:
    forms = load_forms(repo)
    assert set(forms) == set(KINDS)
    for kind, form in forms.items():
        assert {f.id for f in form.fields} == HANDLED[kind], kind
        labels = [f.label for f in form.fields]
        assert len(labels) == len(set(labels)), "labels must be unique: they are the section headings"
        assert all(re.search(r"[\u4e00-\u9fff]", label) for label in labels), "Chinese labels"
        assert {"department"} <= {f.id for f in form.fields if f.required}


def test_templates_are_valid_issue_forms() -> None:
    for kind, name in FORM_FILES.items():
        doc = template(kind)
        assert {"name", "description", "body"} <= set(doc) and doc["labels"] == [kind], name
        ids = [e["id"] for e in doc["body"] if e["type"] != "markdown"]
        assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z_]+", i) for i in ids)
        for element in doc["body"]:
            assert element["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}


# --- recorded payloads ------------------------------------------------------

def test_new_entry_from_the_form(repo: Path) -> None:
    result, summary, out = draft(repo, FIXTURES / "new-entry.json")
    assert result.code == 0, result.err
    assert summary["path"] == NEW_ENTRY and summary["valid"] and summary["errors"] == 0
    assert summary["branch"] == "form/issue-101"
    assert summary["title"] == "新增实施清单事项：石家庄市市场监督管理局 000131002000 食品生产许可（#101）"
    text = (repo / NEW_ENTRY).read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../../../schemas/implementation-entry.schema.json\n")
    assert "# 实施清单：石家庄市市场监督管理局 实施“食品生产许可”。" in text  # the scaffold's comments stay
    data = yamlio.load(text)
    assert data["promised_time_limit"] == {"value": 10, "unit": "工作日"}
    assert data["legal_time_limit"] == {"value": 20, "unit": "工作日"}
    assert data["materials"] == [
        {"name": "食品生产许可申请书", "type": "原件", "form": "纸质和电子", "necessity": "必要", "copies": 1},
        {"ref": "business-licence", "necessity": "必要", "copies": 1},  # the library's type and form
        {"name": "食品安全管理制度文本", "type": "原件", "form": "纸质", "necessity": "容缺", "copies": 1},
    ]
    assert [s["office"] for s in data["steps"]] == ["石家庄市政务服务中心市场监管窗口"] * 3
    assert data["consultation"] == {"phone": "0311-88001234"} and data["complaint"] == {"phone": "0311-88005678"}
    assert data["result"] == {"type": "证照", "name": "食品生产许可证", "sample": "https://www.hbzwfw.gov.cn/samples/spsc.pdf"}
    assert "\"\"" not in json.dumps(data) and "null" not in json.dumps(data)  # no blanks left
    assert run_cli("validate", "--root", str(repo), "--quiet").code == 0
    assert changed_files(repo) == [NEW_ENTRY]
    assert "校验通过" in (out / "comment.md").read_text("utf-8")
    body = (out / "pr-body.md").read_text("utf-8")
    assert "Closes #101" in body and "设定依据变化" in body and "替代要件" in body


def test_change_entry_keeps_comments_and_untouched_fields(repo: Path) -> None:
    before = (repo / CHANGED_ENTRY).read_text("utf-8")
    result, summary, out = draft(repo, FIXTURES / "change-entry.json")
    assert result.code == 0 and summary["path"] == CHANGED_ENTRY and summary["valid"]
    after = (repo / CHANGED_ENTRY).read_text("utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [
        ("promised_time_limit: {value: 10, unit: 工作日}", "promised_time_limit: {value: 5, unit: 工作日}"),
        ('consultation: {phone: "0311-12345678"}', 'consultation: {phone: "0311-88012345"}'),
        ("version: 1", "version: 2"),
    ] or changed, changed
    old, new = yamlio.load(before), yamlio.load(after)
    assert new["materials"] == old["materials"]  # named again: every attribute kept
    assert "压缩承诺时限" in (out / "pr-body.md").read_text("utf-8")


def test_new_item_gets_the_next_free_code(repo: Path) -> None:
    result, summary, _ = draft(repo, FIXTURES / "new-item.json")
    assert result.code == 0 and summary["path"] == NEW_ITEM and summary["valid"]
    data = yamlio.load((repo / NEW_ITEM).read_text("utf-8"))
    assert data["code"] == "130131001000" and data["name"] == "食品添加剂生产许可"
    assert data["legal_basis"][1] == {"law": "《食品生产许可管理办法》", "article": "第二条"}
    assert data["audience"] == ["企业法人", "非法人企业"]


def test_commit_puts_the_record_alone_on_the_issue_branch(repo: Path) -> None:
    (repo / "unrelated.txt").write_text("x", "utf-8")
    result, summary, _ = draft(repo, FIXTURES / "new-entry.json", "--commit")
    assert result.code == 0, result.err
    git = ["git", "-C", str(repo)]
    branch = subprocess.run([*git, "branch", "--show-current"], capture_output=True, text=True).stdout.strip()
    assert branch == "form/issue-101"
    shown = subprocess.run([*git, "show", "--name-only", "--format=%s", "HEAD"], capture_output=True, text=True).stdout
    assert shown.split("\n")[0] == summary["title"] and NEW_ENTRY in shown and "unrelated" not in shown


def test_form_problems_are_all_listed_and_nothing_is_written(repo: Path) -> None:
    answers = {"department": "某某局", "item": "999999999999", "promised_time_limit": "五天", "case_type": "承诺件",
               "materials": "营业执照｜原件｜纸质｜必须"}
    result, summary, out = draft(repo, payload("form:new-entry", answers))
    assert result.code == 1 and not summary["written"] and summary["path"] is None
    comment = (out / "comment.md").read_text("utf-8")
    for expected in ("找不到部门“某某局”", "事项“999999999999”", "应填写整数", "“必须”不是可选值"):
        assert expected in comment
    assert changed_files(repo) == [] and not (out / "pr-body.md").exists()


def test_validation_problems_reach_the_issue_and_the_pull_request(repo: Path) -> None:
    answers = {"department": "sjz-scjgj", "item": "000131002000", "case_type": "即办件", "promised_time_limit": "10",
               "office": "窗口", "location": "地点", "hours": "工作日", "consultation_phone": "12345",
               "complaint_phone": "12345", "visits": "1"}
    result, summary, out = draft(repo, payload("form:new-entry", answers))
    assert result.code == 0 and summary["written"] and not summary["valid"] and summary["errors"] >= 3
    comment = (out / "comment.md").read_text("utf-8")
    assert f"{NEW_ENTRY}:" in comment and "必须现场办理原因说明" in comment  # a required field left blank
    assert "[" in comment and "咨询电话" in comment


@pytest.mark.parametrize("labels", [[], ["form:new-entry", "form:new-item"], ["bug"]])
def test_not_one_form(repo: Path, labels: list[str]) -> None:
    event = payload("form:new-entry", {})
    event["issue"]["labels"] = [{"name": n} for n in labels]
    result, summary, out = draft(repo, event)
    assert result.code == 1 and "不是用表单" in (out / "comment.md").read_text("utf-8")


def test_payload_without_an_issue_is_a_usage_error(repo: Path) -> None:
    result, _, _ = draft(repo, {"pull_request": {"number": 1}})
    assert result.code == 2 and "议题编号" in result.err


# --- hostile input ------------------------------------------------------------

MARK = "FORM-EXECUTED"
HOSTILE = ("$(touch {mark}) `touch {mark}` ${{{{ github.token }}}} ${{{{ secrets.GITHUB_TOKEN }}}}\n"
           "'; touch {mark}; echo ' \"; touch {mark} #\n"
           "key: [unclosed {{ &anchor *alias !!python/object/apply:os.system ['touch {mark}']\n"
           "--- \n... \n<script>alert(1)</script><img src=x onerror=alert(1)> ```` @hebei-zwfw/platform\n"
           "../../../../etc/passwd ｜ | 原件")

FIELDS = [(kind, field) for kind in KINDS for field in sorted(HANDLED[kind])]


@pytest.mark.parametrize(("kind", "field"), FIELDS, ids=[f"{k[5:]}-{f}" for k, f in FIELDS])
def test_hostile_answer_in_every_field(repo: Path, kind: str, field: str) -> None:
    good = {name: recorded(name)["issue"]["body"] for name in ("new-entry", "change-entry", "new-item")}
    answers = _answers(kind, good)
    hostile = HOSTILE.format(mark=repo.parent / MARK)
    answers[field] = [hostile] if field == "audience" else hostile
    before = set(_tree(repo.parent))
    result, summary, out = draft(repo, payload(kind, answers), "--commit")
    assert not (repo.parent / MARK).exists() and not Path(MARK).exists(), "something from the form was executed"
    assert result.code in (0, 1), result.err
    written = set(_tree(repo.parent)) - before
    assert all(p == "event.json" or p.startswith(("repo/items/", "repo/.git/", "out/")) for p in written), written
    for name in ("comment.md", "pr-body.md"):
        if (out / name).exists():
            markdown = outside_fences((out / name).read_text("utf-8"))
            assert "<script" not in markdown and "$(" not in markdown and "@hebei" not in markdown
    if result.code == 1:
        assert summary["path"] is None and changed_files(repo) == []
        return
    assert summary["branch"] == "form/issue-42" and "touch" not in summary["title"]
    text = (repo / summary["path"]).read_text("utf-8")
    data = yamlio.load(text)  # the project's strict loader: no tags, anchors or aliases survive as such
    assert data == yaml.safe_load(text)
    if field in {"conditions", "location", "hours", "onsite_reason", "description", "office"}:
        stored = data["steps"][0]["office"] if field == "office" else data[field]
        assert stored == hostile.strip()  # kept as text, exactly
        assert not summary["valid"]  # the HTML is the validator's to refuse
        assert "[html" in (out / "comment.md").read_text("utf-8") or "HTML" in (out / "comment.md").read_text("utf-8")


def _answers(kind: str, bodies: dict) -> dict:
    from zwfw.forms.body import parse
    from zwfw.forms.definitions import load_forms as forms_of
    from conftest import REPO

    name = {"form:new-entry": "new-entry", "form:change-entry": "change-entry", "form:new-item": "new-item"}[kind]
    return dict(parse(forms_of(REPO)[kind], bodies[name]))


def _tree(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]


def test_a_duplicated_heading_is_refused(repo: Path) -> None:
    body = recorded("new-entry")["issue"]["body"].replace("食品生产许可申请书", "食品生产许可申请书\n\n### 咨询电话\n\n110")
    result, _, out = draft(repo, payload("form:new-entry", body=body))
    assert result.code == 1 and "出现了不止一次" in (out / "comment.md").read_text("utf-8")


def test_a_missing_heading_is_refused(repo: Path) -> None:
    body = recorded("new-entry")["issue"]["body"].replace("### 办理时间", "### 时间")
    result, _, out = draft(repo, payload("form:new-entry", body=body))
    assert result.code == 1 and "缺少表单的栏目：办理时间" in (out / "comment.md").read_text("utf-8")


@pytest.mark.parametrize("text", ["a\u202eb", "a\x00b", "a\x1bb"])
def test_hidden_characters_are_refused(repo: Path, text: str) -> None:
    answers = _answers("form:new-entry", {"new-entry": recorded("new-entry")["issue"]["body"]})
    answers["location"] = text
    result, _, out = draft(repo, payload("form:new-entry", answers))
    assert result.code == 1 and "控制字符" in (out / "comment.md").read_text("utf-8")


def test_huge_input(repo: Path) -> None:
    huge = recorded("new-entry")["issue"]["body"] + "x" * body_mod.MAX_BODY
    result, _, out = draft(repo, payload("form:new-entry", body=huge))
    assert result.code == 1 and "超过 65536 个字符" in (out / "comment.md").read_text("utf-8")
    answers = _answers("form:new-entry", {"new-entry": recorded("new-entry")["issue"]["body"]})
    answers["conditions"] = "很长的受理条件" * 1000  # under the body limit, over the field's 4000 characters
    result, summary, out = draft(repo, payload("form:new-entry", answers))
    assert result.code == 0 and not summary["valid"] and "受理条件" in (out / "comment.md").read_text("utf-8")
    many = "\n".join(f"材料{n}" for n in range(body_mod.MAX_LINES + 1))
    answers["materials"], answers["conditions"] = many, "条件"
    result, _, out = draft(repo, payload("form:new-entry", answers))
    assert result.code == 1 and "超过 200 行" in (out / "comment.md").read_text("utf-8")


@pytest.mark.parametrize("department", ["../../../etc", "hb-scjgj/../../..", "/etc/passwd", "hb-scjgj\x00"])
def test_path_traversal_in_ids(repo: Path, department: str) -> None:
    answers = _answers("form:new-item", {"new-item": recorded("new-item")["issue"]["body"]})
    answers["department"] = department
    answers["main_item"] = "../../000131001000"
    result, summary, _ = draft(repo, payload("form:new-item", answers))
    assert result.code == 1 and summary["path"] is None and changed_files(repo) == []


def test_fence_is_longer_than_any_backtick_run() -> None:
    text = "a ```` b ``` c"
    block = fenced(text)
    assert block.startswith("`````text\n") and block.endswith("\n`````")
    assert outside_fences(block) == ""


def test_form_error_is_a_value_error() -> None:
    assert issubclass(FormError, ValueError)

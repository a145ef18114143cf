"""Output formats: text, JSON and GitHub annotations; exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import run_cli
from zwfw import report
from zwfw.problems import error, warning

ENTRY = "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/entries/000131001000.yaml"
ANNOTATION = re.compile(r"^::(error|warning) file=[^,:]+,line=[1-9][0-9]*,col=[1-9][0-9]*,title=[a-z0-9-]+::[^\r\n]+$")


def _break(base: Path) -> None:
    path = base / ENTRY
    text = path.read_text("utf-8").replace("case_type: 承诺件", "case_typ: 承诺件").replace('{phone: "12345"}', '{phone: "0311-88000001"}')
    path.write_text(text, "utf-8")


def test_github_annotations_are_valid(base: Path) -> None:
    _break(base)
    result = run_cli("validate", "--quiet", "--format", "github", "--root", str(base))
    assert result.code == 1
    lines = result.out.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == 3  # required, unknown-field, phones
    for line in annotations:
        assert ANNOTATION.match(line), line
    assert any("title=phones" in a for a in annotations)


def test_github_escapes_newlines_commas_and_percent() -> None:
    p = error("items/a,b:c.yaml", "fee", "第一行\n第二行 100%", line=3, col=2)
    out = report.render([p], "github", 1).splitlines()[0]
    assert out == "::error file=items/a%2Cb%3Ac.yaml,line=3,col=2,title=fee::第一行%0A第二行 100%25"
    assert report.render([warning("x.yaml", "credit-code", "m", line=1, col=1)], "github", 1).startswith("::warning ")


def test_json_format(base: Path) -> None:
    _break(base)
    result = run_cli("validate", "--quiet", "--format", "json", "--root", str(base))
    doc = json.loads(result.out)
    assert result.code == 1
    assert doc["errors"] == len(doc["problems"]) and doc["files_checked"] == 14
    first = doc["problems"][0]
    assert set(first) == {"file", "line", "column", "rule", "severity", "message", "path", "field", "title", "related"}
    assert {p["rule"] for p in doc["problems"]} >= {"required", "unknown-field", "phones"}


def test_text_format_and_exit_codes(base: Path) -> None:
    ok = run_cli("validate", "--quiet", "--root", str(base))
    assert ok.code == 0 and ok.out.strip().endswith("没有发现问题。")
    _break(base)
    bad = run_cli("validate", "--quiet", "--root", str(base))
    assert bad.code == 1
    assert re.search(rf"^{re.escape(ENTRY)}:\d+:\d+: \[unknown-field\] .*case_type（办件类型）", bad.out, re.M)
    usage = run_cli("validate", "--format", "xml", "--root", str(base))
    assert usage.code == 2


def test_paths_limit_the_report(base: Path) -> None:
    _break(base)
    other = run_cli("validate", "--quiet", "--root", str(base), str(base / "libraries"))
    assert other.code == 0
    mine = run_cli("validate", "--quiet", "--root", str(base), str(base / ENTRY))
    assert mine.code == 1
    outside = run_cli("validate", "--quiet", "--root", str(base), "/")
    assert outside.code == 2 and "不在目录仓库" in outside.err


def test_no_catalog_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("validate", "--root", str(tmp_path))
    assert result.code == 2 and "找不到目录仓库" in result.err


def test_huge_file_is_refused_without_reading(base: Path) -> None:
    big = base / "libraries" / "materials" / "huge.yaml"
    big.write_bytes(b"# yaml-language-server: $schema=../../schemas/material.schema.json\nid: huge\n" + b"#" * 10_000_000 + b"\n")
    result = run_cli("validate", "--quiet", "--root", str(base))
    assert result.code == 1
    assert "libraries/materials/huge.yaml:1:1: [file-size] 文件过大（10,000," in result.out


def test_warnings_fail_only_with_strict(base: Path) -> None:
    dept = base / "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/department.yaml"
    from zwfw.codes import make_credit_code

    code = make_credit_code("11130100MB0000009")  # an organ code of another division
    dept.write_text(dept.read_text("utf-8").replace("11130123MB0000003W", code), "utf-8")
    relaxed = run_cli("validate", "--quiet", "--root", str(base))
    assert relaxed.code == 0 and "警告：" in relaxed.out
    assert run_cli("validate", "--quiet", "--strict", "--root", str(base)).code == 1


def test_problems_at_two_places_are_two_problems() -> None:
    a = error("x.yaml", "type", "办理机构（office）应为文本，实际为 空。", ("steps", 0, "office"))
    b = error("x.yaml", "type", "办理机构（office）应为文本，实际为 空。", ("steps", 1, "office"))
    assert a != b and len({a, b}) == 2
    assert sorted([b, a]) == [a, b]


def test_unregistered_rule_id_is_refused() -> None:
    import pytest

    from zwfw.problems import UnknownRule, register

    with pytest.raises(UnknownRule):
        error("x.yaml", "no-such-rule", "m")
    with pytest.raises(ValueError):
        register({"type": "again"})


def test_missing_field_is_in_the_path_and_the_json(base: Path) -> None:
    path = base / ENTRY
    path.write_text(path.read_text("utf-8").replace("case_type: 承诺件\n", ""), "utf-8")
    result = run_cli("validate", "--quiet", "--format", "json", "--root", str(base))
    found = [p for p in json.loads(result.out)["problems"] if p["rule"] == "required"]
    assert [(p["path"], p["field"], p["line"]) for p in found] == [(["case_type"], "case_type", 2)]
    assert found[0]["title"] == "缺少必填字段"

"""``zwfw new``: templates land in the right place, fail until filled, pass once filled."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_cli

FILL_TEXT = {
    "name": "食品小作坊登记",
    "law": "《河北省食品小作坊小餐饮小摊点管理条例》",
    "article": "第十条",
    "description": "说明文字",
    "conditions": "符合条件",
    "office": "审批科",
    "location": "某地政务服务中心（示例地址）",
    "hours": "工作日 9:00-17:00",
    "onsite_reason": "需核验原件",
    "sample": "samples/x.pdf",
}


def fill(text: str, phones=iter(["0311-81234567", "12345"])) -> str:  # noqa: B008  (one iterator shared by the calls, on purpose)
    """Fill the blanks the way a department would."""
    out = []
    for line in text.split("\n"):
        key = re.match(r'^\s*-?\s*([a-z_]+):', line)
        k = key.group(1) if key else ""
        if 'ref: ""' in line:
            line = line.replace('""', "business-licence")
        elif 'phone: ""' in line:
            line = line.replace('""', f'"{next(phones)}"')
        elif '""' in line:
            line = line.replace('""', FILL_TEXT.get(k, "内容"), 1)
        line = line.replace("legal_time_limit: {value: ~", "legal_time_limit: {value: 20")
        line = line.replace("promised_time_limit: {value: ~", "promised_time_limit: {value: 10")
        line = line.replace("value: ~", "value: 5")
        out.append(line)
    return "\n".join(out)


def test_new_item_then_entry(base: Path) -> None:
    made = run_cli("new", "item", "--root", str(base), "--department", "hb-scjgj", "--type", "行政许可")
    assert made.code == 0, made.err
    path = base / "items/130000-hebei/hb-scjgj/catalog/130131001000.yaml"
    assert path.is_file() and "130131001000.yaml" in made.out
    blank = run_cli("validate", "--quiet", "--root", str(base))
    assert blank.code == 1 and "[empty]" in blank.out
    path.write_text(fill(path.read_text("utf-8")), "utf-8")
    assert run_cli("validate", "--quiet", "--root", str(base)).code == 0

    made = run_cli("new", "entry", "--root", str(base), "--department", "zd-scjgj", "--item", "130131001000")
    assert made.code == 0, made.err
    entry = base / "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/entries/130131001000.yaml"
    assert entry.read_text("utf-8").startswith("# yaml-language-server: $schema=../../../../../../schemas/implementation-entry.schema.json")
    blank = run_cli("validate", "--quiet", "--root", str(base))
    assert blank.code == 1
    entry.write_text(fill(entry.read_text("utf-8")), "utf-8")
    filled = run_cli("validate", "--quiet", "--root", str(base))
    assert filled.code == 0, filled.out


def test_new_sub_item_and_public_service(base: Path) -> None:
    sub = run_cli("new", "item", "--root", str(base), "--department", "hb-scjgj", "--type", "行政许可",
                  "--main-item", "000131001000", "--stdout")
    assert sub.code == 0 and 'code: "000131001001"' in sub.out and 'main_item: "000131001000"' in sub.out
    public = run_cli("new", "item", "--root", str(base), "--department", "hb-scjgj", "--type", "公共服务", "--stdout")
    assert 'code: "132031001000"' in public.out and "source: 公共服务" in public.out and "topic:" in public.out


def test_new_city_item_is_city_specific(base: Path) -> None:
    dept = base / "items/130000-hebei/130100-shijiazhuang/sjz-scjgj/department.yaml"
    dept.write_text(dept.read_text("utf-8").replace("team:", 'sector_code: "31"\nteam:'), "utf-8")
    out = run_cli("new", "item", "--root", str(base), "--department", "sjz-scjgj", "--type", "公共服务", "--stdout").out
    assert "source: 市级地区性" in out and 'code: "132031001000"' in out


def test_new_refuses_bad_answers(base: Path) -> None:
    assert run_cli("new", "item", "--root", str(base), "--department", "nope", "--type", "行政许可").code == 2
    assert run_cli("new", "item", "--root", str(base), "--department", "hb-scjgj", "--type", "行政处罚").code == 2
    no_sector = run_cli("new", "item", "--root", str(base), "--department", "sjz-scjgj", "--type", "行政许可")
    assert no_sector.code == 2 and "sector_code" in no_sector.err
    county = run_cli("new", "item", "--root", str(base), "--department", "zd-scjgj", "--type", "行政许可")
    assert county.code == 2 and "县级部门不定义目录清单事项" in county.err
    again = run_cli("new", "entry", "--root", str(base), "--department", "zd-scjgj", "--item", "000131001000")
    assert again.code == 2 and "已存在" in again.err
    missing = run_cli("new", "entry", "--root", str(base), "--department", "zd-scjgj")
    assert missing.code == 2 and "--item" in missing.err
    unknown = run_cli("new", "entry", "--root", str(base), "--department", "zd-scjgj", "--item", "019999000000")
    assert unknown.code == 2 and "不在目录清单中" in unknown.err

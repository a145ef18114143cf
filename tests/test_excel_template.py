"""zwfw template: drop-downs, hints, example row, hidden reference sheets; a
filled template imports into YAML that zwfw validate accepts; a template
filled with errors reports each at its sheet and cell and writes nothing."""

from __future__ import annotations

import re

import openpyxl
import pytest

from conftest import run_cli
from excel_helpers import column_of, put, tree
from zwfw.excel import columns as C

ENTRY = {
    "实施机关（部门标识）": "sjz-scjgj", "基本编码": "000131002000", "事项名称": "食品生产许可", "权力来源": "法定本级行使",
    "服务对象": "企业法人、非法人企业", "办件类型": "承诺件", "法定办结时限-时限数值": 20, "法定办结时限-时限单位": "工作日",
    "承诺办结时限-时限数值": 10, "承诺办结时限-时限单位": "工作日", "受理条件": "具有与生产的食品品种相适应的生产场所。",
    "办理形式": "窗口办理、网上办理", "到办事现场次数": 1, "必须现场办理原因说明": "需现场核验原件。",
    "网上办理-是否网办": "是", "网上办理-网上办理深度": "互联网咨询、互联网收件", "网上办理-网办深度等级": "Ⅱ",
    "网上办理-网办地址": "https://www.hbzwfw.gov.cn/", "办理地点": "石家庄市民中心一楼（示例地址）",
    "办理时间": "工作日 9:00-12:00，13:30-17:00（法定节假日除外）", "咨询方式-电话": "0311-86000001",
    "监督投诉方式-电话": "12345", "收费-是否收费": "否", "收费-是否支持网上支付": "否", "是否进驻政务大厅": "是",
    "是否支持物流快递-材料邮寄": "否", "是否支持物流快递-结果邮寄": "是", "审批结果-结果类型": "证照", "审批结果-结果名称": "食品生产许可证",
    "审批结果-结果样本": "samples/food-production-licence.pdf", "事项状态": "在用", "版本": 1,
}
MATERIALS = [
    {"实施机关（部门标识）": "sjz-scjgj", "基本编码": "000131002000", "标准材料": "business-licence", "必要性": "必要", "份数": 1, "免提交（数据共享）": "是"},
    {"实施机关（部门标识）": "sjz-scjgj", "基本编码": "000131002000", "材料名称": "食品生产许可申请书", "来源渠道": "申请人自备",
     "材料类型": "原件", "材料形式": "纸质", "必要性": "必要", "份数": 1},
]
STEPS = [
    {"实施机关（部门标识）": "sjz-scjgj", "基本编码": "000131002000", "环节名称": "受理", "办理机构": "市场监管窗口", "环节时限-时限数值": 1, "环节时限-时限单位": "工作日"},
    {"实施机关（部门标识）": "sjz-scjgj", "基本编码": "000131002000", "环节名称": "审查与决定", "办理机构": "食品生产许可科", "环节时限-时限数值": 9, "环节时限-时限单位": "工作日"},
]


@pytest.fixture
def entries_template(base, tmp_path):
    path = tmp_path / "entries.xlsx"
    result = run_cli("template", "xlsx", "entries", "--root", str(base), "-o", str(path), "--date", "2024-01-01")
    assert result.code == 0, result.err
    return path


def fill(path, entry=ENTRY, materials=MATERIALS, steps=STEPS):
    wb = openpyxl.load_workbook(path)
    put(wb["实施清单"], 3, entry)
    for n, row in enumerate(materials, 3):
        put(wb["申请材料"], n, row)
    for n, row in enumerate(steps, 3):
        put(wb["办理流程"], n, row)
    wb.save(path)
    return wb


def test_template_has_dropdowns_hints_example_and_reference_sheets(entries_template) -> None:
    wb = openpyxl.load_workbook(entries_template)
    for name in ("部门", "标准材料", "电子证照", "目录清单事项", "可选值"):
        assert wb[name].sheet_state == "hidden"
    assert {r[0] for r in wb["部门"].iter_rows(min_row=2, values_only=True)} == {"hb-scjgj", "zd-scjgj", "sjz-scjgj"}
    assert "id-card" in [r[0] for r in wb["标准材料"].iter_rows(min_row=2, values_only=True)]
    for table in C.entry_tables():
        ws = wb[table.name]
        assert ws["A2"].value.startswith(C.EXAMPLE_MARK), "row 2 is the example row"
        by_column = {}
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                by_column[re.match(r"[A-Z]+", rng.coord).group(0)] = dv
        for _n, column in enumerate(table.columns, 1):
            letter = column_of(ws, column.header)
            dv = by_column[letter]
            assert dv.prompt, f"{table.name}/{column.header}: no input hint"
            if column.kind in (C.ENUM, C.BOOL, C.MULTI) or (column.source and column.role != C.DERIVED):
                assert dv.type == "list", f"{table.name}/{column.header}: no drop-down"
    options = wb["可选值"]
    power = next(c for c in options[1] if c.value == "实施清单-权力来源")
    assert [options.cell(r, power.column).value for r in range(2, 8)] == list(C.entry_tables()[0].column("power_source").options)


def test_filled_template_imports_and_validates(base, entries_template) -> None:
    fill(entries_template)
    result = run_cli("import", str(entries_template), "--root", str(base))
    assert result.code == 0, result.out
    written = base / "items/130000-hebei/130100-shijiazhuang/sjz-scjgj/entries/000131002000.yaml"
    assert written.is_file()
    text = written.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../../../schemas/implementation-entry.schema.json")
    assert "item: \"000131002000\"" in text and "\ntype:" not in text and "legal_basis" not in text
    check = run_cli("validate", "--root", str(base))
    assert check.code == 0, check.out


def test_filled_template_with_errors_reports_cells_and_writes_nothing(base, entries_template) -> None:
    bad = dict(ENTRY, **{"权力来源": "法定本级", "到办事现场次数": "两次", "监督投诉方式-电话": "0311-86000001"})
    materials = [dict(MATERIALS[0], **{"标准材料": "no-such-material"}), MATERIALS[1]]
    wb = fill(entries_template, bad, materials)
    before = tree(base)
    result = run_cli("import", str(entries_template), "--root", str(base))
    assert result.code == 1
    assert tree(base) == before, "nothing is written when the workbook has errors"
    ws = wb["实施清单"]
    name = entries_template.name
    expect = [
        (f"{name}!实施清单!{column_of(ws, '权力来源')}3", "[xlsx-value]"),
        (f"{name}!实施清单!{column_of(ws, '到办事现场次数')}3", "[xlsx-value]"),
        (f"{name}!申请材料!{column_of(wb['申请材料'], '标准材料')}3", "[unknown-material]"),
    ]
    for where, rule in expect:
        assert any(line.startswith(f"{where}: {rule}") for line in result.out.splitlines()), (where, rule, result.out)
    assert "[phones]" in result.out
    assert "没有写入任何文件" in result.out


def test_items_template_round_trips_a_new_item(base, tmp_path) -> None:
    path = tmp_path / "items.xlsx"
    assert run_cli("template", "xlsx", "items", "--root", str(base), "-o", str(path)).code == 0
    wb = openpyxl.load_workbook(path)
    put(wb["目录清单"], 3, {"主管部门（部门标识）": "hb-scjgj", "基本编码": "000131003000", "事项名称": "特种设备使用登记",
                          "事项类型": "行政许可", "事项来源": "国家基本目录", "行使层级": "省级、市级", "实施方式": "分别实施",
                          "服务对象": "企业法人", "事项状态": "在用"})
    put(wb["设定依据"], 3, {"基本编码": "000131003000", "法律法规名称": "《中华人民共和国特种设备安全法》", "条款": "第三十三条"})
    wb.save(path)
    result = run_cli("import", str(path), "--root", str(base))
    assert result.code == 0, result.out
    assert (base / "items/130000-hebei/hb-scjgj/catalog/000131003000.yaml").is_file()
    assert run_cli("validate", "--root", str(base)).code == 0

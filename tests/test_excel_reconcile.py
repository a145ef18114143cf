"""zwfw reconcile: a TEST national list of 102 rows (exact, respelled, renamed,
re-coded and missing items; see tests/fixtures/excel/make_national.py) gives
the expected attachment 1 and 2 rows."""

from __future__ import annotations

import csv
from collections import Counter

import openpyxl
import pytest

from conftest import REPO, run_cli
from excel_helpers import FIXTURES, context
from zwfw.excel.national import read_national
from zwfw.excel.normalise import name_key
from zwfw.excel.reconcile import reconcile

NATIONAL = FIXTURES / "national_directory.csv"


def expected() -> list[dict]:
    with (FIXTURES / "national_expected.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def result():
    national = read_national(NATIONAL)
    assert len(national) >= 100
    return reconcile(context(REPO), national)


def test_counts(result) -> None:
    want = Counter(e["status"] for e in expected() if e["attachment"] != "attachment1-extra")
    assert result.counts() == dict(want)
    assert want["一致"] >= 40 and want["未比对上"] >= 40 and want["编码一致，名称不一致"] == 5 and want["名称一致，编码不一致"] == 5


def test_attachment1_rows(result) -> None:
    want = [(e["national_code"], e["status"], e["province_code"]) for e in expected() if e["attachment"] == "attachment1"]
    got = [(m.national.code, m.status, m.item.data["code"]) for m in result.matched]
    assert got == want
    for m in result.matched:
        assert m.reason and m.method in ("编码", "名称")


def test_attachment2_rows_with_fuzzy_candidates(result) -> None:
    want = {e["national_code"]: e for e in expected() if e["attachment"] == "attachment2"}
    assert [m.national.code for m in result.unmatched] == list(want)
    renamed = {"GJ0100320001": "000164001000", "GJ0100130001": "000123001000", "GJ0700050001": "000715001000",
               "GJ0100390001": "000122002000", "GJ0100220001": "000119001000"}
    for m in result.unmatched:
        if m.national.code in renamed:
            best, score = m.candidates[0]
            assert best.data["code"] == renamed[m.national.code] and score >= 0.6
            assert "疑似对应" in m.reason and f"{score:.2f}" in m.reason
        else:
            assert not m.candidates and "没有同编码、同名称或名称相近" in m.reason


def test_province_items_missing_from_national_list(result) -> None:
    want = sorted(e["province_code"] for e in expected() if e["attachment"] == "attachment1-extra")
    assert sorted(r.data["code"] for r in result.province_only) == want


def test_name_normalisation() -> None:
    assert name_key("道路货物运输经营许可(除使用4500千克)") == name_key("道路货物运输经营许可（除使用４５００千克）")
    assert name_key("社会团体 成立登记") == name_key("社会团体成立登记")
    assert name_key("民办学校设立,变更,终止审批") == name_key("民办学校设立、变更、终止审批")
    assert name_key("医师执业注册（含变更）") != name_key("医师执业注册")


def test_cli_writes_attachments_1_and_2(tmp_path) -> None:
    out = tmp_path / "out"
    result = run_cli("reconcile", str(NATIONAL), "--root", str(REPO), "-o", str(out), "--date", "2024-01-01")
    assert result.code == 0, result.err
    assert "国家基本目录 102 行" in result.out
    wb1 = openpyxl.load_workbook(out / "attachment1.xlsx")
    wb2 = openpyxl.load_workbook(out / "attachment2.xlsx")
    rows1 = list(wb1["核对表"].iter_rows(values_only=True))
    rows2 = list(wb2["未比对上事项"].iter_rows(values_only=True))
    want = expected()
    assert len(rows1) - 1 == sum(e["attachment"] == "attachment1" for e in want)
    assert len(rows2) - 1 == sum(e["attachment"] == "attachment2" for e in want)
    header1 = rows1[0]
    assert {"比对状态", "说明", "比对方式", "国家事项编码", "省级基本编码"} <= set(header1)
    status = header1.index("比对状态")
    assert Counter(r[status] for r in rows1[1:]) == Counter(e["status"] for e in want if e["attachment"] == "attachment1")
    assert wb1.sheetnames[0] == "封面"


def test_xlsx_national_list_with_title_row(tmp_path) -> None:
    path = tmp_path / "national.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["国家政务服务平台政务服务事项基本目录（测试数据）"])
    with NATIONAL.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            ws.append(row)
    wb.save(path)
    assert [n.code for n in read_national(path)] == [n.code for n in read_national(NATIONAL)]


def test_bad_national_list(tmp_path) -> None:
    path = tmp_path / "n.csv"
    path.write_text("甲,乙\n1,2\n", "utf-8")
    result = run_cli("reconcile", str(path), "--root", str(REPO), "-o", str(tmp_path))
    assert result.code == 1 and "找不到表头" in result.err


def _national(tmp_path, rows) -> list:
    path = tmp_path / "national.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["事项编码", "事项名称", "事项类型", "行使层级"])
        writer.writerows(rows)
    return read_national(path)


def test_handling_codes_global_candidates_types_and_scope(base, tmp_path) -> None:
    from zwfw.excel import attachments

    national = _national(tmp_path, [
        ["00013100100001", "食品经营许可证核发", "行政许可", "市级、县级"],   # 14 characters: basic code + 业务办理项 01
        ["00013100100002", "食品经营许可证变更", "01", "3,4"],               # another 业务办理项 of the same item
        ["GJ0000000001", "食品生产经营许可", "行政许可", "省级"],             # close to both items, listed first
        ["GJ0000000002", "食品生产许可证", "行政许可", "省级"],               # closer to 000131002000
        ["GJ0000000003", "食品生产违法行为处罚", "行政处罚", "县级"],         # not 依申请
        ["GJ0000000004", "食品安全国家标准审批", "01", "国家级"],             # national level only
    ])
    rec = reconcile(context(base), national)
    assert [(m.national.shown_code, m.item.data["code"]) for m in rec.matched] == [
        ("00013100100001", "000131001000"), ("00013100100002", "000131001000")]
    assert all("业务办理项序号" in m.reason for m in rec.matched)
    first, second = rec.unmatched
    assert second.national.code == "GJ0000000002" and "000131002000" in second.reason and "（000131002000，行政许可，相似度" in second.reason
    assert first.candidates and "已与国家目录第 2 行（00013100100001）对应" in first.reason
    assert rec.left_out == {"事项类型不是依申请类": 1, "只在国家级行使": 1}
    assert "共 6 行，比对 4 行" in rec.scope and "依申请类事项" in rec.scope
    rows = attachments.attachment2(context(base), rec)[0].rows
    assert "行政许可，相似度" in "".join(str(v) for v in rows[0])
    cli = run_cli("reconcile", str(tmp_path / "national.csv"), "-o", str(tmp_path / "out"), "--root", str(base))
    assert cli.code == 0 and "已按方案范围筛选国家基本目录" in cli.out

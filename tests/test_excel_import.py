"""zwfw import: the round trip over the whole sample catalog, updates in place,
--partial, and every kind of bad input with a clear message."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from conftest import run_cli
from excel_helpers import column_of, encrypted_container, export_xlsx, tree
from zwfw import catalog as catalog_mod
from zwfw.excel import records as records_mod
from zwfw.excel.importer import import_workbook
from zwfw.excel.workbook import Limits

ENTRY = "items/130000-hebei/130100-shijiazhuang/sjz-scjgj/entries/000131001000.yaml"


def records(root: Path) -> dict[str, dict]:
    catalog, problems = catalog_mod.load(root)
    assert not problems
    return {r.file: r.data for r in catalog.records}


def _opened(base: Path, tmp_path: Path, target: str = "implementation"):
    """(path, workbook, main sheet) of a fresh export of ``base``, ready to be edited and saved."""
    name, sheet = {"implementation": ("impl.xlsx", "实施清单"), "directory": ("dir.xlsx", "目录清单")}[target]
    path = tmp_path / name
    export_xlsx(base, target, path)
    wb = openpyxl.load_workbook(path)
    return path, wb, wb[sheet]


def _row(ws, dept: str = "sjz-scjgj") -> int:
    """The row of ``dept``'s entry in the 实施清单 sheet."""
    return next(c.row for c in ws["A"] if c.value == dept)


def test_round_trip_whole_sample(sample, tmp_path) -> None:
    """export → import gives back the same records: every item and entry of the
    sample is removed, then recreated from the two exported workbooks."""
    directory, implementation = tmp_path / "directory.xlsx", tmp_path / "implementation.xlsx"
    export_xlsx(sample, "directory", directory)
    export_xlsx(sample, "implementation", implementation)
    before = records(sample)
    removed = [p for p in (sample / "items").rglob("*.yaml") if p.parent.name in ("catalog", "entries")]
    assert len(removed) == 80 + 256
    for p in removed:
        p.unlink()
    first = import_workbook(sample, directory)
    second = import_workbook(sample, implementation)
    assert not first.issues and not second.issues, [i.render() for i in first.issues + second.issues][:5]
    assert (len(first.created), len(second.created)) == (80, 256)
    assert records(sample) == before
    assert run_cli("validate", "--root", str(sample)).code == 0


def test_reimport_unchanged_writes_nothing(base, tmp_path) -> None:
    path = tmp_path / "impl.xlsx"
    export_xlsx(base, "implementation", path)
    before = tree(base)
    result = import_workbook(base, path)
    assert not result.errors and not result.written and len(result.unchanged) == 2
    assert tree(base) == before


def test_progress_while_reading_rows_and_checking(base, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(records_mod, "PROGRESS_ROWS", 1)
    path, _, _ = _opened(base, tmp_path)
    said: list[str] = []
    result = import_workbook(base, path, progress=said.append)
    assert not result.errors
    assert "读取“实施清单”：1 行" in said and "读取“申请材料”：1 行" in said, said
    assert any(m.startswith("校验导入后的目录") for m in said), said


def test_update_in_place_keeps_comments_and_key_order(base, tmp_path) -> None:
    target = base / ENTRY
    target.write_text(target.read_text("utf-8").replace("visits: 0", "visits: 0  # 不见面办理"), "utf-8")
    path, wb, ws = _opened(base, tmp_path)
    row = _row(ws)
    ws[f"{column_of(ws, '办理时间')}{row}"] = "工作日 8:30-17:30"
    wb.save(path)
    result = run_cli("import", str(path), "--root", str(base))
    assert result.code == 0, result.out
    text = target.read_text("utf-8")
    assert "hours: 工作日 8:30-17:30" in text
    assert "visits: 0  # 不见面办理" in text
    assert "audience: [企业法人, 自然人]" in text  # untouched flow style kept
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys.index("hours") == keys.index("location") + 1


def test_partial_writes_valid_rows_and_lists_the_rest(base, tmp_path) -> None:
    path, wb, ws = _opened(base, tmp_path)
    ws[f"{column_of(ws, '办理时间')}{_row(ws)}"] = "全天"
    ws[f"{column_of(ws, '办件类型')}{_row(ws, 'zd-scjgj')}"] = "随到随办"
    wb.save(path)
    before = tree(base)
    assert run_cli("import", str(path), "--root", str(base)).code == 1
    assert tree(base) == before
    result = run_cli("import", str(path), "--root", str(base), "--partial")
    assert result.code == 1
    assert "[xlsx-not-written]" in result.out and "130123-zhengding/zd-scjgj/entries/000131001000.yaml 有错误，未写入" in result.out
    assert "hours: 全天" in (base / ENTRY).read_text("utf-8")


# --- bad input -----------------------------------------------------------------------


def _import(base: Path, path: Path, **kw):
    result = import_workbook(base, path, **kw)
    assert result.errors and not result.written
    return result.issues[0]


def test_not_an_xlsx(base, tmp_path) -> None:
    csv = tmp_path / "list.csv"
    csv.write_text("a,b\n", "utf-8")
    assert "不是 .xlsx 文件" in _import(base, csv).message
    fake = tmp_path / "fake.xlsx"
    fake.write_text("hello", "utf-8")
    found = _import(base, fake)
    assert found.rule == "xlsx-file" and "不是 xlsx 工作簿" in found.message
    docx = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    assert "不是 Excel 工作簿" in _import(base, docx).message
    cli = run_cli("import", str(fake), "--root", str(base))
    assert cli.code == 1 and cli.out.startswith("fake.xlsx: [xlsx-file]")


def test_password_protected(base, tmp_path) -> None:
    found = _import(base, encrypted_container(tmp_path / "secret.xlsx"))
    assert found.rule == "xlsx-file" and "打开密码" in found.message


def test_corrupt_workbook(base, tmp_path) -> None:
    good = tmp_path / "good.xlsx"
    export_xlsx(base, "implementation", good)
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "已损坏" in _import(base, truncated).message
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, b"<not xml" if info.filename == "xl/workbook.xml" else data)
    assert "已损坏" in _import(base, broken).message


def test_zip_bomb_is_refused_before_opening(base, tmp_path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(20):
                f.write(chunk)
    assert bomb.stat().st_size < 100_000
    found = _import(base, bomb)
    assert "压缩比异常" in found.message and "压缩炸弹" in found.message
    big = tmp_path / "big.xlsx"
    export_xlsx(base, "implementation", big)
    found = _import(base, big, limits=Limits(max_uncompressed=10_000))
    assert "解压后过大" in found.message


def test_merged_cells_and_formulas(base, tmp_path) -> None:
    path, wb, ws = _opened(base, tmp_path)
    ws.merge_cells("B2:B3")
    hours = column_of(ws, "办理时间")
    ws[f"{hours}2"] = '=CONCAT("工作日", "9:00")'
    wb.save(path)
    before = tree(base)
    result = import_workbook(base, path)
    rendered = [i.render() for i in result.issues]
    assert any(r.startswith("impl.xlsx!实施清单!B2:B3: [xlsx-merged]") for r in rendered), rendered
    assert any(r.startswith(f"impl.xlsx!实施清单!{hours}2: [xlsx-formula]") and "选择性粘贴" in r for r in rendered), rendered
    assert tree(base) == before


def test_dates_full_width_digits_spaces_and_zero_width(base, tmp_path) -> None:
    path, wb, ws = _opened(base, tmp_path)
    row = _row(ws)
    ws[f"{column_of(ws, '计划生效日期')}{row}"] = "2024/3/5"
    ws[f"{column_of(ws, '到办事现场次数')}{row}"] = "０"
    ws[f"{column_of(ws, '事项名称')}{row}"] = "食品经营许可\u200b "
    ws[f"{column_of(ws, '咨询方式-电话')}{row}"] = "０３１１－８６０００００１"
    wb.save(path)
    result = import_workbook(base, path)
    assert not result.errors, [i.render() for i in result.issues]
    warned = {i.cell: i.message for i in result.issues if i.rule == "xlsx-cleaned"}
    assert "文本日期“2024/3/5”改为了 2024-03-05" in warned[f"{column_of(ws, '计划生效日期')}{row}"]
    assert "全角" in warned[f"{column_of(ws, '到办事现场次数')}{row}"]
    assert "零宽字符" in warned[f"{column_of(ws, '事项名称')}{row}"] and "首尾空格" in warned[f"{column_of(ws, '事项名称')}{row}"]
    data = records(base)[ENTRY]
    assert data["effective_date"] == "2024-03-05" and data["name"] == "食品经营许可"
    assert data["consultation"]["phone"] == "0311-86000001" and data["visits"] == 0


def test_unreadable_values(base, tmp_path) -> None:
    path, wb, ws = _opened(base, tmp_path)
    row = _row(ws)
    date, code = f"{column_of(ws, '计划生效日期')}{row}", f"{column_of(ws, '基本编码')}{row}"
    ws[date] = "明年春天"
    ws[code] = 10001000000  # Excel turned the code into a number
    wb.save(path)
    result = import_workbook(base, path)
    messages = {i.cell: i.message for i in result.errors}
    assert "YYYY-MM-DD" in messages[date]
    assert "开头的 0 已经丢失" in messages[code]
    assert not result.written


def test_unknown_sheet_header_and_department(base, tmp_path) -> None:
    path, wb, ws = _opened(base, tmp_path)
    ws["A2"] = "no-such-dept"
    ws.cell(1, ws.max_column + 1, "备注")
    wb.save(path)
    result = import_workbook(base, path)
    rules = {(i.rule, i.cell) for i in result.errors}
    assert ("xlsx-department", "A2") in rules
    assert any(r == "xlsx-sheet" for r, _ in rules)


def test_inherited_columns_cannot_be_changed(base, tmp_path) -> None:
    path, wb, ws = _opened(base, tmp_path)
    ws[f"{column_of(ws, '事项类型')}2"] = "行政确认"
    wb.save(path)
    result = import_workbook(base, path)
    assert [i.rule for i in result.errors] == ["xlsx-inherited"]
    assert "继承自目录清单" in result.errors[0].message


def test_region_directory_exports_reimport_unchanged(sample, tmp_path) -> None:
    """The derived column 本区域实施机关 of a region's list is ignored like every grey column."""
    before = tree(sample)
    for region in ("130000", "130100", "130123"):
        path = tmp_path / f"directory-{region}.xlsx"
        export_xlsx(sample, "directory", path, region=region)
        headers = [c.value for c in openpyxl.load_workbook(path)["目录清单"][1]]
        assert "本区域实施机关" in headers
        result = import_workbook(sample, path)
        assert not result.issues and not result.written and result.unchanged, (region, [i.render() for i in result.issues][:3])
    assert tree(sample) == before


def test_value_in_column_without_header_is_reported(base, tmp_path) -> None:
    path, wb, ws = _opened(base, tmp_path)
    far = ws.max_column + 2
    ws.cell(2, far, "请加急")
    wb.save(path)
    result = import_workbook(base, path)
    assert [(i.rule, i.cell) for i in result.errors] == [("xlsx-sheet", f"{column_letter(far)}2")]
    assert "没有表头" in result.errors[0].message and "请加急" in result.errors[0].message
    assert not result.written


def column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def test_partial_imports_valid_records_despite_unknown_departments_and_orphans(base, tmp_path) -> None:
    path, wb, ws = _opened(base, tmp_path)
    ws[f"{column_of(ws, '办理时间')}{_row(ws)}"] = "全天"
    extra = ws.max_row + 1
    for col in range(1, ws.max_column + 1):  # a copy of a good row under a department that does not exist
        ws.cell(extra, col, ws.cell(_row(ws), col).value)
    ws.cell(extra, 1, "no-such-dept")
    materials = wb["申请材料"]
    orphan = materials.max_row + 1
    for col in range(1, materials.max_column + 1):
        materials.cell(orphan, col, materials.cell(2, col).value)
    materials[f"{column_of(materials, '基本编码')}{orphan}"] = "000114001000"  # no such entry
    wb.save(path)
    assert run_cli("import", str(path), "--root", str(base)).code == 1
    result = run_cli("import", str(path), "--root", str(base), "--partial")
    assert result.code == 1
    assert f"impl.xlsx!实施清单!A{extra}: [xlsx-department]" in result.out
    assert f"impl.xlsx!申请材料!A{orphan}: [xlsx-orphan]" in result.out
    assert f"impl.xlsx!实施清单!A{extra}: [xlsx-not-written]" in result.out
    assert "hours: 全天" in (base / ENTRY).read_text("utf-8")
    assert "2 行没有对应到可写入的记录，未导入" in result.out


def test_partial_leaves_out_a_record_whose_detail_row_cannot_be_attached(base, tmp_path) -> None:
    """A material row with a mistyped department would be dropped from its
    entry's list: the entry is not written rather than written short."""
    path, wb, ws = _opened(base, tmp_path)
    ws[f"{column_of(ws, '办理时间')}{_row(ws)}"] = "全天"
    materials = wb["申请材料"]
    first = next(c.row for c in materials["A"][1:] if c.value == "sjz-scjgj")
    materials[f"A{first}"] = "sjz-scjgi"
    wb.save(path)
    result = import_workbook(base, path, partial=True)
    assert ENTRY in result.skipped and not result.written
    assert "hours: 全天" not in (base / ENTRY).read_text("utf-8")


# --- messages -----------------------------------------------------------------------


def _typed_in_directory(base: Path, tmp_path: Path, header: str, value: str):
    """Import a directory export with ``value`` typed in row 2 of column ``header``: (that cell, the result)."""
    path, wb, ws = _opened(base, tmp_path, "directory")
    cell = f"{column_of(ws, header)}2"
    ws[cell] = value
    wb.save(path)
    return cell, import_workbook(base, path)


def test_out_of_scope_type_is_explained(base, tmp_path) -> None:
    cell, result = _typed_in_directory(base, tmp_path, "事项类型", "行政处罚")
    assert [(i.rule, i.cell) for i in result.errors] == [("xlsx-scope", cell)]
    assert "只收录依申请办理的事项" in result.errors[0].message


def test_level_suggestion_and_chinese_title(base, tmp_path) -> None:
    cell, result = _typed_in_directory(base, tmp_path, "行使层级", "省级、区级")
    assert [(i.rule, i.cell) for i in result.errors] == [("xlsx-value", cell)]
    message = result.errors[0].message
    assert message.startswith("行使层级的值“区级”不在可选范围内") and "是否想写“县级”" in message and "levels" not in message


def test_missing_legal_basis_points_at_its_sheet(base, tmp_path) -> None:
    path, wb, ws = _opened(base, tmp_path, "directory")
    code = ws[f"{column_of(ws, '基本编码')}2"].value
    sheet = wb["设定依据"]
    for r in range(sheet.max_row, 1, -1):
        if sheet.cell(r, 1).value == code:
            sheet.delete_rows(r)
    wb.save(path)
    result = import_workbook(base, path)
    assert [(i.sheet, i.rule) for i in result.errors] == [("设定依据", "legal-basis")]
    message = result.errors[0].message
    assert message.startswith(f"缺少设定依据：请在“设定依据”表中为本事项（{code}）至少填写一行") and "legal_basis" not in message
    assert result.errors[0].render().startswith("dir.xlsx!设定依据: [legal-basis]")


def test_code_typed_as_number() -> None:
    from zwfw.excel import columns as C
    from zwfw.excel.parse import parse

    column = C.entry_tables()[0].column("item")
    assert column.pattern
    kept = parse(column, 131031001000)
    assert kept.value == "131031001000" and not kept.error and "按文本读取" in kept.notes[0]
    lost = parse(column, 10001000000)
    assert "开头的 0 已经丢失" in lost.error
    wrong = parse(column, 12345)
    assert "格式也不对" in wrong.error and "0 已经丢失" not in wrong.error


def test_leading_tab_and_cr_survive_a_round_trip(base, tmp_path) -> None:
    target = base / ENTRY
    text = target.read_text("utf-8")
    data = records(base)[ENTRY]
    for key, value in (("hours", "\t=SUM(1) 工作日"), ("location", "\r@石家庄市")):
        text = text.replace(f"{key}: {data[key]}", f'{key}: "{value.encode("unicode_escape").decode()}"')
    target.write_text(text, "utf-8")
    assert records(base)[ENTRY]["hours"].startswith("\t")
    path = tmp_path / "impl.xlsx"
    export_xlsx(base, "implementation", path)
    result = import_workbook(base, path)
    assert not result.written, [i.render() for i in result.issues]
    assert records(base)[ENTRY]["hours"] == "\t=SUM(1) 工作日" and records(base)[ENTRY]["location"] == "\r@石家庄市"

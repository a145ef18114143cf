"""zwfw export: every export opens in LibreOffice with the catalog's headers and
row counts; readable layout; formula injection impossible in XLSX and CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from conftest import BASE, REPO, run_cli
from excel_helpers import FIXTURES, context, export_xlsx, office_csv
from zwfw import layout
from zwfw.excel import book, export, tables

INJECTION = '=HYPERLINK("http://x","y")'


def expected_rows(root: Path) -> dict[str, dict[str, int]]:
    """Row counts per sheet, counted straight from the records."""
    ctx = context(root)
    items = ctx.of(layout.ITEM)
    entries = ctx.of(layout.ENTRY)
    n = lambda records, *path: sum(len(tables.get_path(r.data, path) or []) for r in records)  # noqa: E731
    by_source = lambda s: [r for r in items if r.data["source"] == s]  # noqa: E731
    return {
        "directory": {"目录清单": len(items), "设定依据": n(items, "legal_basis")},
        "implementation": {"实施清单": len(entries), "申请材料": n(entries, "materials"), "办理流程": n(entries, "steps"),
                           "收费项目": n(entries, "fee", "items"), "特别程序": n(entries, "special_procedures"),
                           "业务办理项": n(entries, "handling_items"), "常见问题": n(entries, "faq")},
        "attachment1": {"核对表": len(by_source("国家基本目录"))},
        "attachment3": {"省级特设事项": len(by_source("省级特设")), "设定依据": n(by_source("省级特设"), "legal_basis")},
        "attachment4": {"公共服务事项": len(by_source("公共服务")), "设定依据": n(by_source("公共服务"), "legal_basis")},
    }


@pytest.fixture(scope="module")
def office_exports(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("office")
    converted = {}
    for target in ("directory", "implementation", "attachment1", "attachment3", "attachment4"):
        xlsx = out / f"{target}.xlsx"
        built = export_xlsx(REPO, target, xlsx)
        converted[target] = (built, office_csv(xlsx, out / target))
    return converted


@pytest.mark.parametrize("target", ["directory", "implementation", "attachment1", "attachment3", "attachment4"])
def test_export_opens_in_libreoffice_with_catalog_counts(office_exports, target) -> None:
    built, sheets = office_exports[target]
    want = expected_rows(REPO)[target]
    assert book.COVER_SHEET in sheets
    for rows in built.tables:
        name = rows.table.name
        assert name in sheets, f"LibreOffice did not read sheet {name}"
        header, *data = sheets[name]
        assert header == [c.header for c in rows.table.columns]
        assert len(data) == want[name], f"{target}/{name}: {len(data)} rows, catalog has {want[name]}"
    assert set(want) == {t.table.name for t in built.tables}


def test_export_values_match_records(office_exports) -> None:
    built, sheets = office_exports["implementation"]
    ctx = context(REPO)
    first = ctx.of(layout.ENTRY)[0]
    header, row = sheets["实施清单"][0], sheets["实施清单"][1]
    values = dict(zip(header, row))
    assert values["基本编码"] == first.data["item"]
    assert values["实施机关（部门标识）"] == first.department
    assert values["承诺办结时限-时限数值"] == str(first.data["promised_time_limit"]["value"])
    assert values["实施编码"] == tables.implementation_code(ctx, first)


def test_readable_layout_and_cover(tmp_path) -> None:
    xlsx = tmp_path / "impl.xlsx"
    export_xlsx(REPO, "implementation", xlsx, region="130000")
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames[0] == book.COVER_SHEET
    cover = {r[0]: r[1] for r in wb[book.COVER_SHEET].iter_rows(min_row=2, values_only=True)}
    assert cover["区域"] == "河北省（130000）"
    assert cover["生成日期"] == "2024-01-01"
    assert cover["目录版本"]  # a commit id here (the repository is under git)
    ws = wb["实施清单"]
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref.startswith("A1:")
    assert ws["A2"].alignment.wrap_text
    assert ws.column_dimensions["B"].width >= 14


def test_cover_without_git(tmp_path, base) -> None:
    assert book.catalog_revision(base) == book.UNVERSIONED


def test_formula_text_stays_text_in_xlsx_and_csv(sample, tmp_path) -> None:
    item = next(sample.glob("items/130000-hebei/hb-scjgj/catalog/000131002000.yaml"))
    item.write_text(item.read_text("utf-8").replace("\nname: 食品生产许可\n", f"\nname: '{INJECTION}'\n"), "utf-8")
    entry = sample / "items/130000-hebei/hb-scjgj/entries/000131002000.yaml"
    entry.write_text(entry.read_text("utf-8").replace("\nname: 食品生产许可\n", f"\nname: '{INJECTION}'\n"), "utf-8")
    xlsx = tmp_path / "dir.xlsx"
    export_xlsx(sample, "directory", xlsx)
    ws = openpyxl.load_workbook(xlsx)["目录清单"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == INJECTION)
    assert cell.data_type == "s" and cell.quotePrefix
    result = run_cli("export", "csv", "implementation", "--root", str(sample), "-o", str(tmp_path / "csv"))
    assert result.code == 0, result.err
    raw = (tmp_path / "csv" / "implementation-实施清单.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert "'" + INJECTION in [v for row in rows for v in row]
    assert INJECTION not in [v for row in rows for v in row]


def test_formula_text_in_libreoffice(sample, tmp_path) -> None:
    item = sample / "items/130000-hebei/hb-scjgj/catalog/000131002000.yaml"
    item.write_text(item.read_text("utf-8").replace("\nname: 食品生产许可\n", f"\nname: '{INJECTION}'\n"), "utf-8")
    xlsx = tmp_path / "dir.xlsx"
    export_xlsx(sample, "directory", xlsx)
    sheets = office_csv(xlsx, tmp_path / "lo")
    assert INJECTION in [v for row in sheets["目录清单"] for v in row]  # the text, not "y" (the formula's result)


def test_directory_of_a_region_is_the_three_level_view() -> None:
    ctx = context(REPO)
    city = export.directory_records(ctx, "130600")
    assert city and all({"市级", "县级"} & set(r.data["levels"]) for r in city)
    assert not any(r.data["source"] == "市级地区性" and r.region not in ("130600",) for r in city)
    province = export.directory_records(ctx, "130000")
    assert all(r.region == "130000" for r in province)


def test_golden_csv(tmp_path, golden) -> None:
    """Rendered output of the small fixture catalog, compared with committed golden files
    (regenerate: python -m pytest --update-goldens)."""
    for target in ("directory", "implementation"):
        out = tmp_path / target
        result = run_cli("export", "csv", target, "--root", str(BASE), "-o", str(out))
        assert result.code == 0, result.err
        for path in sorted(out.glob("*.csv")):
            golden.check(FIXTURES / "golden" / path.name, path.read_bytes())


def test_cli_usage_errors(tmp_path) -> None:
    assert run_cli("export", "xlsx", "attachment2", "--root", str(REPO), "-o", str(tmp_path / "a.xlsx")).code == 2
    assert run_cli("export", "xlsx", "directory", "--root", str(REPO), "--region", "999999").code == 2
    bad = run_cli("export", "xlsx", "nonsense")
    assert bad.code == 2


def test_plain_cells_keep_formulas_out() -> None:
    """The unstyled fast path (site downloads) still writes risky text as text."""
    from openpyxl import Workbook, load_workbook

    from zwfw.excel import book

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("t")
    ws.append(book.plain_cells(ws, ['=HYPERLINK("http://x","y")', "+1", "普通文本", 7, None]))
    path = Path(__import__("tempfile").mkdtemp()) / "p.xlsx"
    wb.save(path)
    row = [c for c in next(load_workbook(path)["t"].iter_rows())]
    assert row[0].data_type == "s" and row[0].value == '=HYPERLINK("http://x","y")'
    assert row[1].data_type == "s" and row[2].value == "普通文本" and row[3].value == 7

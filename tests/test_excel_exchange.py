"""zwfw export/import exchange: the national data-exchange tables, derived from
the field list and the schemas; the sample's export fills every required
column, and export → import gives the same records."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from conftest import REPO, run_cli
from excel_helpers import context, tree
from zwfw import layout
from zwfw.excel import exchange_fields as X
from zwfw.excel import exchange_out
from zwfw.excel.exchange_in import import_exchange


def test_numeric_codes_and_task_code() -> None:
    ctx = context(REPO)
    tables = {t.name: t for t in exchange_out.build(ctx)}
    basic = tables[X.BASIC]
    at = {f.column: i for i, f in enumerate(basic.fields)}
    _, entries = exchange_out.exchanged(ctx)
    from zwfw.excel.tables import implementation_code

    assert [r[at["task_code"]] for r in basic.rows] == [implementation_code(ctx, e) for e in entries]
    for row in basic.rows:
        assert row[at["task_type"]] in ("01", "05", "07", "08", "09", "10")
        assert all(p in "1234569" for p in row[at["server_type"]].split(","))
        assert row[at["project_type"]] in ("1", "2") and row[at["is_fee"]] in ("1", "0")


def _export(root: Path, out: Path, fmt: str) -> Path:
    result = run_cli("export", fmt, "exchange", "-o", str(out), "--root", str(root))
    assert result.code == 0, result.err
    return out


def _required() -> dict[str, list[str]]:
    """Table → its NOT NULL columns, read from the national field list itself."""
    text = resources.files("zwfw.data").joinpath("national_exchange_fields.csv").read_text("utf-8")
    out: dict[str, list[str]] = {}
    for r in csv.DictReader(text.splitlines()):
        out.setdefault(r["table"], []).extend([r["column"]] if r["required"] == "yes" else [])
    return out


def test_sample_export_fills_every_required_column(tmp_path) -> None:
    """Every in-scope item and entry of the sample has its rows, and no NOT NULL column of any row is empty."""
    items, entries = exchange_out.exchanged(context(REPO))
    assert len(items) > 50 and len(entries) > 200
    out = _export(REPO, tmp_path / "csv", "csv")
    required = _required()
    assert set(required) == set(X.TABLES) and all(required[t] for t in (X.DIRECTORY, X.BASIC, X.EXTEND, X.MATERIAL))
    counts = {}
    empty = []
    for table in X.TABLES:
        header, *rows = _rows(out / f"{table}.csv")
        assert set(required[table]) <= set(header), table
        counts[table] = len(rows)
        at = {c: i for i, c in enumerate(header)}
        empty += [(f"{table}.csv!{n}", column) for n, row in enumerate(rows, 2) for column in required[table] if not row[at[column]].strip()]
    assert (counts[X.DIRECTORY], counts[X.BASIC], counts[X.EXTEND]) == (len(items), len(entries), len(entries))
    assert counts[X.MATERIAL] == sum(len(e.data.get("materials") or []) for e in entries)
    assert not empty, f"{len(empty)} required cells empty: {empty[:10]}"


def test_every_column_of_the_field_list_is_accounted_for_once() -> None:
    """A column is filled by a field (found by its schema title, by hand only where the
    label differs), derived, or declared not held; no required column is not held."""
    for table in X.TABLES:
        filled = X.mapping(table)
        for f in X.table_fields(table):
            ways = (f.column in filled, f.column in X.DERIVED and f.column not in filled, f.column in X.NOT_HELD)
            assert sum(ways) == 1, (table, f.column, f.label, ways)
            assert not (f.required and f.column in X.NOT_HELD), (table, f.column)


def test_columns_are_mapped_by_hand_only_where_the_label_is_not_the_title() -> None:
    for (table, column), path in X.BY_PATH.items():
        assert X.by_title(table).get(column) != path or column in X.DERIVED, f"{table}.{column}: its label is already the title of {path}"


def test_round_trip_csv_and_xlsx(sample, tmp_path) -> None:
    before = tree(sample)
    for fmt in ("csv", "xlsx"):
        out = _export(sample, tmp_path / fmt, fmt)
        assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.{fmt}" for t in X.TABLES)
        result = import_exchange(sample, [out])
        assert not result.issues and not result.written, [i.render() for i in result.issues][:5]
        assert len(result.unchanged) > 200
    assert tree(sample) == before


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)


def test_changed_value_lands_and_bad_value_is_placed(sample, tmp_path) -> None:
    out = _export(sample, tmp_path / "x", "csv")
    rows = _rows(out / f"{X.BASIC}.csv")
    col = {c: i for i, c in enumerate(rows[0])}
    rows[1][col["transact_time"]] = "工作日 9:00-17:00"
    _write(out / f"{X.BASIC}.csv", rows)
    result = run_cli("import", "exchange", str(out), "--root", str(sample))
    assert result.code == 0, result.out
    assert "工作日 9:00-17:00" in result.out or result.out.count("更新") >= 1
    changed = [r for r in context(sample).of(layout.ENTRY) if r.data.get("hours") == "工作日 9:00-17:00"]
    assert len(changed) == 1
    rows[2][col["power_source"]] = "9"
    _write(out / f"{X.BASIC}.csv", rows)
    result = run_cli("import", "exchange", str(out), "--root", str(sample))
    assert result.code == 1 and f"{X.BASIC}.csv!3!power_source: [enum]" in result.out, result.out


def test_a_missing_entry_is_created_from_the_tables(sample, tmp_path) -> None:
    out = _export(sample, tmp_path / "x", "csv")
    _, entries = exchange_out.exchanged(context(sample))
    held = {path[0] for path in X.mapping(X.MATERIAL).values()} | {"ref", "name"}
    target = next(e for e in entries if (e.data.get("fee") or {}).get("charged") is False  # every material field is in the tables
                  and all(set(m) <= held for m in e.data.get("materials") or []) and e.data.get("materials")
                  and not any((e.data.get("express") or {}).values()))  # is_express 是 does not say materials or results
    before = target.data
    (sample / target.file).unlink()
    result = import_exchange(sample, [out])
    assert result.created == [target.file], [i.render() for i in result.issues][:5]
    again = next(r for r in context(sample).of(layout.ENTRY) if r.file == target.file).data
    for key in ("power_source", "audience", "case_type", "promised_time_limit", "location", "hours", "visits", "channels"):
        assert again.get(key) == before.get(key), key
    assert run_cli("validate", "--root", str(sample)).code == 0


def test_sample_export_fits_the_column_lengths_and_an_overlong_value_is_reported(tmp_path) -> None:
    """The field list's varchar(N) limits hold for the sample; a longer value is named by table, row and column."""
    ctx = context(REPO)
    tables = exchange_out.build(ctx)
    assert exchange_out.overlong(tables) == []
    basic = next(t for t in tables if t.name == X.BASIC)
    at = [f.column for f in basic.fields].index("by_law")
    basic.rows[1][at] = "《条例》" * 100
    (found,) = exchange_out.overlong(tables)
    assert found.rule == "exchange-length" and found.render().startswith("up_task_general_basic.csv!3!by_law: [exchange-length] 设定依据（by_law）有 400 个字符，超过")


def test_by_law_holds_citations_only() -> None:
    ctx = context(REPO)
    tables = {t.name: t for t in exchange_out.build(ctx)}
    directory = tables[X.DIRECTORY]
    at = [f.column for f in directory.fields].index("by_law")
    assert all("：" not in row[at] and row[at].startswith("《") for row in directory.rows)

"""The sample catalog shipped in ``items/`` and ``libraries/``: its shape, and the
acceptance checks on copies of it (remove a legal basis, rename an entry,
point a city entry at a county-only item)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_cli
from zwfw import codes, layout
from zwfw.catalog import expected_schema_comment
from zwfw.validate import validate


@pytest.fixture(scope="module")
def result():
    return validate(REPO)


def test_sample_validates_clean(result) -> None:
    assert [f"{p.file}: [{p.rule}] {p.message}" for p in result.problems] == []


def test_sample_shape(result) -> None:
    cat = result.catalog
    items, entries = cat.of(layout.ITEM), cat.of(layout.ENTRY)
    assert len(items) >= 60 and len(entries) >= 200
    assert {r.data["type"] for r in items} == set(codes.IN_SCOPE_TYPES)
    province_owners = {r.department for r in items if r.region == "130000"}
    assert len(province_owners) >= 10
    regions = {r.data["code"]: r.data for r in cat.of(layout.REGION)}
    assert {"130000", "130100", "130123", "130682"} <= set(regions)
    assert any(c.startswith("1301") and regions[c]["name"].endswith("区") for c in regions), "a district of 石家庄"
    assert len([c for c, d in regions.items() if d["level"] == "city"]) >= 2
    assert regions["130682"].get("province_administered") is True
    assert all(d.get("sample_data") is True for d in regions.values()), "local details are marked as sample data"
    implemented_in = Counter(r.region for r in entries)
    assert set(implemented_in) >= {"130000", "130100", "130123", "130682"}
    for r in items:
        if r.data["type"] != codes.PUBLIC_SERVICE:
            assert all(b.get("law", "").startswith("《") and b.get("article") for b in r.data["legal_basis"]), r.file
    refs = {m.get("ref") for r in entries for m in r.data["materials"]}
    assert len(refs - {None}) >= 10, "materials are drawn from the standard library"


def _rewrite(path: Path, kind: str, data: dict, root: Path) -> None:
    rel = path.relative_to(root).as_posix()
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(f"# yaml-language-server: $schema={expected_schema_comment(rel, kind)}\n{body}", "utf-8")


def _rules(root: Path) -> Counter:
    out = run_cli("validate", "--quiet", "--format", "json", "--root", str(root))
    import json

    return Counter(p["rule"] for p in json.loads(out.out)["problems"])


def test_removing_a_legal_basis(sample: Path, result) -> None:
    item = next(r for r in result.catalog.of(layout.ITEM) if r.data["type"] == "行政许可" and r.data["source"] == "国家基本目录")
    data = dict(item.data)
    del data["legal_basis"]
    _rewrite(sample / item.file, layout.ITEM, data, sample)
    assert _rules(sample) == Counter({"legal-basis": 1})


def test_changing_an_entry_name(sample: Path, result) -> None:
    entry = result.catalog.of(layout.ENTRY)[0]
    data = {**entry.data, "name": entry.data.get("name", "") + "（本地版）"}
    _rewrite(sample / entry.file, layout.ENTRY, data, sample)
    assert _rules(sample) == Counter({"same-four": 1})


def test_city_entry_for_a_county_only_item(sample: Path, result) -> None:
    cat = result.catalog
    county_only = next(r for r in cat.of(layout.ITEM) if r.data["levels"] == ["县级"])
    city_entry = next(r for r in cat.of(layout.ENTRY) if cat.index(layout.REGION, "code")[r.region].data["level"] == "city"
                      and not (sample / r.file).with_name(f"{county_only.data['code']}.yaml").exists())
    target = (sample / city_entry.file).with_name(f"{county_only.data['code']}.yaml")
    data = {**city_entry.data, "item": county_only.data["code"], "name": county_only.data["name"]}
    _rewrite(target, layout.ENTRY, data, sample)
    assert _rules(sample) == Counter({"level-mismatch": 1})


def test_every_code_of_the_sample_decodes_into_its_record(result) -> None:
    """Basic codes: type, national/Hebei prefix, department table, main/sub-item;
    implementation codes: credit code, level digit of the implementing body, basic code."""
    cat = result.catalog
    table = codes.department_codes()
    items = {r.data["code"]: r for r in cat.of(layout.ITEM)}
    for code, r in items.items():
        c = codes.decode_basic(code)
        assert c.type == codes.ITEM_TYPE_CODES[r.data["type"]], r.file
        assert c.is_national == (r.data["source"] == "国家基本目录"), r.file
        assert c.prefix in (codes.NATIONAL_PREFIX, codes.PROVINCE_PREFIX), r.file
        assert c.department in table, r.file
        if r.data.get("hierarchy", "主项") == "主项":
            assert c.is_main, r.file
        else:
            assert not c.is_main and c.main_code == r.data["main_item"] and r.data["main_item"] in items, r.file
    regions = {r.data["code"]: r.data for r in cat.of(layout.REGION)}
    departments = {r.department: r.data for r in cat.of(layout.DEPARTMENT)}
    levels = {"province": "2", "city": "3", "county": "4"}
    digits_seen = set()
    for r in cat.of(layout.ENTRY):
        dept = departments[r.department]
        region = regions[r.region]
        impl = codes.entry_implementation_code(dept, region["level"], r.data["item"])
        decoded = codes.decode_implementation(impl)
        assert decoded.credit_code == dept["credit_code"], r.file
        want = codes.LEVEL_DIGITS[dept["level"]] if "level" in dept else levels[region["level"]]
        assert decoded.level_digit == want, r.file
        item = items[str(decoded.basic)]
        assert codes.LEVEL_DIGITS[codes.body_level(region["level"], dept)] in {codes.LEVEL_DIGITS[lv] for lv in item.data["levels"]} or region.get("province_administered"), r.file
        digits_seen.add(decoded.level_digit)
    assert {"2", "3", "4", "5"} <= digits_seen, "the sample has provincial, city, county and town implementing bodies"


def test_public_fund_centres_are_public_institutions(result) -> None:
    centres = [r for r in result.catalog.of(layout.DEPARTMENT) if "住房公积金管理中心" in r.data["name"]]
    assert centres and all(r.data["credit_code"].startswith("12") and r.data["organ_type"] == "事业单位" for r in centres)

"""Code rules: GB 32100 check digits on real vectors, derivation and allocation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from zwfw import codes

VECTORS = list(csv.DictReader((Path(__file__).parent / "data" / "code_test_vectors.csv").open(encoding="utf-8")))
CREDIT = [v for v in VECTORS if v["kind"] == "credit_code"]


@pytest.mark.parametrize("vector", CREDIT, ids=[v["value"] for v in CREDIT])
def test_credit_code_vectors(vector: dict) -> None:
    problem = codes.credit_code_problem(vector["value"])
    assert (problem is None) == (vector["expected"] == "valid"), problem


def test_credit_code_single_change_is_caught() -> None:
    good = CREDIT[0]["value"]
    for i in range(17):
        replacement = "1" if good[i] != "1" else "2"
        assert codes.credit_code_problem(good[:i] + replacement + good[i + 1 :]) is not None


def test_credit_code_rejects_letters_outside_charset() -> None:
    assert "不允许的字符" in codes.credit_code_problem("11130000MB0000001I")


def test_make_credit_code_round_trip() -> None:
    code = codes.make_credit_code("11130100MB0000002")
    assert codes.credit_code_problem(code) is None


def test_implementation_code_is_derived() -> None:
    code = codes.implementation_code("11130123MB0000003W", "4", "000131001000")
    assert code == "11130123MB0000003W4000131001000"
    assert len(code) == 31
    decoded = codes.decode_implementation(code)
    assert (decoded.credit_code, decoded.level_digit, str(decoded.basic)) == ("11130123MB0000003W", "4", "000131001000")
    with pytest.raises(ValueError):
        codes.implementation_code("11130123MB0000003W", "0", "000131001000")


def test_real_codes_decode() -> None:
    national = codes.decode_basic("000131035000")
    assert (national.prefix, national.type, national.department, national.main, national.sub) == ("00", "01", "31", "035", "000")
    assert national.is_national and national.is_main
    sub = codes.decode_basic("512036001001")
    assert not sub.is_main and sub.main_code == "512036001000" and sub.department in codes.department_codes()
    assert codes.decode_basic("210973001000").department == "73"


def test_body_level_and_override() -> None:
    assert codes.body_level("county", {}) == "县级"
    assert codes.body_level("county", {"level": "市级"}) == "市级"
    assert codes.body_level("county", {"level": "乡(镇、街道)级"}) == "乡(镇、街道)级"
    dept = {"credit_code": "11130682MB0000001X", "level": "市级"}
    assert codes.entry_implementation_code(dept, "county", "000131001000")[18] == "3"
    assert codes.entry_implementation_code({"credit_code": "11130682MB0000001X"}, "county", "000131001000")[18] == "4"


def test_handling_item_code() -> None:
    assert codes.handling_item_code("000131001000", "02") == "00013100100002"
    for bad in ("00", "1", "a1"):
        with pytest.raises(ValueError):
            codes.handling_item_code("000131001000", bad)


def test_next_basic_code() -> None:
    taken = {"130131001000", "130131002000", "132014001000"}
    assert codes.next_basic_code("行政许可", "31", taken) == "130131003000"
    assert codes.next_basic_code("行政给付", "11", taken) == "130511001000"
    assert codes.next_basic_code("行政许可", "31", taken | {"130131001001"}, main_item="130131001000") == "130131001002"
    assert codes.next_basic_code("公共服务", "14", taken) == "132014002000"
    assert codes.next_basic_code("行政许可", "31", taken, prefix="00") == "000131001000"
    with pytest.raises(ValueError):
        codes.next_basic_code("行政许可", "98", taken)


def test_department_table_has_provenance() -> None:
    table = codes.department_codes()
    assert {"31", "36", "73", "99"} <= set(table)
    assert all(d.provenance and d.certainty in ("high", "medium") for d in table.values())

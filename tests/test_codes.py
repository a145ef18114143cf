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
    code = codes.implementation_code("11130123MB0000003W", "010001000000")
    assert code == "11130123MB0000003W0010001000000"
    assert len(code) <= 36


def test_next_basic_code() -> None:
    taken = {"010001000000", "010002000000", "200001000000"}
    assert codes.next_basic_code("行政许可", taken) == "010003000000"
    assert codes.next_basic_code("行政给付", taken) == "050001000000"
    assert codes.next_basic_code("行政许可", taken | {"010001001000"}, main_item="010001000000") == "010001002000"
    assert codes.BASIC_CODE_RE.match(codes.next_basic_code("公共服务", taken))

"""The loader: fast path equals PyYAML's safe loader; strictness; positions."""

from __future__ import annotations

import pytest
import yaml

from zwfw import yamlio

DOC = """\
# comment
code: "000131001000"
n: 12
ok: true
none:
date: 2024-01-01
list: [a, b, {c: 1.5}]
nested:
  deep: [1, 2]
"""


def test_fast_path_matches_safe_loader_except_dates() -> None:
    expected = yaml.safe_load(DOC)
    expected["date"] = "2024-01-01"
    assert yamlio.load(DOC) == expected



@pytest.mark.parametrize(
    "text, rule",
    [
        ("a: 1\na: 2\n", "duplicate-key"),
        ("a: &x [1]\nb: *x\n", "yaml-alias"),
        ("base: &b {x: 1}\nc:\n  <<: *b\n", "yaml-alias"),
        ("a:\n\t- b\n", "yaml-tab"),
        ("a: [1, 2\n", "yaml-syntax"),
        ("a: !custom {x: 1}\n", "yaml-syntax"),
        ("a: !!python/object:os.system x\n", "yaml-syntax"),
        ("? [a]\n: b\n", "yaml-syntax"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "yaml-syntax"),
    ],
)
def test_bad_yaml_is_a_read_error(text: str, rule: str) -> None:
    with pytest.raises(yamlio.ReadError) as info:
        yamlio.load(text)
    assert info.value.rule == rule
    assert info.value.line >= 1 and info.value.col >= 1


def test_duplicate_key_names_both_lines() -> None:
    with pytest.raises(yamlio.ReadError) as info:
        yamlio.load("x: 1\ny: 2\nx: 3\n")
    assert info.value.line == 3 and "第 1 行" in info.value.message


def test_decode_rejects_bom_non_utf8_and_huge() -> None:
    for raw, rule in ((b"\xef\xbb\xbfa: 1\n", "encoding"), ("a: 中文\n".encode("gbk"), "encoding"),
                      (b"a: 1\n" + b"#" * (yamlio.MAX_BYTES + 1), "file-size"), (b"a: \x00\n", "encoding")):
        with pytest.raises(yamlio.ReadError) as info:
            yamlio.decode(raw)
        assert info.value.rule == rule


def test_gbk_file_is_named() -> None:
    with pytest.raises(yamlio.ReadError) as info:
        yamlio.decode("name: 食品经营许可\n".encode("gbk"))
    assert "GBK" in info.value.message and info.value.line == 1


def test_locate_keys_and_items() -> None:
    text = "a: 1\nb:\n  - x\n  - {c: 2}\n"
    assert yamlio.locate(text, ("b",)) == (2, 1)
    assert yamlio.locate(text, ("b", 1, "c")) == (4, 6)
    assert yamlio.locate(text, ("missing", "deeper")) == (1, 1)
    assert yamlio.scalar_text("a: 010\n", ("a",)) == "010"


def test_dates_stay_text_on_the_strict_path_too() -> None:
    assert yamlio.load("a: &x 2024-01-01\n") == {"a": "2024-01-01"}


def test_repeated_scalars_keep_their_types() -> None:
    text = "a: 1\nb: '1'\nc: true\nd: 1\ne: 1.0\nf: ~\ng: \"true\"\nh: [1, '1', yes, 'yes']\n"
    for _ in range(2):  # the second time every scalar is known
        data = yamlio.load(text)
        assert data == {"a": 1, "b": "1", "c": True, "d": 1, "e": 1.0, "f": None, "g": "true", "h": [1, "1", True, "yes"]}
        assert [type(data[k]) for k in "abcdefg"] == [int, str, bool, int, float, type(None), str]

"""Never a traceback: every field of every record kind replaced by every wrong
shape still gives a clean report with exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import BASE, copy_catalog, run_cli
from zwfw import layout, rules, schemas, yamlio
from zwfw.problems import RULES

#: The rule ids of the schema check (a wrong shape is one of these).
SCHEMA_RULES = ("required", "unknown-field", "enum", "type", "empty", "format", "duplicate-value", "range", "schema")
assert rules and set(SCHEMA_RULES) <= set(RULES)

FILES = {
    "entry": "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/entries/000131001000.yaml",
    "item": "items/130000-hebei/hb-scjgj/catalog/000131001000.yaml",
    "department": "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/department.yaml",
    "region": "items/130000-hebei/130100-shijiazhuang/region.yaml",
    "material": "libraries/materials/business-licence.yaml",
}
WRONG = [None, 7, True, "文本", [1, "x"], {"a": {"b": 1}}]
#: Wrong values that the schema allows, refused by a rule across records: (kind, field) → (file, rule id).
CROSS_RECORD = {
    ("entry", "name"): (FILES["entry"], "same-four"),  # not its item's name (三级四同)
    ("entry", "visits"): (FILES["entry"], "full-online-visits"),  # 7 visits for an item handled fully online
    ("item", "name"): (FILES["entry"], "same-four"),  # its entries still carry the former name
    ("region", "name"): (FILES["region"], "division-code"),  # not the name of its division code
}


def _cases():
    for kind, rel in FILES.items():
        data = yamlio.load((BASE / rel).read_text("utf-8"))
        for key in data:
            yield kind, rel, key


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return copy_catalog(BASE, tmp_path_factory.mktemp("robust") / "catalog")


@pytest.mark.parametrize("kind, rel, key", list(_cases()), ids=[f"{k}.{f}" for k, _, f in _cases()])
def test_every_wrong_shape_is_reported(workdir: Path, kind: str, rel: str, key: str) -> None:
    path = workdir / rel
    original = path.read_text("utf-8")
    comment, data = original.split("\n", 1)[0], yamlio.load(original)
    try:
        for wrong in WRONG:
            if data[key] == wrong:
                continue
            changed = {**data, key: wrong}
            path.write_text(comment + "\n" + yaml.safe_dump(changed, allow_unicode=True, sort_keys=False), "utf-8")
            result = run_cli("validate", "--quiet", "--format", "json", "--root", str(workdir))
            assert result.err == ""
            assert result.code in (0, 1)
            valid = schemas.is_valid(layout.classify(rel).kind, changed)
            if result.code == 0:  # only when the value really is allowed there
                assert valid, (key, wrong)
                continue
            found = [(p["file"], p["rule"], tuple(p["path"][:1])) for p in json.loads(result.out)["problems"]]
            if valid:  # allowed by the schema, refused by a rule across records: the file and rule CROSS_RECORD names
                assert (kind, key) in CROSS_RECORD, f"{kind}.{key} = {wrong!r} is refused by {found}: add it to CROSS_RECORD"
                assert CROSS_RECORD[kind, key] in [(file, rule) for file, rule, _ in found], (key, wrong, found)
            else:  # the wrong value itself: in the changed file, at the field, by the schema
                assert any(p == (rel, rule, (key,)) for p in found for rule in SCHEMA_RULES), (key, wrong, found)
    finally:
        path.write_text(original, "utf-8")

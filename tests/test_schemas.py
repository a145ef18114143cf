"""Schemas are documentation: valid 2020-12, a Chinese title and a description on every property."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator

from zwfw import layout, schemas

HAN = re.compile(r"[\u4e00-\u9fff]")


def _properties(node, where="#"):
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            yield f"{where}/properties/{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}/{i}")


@pytest.mark.parametrize("name", schemas.schema_names())
def test_schema_is_valid_and_documented(name: str) -> None:
    doc = json.loads(schemas.schema_dir().joinpath(name).read_text("utf-8"))
    Draft202012Validator.check_schema(doc)
    assert HAN.search(doc["title"]) and doc.get("description")
    missing = [where for where, prop in _properties(doc) if not (HAN.search(prop.get("title", "")) and prop.get("description"))]
    assert not missing, f"properties without a Chinese title and a description: {missing}"


@pytest.mark.parametrize("kind", layout.KINDS)
def test_every_kind_has_a_bundled_schema(kind: str) -> None:
    bundled = schemas.bundled(kind)
    Draft202012Validator.check_schema(bundled)
    text = json.dumps(bundled)
    assert ".schema.json" not in text, "bundled schemas are self-contained"

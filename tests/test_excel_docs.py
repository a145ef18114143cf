"""Every import-stage rule id is registered and documented in docs/excel.md; modules stay small."""

from __future__ import annotations

import ast
import re

from conftest import REPO
from zwfw.excel.issues import RULES

SOURCE = REPO / "scripts" / "zwfw" / "excel"


def test_every_excel_rule_is_documented() -> None:
    docs = (REPO / "docs" / "excel.md").read_text("utf-8")
    missing = [rule for rule in RULES if f"`{rule}`" not in docs]
    assert not missing, f"rules missing from docs/excel.md: {missing}"


def test_every_reported_excel_rule_is_registered() -> None:
    from zwfw.rules import RULES as CATALOG_RULES

    found = set()
    for path in SOURCE.glob("*.py"):
        found |= set(re.findall(r'"(xlsx-[a-z-]+)"', path.read_text("utf-8")))
        found |= set(re.findall(r'issue\([^)]*?"([a-z][a-z0-9-]+)",', path.read_text("utf-8")))
    assert found and found <= set(RULES) | set(CATALOG_RULES), found - set(RULES) - set(CATALOG_RULES)


def test_small_modules_and_functions() -> None:
    for path in SOURCE.glob("*.py"):
        text = path.read_text("utf-8")
        assert text.count("\n") <= 400, f"{path.name} has more than 400 lines"
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno - node.lineno < 60, f"{path.name}:{node.name} is longer than 60 lines"
        assert "print(" not in text, f"library code prints: {path.name}"

"""Every command has help and a docs section; every rule the code can report is documented."""

from __future__ import annotations

import argparse
import re

import pytest

from conftest import REPO, run_cli
from zwfw.cli import COMMANDS, reference
from zwfw.rules import RULES

SOURCE = REPO / "scripts" / "zwfw"
RULE_LITERAL = re.compile(
    r'(?:error|warning)\(\s*[\w.]+,\s*"([a-z][a-z0-9-]*)"|ReadError\(\s*"([a-z][a-z0-9-]*)"|\(\s*"([a-z][a-z0-9-]*)",\s*(?:path|here)\b'
)


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_command_has_help_and_docs(command) -> None:
    module = command.load()
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    undocumented = [a.dest for a in parser._actions if not a.help]
    assert not undocumented, f"zwfw {command.name}: options without help: {undocumented}"
    assert command.help and module.DESCRIPTION.strip()
    result = run_cli(command.name, "--help")
    assert result.code == 0
    assert module.DESCRIPTION.splitlines()[0] in result.out
    docs = "\n".join(p.read_text("utf-8") for p in (REPO / "docs").rglob("*.md"))
    assert re.search(rf"^## zwfw {command.name}\b", docs, re.M), f"no page in docs/ has a section '## zwfw {command.name}'"


def test_every_rule_is_documented() -> None:
    docs = (REPO / "docs" / "rules.md").read_text("utf-8")
    missing = [rule for rule in RULES if f"`{rule}`" not in docs]
    assert not missing, f"rules missing from docs/rules.md: {missing}"


def test_every_reported_rule_is_registered() -> None:
    found = set()
    for path in SOURCE.rglob("*.py"):
        for match in RULE_LITERAL.finditer(path.read_text("utf-8")):
            found.add(next(g for g in match.groups() if g))
    assert len(found) > 30, "the scan finds the rule ids in the source"
    assert found <= set(RULES), f"rule ids reported but not registered: {found - set(RULES)}"


def test_top_level_help_lists_commands() -> None:
    result = run_cli()
    assert result.code == 2
    full = run_cli("--help")
    for command in COMMANDS:
        assert command.name in full.out and command.help in full.out


def test_cli_reference_is_generated_from_the_parser(golden) -> None:
    page = REPO / "docs" / "cli.md"
    text = page.read_text("utf-8")
    assert reference.BEGIN in text, "docs/cli.md has the generated command reference"
    golden.check(page, reference.splice(text))
    for command in COMMANDS:
        assert f"### zwfw {command.name}\n" in page.read_text("utf-8")

"""The front door: lazy command table, Chinese argparse, clean usage errors (exit 2, no traceback)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from zwfw import cli

HEAVY = ("mkdocs", "material", "pagefind", "openpyxl", "git", "ruamel", "codeowners",
         "zwfw.site", "zwfw.excel", "zwfw.review", "zwfw.reform", "zwfw.libraries")
ENGLISH = ("usage:", "error:", "options:", "positional arguments", "invalid choice", "required", "Traceback")


def imported_by(*argv: str) -> list[str]:
    """The heavy modules a fresh interpreter has imported after running ``zwfw ARGV``."""
    code = (
        "import sys\nfrom zwfw.cli import main\n"
        f"try:\n    main({list(argv)!r})\nexcept SystemExit:\n    pass\n"
        f"heavy = {HEAVY!r}\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith(heavy) and (m in heavy or m.startswith(tuple(h + '.' for h in heavy)))), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    return [line for line in done.stderr.splitlines() if line and not line.startswith(("已读取",))]


@pytest.mark.parametrize("argv", [("--version",), ("--help",), ("validate", "--quiet", "--root", str(REPO))],
                         ids=["version", "help", "validate"])
def test_front_door_imports_nothing_optional(argv) -> None:
    assert imported_by(*argv) == []


def test_every_command_module_is_in_the_table() -> None:
    modules = {p.stem for p in Path(cli.__file__).parent.glob("*.py")
               if "def run(" in p.read_text("utf-8") and not p.stem.startswith("_")}
    assert modules == {c.module or c.name for c in cli.COMMANDS}


def misuse(tmp_path: Path, base: Path) -> dict[str, tuple[str, ...]]:
    root = ("--root", str(base))
    return {
        "site build -o existing file": ("site", "build", *root, "-o", str(REPO / "README.md")),
        "site build -o non-empty folder": ("site", "build", *root, "-o", str(REPO / "docs")),
        "site serve port out of range": ("site", "serve", *root, "--port", "99999"),
        "site serve port not a number": ("site", "serve", *root, "--port", "http"),
        "export xlsx -o folder": ("export", "xlsx", "directory", *root, "-o", str(REPO / "docs")),
        "export csv -o existing file": ("export", "csv", "directory", *root, "-o", str(REPO / "README.md")),
        "export xlsx -o other existing file": ("export", "xlsx", "directory", *root, "-o", str(REPO / "README.md")),
        "export -o into a missing top folder": ("export", "xlsx", "directory", *root, "-o", "/zwfw-no-such-folder/x.xlsx"),
        "export csv -o into a missing top folder": ("export", "csv", "directory", *root, "-o", "/zwfw-no-such-folder/out"),
        "export --date not a date": ("export", "xlsx", "directory", *root, "--date", "notadate"),
        "report --date impossible": ("report", "reform", *root, "--date", "2024-02-30"),
        "template --date not a date": ("template", "xlsx", "items", *root, "--date", "31.12.2024"),
        "reconcile -o existing file": ("reconcile", str(tmp_path / "n.csv"), *root, "-o", str(REPO / "README.md")),
        "diff -o folder": ("diff", "HEAD", "--output", str(tmp_path)),
        "synth into a non-empty folder": ("synth", str(REPO / "docs")),
        "synth --entries zero": ("synth", str(tmp_path / "s"), "--entries", "0"),
        "unknown command": ("nosuch",),
        "invalid choice": ("validate", "--format", "xml"),
        "missing argument": ("export",),
        "unknown option": ("validate", "--no-such-option"),
        "no command": (),
    }


def test_every_misuse_exits_2_in_chinese(tmp_path: Path, base: Path) -> None:
    for name, argv in misuse(tmp_path, base).items():
        result = run_cli(*argv)
        assert result.code == 2, (name, result)
        if argv:  # bare ``zwfw`` prints the help
            assert "zwfw" in result.err and any("\u4e00" <= ch <= "\u9fff" for ch in result.err), (name, result.err)
        assert not any(word in result.err for word in ENGLISH), (name, result.err)
        assert result.out == "", (name, result.out)
    assert not (REPO / "README.md").is_dir() and not Path("/zwfw-no-such-folder").exists()


def test_site_serve_on_a_busy_port_exits_2_before_building(base: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "zwfw", "site", "serve", "--root", str(base), "--port", str(port)],
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert f"端口 {port} 已被占用" in done.stderr and "Traceback" not in done.stderr
    assert not (base / "site").exists()


def test_help_is_chinese() -> None:
    for argv in (("--help",), ("export", "--help")):
        result = run_cli(*argv)
        assert result.code == 0
        assert "用法：" in result.out and "选项" in result.out
        assert not any(word in result.out for word in ("usage:", "options:", "show this help"))


def test_argparse_speaks_english_again_outside_the_cli() -> None:
    import argparse

    run_cli("--help")
    assert "usage:" in argparse.ArgumentParser(prog="x").format_help()


def test_missing_extra_names_it(monkeypatch) -> None:
    def missing(self):
        raise ModuleNotFoundError("No module named 'openpyxl'", name="openpyxl")

    monkeypatch.setattr(cli.Command, "load", missing)
    result = run_cli("template", "xlsx", "items")
    assert result.code == 2
    assert "pip install 'zwfw[excel]'" in result.err and "Traceback" not in result.err


def test_extras_match_pyproject() -> None:
    import tomllib

    extras = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]
    dists = {"mkdocs": "mkdocs-material", "material": "mkdocs-material", "pagefind": "pagefind",
             "openpyxl": "openpyxl", "ruamel": "ruamel.yaml", "git": "gitpython"}
    for module, extra in cli.EXTRAS.items():
        assert any(req.startswith(dists[module]) for req in extras[extra]), (module, extra)

"""The command reference in ``docs/cli.md``, generated from the parser.

The part of ``docs/cli.md`` between :data:`BEGIN` and :data:`END` is every
command's ``--help``; a test fails when it drifts from the parser. Rewrite it
with ``python -m zwfw.cli.reference`` (or ``pytest --update-goldens``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import COMMANDS, build_parser
from .chinese import chinese

BEGIN = "<!-- 以下“命令参考”由 python -m zwfw.cli.reference 从命令行定义生成，请勿手改 -->"
END = "<!-- 生成结束 -->"
WIDTH = "100"


def _help(argv: list[str]) -> str:
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        with chinese():
            parser = build_parser(only=argv[0] if argv else "")
            if argv:
                sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
                parser = sub.choices[argv[0]]
            return parser.format_help()
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved


def generate() -> str:
    """The generated block, markers included."""
    parts = [BEGIN, "", "## 命令参考", "", "```text", _help([]).rstrip(), "```", ""]
    for command in COMMANDS:
        parts += [f"### zwfw {command.name}", "", "```text", _help([command.name]).rstrip(), "```", ""]
    return "\n".join(parts) + END + "\n"


def splice(text: str) -> str:
    """``text`` (the page) with its generated block replaced (appended when absent)."""
    if BEGIN in text and END in text:
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END + "\n")
        return head + generate() + tail
    return text.rstrip("\n") + "\n\n" + generate()


def main(path: Path = Path("docs/cli.md")) -> int:
    page = Path(sys.argv[1]) if len(sys.argv) > 1 else path
    page.write_text(splice(page.read_text("utf-8")), "utf-8")
    print(f"已更新 {page} 的命令参考。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The ``zwfw`` command: one thin module per subcommand, found by discovery.

Each subcommand module in this package defines ``NAME``, ``HELP`` (one line),
``DESCRIPTION`` (the longer help), ``add_arguments(parser)`` and
``run(args) -> int``; ``ORDER`` (optional, default 50) places it in the help.
A module without ``NAME`` is not a command.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from types import ModuleType

from .. import __version__


def _discover() -> tuple[ModuleType, ...]:
    modules = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
    commands = [m for m in modules if hasattr(m, "NAME") and hasattr(m, "run")]
    return tuple(sorted(commands, key=lambda m: (getattr(m, "ORDER", 50), m.NAME)))


COMMANDS = _discover()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zwfw",
        description="河北省政务服务事项目录（catalog as code）工具：校验、新建、发布。",
    )
    parser.add_argument("--version", action="version", version=f"zwfw {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.DESCRIPTION,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    return args.run(args)

"""The ``zwfw`` command: one thin module per subcommand.

Each subcommand module defines ``NAME``, ``HELP`` (one line), ``DESCRIPTION``
(the longer help), ``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from . import new, synth, validate

COMMANDS = (validate, new, synth)


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

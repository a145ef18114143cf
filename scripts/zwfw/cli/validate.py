"""``zwfw validate``: check the catalog (schema + cross-record rules)."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

from .. import report
from .common import Progress, UsageError, add_quiet, add_root, catalog_root
from ..validate import NoCatalogFiles, check

NAME = "validate"
DESCRIPTION = """\
校验整个目录（默认）或指定的文件/文件夹：只报告指定路径中的问题，以及它们参与的
跨记录冲突（例如重复的信用代码，两个文件都报告）。结果缓存在 .zwfw-cache/ 中：
再次运行时只重新检查改动过的文件和与它们相关的记录，结论与完整校验相同；
缓存不可用时自动完整校验并说明原因。退出码：0 无错误，1 有错误，2 用法错误。

输出格式：text（path:line:col: [规则] 说明）、json、github（GitHub Actions 注释）。
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="只报告这些文件或文件夹中的问题（默认：全部）")
    add_root(p)
    p.add_argument("--format", choices=report.FORMATS, default="text", help="输出格式（默认 text）")
    p.add_argument("--strict", action="store_true", help="警告也视为错误")
    p.add_argument("--no-cache", action="store_true",
                   help="不读也不写缓存（.zwfw-cache/），完整校验；结论与使用缓存时相同")
    add_quiet(p)


def run(args: argparse.Namespace) -> int:
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    only = _relative(args.paths, root)
    if only is None:
        return 2
    show = Progress(args.quiet)
    try:
        outcome = check(root, only or None, use_cache=not args.no_cache, progress=show.counter("已校验文件"))
    except NoCatalogFiles as exc:
        raise UsageError("、".join(exc.paths) + " 中没有目录数据文件（items/ 或 libraries/ 下的文件），没有可校验的内容。") from None
    finally:
        show.done()
    for note in () if args.quiet else outcome.notes:
        print(f"zwfw validate: {note}", file=sys.stderr)
    problems = report.with_positions(outcome.problems, report.OnDisk(root))
    sys.stdout.write(report.render(problems, args.format, outcome.files_read))
    failing = problems if args.strict else [p for p in problems if p.is_error]
    return 1 if failing else 0


def _relative(paths: list[str], root: Path) -> list[str] | None:
    out = []
    for raw in paths:
        path = Path(os.path.abspath(raw))  # not resolve(): a symbolic link is checked as itself
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            print(f"zwfw validate: {raw} 不在目录仓库 {root.name} 中。", file=sys.stderr)
            return None
        if not os.path.lexists(path):
            raise UsageError(f"找不到 {raw}：没有这个文件或文件夹。{_did_you_mean(raw)}")
        out.append(rel)
    return out


def _did_you_mean(raw: str) -> str:
    """The nearest existing name beside a mistyped path (a region folder, say)."""
    parent, name = os.path.split(os.path.normpath(raw))
    while parent and not os.path.isdir(parent):
        parent, name = os.path.split(parent)
    close = difflib.get_close_matches(name, sorted(os.listdir(parent or ".")), n=1, cutoff=0.6)
    return f"是否是 {os.path.join(parent, close[0])}？" if close else "请检查拼写。"

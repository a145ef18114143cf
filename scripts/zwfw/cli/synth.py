"""``zwfw synth``: write a synthetic catalog for benchmarks."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import synth
from .common import Progress, add_quiet, output_folder, positive_int

NAME = "synth"
DESCRIPTION = """\
在 OUT 文件夹中生成一个与全省结构相同的合成目录：区域取自真实区划代码表，
每个区域若干部门，省级部门定义目录清单，实施清单分布到各级区域。生成结果可通过校验。

  zwfw synth /tmp/big --entries 20000
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", type=Path, help="输出文件夹（须为空或不存在）")
    p.add_argument("--entries", type=positive_int, default=1000, help="实施清单条数（默认 1000）")
    p.add_argument("--items", type=positive_int, help="目录清单事项数（默认为实施清单条数的 3%%）")
    p.add_argument("--seed", type=int, default=7, help="随机种子（默认 7）")
    add_quiet(p)


def run(args: argparse.Namespace) -> int:
    output_folder(args.out, empty_or=lambda _folder: False)
    show = Progress(args.quiet)
    count = synth.generate(args.out, args.entries, args.seed, progress=show.counter("已生成实施清单"), items=args.items)
    show.done()
    print(f"已在 {args.out} 生成 {count} 个文件。")
    return 0

"""``zwfw synth``: write a synthetic catalog for benchmarks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import synth

NAME = "synth"
ORDER = 90
HELP = "生成指定规模的合成目录（用于性能测试）"
DESCRIPTION = """\
在 OUT 文件夹中生成一个与全省结构相同的合成目录：区域取自真实区划代码表，
每个区域若干部门，省级部门定义目录清单，实施清单分布到各级区域。生成结果可通过校验。

  zwfw synth /tmp/big --entries 20000
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", type=Path, help="输出文件夹（须为空或不存在）")
    p.add_argument("--entries", type=int, default=1000, help="实施清单条数（默认 1000）")
    p.add_argument("--items", type=int, help="目录清单事项数（默认为实施清单条数的 3%%）")
    p.add_argument("--seed", type=int, default=7, help="随机种子（默认 7）")


def run(args: argparse.Namespace) -> int:
    if args.out.exists() and any(args.out.iterdir()):
        print(f"zwfw synth: {args.out} 不是空文件夹。", file=sys.stderr)
        return 2
    if args.entries < 1:
        print("zwfw synth: --entries 须为正整数。", file=sys.stderr)
        return 2

    def show(done: int, total: int) -> None:
        print(f"\r已生成 {done}/{total} 条实施清单", end="\n" if done == total else "", file=sys.stderr, flush=True)

    count = synth.generate(args.out, args.entries, args.seed, progress=show if sys.stderr.isatty() else None, items=args.items)
    print(f"已在 {args.out} 生成 {count} 个文件。")
    return 0

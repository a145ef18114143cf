"""``zwfw new``: scaffold a directory item or an implementation entry."""

from __future__ import annotations

import argparse
import sys

from .. import catalog as catalog_mod
from .. import codes, scaffold
from .common import add_root, catalog_root

NAME = "new"
DESCRIPTION = """\
新建一条记录：放到正确的文件夹，写好编辑器提示行，自动分配下一个空闲的基本编码。
模板中 "" 和 ~ 是待填写的空白，填好后 zwfw validate 即可通过。

  zwfw new item --department hb-scjgj --type 行政许可 --name 某某许可
  zwfw new entry --department zd-scjgj --item 000131001000

缺少的参数在终端中会逐项询问。
"""

QUESTIONS = {
    "department": "部门标识（部门文件夹名，例如 hb-scjgj）",
    "type": "事项类型（" + "、".join(codes.IN_SCOPE_TYPES) + "）",
    "item": "所实施事项的基本编码（12 位）",
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=("item", "entry"), help="item 目录清单事项；entry 实施清单事项")
    p.add_argument("--department", help="部门标识：item 为主管部门，entry 为实施机关")
    p.add_argument("--type", help="事项类型（item）")
    p.add_argument("--name", default="", help="事项名称（item，可稍后填写）")
    p.add_argument("--main-item", help="新建子项时，所属主项的基本编码（item）")
    p.add_argument("--item", help="所实施事项的基本编码（entry）")
    add_root(p)
    p.add_argument("--stdout", action="store_true", help="只打印模板，不写文件")


def run(args: argparse.Namespace) -> int:
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    needed = ["department", "type"] if args.kind == "item" else ["department", "item"]
    for key in needed:
        if not getattr(args, key):
            answer = _ask(key)
            if not answer:
                print(f"zwfw new: 缺少 --{key}：{QUESTIONS[key]}。", file=sys.stderr)
                return 2
            setattr(args, key, answer)
    catalog, _ = catalog_mod.load(root.resolve())
    try:
        if args.kind == "item":
            new = scaffold.new_item(catalog, args.department, args.type, args.name, args.main_item)
        else:
            new = scaffold.new_entry(catalog, args.department, args.item)
    except scaffold.ScaffoldError as exc:
        print(f"zwfw new: {exc}", file=sys.stderr)
        return 2
    if args.stdout:
        sys.stdout.write(new.text)
        return 0
    target = root / new.path
    if target.exists():
        print(f"zwfw new: {new.path} 已存在，未覆盖。", file=sys.stderr)
        return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(new.text, encoding="utf-8")
    print(f"已新建 {new.path}：请填写其中的空白，然后运行 zwfw validate {new.path}")
    return 0


def _ask(key: str) -> str:
    if not sys.stdin.isatty():
        return ""
    try:
        return input(f"{QUESTIONS[key]}: ").strip()
    except EOFError:
        return ""

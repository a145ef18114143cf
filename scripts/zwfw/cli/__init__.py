"""The ``zwfw`` command: a table of subcommands, each a thin module imported only when run.

Adding a command is one line in :data:`COMMANDS` plus its module in this
package, which defines ``DESCRIPTION`` (the longer help),
``add_arguments(parser)`` and ``run(args) -> int``. ``zwfw --help`` and
``zwfw validate`` import nothing of the site, Excel or review code; a command
whose optional dependencies are not installed says which extra to install.
A command raises :class:`~zwfw.cli.common.UsageError` for a misuse (exit 2).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from dataclasses import dataclass
from types import ModuleType

from .. import __version__
from .chinese import Formatter, chinese
from .common import UsageError


@dataclass(frozen=True)
class Command:
    name: str
    help: str  # one line, shown by ``zwfw --help``
    module: str = ""  # the module in this package (default: the name)

    def load(self) -> ModuleType:
        return importlib.import_module(f"{__name__}.{self.module or self.name}")


COMMANDS: tuple[Command, ...] = (
    Command("validate", "校验目录数据：模式检查和跨记录规则，列出全部问题"),
    Command("new", "新建目录清单事项（item）或实施清单事项（entry），生成带注释的模板"),
    Command("form", "根据议题表单生成记录（新增/修改实施清单事项、申请新增目录清单事项），供草稿拉取请求使用"),
    Command("site", "生成公开的事项目录网站（build），或生成后在本机预览（serve）"),
    Command("codeowners", "根据部门记录生成 .github/CODEOWNERS（--check：检查已提交的文件是否一致）"),
    Command("approvals", "审核检查：拉取请求是否已获得本部门和司法（或政务服务管理部门）的批准"),
    Command("diff", "比较两个版本的目录数据，用中文列出变更（拉取请求的变更报告）"),
    Command("export", "导出 Excel/CSV：方案附件1-4、区域目录清单、实施清单（全部要素）"),
    Command("template", "生成 Excel 填写模板（目录清单事项 items 或实施清单事项 entries），带下拉列表和填写提示"),
    Command("import", "导入填好的 Excel 工作簿：生成或更新 YAML 文件，先整体校验，有错误时不写入", "import_xlsx"),
    Command("reconcile", "与国家基本目录比对：按编码、再按规范化名称匹配，写出附件1（核对表）和附件2（未比对上事项）"),
    Command("materials", "审批要件标准库：查找近似重复的材料（lint），合并材料标识（merge）"),
    Command("recode", "按国家基本编码规则（PP TT DD MMM SSS）重新编码目录：改文件名、改写所有引用、保留注释"),
    Command("report", "改革进展报告：与基线版本相比的材料、环节、时限、跑动次数、网办和电子证照"),
    Command("synth", "生成指定规模的合成目录（用于性能测试）"),
)
BY_NAME = {c.name: c for c in COMMANDS}

# Optional dependencies (import name → the extra that installs it).
EXTRAS = {
    "mkdocs": "site", "material": "site", "pagefind": "site",
    "openpyxl": "excel", "ruamel": "excel",
    "git": "review",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; a subcommand's options are added only for ``only`` (all when None).

    Call it inside :func:`~zwfw.cli.chinese.chinese` for Chinese argparse texts."""
    parser = argparse.ArgumentParser(
        prog="zwfw", formatter_class=Formatter,
        description="河北省政务服务事项目录（catalog as code）工具：校验、新建、发布。",
    )
    parser.add_argument("--version", action="version", version=f"zwfw {__version__}", help="显示版本并退出")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="命令")
    for command in COMMANDS:
        if only is None or command.name == only:
            module = command.load()
            p = sub.add_parser(command.name, help=command.help, description=module.DESCRIPTION,
                               formatter_class=Formatter)
            module.add_arguments(p)
            p.set_defaults(run=module.run)
        else:
            sub.add_parser(command.name, help=command.help)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    chosen = next((a for a in argv if not a.startswith("-")), None)
    name = chosen if chosen in BY_NAME else None
    try:
        with chinese():
            parser = build_parser(only=name or "")
            args = parser.parse_args(argv)
            if not getattr(args, "run", None):
                parser.print_help(sys.stderr)
                return 2
        code: int = args.run(args)
        return code
    except UsageError as exc:
        print(f"zwfw {name}: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:
        extra = EXTRAS.get((exc.name or "").partition(".")[0])
        if extra is None:
            raise
        print(f"zwfw {name}: 这个命令需要可选依赖 {exc.name}：请安装 pip install 'zwfw[{extra}]'", file=sys.stderr)
        return 2

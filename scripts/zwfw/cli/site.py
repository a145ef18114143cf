"""``zwfw site build|serve``: the public catalog site."""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
from pathlib import Path

from .. import report
from .common import add_root, catalog_root
from ..site.build import BuildError, build

NAME = "site"
ORDER = 30
HELP = "生成公开的事项目录网站（build），或生成后在本机预览（serve）"
DESCRIPTION = """\
把目录渲染成网页（首页、各级目录清单、每个事项的办事指南、搜索、下载），
用 mkdocs-material 构建到 site/，再用 Pagefind 建立中文搜索索引。生成前先校验，有错误时不生成。

  zwfw site build              # 生成到 site/
  zwfw site serve --port 8000  # 生成并在 http://127.0.0.1:8000/ 预览
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("build", "serve"), help="build 生成；serve 生成并在本机预览")
    add_root(p)
    p.add_argument("--out", type=Path, help="输出文件夹（默认：仓库根下的 site/）")
    p.add_argument("--keep-source", type=Path, help="保留生成的 Markdown 和 mkdocs.yml 到此文件夹（排查问题用）")
    p.add_argument("--skip-validation", action="store_true", help="校验有错误时仍然生成（仅用于测试渲染的安全性）")
    p.add_argument("--port", type=int, default=8000, help="serve 使用的端口（默认 8000）")


def run(args: argparse.Namespace) -> int:
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    out = (args.out or root / "site").resolve()
    try:
        result = build(root, out, check=not args.skip_validation, keep_source=args.keep_source,
                       progress=lambda msg: print(msg, file=sys.stderr, flush=True))
    except BuildError as exc:
        if exc.problems:
            sys.stdout.write(report.render(report.with_positions(exc.problems, _catalog(root)), "text", 0))
        print(f"zwfw site: {exc}", file=sys.stderr)
        return 1
    print(f"已生成网站 {out}：{result.pages} 个页面（{result.items} 个事项，{result.entries} 项实施清单）。")
    if args.action == "serve":
        _serve(out, args.port)
    return 0


def _catalog(root: Path):
    from ..catalog import load

    return load(root)[0]


def _serve(out: Path, port: int) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"预览地址：http://127.0.0.1:{port}/  （Ctrl+C 结束）")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass

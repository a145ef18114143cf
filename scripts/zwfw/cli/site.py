"""``zwfw site build|serve``: the public catalog site."""

from __future__ import annotations

import argparse
import http.server
import sys
from pathlib import Path
from urllib.parse import urlsplit

from .. import report
from .common import Progress, UsageError, add_output, add_quiet, add_root, catalog_root, output_folder, port
from ..site import public
from ..site.build import BuildError, build

NAME = "site"
DESCRIPTION = """\
把目录渲染成网页（首页、各级目录清单、每个事项的办事指南、搜索、下载），
用 mkdocs-material 构建到 site/，再用 Pagefind 建立中文搜索索引。生成前先校验，有错误时不生成。

  zwfw site build              # 生成到 site/
  zwfw site build --incremental  # 只更新有变化的页面（复用上次的 site/ 和 site.cache/）
  zwfw site serve --port 8000  # 生成并在 http://127.0.0.1:8000/ 预览
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("build", "serve"), help="build 生成；serve 生成并在本机预览")
    add_root(p)
    add_output(p, "输出文件夹（默认：仓库根下的 site/）；已有的文件夹须为空或是之前生成的网站")
    p.add_argument("--keep-source", type=Path, help="保留生成的 Markdown 和 mkdocs.yml 到此文件夹（排查问题用）")
    p.add_argument("--incremental", action="store_true",
                   help="复用上次生成的网站（输出文件夹及旁边的 .cache 清单），只重新生成有变化的页面；工具或主题变化时自动全部重建")
    p.add_argument("--skip-validation", action="store_true", help="校验有错误时仍然生成（仅用于测试渲染的安全性）")
    p.add_argument("--port", type=port, default=8000, help="serve 使用的端口（默认 8000）")
    p.add_argument("--site-url", help="网站发布后的完整地址，例如 https://example.github.io/catalog/（用于 404 页面和站点地图；"
                                      "发布在子路径下时必填；serve 也在这个路径下预览）")
    add_quiet(p)


def run(args: argparse.Namespace) -> int:
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    out = output_folder((args.output or root / "site").resolve(), empty_or=_earlier_build)
    if out == root or ((out / "items").is_dir() and not _earlier_build(out)):  # a built site has items/ pages
        raise UsageError(f"{out} 是目录仓库本身，不能作为网站的输出文件夹。")
    server = _bind(args.port) if args.action == "serve" else None
    show = Progress(args.quiet)
    try:
        result = build(root, out, check=not args.skip_validation, keep_source=args.keep_source, incremental=args.incremental,
                       progress=show, site_url=args.site_url)
    except BuildError as exc:
        if exc.problems:
            sys.stdout.write(report.render(report.with_positions(exc.problems, _catalog(root)), "text", 0))
        print(f"zwfw site: {exc}", file=sys.stderr)
        return 1
    finally:
        show.done()
    print(f"已生成网站 {out}：{result.pages} 个页面（{result.items} 个事项，{result.entries} 项实施清单）。")
    if server is not None:
        _serve(server, out, urlsplit(args.site_url or "").path or "/")
    return 0


def _earlier_build(folder: Path) -> bool:
    return (folder / "index.html").is_file() and (folder / "sitemap.xml").is_file()


def _catalog(root: Path):
    from ..catalog import load

    return load(root)[0]


class _Handler(public.Handler):
    """Serves the folder set on the server (bound before the build, filled after) as its host will:
    under the path of --site-url, a missing page answered with the site's own 404 page."""

    def __init__(self, request, client_address, server):
        self.prefix = getattr(server, "prefix", "/")
        super().__init__(request, client_address, server, directory=str(server.folder))  # type: ignore[attr-defined]


def _bind(port: int) -> http.server.ThreadingHTTPServer:
    """Take the port before the build, so a busy port is reported at once."""
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    except OSError as exc:
        raise UsageError(f"端口 {port} 已被占用或不可用（{exc.strerror}）：请用 --port 换一个，例如 --port 8001") from None


def _serve(server: http.server.ThreadingHTTPServer, out: Path, prefix: str) -> None:
    server.folder, server.prefix = out, public.prefix(prefix)  # type: ignore[attr-defined]
    with server:
        print(f"预览地址：http://127.0.0.1:{server.server_address[1]}{server.prefix}  （Ctrl+C 结束）")  # type: ignore[attr-defined]
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass

"""The public site's own settings, what the build removes from the theme's
output, and a local server that behaves like the host (GitHub Pages): the
site under a sub-path, and the site's own 404 page for a missing page."""

from __future__ import annotations

import functools
import http.server
import shutil
from importlib import resources
from pathlib import Path

import yaml

#: Theme files the public site does not use: mkdocs-material's own (lunr) search; Pagefind searches.
UNUSED = ("assets/javascripts/lunr", "assets/javascripts/workers")


def base_config() -> dict:
    """theme/config/public.yaml: name, description and theme of the public site."""
    text = resources.files("zwfw.site").joinpath("theme", "config", "public.yaml").read_text("utf-8")
    return yaml.safe_load(text) or {}


def finish(out: Path) -> None:
    """Remove what the theme ships but the site does not use."""
    for rel in UNUSED:
        shutil.rmtree(out / rel, ignore_errors=True)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site found at ``directory`` under ``prefix`` (``/`` or ``/<repo>/``);
    a missing page gets the site's 404.html with status 404, as on GitHub Pages."""

    prefix = "/"

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + clean[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def prefix(path: str) -> str:
    """``/``, or ``/<repo>/`` for a site published under a sub-path."""
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def handler(directory: Path, path: str = "/"):
    """A request handler class for ``http.server`` serving ``directory`` under ``path``."""
    return functools.partial(type("SiteHandler", (Handler,), {"prefix": prefix(path)}), directory=str(directory))

"""The test harness: copies of the fixture catalogs, in-process CLI runs, golden files,
throw-away git repositories (:class:`GitRepo`), the GitHub transport double and the browser.

Golden files (``tests/golden/**``, ``tests/cases/*/expected.txt``, the Excel CSV
goldens, the command reference in ``docs/cli.md``) are compared by the ``golden``
fixture; after a deliberate change rewrite them all with
``python -m pytest --update-goldens`` and review the diff.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import urllib.parse
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from zwfw.cli import main
from zwfw.review.github import Replay

TESTS = Path(__file__).parent
REPO = TESTS.parent
BASE = TESTS / "fixtures" / "base"


def pytest_addoption(parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite the golden files from the current output instead of comparing with them")


class Golden:
    """Compares rendered output with a committed file, or rewrites the file (``--update-goldens``)."""

    def __init__(self, update: bool):
        self.update = update

    def check(self, path: Path, actual: str | bytes) -> None:
        """Text is compared as UTF-8 text, bytes byte for byte."""
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual) if isinstance(actual, bytes) else path.write_text(actual, "utf-8")
            return
        assert path.is_file(), f"missing golden file {path.relative_to(REPO)}: run python -m pytest --update-goldens"
        expected = path.read_bytes() if isinstance(actual, bytes) else path.read_text("utf-8")
        assert actual == expected, f"{path.relative_to(REPO)} differs (if deliberate: python -m pytest --update-goldens)"


@pytest.fixture(scope="session")
def golden(request) -> Golden:
    """The one golden-file mechanism: ``python -m pytest --update-goldens`` rewrites every golden file."""
    return Golden(request.config.getoption("--update-goldens"))


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*argv: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
    return Run(code, out.getvalue(), err.getvalue())


class Recorded(Replay):
    """The GitHub transport double: replays recorded responses, accepts writes (201)
    and records every request sent as ``(method, path, JSON body)``."""

    def __init__(self, responses):
        super().__init__(responses)
        self.sent: list[tuple[str, str, dict | None]] = []

    def __call__(self, method: str, url: str, headers: dict, body: bytes | None) -> tuple[int, bytes]:
        self.sent.append((method, urllib.parse.urlsplit(url).path, json.loads(body) if body else None))
        return (201, b"{}") if method != "GET" else super().__call__(method, url, headers, body)


def copy_catalog(src: Path, dst: Path) -> Path:
    for top in ("items", "libraries"):
        shutil.copytree(src / top, dst / top)
    return dst


class GitRepo:
    """A throw-away git repository: ``git init -b main`` in ``root`` (unless it is one
    already), a fixed identity, no user or system git configuration, and commit dates
    given by the test, so that commits are the same in every run.

    The one way tests make repositories; ``env`` adds to the environment of every git
    run (e.g. a ``PATH`` for hooks)."""

    def __init__(self, root: Path, *, name: str = "测试", email: str = "test@example.org",
                 date: str = "2024-01-10T10:00:00+08:00", env: dict[str, str] | None = None):
        self.root = root
        self.date = date
        self.identity = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
                         "GIT_COMMITTER_EMAIL": email, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        self.env = {**os.environ, **self.identity, **(env or {})}
        root.mkdir(parents=True, exist_ok=True)
        if not (root / ".git").exists():
            self.git("init", "-q", "-b", "main")

    @classmethod
    def of(cls, src: Path, dst: Path, **kw) -> GitRepo:
        """A repository of a copy of the catalog at ``src`` (nothing committed yet)."""
        return cls(copy_catalog(src, dst), **kw)

    def run(self, *args: str, date: str | None = None, env: dict[str, str] | None = None,
            **kw) -> subprocess.CompletedProcess:
        """``git ARGS`` in the repository, whatever its exit status (``env``: the whole
        environment of this run, the repository's identity kept)."""
        when = date or self.date
        base = self.env if env is None else {**env, **self.identity}
        env = {**base, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        return subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, text=True, **kw)

    def git(self, *args: str, date: str | None = None) -> str:
        """The output of ``git ARGS`` (stripped); a failure fails the test."""
        done = self.run(*args, date=date)
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
        return done.stdout.strip()

    def commit(self, message: str, date: str | None = None, tag: str | None = None) -> str:
        """Commit everything in the work tree (even nothing); returns the new commit's sha."""
        self.git("add", "-A", date=date)
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date)
        if tag:
            self.git("tag", tag, date=date)
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def git_repo(tmp_path: Path) -> Callable[..., GitRepo]:
    """Makes :class:`GitRepo` s under the test's folder: ``git_repo(src)`` copies the catalog
    at ``src`` into a new repository, ``git_repo()`` starts an empty one (in ``folder``;
    ``cls``: a :class:`GitRepo` subclass; other keywords go to :class:`GitRepo`)."""
    def make(src: Path | None = None, folder: str = "repo", cls: type[GitRepo] = GitRepo, **kw) -> GitRepo:
        return cls.of(src, tmp_path / folder, **kw) if src else cls(tmp_path / folder, **kw)
    return make


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A writable copy of the small, valid fixture catalog."""
    return copy_catalog(BASE, tmp_path / "catalog")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A writable copy of the repository's sample catalog."""
    return copy_catalog(REPO, tmp_path / "sample")


@pytest.fixture(scope="module")
def browser():
    """Headless Debian chromium driven by Playwright (tests using it are marked ``needs_chromium``)."""
    from playwright.sync_api import sync_playwright

    from browser import ARGS, CHROMIUM

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page; ``page.external_requests`` lists every request that left this machine's loopback."""
    from browser import WAIT

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(WAIT)
    pg = context.new_page()
    external: list[str] = []
    pg.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    pg.external_requests = external
    yield pg
    context.close()

"""The editing environment (.devcontainer/, .vscode/tasks.json): the post-create
script run as a script on a fresh copy of the repository (a new virtualenv,
packages from the configured index), after which `zwfw` is on the PATH the
container sets, `zwfw validate` runs and the pre-commit hook refuses a broken
record; the editor's schema mapping covers every kind of record."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, GitRepo
from zwfw import layout
from zwfw.catalog import data_files

DEVCONTAINER = REPO / ".devcontainer" / "devcontainer.json"
TASKS = REPO / ".vscode" / "tasks.json"
ENTRY = "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/entries/000131003000.yaml"


def config() -> dict:
    return json.loads(DEVCONTAINER.read_text("utf-8"))


def test_devcontainer_runs_the_post_create_script_and_puts_the_venv_on_path() -> None:
    doc = config()
    assert doc["image"].startswith("mcr.microsoft.com/devcontainers/python:") and "3.11" in doc["image"]
    assert doc["postCreateCommand"] == "bash .devcontainer/post-create.sh"
    assert doc["remoteEnv"]["PATH"].startswith("${containerWorkspaceFolder}/.venv/bin:")
    vscode = doc["customizations"]["vscode"]
    assert {"redhat.vscode-yaml", "MS-CEINTL.vscode-language-pack-zh-hans"} <= set(vscode["extensions"])


def _matches(pattern: str, path: str) -> bool:
    """The YAML extension's glob (``**`` any folders, ``*`` within a name) on a repository path."""
    regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
    return re.fullmatch(regex, "/workspace/" + path) is not None


def test_every_record_kind_is_mapped_to_its_schema_and_only_it() -> None:
    schemas = config()["customizations"]["vscode"]["settings"]["yaml.schemas"]
    assert {Path(p).name for p in schemas} == {layout.schema_file(k) for k in layout.KINDS}
    for schema in schemas:
        assert (REPO / schema).is_file(), schema
    files = list(data_files(REPO))
    assert len(files) > 400
    for path in files:
        kind = layout.classify(path).kind
        mapped = [Path(s).name for s, globs in schemas.items() if any(_matches(g, path) for g in globs)]
        assert mapped == [layout.schema_file(kind)], path


def test_the_validate_task_turns_zwfw_output_into_editor_problems(tmp_path: Path) -> None:
    tasks = json.loads(TASKS.read_text("utf-8"))["tasks"]
    current = next(t for t in tasks if "${file}" in t["args"])
    assert current["type"] == "process" and current["group"]["isDefault"]  # no shell: file names stay data
    pattern = current["problemMatcher"]["pattern"]
    broken = tmp_path / "repo"
    shutil.copytree(REPO / "items", broken / "items")
    shutil.copytree(REPO / "libraries", broken / "libraries")
    target = broken / ENTRY
    target.write_text(target.read_text("utf-8").replace("case_type:", "case_typ:"), "utf-8")
    from conftest import run_cli

    result = run_cli("validate", "--quiet", "--root", str(broken), str(target))
    lines = [line for line in result.out.splitlines() if line.startswith("items/")]
    assert result.code == 1 and lines
    for line in lines:
        m = re.match(pattern["regexp"].replace("\\\\", "\\"), line) or re.match(pattern["regexp"], line)
        assert m and m.group(pattern["file"]) == ENTRY and int(m.group(pattern["line"])) > 0, line


@pytest.fixture(scope="module")
def created(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A fresh copy of the repository's tracked files, as a git repository, after the post-create script."""
    root = tmp_path_factory.mktemp("container") / "workspace"
    tracked = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        if (REPO / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, root / name)
    _git(root).commit("workspace")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
    done = subprocess.run(["bash", ".devcontainer/post-create.sh"], cwd=root, env=env, capture_output=True,
                          text=True, timeout=1200, stdin=subprocess.DEVNULL)
    return root, done


def _git(root: Path) -> GitRepo:
    return GitRepo(root, name="clerk", email="clerk@example.org")


def _container_env(root: Path) -> dict:
    path = config()["remoteEnv"]["PATH"].replace("${containerWorkspaceFolder}", str(root))
    base = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if ".venv" not in p)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return {**env, "PATH": path.replace("${containerEnv:PATH}", base)}


def test_post_create_installs_and_validates(created) -> None:
    root, done = created
    assert done.returncode == 0, done.stdout + done.stderr
    assert "检查了" in done.stdout and "没有发现问题" in done.stdout
    assert (root / ".venv" / "bin" / "zwfw").is_file()
    assert "pre-commit" in (root / ".git" / "hooks" / "pre-commit").read_text("utf-8")


def test_zwfw_is_on_the_containers_path(created) -> None:
    root, _ = created
    env = _container_env(root)
    assert shutil.which("zwfw", path=env["PATH"]) == str(root / ".venv" / "bin" / "zwfw")
    run = subprocess.run(["zwfw", "validate", "--quiet"], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and "没有发现问题" in run.stdout
    run = subprocess.run(["zwfw", "new", "entry", "--department", "zd-scjgj", "--item", "000131001000", "--stdout"],
                         cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and run.stdout.startswith("# yaml-language-server: $schema=")


def test_the_commit_hook_refuses_a_broken_record(created) -> None:
    root, _ = created
    env = _container_env(root)
    target = root / ENTRY
    good = target.read_text("utf-8")
    target.write_text(good.replace("case_type:", "case_typ:"), "utf-8")
    try:
        _git(root).run("add", ENTRY, env=env)
        refused = _git(root).run("commit", "-m", "broken", env=env, timeout=300)
        assert refused.returncode != 0 and "unknown-field" in refused.stdout + refused.stderr
    finally:
        target.write_text(good, "utf-8")
        _git(root).run("add", ENTRY, env=env)


def test_the_site_preview_serves_the_built_folder(tmp_path: Path) -> None:
    """`zwfw site serve` (the preview task and forwarded port 8000) answers with the built site."""
    import threading
    import urllib.request

    from zwfw.cli import site

    (tmp_path / "index.html").write_text("<title>预览</title>", "utf-8")
    server = site._bind(0)
    server.folder = tmp_path
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/", timeout=10) as reply:
            assert reply.status == 200 and "预览" in reply.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()
    assert 8000 in config()["forwardPorts"]


def test_the_preview_builds_again_over_its_earlier_site(tmp_path: Path, monkeypatch) -> None:
    """A second `zwfw site serve` (the preview task run again) may write over the site it built
    before, which has items/ pages; a folder with items/ that is no earlier site is refused."""
    from conftest import BASE, copy_catalog, run_cli
    from zwfw.cli import site

    root = copy_catalog(BASE, tmp_path / "catalog")
    built = tmp_path / "built"
    (built / "items").mkdir(parents=True)
    (built / "index.html").write_text("<title>x</title>", "utf-8")
    (built / "sitemap.xml").write_text("<urlset/>", "utf-8")
    reached = []

    def fake_build(root, out, **kw):
        reached.append(out)
        raise site.BuildError("stop")

    monkeypatch.setattr(site, "build", fake_build)
    result = run_cli("site", "build", "--root", str(root), "-o", str(built))
    assert reached == [built.resolve()] and result.code == 1
    (built / "index.html").unlink()
    result = run_cli("site", "build", "--root", str(root), "-o", str(built))
    assert result.code == 2 and len(reached) == 1

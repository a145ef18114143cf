"""The real ``pre-commit`` blocks a commit that stages a bad file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pre_commit.clientlib import load_manifest

from conftest import BASE, REPO, GitRepo

ENTRY = "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/entries/000131001000.yaml"


def test_hook_manifest_is_valid() -> None:
    hooks = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert [h["id"] for h in hooks] == ["zwfw-validate"]
    assert hooks[0]["entry"].startswith("zwfw validate") and hooks[0]["pass_filenames"] is True
    assert hooks[0]["require_serial"] is True  # one run at a time shares the cache


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_precommit_blocks_a_bad_staged_file(tmp_path: Path) -> None:
    git = GitRepo.of(BASE, tmp_path / "repo", name="t", email="t@example.org",
                     env={"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                          "PRE_COMMIT_HOME": str(tmp_path / "cache")})
    repo, env = git.root, git.env
    shutil.copy(REPO / ".pre-commit-config.yaml", repo)
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True, capture_output=True)
    git.git("add", "-A")
    commit = lambda: git.run("commit", "-qm", "change")  # noqa: E731
    clean = commit()
    assert clean.returncode == 0, clean.stdout + clean.stderr

    bad = repo / ENTRY
    bad.write_text(bad.read_text("utf-8").replace("name: 食品经营许可", "name: 食品经营许可（正定）"), "utf-8")
    git.git("add", ENTRY)
    refused = commit()
    assert refused.returncode != 0
    assert f"{ENTRY}:3:1: [same-four]" in refused.stdout + refused.stderr

    bad.write_text(bad.read_text("utf-8").replace("visits: 0", "visits: 0\nvisits: 1"), "utf-8")
    git.git("add", ENTRY)
    run = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=env, capture_output=True, text=True)
    assert run.returncode == 1 and "[duplicate-key]" in run.stdout

    bad.write_text(bad.read_text("utf-8").replace("visits: 0\nvisits: 1", "visits: 0"), "utf-8")
    dept = "items/130000-hebei/130100-shijiazhuang/sjz-scjgj/department.yaml"
    path = repo / dept
    path.write_text(re.sub(r'credit_code: "[^"]+"', 'credit_code: "11130000MB00000017"', path.read_text("utf-8")), "utf-8")
    git.git("add", "-A")
    conflict = commit()
    shown = conflict.stdout + conflict.stderr
    assert conflict.returncode != 0
    assert f"{dept}:4:1: [duplicate-code]" in shown and "items/130000-hebei/hb-scjgj/department.yaml:4:1: [duplicate-code]" in shown

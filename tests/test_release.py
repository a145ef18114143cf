"""省政府审定 as signed, annotated tags: listing, signature status, what changed since."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import TESTS, GitRepo, run_cli
from zwfw import gitrepo
from zwfw.review import release

CATALOG = TESTS / "fixtures" / "diff" / "catalog"
PROVINCE_ITEM = "items/130000-hebei/hb-scjgj/catalog/000131001000.yaml"
#: The provincial government-service office tags on 2026-12-01.
ZWB = {"name": "省政务办", "email": "zwb@example.gov.cn", "date": "2026-12-01T00:00:00Z"}


def sh(root: Path, *args: str) -> str:
    return GitRepo(root, **ZWB).git(*args)


@pytest.fixture
def repo(git_repo) -> Path:
    found = git_repo(CATALOG, **ZWB)
    found.commit("catalog")
    return found.root


def ssh_signing(root: Path, trusted: bool) -> None:
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed (SSH tag signatures)")
    key = root.parent / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "zwb", "-f", str(key)], check=True)
    sh(root, "config", "gpg.format", "ssh")
    sh(root, "config", "user.signingkey", str(key))
    if trusted:
        public = (root.parent / "key.pub").read_text("utf-8").strip()
        (root.parent / "allowed").write_text(f"zwb@example.gov.cn {public}\n", "utf-8")
        sh(root, "config", "gpg.ssh.allowedSignersFile", str(root.parent / "allowed"))


def listing(root: Path) -> release.Listing:
    with gitrepo.open_repo(root) as r:
        return release.releases(r)


def test_no_approval_yet(repo: Path) -> None:
    assert listing(repo).releases == []
    result = run_cli("approvals", "--root", str(repo), "--releases")
    assert result.code == 0 and "还没有审定记录" in result.out


def test_lightweight_tag_is_not_an_approval(repo: Path) -> None:
    sh(repo, "tag", "shending/2026-12-01")
    found = listing(repo)
    assert found.releases == [] and "轻量标签" in found.problems[0]
    assert run_cli("approvals", "--root", str(repo), "--releases").code == 1


def test_unsigned_annotated_tag_is_listed_as_unsigned(repo: Path) -> None:
    sh(repo, "tag", "-a", "shending/2026-12-01", "-m", "河北省政务服务事项目录（省级）省政府审定", "-m", "冀政字〔2026〕12号")
    [r] = listing(repo).releases
    assert (r.signature, r.title, r.date) == (release.UNSIGNED, "河北省政务服务事项目录（省级）省政府审定", "2026-12-01")
    assert "冀政字〔2026〕12号" in r.message


def test_ssh_signed_tag_is_verified_with_the_allowed_signers(repo: Path) -> None:
    ssh_signing(repo, trusted=True)
    sh(repo, "tag", "-s", "shending/2026-12-01", "-m", "河北省政务服务事项目录（省级）省政府审定")
    [r] = listing(repo).releases
    assert r.signature == release.VERIFIED and "SIGNATURE" not in r.message


def test_signed_tag_without_the_key_is_unverifiable(repo: Path) -> None:
    ssh_signing(repo, trusted=False)
    sh(repo, "tag", "-s", "shending/2026-12-01", "-m", "省政府审定")
    [r] = listing(repo).releases
    assert r.signature == release.UNVERIFIABLE


def test_changes_since_the_latest_approval_cover_the_province_directory(repo: Path) -> None:
    sh(repo, "tag", "-a", "shending/2026-12-01", "-m", "省政府审定")
    path = repo / PROVINCE_ITEM
    path.write_text(path.read_text("utf-8").replace("name: 食品经营许可", "name: 食品经营许可（含小餐饮）"), "utf-8")
    entry = repo / "items/130000-hebei/130100-shijiazhuang/sjz-scjgj/entries/000131001000.yaml"
    entry.write_text(entry.read_text("utf-8").replace("visits: 0", "visits: 1\nonsite_reason: 核验原件。"), "utf-8")
    sh(repo, "-c", "commit.gpgsign=false", "commit", "-qam", "rename")
    result = run_cli("approvals", "--root", str(repo), "--releases", "--format", "json")
    doc = json.loads(result.out)
    assert result.code == 0 and doc["latest"] == "shending/2026-12-01"
    assert [(c["kind"], c["file"]) for c in doc["changes_since_latest"]] == [("item-renamed", PROVINCE_ITEM)]
    text = run_cli("approvals", "--root", str(repo), "--releases").out
    assert "自最近一次审定（shending/2026-12-01，2026-12-01）以来省级目录的变化：1 项" in text


def test_site_page_names_the_approved_version_and_escapes(repo: Path) -> None:
    from zwfw.review import release_page

    sh(repo, "tag", "-a", "shending/2026-12-01", "-m", "省级目录<script>alert(1)</script>审定", "-m", "冀政字〔2026〕12号")
    path = repo / PROVINCE_ITEM
    path.write_text(path.read_text("utf-8").replace("name: 食品经营许可", "name: 食品经营许可<img src=x>"), "utf-8")
    sh(repo, "-c", "commit.gpgsign=false", "commit", "-qam", "rename")
    page = release_page.page(repo)
    assert page.path == "shending.md" and page.title == "省政府审定"
    assert "shending/2026-12-01" in page.body and "2026-12-01" in page.body and "冀政字〔2026〕12号" in page.body
    assert "审定以来省级目录的变化（1 项" in page.body
    assert "<script>" not in page.body and "<img" not in page.body and "&lt;img" in page.body
    assert "未签名" in page.body


def test_site_page_outside_git(tmp_path: Path) -> None:
    from zwfw.review import release_page

    assert "不是从 git 仓库生成" in release_page.page(tmp_path).body
    assert "不是从 git 仓库生成" in release_page.page(None).body


def test_the_site_shows_the_approval_page() -> None:
    from zwfw.review import release_page
    from zwfw.site import build

    assert {"省政府审定": release_page.PAGE} in build.NAV

"""``zwfw recode``: an old-layout catalog is re-coded in place, keeping comments,
renaming files, rewriting references and recording the former code."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from zwfw import yamlio

OLD, NEW = "010001000000", "000131001000"
ITEM = "items/130000-hebei/hb-scjgj/catalog"
ENTRIES = ("items/130000-hebei/130100-shijiazhuang/sjz-scjgj/entries",
           "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/entries")


def _old_layout(root: Path) -> None:
    """Put the fixture's 食品经营许可 back under its pre-national code, with a comment."""
    for folder in (ITEM, *ENTRIES):
        new = root / folder / f"{NEW}.yaml"
        text = new.read_text("utf-8").replace(f'"{NEW}"', f'"{OLD}"')
        text = text.replace("\nname:", "  # 事项编码（旧）\nname:", 1)
        (root / folder / f"{OLD}.yaml").write_text(text, "utf-8")
        new.unlink()


def test_recode_renames_rewrites_and_keeps_comments(base: Path) -> None:
    _old_layout(base)
    assert run_cli("validate", "--quiet", "--root", str(base)).code == 1
    stopped = run_cli("recode", "--root", str(base))
    assert stopped.code == 1 and "没有国家编码" in stopped.err and OLD in stopped.err
    done = run_cli("recode", "--root", str(base), "--provisional")
    assert done.code == 0, done.err
    given = "000131003000"  # the next free serial of 00 01 31 (provisional: not the real national code)
    assert f"{OLD} → {given} 食品经营许可（临时国家编码）" in done.out
    item = (base / ITEM / f"{given}.yaml").read_text("utf-8")
    assert f'code: "{given}"  # 事项编码（旧）' in item
    assert yamlio.load(item)["former_codes"] == [OLD]
    for folder in ENTRIES:
        entry = (base / folder / f"{given}.yaml").read_text("utf-8")
        assert f'item: "{given}"  # 事项编码（旧）' in entry and not (base / folder / f"{OLD}.yaml").exists()
    assert run_cli("validate", "--quiet", "--root", str(base)).code == 0
    again = run_cli("recode", "--root", str(base), "--dry-run")
    assert again.code == 0 and "将重新编码 0 个事项" in again.out


def test_recode_with_a_mapping_file(base: Path, tmp_path: Path) -> None:
    _old_layout(base)
    mapping = tmp_path / "map.csv"
    mapping.write_text(f"旧编码,新编码\n{OLD},000131035000\n", "utf-8")
    done = run_cli("recode", "--root", str(base), "--map", str(mapping))
    assert done.code == 0, done.err
    assert (base / ITEM / "000131035000.yaml").is_file()
    assert run_cli("validate", "--quiet", "--root", str(base)).code == 0
    reused = base / ITEM / "000131002000.yaml"
    reused.write_text(reused.read_text("utf-8").replace('"000131002000"', f'"{OLD}"', 1), "utf-8")
    reused.rename(base / ITEM / f"{OLD}.yaml")
    out = run_cli("validate", "--quiet", "--root", str(base)).out
    assert "[code-reused]" in out


def test_bad_mapping_file_is_a_usage_error(base: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.csv"
    mapping.write_text("旧编码,新编码\n000131001000,1\nabc,000131035000\n", "utf-8")
    bad = run_cli("recode", "--root", str(base), "--map", str(mapping))
    assert bad.code == 2 and "不是 12 位基本编码" in bad.err

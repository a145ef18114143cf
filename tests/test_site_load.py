"""Reading the catalog for the site: packed records equal parsed ones, and the
kept records of the previous build are reused only for files that did not
change (a damaged or foreign cache changes nothing but the time taken)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import BASE, copy_catalog
from zwfw.catalog import load as parse_catalog
from zwfw.site import load


def _shape(catalog) -> list[tuple]:
    return sorted((r.kind, r.file, r.valid, r.data) for r in catalog.records)


@pytest.fixture
def root(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(load, "TRUST_AFTER_NS", 0)  # the files were all written just now
    return copy_catalog(BASE, tmp_path / "catalog")


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The files each load parses (the rest come from the cache)."""
    seen: list[str] = []
    real = load._read

    def counting(task):
        seen.extend(task[1])
        return real(task)

    monkeypatch.setattr(load, "_read", counting)
    return seen


def test_packed_records_equal_parsed_ones(root: Path) -> None:
    catalog, digests = load.load(root, processes=1)
    assert _shape(catalog) == _shape(parse_catalog(root)[0])
    assert set(digests) == {r.file for r in catalog.records}


def test_unchanged_files_come_from_the_cache(root: Path, tmp_path: Path, parsed: list[str]) -> None:
    cache = tmp_path / "records.sqlite"
    first, _ = load.load(root, processes=1, cache=cache)
    assert len(parsed) == len(first.records)
    parsed.clear()
    again, _ = load.load(root, processes=1, cache=cache)
    assert parsed == [] and _shape(again) == _shape(first)


def test_changed_added_and_removed_files_are_read_again(root: Path, tmp_path: Path, parsed: list[str]) -> None:
    cache = tmp_path / "records.sqlite"
    load.load(root, processes=1, cache=cache)
    entry = next(root.glob("items/**/entries/*.yaml"))
    entry.write_text(entry.read_text("utf-8").replace("hours:", "hours: 周一至周五，", 1), "utf-8")
    added = entry.with_name("copy-" + entry.name)
    added.write_text(entry.read_text("utf-8"), "utf-8")
    gone = next(p for p in root.glob("items/**/entries/*.yaml") if p not in (entry, added))
    gone.unlink()
    parsed.clear()
    catalog, _ = load.load(root, processes=1, cache=cache)
    rel = lambda p: p.relative_to(root).as_posix()  # noqa: E731
    assert sorted(parsed) == sorted([rel(entry), rel(added)])
    assert _shape(catalog) == _shape(parse_catalog(root)[0])



def test_a_file_changed_twice_within_a_clock_tick_is_read_again(root: Path, tmp_path: Path, monkeypatch) -> None:
    """A second change within the same clock tick can leave a file's lstat values as
    they were: a file changed just now is not trusted by them (its content decides)."""
    cache = tmp_path / "records.sqlite"
    monkeypatch.setattr(load, "TRUST_AFTER_NS", 60 * 10**9)
    entry = next(root.glob("items/**/entries/*.yaml"))
    text = entry.read_text("utf-8")
    entry.write_text(text.replace("hours:", "hours: 周一", 1), "utf-8")
    stat = entry.stat()
    load.load(root, processes=1, cache=cache)
    entry.write_text(text.replace("hours:", "hours: 周二", 1), "utf-8")  # same size
    os.utime(entry, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    catalog, _ = load.load(root, processes=1, cache=cache)
    assert _shape(catalog) == _shape(parse_catalog(root)[0])


@pytest.mark.parametrize("damage", [b"", b"not a database at all" * 100, b"SQLite format 3\0" + b"\xff" * 5000])
def test_a_damaged_cache_changes_nothing(root: Path, tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "records.sqlite"
    cache.write_bytes(damage)
    catalog, _ = load.load(root, processes=1, cache=cache)
    assert _shape(catalog) == _shape(parse_catalog(root)[0])


def test_records_of_another_tool_version_are_read_again(root: Path, tmp_path: Path, parsed: list[str], monkeypatch) -> None:
    cache = tmp_path / "records.sqlite"
    load.load(root, processes=1, cache=cache)
    monkeypatch.setattr(load, "fingerprint", lambda: "another version")
    parsed.clear()
    catalog, _ = load.load(root, processes=1, cache=cache)
    assert len(parsed) == len(catalog.records)


def test_a_fresh_checkout_reuses_records_by_content(root: Path, tmp_path: Path, parsed: list[str]) -> None:
    """A checkout gives every file new lstat values; files with the same bytes are not parsed again."""
    cache = tmp_path / "records.sqlite"
    first, _ = load.load(root, processes=1, cache=cache)
    fresh = copy_catalog(root, tmp_path / "checkout")
    entry = next(fresh.glob("items/**/entries/*.yaml"))
    entry.write_text(entry.read_text("utf-8").replace("hours:", "hours: 周一至周五，", 1), "utf-8")
    parsed.clear()
    again, _ = load.load(fresh, processes=1, cache=cache)
    assert parsed == [entry.relative_to(fresh).as_posix()]
    assert _shape(again) == _shape(parse_catalog(fresh)[0])

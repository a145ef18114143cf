"""The incremental validator: whatever the cache holds, the verdict equals a cold run's."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import run_cli
from test_cases import CASES, build_case
from zwfw import cache, filecheck, incremental, scoped
from zwfw.validate import check, validate

ZD = "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/entries/000131001000.yaml"
SJZ_DEPT = "items/130000-hebei/130100-shijiazhuang/sjz-scjgj"
ITEM = "items/130000-hebei/hb-scjgj/catalog/000131001000.yaml"
ID_CARD = "libraries/materials/id-card.yaml"


def _key(problems) -> list[tuple]:
    return sorted((p.file, p.rule, p.message, tuple(map(str, p.path)), p.line, p.col, p.severity) for p in problems)


def _cold(root: Path) -> list[tuple]:
    return _key(check(root, use_cache=False).problems)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_streaming_check_equals_in_memory_validate(case: Path, tmp_path: Path) -> None:
    root = build_case(case, tmp_path / "catalog")
    assert _cold(root) == _key(validate(root).problems)


def test_worker_processes_give_the_same_problems(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample / ZD.replace("130123-zhengding/zd-scjgj", "130123-zhengding/zd-scjgj")
    if path.exists():
        path.write_text(path.read_text("utf-8").replace("visits: 0", "visits: 0\nvisits: 1", 1), "utf-8")
    in_process = check(sample, use_cache=False, processes=1)
    monkeypatch.setattr(filecheck, "CHUNK", 16)
    pooled = check(sample, use_cache=False, processes=2)
    assert _key(pooled.problems) == _key(in_process.problems)
    assert pooled.files_read == in_process.files_read > 400


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def _change_record(root: Path) -> None:
    _edit(root, ZD, "name: 食品经营许可", "name: 食品经营许可（正定）")


def _delete_referenced_item(root: Path) -> None:
    (root / ITEM).unlink()


def _change_library_material(root: Path) -> None:
    _edit(root, ZD, "  - name: 食品安全管理制度文本\n", "  - ref: id-card\n    type: 原件\n    form: 纸质\n    necessity: 必要\n  - name: 食品安全管理制度文本\n")
    return "again"


def _library_substitute_removed(root: Path) -> None:
    _edit(root, ID_CARD, "issuer: 公安机关", "issuer: 公安机关\nsubstitute: 可由公安机关出具户籍证明代替。")


def _rename_department_folder(root: Path) -> None:
    os.rename(root / SJZ_DEPT, root / SJZ_DEPT.replace("sjz-scjgj", "sjz-scj"))


def _duplicate_credit_code(root: Path) -> None:
    _edit(root, f"{SJZ_DEPT}/department.yaml", 'credit_code: "', 'credit_code: "11130000MB00000017"\nold_credit: "')


def _edit_twice_within_a_second(root: Path) -> None:
    path = root / ZD
    before = path.stat()
    path.write_text(path.read_text("utf-8").replace("visits: 0", "visits: 1"), "utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # a coarse clock: same time stamp


def _drop_a_national_element(root: Path) -> None:
    _edit(root, ZD, "service_hall: true\n", "")  # national-elements: read as a key field (present or not)


def _reuse_a_former_code(root: Path) -> None:
    # code-reused: reported on the item whose code another item lists as former
    _edit(root, "items/130000-hebei/hb-scjgj/catalog/000131002000.yaml", 'code: "000131002000"\n',
          'code: "000131002000"\nformer_codes: ["000131001000"]\n')


def _declare_a_department_level(root: Path) -> None:
    _edit(root, f"{SJZ_DEPT}/department.yaml", "region: ", "level: 县级\nregion: ")  # department-level


EDITS = [_change_record, _delete_referenced_item, _rename_department_folder, _duplicate_credit_code,
         _edit_twice_within_a_second, _drop_a_national_element, _reuse_a_former_code, _declare_a_department_level]


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__.strip("_") for e in EDITS])
def test_warm_run_after_an_edit_equals_a_cold_run(edit, base: Path) -> None:
    first = check(base)
    assert first.mode == "cold" and cache.path_of(base).is_file()
    edit(base)
    warm = check(base)
    assert warm.mode == "incremental" and not warm.notes
    assert warm.rechecked < warm.files_read // 2, "only the changed files and those taking part are checked again"
    assert _key(warm.problems) == _cold(base)
    assert warm.problems, "each edit makes at least one problem"
    again = check(base)  # and the cache it wrote is right too
    assert again.mode == "incremental" and _key(again.problems) == _cold(base)
    updated = _token_index(base)
    shutil.rmtree(base / cache.DIR)
    assert check(base).mode == "cold"
    assert updated == _token_index(base), "the index token → files an update leaves is the one a cold run builds"


def _token_index(root: Path) -> dict[str, set[str]]:
    """Token → the files whose catalog checks read it, as the cache says."""
    store = cache.Store.open(root, cache.fingerprint())
    try:
        tokens = [t for (t,) in store.con.execute("SELECT token FROM tokens")]
        return {t: files for t in tokens if (files := store.dependents([t]))}
    finally:
        store.close()


def test_library_material_change_reaches_the_entries_that_use_it(base: Path) -> None:
    _change_library_material(base)
    first = check(base)
    assert any(p.rule == "material-substitute" for p in first.problems)
    _library_substitute_removed(base)  # the library material now has a substitute: the entry is fine
    warm = check(base)
    assert warm.mode == "incremental"
    assert _key(warm.problems) == _cold(base) == []


def test_edit_within_the_same_second_twice(base: Path) -> None:
    path = base / ZD
    check(base)
    _edit(base, ZD, "visits: 0", "visits: 2")
    stamp = path.stat().st_mtime_ns
    first = check(base)
    _edit(base, ZD, "visits: 2", "visits: 3")  # same size, and (forced) the same time stamp
    os.utime(path, ns=(stamp, stamp))
    second = check(base)
    assert _key(first.problems) != _key(second.problems)
    assert _key(second.problems) == _cold(base)


def test_schema_or_tool_change_means_a_cold_run(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check(base)
    monkeypatch.setattr(cache, "fingerprint", lambda: "another version")
    _change_record(base)
    run = check(base)
    assert run.mode == "cold" and "另一版本" in run.notes[0]
    assert _key(run.problems) == _cold(base)


def test_fingerprint_covers_the_schemas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zwfw import schemas

    before = cache.fingerprint()
    copy = tmp_path / "schemas"
    shutil.copytree(schemas.schema_dir(), copy)
    entry = copy / "implementation-entry.schema.json"
    entry.write_text(entry.read_text("utf-8").replace('"maximum": 10', '"maximum": 9'), "utf-8")
    monkeypatch.setattr(schemas, "schema_dir", lambda: copy)
    assert cache.fingerprint() != before


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_damaged_cache_means_a_cold_run(damage: str, base: Path) -> None:
    check(base)
    path = cache.path_of(base)
    if damage == "truncated":
        with open(path, "r+b") as f:
            f.truncate(path.stat().st_size // 2)
    elif damage == "garbage":
        path.write_bytes(b"not a database" * 100)
    else:
        path.write_bytes(b"")
    _change_record(base)
    run = check(base)
    assert run.mode == "cold" and run.notes, "the run says why it did not use the cache"
    assert _key(run.problems) == _cold(base)
    assert check(base).mode == "incremental", "the cold run rebuilt the cache"


def test_concurrent_writer_never_mixes_states(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check(base)
    _change_record(base)
    real = cache.Store.end_read

    def someone_else_writes(store):
        real(store)
        con = sqlite3.connect(store.path)
        con.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
        con.commit()
        con.close()

    monkeypatch.setattr(cache.Store, "end_read", someone_else_writes)
    run = check(base)
    assert run.mode == "incremental" and "同时" in run.notes[0]
    assert _key(run.problems) == _cold(base)


def test_cli_no_cache_writes_nothing(base: Path) -> None:
    result = run_cli("validate", "--quiet", "--no-cache", "--root", str(base))
    assert result.code == 0 and not (base / cache.DIR).exists()
    run_cli("validate", "--quiet", "--root", str(base))
    assert (base / cache.DIR / ".gitignore").read_text("utf-8") == "*\n"


@pytest.mark.parametrize("use_cache", [False, True], ids=["cold", "warm"])
def test_checking_one_file_shows_the_records_it_breaks(use_cache: bool, base: Path) -> None:
    check(base)
    _edit(base, ITEM, "levels: [市级, 县级]", "levels: [市级]")  # the county entry no longer fits
    only = check(base, [ITEM], use_cache=use_cache)
    assert [(p.file, p.rule, p.related) for p in only.problems] == [(ZD, "level-mismatch", (ITEM,))]
    assert check(base, ["libraries"], use_cache=use_cache).problems == []


def _cold_only(root: Path, only: list[str]) -> list[tuple]:
    return _key(check(root, only, use_cache=False).problems)


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__.strip("_") for e in EDITS])
def test_checking_an_entry_after_an_edit_equals_a_cold_run(edit, base: Path) -> None:
    check(base)
    edit(base)
    warm = check(base, [ZD])
    assert warm.mode == "incremental" and not warm.notes
    assert _key(warm.problems) == _cold_only(base, [ZD])
    assert _key(check(base).problems) == _cold(base), "the cache the file run wrote is right too"


def test_checking_changed_entries_never_lists_the_other_entries(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check(base)
    _edit(base, ZD, "visits: 0", "visits: 0\nvisits: 1")

    def no_full_scan(*args, **kwargs):
        raise AssertionError("a scoped run lists the records others refer to, never the entries")

    monkeypatch.setattr(incremental, "scan", no_full_scan)
    warm = check(base, [ZD])
    assert warm.mode == "incremental" and warm.rechecked == 1
    assert [p.rule for p in warm.problems] == ["duplicate-key"]
    monkeypatch.undo()
    assert _key(warm.problems) == _cold_only(base, [ZD])
    assert _key(check(base).problems) == _cold(base)


@pytest.mark.parametrize("links", [None, 1, 2], ids=["counted", "always 1", "always 2"])
def test_the_scoped_listing_finds_every_file_but_the_entries(links: int | None, base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stray = f"{ZD.rsplit('/', 1)[0]}/old/department.yaml"  # a folder inside entries/: its files are not entries
    (base / stray).parent.mkdir()
    (base / stray).write_text("x: 1\n", "utf-8")
    expected = {path: st for path, st in incremental.scan(base).items() if not incremental.is_entry(path)}
    assert stray in expected
    if links is not None:  # a file system whose folders do not count their subfolders in their link count
        monkeypatch.setattr(_Listing, "links", links)
        monkeypatch.setattr(scoped.os, "scandir", _Listing)
    assert scoped.scan_referred(base) == expected


class _Listing:
    """``os.scandir`` on a file system where every folder's link count is :attr:`links`."""

    real = os.scandir
    links = 1

    def __init__(self, path):
        self._it = _Listing.real(path)

    def __enter__(self):
        return self

    def __iter__(self):
        return (_Entry(e) for e in self._it)

    def __exit__(self, *exc):
        self._it.close()


class _Entry:
    def __init__(self, entry):
        self._entry, self.name, self.path = entry, entry.name, entry.path

    def is_dir(self, follow_symlinks=True):
        return self._entry.is_dir(follow_symlinks=follow_symlinks)

    def stat(self, follow_symlinks=True):
        return _Stat(self._entry.stat(follow_symlinks=follow_symlinks), _Listing.links if self.is_dir(False) else None)


class _Stat:
    def __init__(self, st, links):
        self._st, self.st_nlink = st, st.st_nlink if links is None else links

    def __getattr__(self, name):
        return getattr(self._st, name)


def test_checking_an_entry_when_its_item_changed_reports_the_conflict(base: Path) -> None:
    check(base)
    _edit(base, ITEM, "levels: [市级, 县级]", "levels: [市级]")
    warm = check(base, [ZD])
    assert [(p.file, p.rule) for p in warm.problems] == [(ZD, "level-mismatch")]
    assert warm.rechecked >= 2, "the item changed: the whole catalog was compared with the cache"
    assert _key(warm.problems) == _cold_only(base, [ZD])

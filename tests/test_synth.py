"""The synthetic generator writes catalogs of the province's shape that validate clean."""

from __future__ import annotations

from pathlib import Path

from zwfw import catalog, layout, synth
from zwfw.validate import validate


def test_synthetic_catalog_validates(tmp_path: Path) -> None:
    count = synth.generate(tmp_path, 600)
    result = validate(tmp_path)
    assert result.problems == []
    assert result.catalog.files_read == count
    kinds = {k: len(result.catalog.of(k)) for k in layout.KINDS}
    assert kinds[layout.ENTRY] == 600
    levels = {r.data["level"] for r in result.catalog.of(layout.REGION)}
    assert levels == {"province", "city", "county"}
    assert kinds[layout.ITEM] >= 30 and kinds[layout.MATERIAL] == 200


def test_generation_is_deterministic(tmp_path: Path) -> None:
    synth.generate(tmp_path / "a", 100)
    synth.generate(tmp_path / "b", 100)
    a = sorted(catalog.data_files(tmp_path / "a"))
    assert a == sorted(catalog.data_files(tmp_path / "b"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in a)

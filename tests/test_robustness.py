"""Never a traceback: every field of every record kind replaced by every wrong
shape still gives a clean report with exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import BASE, copy_catalog, run_cli
from zwfw import layout, schemas, yamlio

FILES = {
    "entry": "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/entries/000131001000.yaml",
    "item": "items/130000-hebei/hb-scjgj/catalog/000131001000.yaml",
    "department": "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/department.yaml",
    "region": "items/130000-hebei/130100-shijiazhuang/region.yaml",
    "material": "libraries/materials/business-licence.yaml",
}
WRONG = [None, 7, True, "文本", [1, "x"], {"a": {"b": 1}}]


def _cases():
    for kind, rel in FILES.items():
        data = yamlio.load((BASE / rel).read_text("utf-8"))
        for key in data:
            yield kind, rel, key


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return copy_catalog(BASE, tmp_path_factory.mktemp("robust") / "catalog")


@pytest.mark.parametrize("kind, rel, key", list(_cases()), ids=[f"{k}.{f}" for k, _, f in _cases()])
def test_every_wrong_shape_is_reported(workdir: Path, kind: str, rel: str, key: str) -> None:
    path = workdir / rel
    original = path.read_text("utf-8")
    comment, data = original.split("\n", 1)[0], yamlio.load(original)
    try:
        for wrong in WRONG:
            if data[key] == wrong:
                continue
            changed = {**data, key: wrong}
            path.write_text(comment + "\n" + yaml.safe_dump(changed, allow_unicode=True, sort_keys=False), "utf-8")
            result = run_cli("validate", "--quiet", "--root", str(workdir))
            assert result.err == ""
            assert result.code in (0, 1)
            if result.code == 0:  # only when the value really is allowed there
                assert schemas.is_valid(layout.classify(rel).kind, changed), (key, wrong)
            else:
                assert f"{rel}:" in result.out or ".yaml:" in result.out
    finally:
        path.write_text(original, "utf-8")

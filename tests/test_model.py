"""The core read model and the facts defined once: level labels, working days, time-limit text."""

from __future__ import annotations

import ast
from collections.abc import Iterator

import pytest

from conftest import BASE, REPO
from zwfw import catalog, gitrepo, layout, model


def test_model_of_the_fixture_catalog() -> None:
    loaded, problems = catalog.load(BASE)
    assert not problems
    m = model.from_catalog(loaded)
    assert m.items and m.entries and m.departments and m.regions and m.materials
    for entry in m.entries:
        assert entry.item in m.items and entry.department in m.departments and entry.region in m.regions
        assert entry.file.startswith("items/") and "/entries/" in entry.file
    for dept in m.departments.values():
        assert dept.file == f"{dept.folder}/department.yaml"
    assert {r.level_label for r in m.regions.values()} <= {"省级", "市级", "县级"}


def test_records_outside_the_layout_or_not_records_are_left_out() -> None:
    m = model.from_records([("README.md", {"name": "x"}), ("items/130000-hebei/region.yaml", ["not", "a", "record"]),
                            ("libraries/materials/id-card.yaml", {"name": "居民身份证"})])
    assert not m.regions and m.materials == {"id-card": {"name": "居民身份证"}}


@pytest.mark.parametrize(("limit", "working", "natural", "iso", "text"), [
    ({"value": 20, "unit": "工作日"}, 20, 28, "P28D", "20 个工作日"),
    ({"value": 14, "unit": "自然日"}, 10, 14, "P14D", "14 个自然日"),
    ({"value": 3, "unit": "工作日", "note": "不含公示"}, 3, 4.2, "P5D", "3 个工作日（不含公示）"),
    ({"value": 0, "unit": "工作日"}, 0, 0, "P0D", "即办"),
    (None, None, None, None, "—"),
    ({"unit": "工作日", "note": "另行公布"}, None, None, None, "—"),
    ({"value": True, "unit": "工作日"}, None, None, None, "True 个工作日"),
])
def test_time_limits(limit, working, natural, iso, text) -> None:
    assert model.working_days(limit) == pytest.approx(working) if working is not None else model.working_days(limit) is None
    assert model.natural_days(limit) == pytest.approx(natural) if natural is not None else model.natural_days(limit) is None
    assert model.iso_duration(limit) == iso
    assert model.limit_text(limit) == text


def test_cpsv_processing_time_honours_the_unit() -> None:
    from zwfw import cpsv
    from zwfw.site import model as site_model

    loaded, _ = catalog.load(BASE)
    site = site_model.build(loaded)
    entry = site.entries[0]
    entry.data["promised_time_limit"] = {"value": 10, "unit": "工作日"}
    doc = cpsv.dumps(site)
    assert '"processingTime": "P14D"' in doc


def test_catalog_revision_is_the_repository_of_the_root_only() -> None:
    assert gitrepo.catalog_revision(BASE) == gitrepo.UNVERSIONED  # inside the project's repository, not its own
    with pytest.raises(gitrepo.NotARepository):
        gitrepo.open_repo(BASE)
    if (REPO / ".git").exists():
        assert gitrepo.catalog_revision(REPO) != gitrepo.UNVERSIONED


def _imports(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_only_gitrepo_imports_gitpython() -> None:
    package = REPO / "scripts" / "zwfw"
    importers = sorted(
        path.relative_to(package).as_posix() for path in package.rglob("*.py")
        if any(name == "git" or name.startswith("git.") for name in _imports(ast.parse(path.read_text("utf-8"))))
    )
    assert importers == ["gitrepo.py"]


def test_the_import_scan_sees_every_form_of_import() -> None:
    forms = ["import git", "import git.exc", "from git import Repo", "from git.exc import BadName",
             "if TYPE_CHECKING:\n    import git", "def f():\n    import git"]
    for source in forms:
        assert any(name.split(".")[0] == "git" for name in _imports(ast.parse(source))), source
    assert not list(n for n in _imports(ast.parse("from . import gitrepo\nimport gitlab")) if n.split(".")[0] == "git")


def test_rule_context_and_review_owners_are_views_of_the_model(base) -> None:
    """The same department folder name in two regions: every view takes the model's record (the first)."""
    import shutil

    from zwfw.review import owners
    from zwfw.rules.context import Context

    city = base / "items/130000-hebei/130100-shijiazhuang"
    shutil.copytree(city / "sjz-scjgj", city / "130123-zhengding" / "sjz-scjgj")
    loaded, _ = catalog.load(base)
    core = model.from_catalog(loaded)
    assert core.departments["sjz-scjgj"].file == "items/130000-hebei/130100-shijiazhuang/130123-zhengding/sjz-scjgj/department.yaml"
    ctx = Context.build(loaded)
    for index in ("regions", "departments", "items"):
        assert {k: r.file for k, r in getattr(ctx, index).items()} == {k: r.file for k, r in getattr(core, index).items()}
    assert ctx.core.regions == core.regions
    assert ctx.exercised_levels("130123") == {"县级"} and ctx.region_level("130100") == "city"
    found = owners.load(base)
    assert {r.folder: r.record for r in found.regions.values()} == {r.folder: r for r in core.regions.values()}
    assert {d.folder for d in found.departments.values()} == {r.file.rsplit("/", 1)[0] for r in loaded.of("department")}
    assert all(d.record == model.record(layout.classify(d.folder + "/department.yaml"), d.record.file, d.record.data)
               for d in found.departments.values())

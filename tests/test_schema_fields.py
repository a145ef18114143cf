"""Every field of the entry and item schemas reaches every view of a record — the
public pages, Excel, the change report and CPSV-AP — or is listed, with its reason,
in the one place where that view says what it leaves out on purpose.

A field is *in* a view when changing its value changes what the view gives: the
rendered item and guide pages, the Excel rows, the changes ``zwfw diff`` reports,
the CPSV-AP document. So a field added to a schema fails here until each view
shows it or lists it as left out."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator

import pytest

from conftest import BASE
from zwfw import cpsv, layout, schemas
from zwfw.catalog import load
from zwfw.excel import columns, tables
from zwfw.review import entry_changes, item_changes
from zwfw.site import fields, guide_page, item_page, model, sameness, standalone

CODE = "000131001000"
FRAME = standalone.Frame("河北省政务服务事项目录", True)
KINDS = (layout.ENTRY, layout.ITEM)


def leaves(kind: str, path: tuple = ()) -> Iterator[tuple]:
    """Every leaf field of the schema of ``kind``, as a path (0 for a list's element)."""
    node = schemas.node_at(kind, path)
    if node.get("type") == "array":
        yield from leaves(kind, path + (0,))
    elif node.get("properties"):
        for name in node["properties"]:
            yield from leaves(kind, path + (name,))
    else:
        yield path


def dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path if p != 0)


def fill(kind: str, path: tuple = ()):
    """A value for every property (first enum option; types only: views render, they do not validate)."""
    node = schemas.node_at(kind, path)
    if "enum" in node:
        return node["enum"][0]
    typ = node.get("type")
    if typ == "object" or "properties" in node:
        return {k: fill(kind, path + (k,)) for k in node.get("properties", {})}
    if typ == "array":
        return [fill(kind, path + (0,))]
    if typ in ("integer", "number"):
        return 3
    if typ == "boolean":
        return True
    return f"值{len(path)}"


#: Fields a view shows only when a field that takes precedence is absent: field → those dropped first
#: (a library material is named by the library; 原件/复印件份数 replace 份数; an e-licence is the result).
PRECEDENCE = {"materials.name": ("ref",), "materials.copies": ("originals", "photocopies"),
              "result.type": ("licence",), "result.name": ("licence",)}
#: Fields whose value must name a record that exists or be a safe key: field → (the value filled in, another one).
REFERENCES = {"result.licence": ("business-licence", "food-business-licence"), "code": (CODE, "000131009000")}


def changed(kind: str, path: tuple, value):
    """Another value for the field at ``path``."""
    if dotted(path) in REFERENCES:
        return REFERENCES[dotted(path)][1]
    node = schemas.node_at(kind, path)
    if "enum" in node:
        return next(o for o in node["enum"] if o != value)
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 4
    return f"{value}改"


def prepared(data: dict, path: tuple) -> dict:
    """``data`` without the fields that take precedence over the one at ``path``."""
    out = copy.deepcopy(data)
    here = out
    for step in path[:-1]:
        here = here[step]
    for other in PRECEDENCE.get(dotted(path), ()):
        here.pop(other, None)
    return out


def with_change(kind: str, data: dict, path: tuple) -> dict:
    out = copy.deepcopy(data)
    here = out
    for step in path[:-1]:
        here = here[step]
    here[path[-1]] = changed(kind, path, here[path[-1]])
    return out


# --- the views: (site data, item, kind, data) → what the view gives ---------

@pytest.fixture(scope="module")
def site() -> model.SiteData:
    catalog, problems = load(BASE)
    assert not problems
    site = model.build(catalog)
    item = site.items[CODE]
    item.data = {**fill(layout.ITEM), "code": CODE, "name": item.name, "main_item": "000131002000"}
    item.entries[0].data = {**fill(layout.ENTRY), "item": CODE}
    item.entries[0].data["online"]["url"] = "https://example.org/"
    item.entries[0].data["result"]["licence"] = REFERENCES["result.licence"][0]
    return site


def _with(site: model.SiteData, kind: str, data: dict) -> tuple[model.SiteData, model.Item]:
    site = copy.deepcopy(site)
    item = site.items[CODE]
    if kind == layout.ITEM:
        item.data = data  # its code and name follow
    else:
        item.entries[0].data = data
    return site, item


def pages(site: model.SiteData, kind: str, data: dict) -> str:
    site, item = _with(site, kind, data)
    same = sameness.compare(site, item)
    return item_page.render(site, item, {}, same).body + guide_page.render(site, same, item.entries[0], FRAME)[1]


def excel(site: model.SiteData, kind: str, data: dict) -> str:
    main, *children = columns.entry_tables() if kind == layout.ENTRY else columns.item_tables()
    rows = [tables.row(main, data, {})]
    for table in children:
        elements = tables.get_path(data, table.list_path)
        rows += [tables.row(table, e, {}) for e in (elements if isinstance(elements, list) else [])]
    return json.dumps(rows, ensure_ascii=False, default=str)


class _Nothing:
    def read(self, path):
        return None


def diff(site: model.SiteData, kind: str, before: dict, after: dict) -> bool:
    """Whether ``zwfw diff`` reports a change between the two versions of the record."""
    if kind == layout.ENTRY:
        return bool(list(entry_changes.compare("e.yaml", "", before, after, _Nothing(), _Nothing())))
    return bool(list(item_changes.compare("i.yaml", str(before.get("code")), str(after.get("code")), before, after)))


def rendered(view: Callable[[model.SiteData, str, dict], str]) -> Callable[[model.SiteData, str, dict, dict], bool]:
    """A view that renders a record: the change shows when the two renderings differ."""
    return lambda site, kind, before, after: view(site, kind, before) != view(site, kind, after)


def linked_data(site: model.SiteData, kind: str, data: dict) -> str:
    return cpsv.dumps(_with(site, kind, data)[0])


def _original(site: model.SiteData, kind: str) -> dict:
    item = site.items[CODE]
    return item.data if kind == layout.ITEM else item.entries[0].data


#: Each view and where it lists, by kind, the fields it leaves out on purpose (dotted path → reason).
VIEWS: dict[str, tuple[Callable[[model.SiteData, str, dict, dict], bool], dict[str, dict[str, str]]]] = {
    "pages": (rendered(pages), {layout.ENTRY: fields.HIDDEN_ENTRY, layout.ITEM: fields.HIDDEN_ITEM}),
    "excel": (rendered(excel), {layout.ENTRY: {}, layout.ITEM: {}}),  # none: every field is a column
    "diff": (diff, {layout.ENTRY: {}, layout.ITEM: {}}),  # none: every change is reported
    "cpsv": (rendered(linked_data), cpsv.NOT_MAPPED),
}


def _hidden(view: str, kind: str, path: tuple) -> str | None:
    listed = VIEWS[view][1][kind]
    name = dotted(path)
    found = [listed[k] for k in listed if name == k or name.startswith(k + ".")]
    return found[0] if found else None


def missing(site: model.SiteData, view: str, kind: str) -> list[str]:
    """The fields of ``kind`` whose change ``view`` does not show and does not list as left out."""
    shows = VIEWS[view][0]
    out = []
    for path in leaves(kind):
        if _hidden(view, kind, path) is not None:
            continue
        data = prepared(_original(site, kind), path)
        if not shows(site, kind, data, with_change(kind, data, path)):
            out.append(dotted(path))
    return out


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("view", list(VIEWS))
def test_every_schema_field_is_in_every_view_or_left_out_with_a_reason(site, view: str, kind: str) -> None:
    assert missing(site, view, kind) == []


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_field_left_out_is_a_schema_field_with_a_reason(view: str) -> None:
    for kind in KINDS:
        known = {dotted(p[:n]) for p in leaves(kind) for n in range(1, len(p) + 1)}
        for name, reason in VIEWS[view][1][kind].items():
            assert name in known, f"{view}: {kind}.{name} is not a schema field"
            assert reason.strip(), f"{view}: {kind}.{name} is left out without a reason"


def test_a_field_no_view_shows_is_found(site, monkeypatch) -> None:
    """The check itself: a view that ignores a field is caught."""
    def blind(site, kind, data):
        return linked_data(site, kind, {k: v for k, v in data.items() if k != "visits"})

    monkeypatch.setitem(VIEWS, "cpsv", (rendered(blind), {layout.ENTRY: {}, layout.ITEM: {}}))
    assert "visits" in missing(site, "cpsv", layout.ENTRY)

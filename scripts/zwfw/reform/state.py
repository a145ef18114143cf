"""The catalog at one point in time, reduced to what the reform figures need.

A :class:`State` is built from the working tree (a loaded catalog or the
site's data) or from a git revision (through :class:`~zwfw.review.snapshot.Snapshot`).
Entries are keyed by (department id, basic code): the same department
handling the same item is the same entry in every revision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import layout, yamlio
from ..catalog import Catalog
from ..review.snapshot import Snapshot, where
from ..site.model import SiteData

CANCELLED = "已取消"
Key = tuple[str, str]


@dataclass(frozen=True)
class EntryFacts:
    department: str
    item: str
    region: str
    data: dict

    @property
    def key(self) -> Key:
        return (self.department, self.item)


@dataclass
class State:
    label: str  # commit sha or 工作区
    date: str = ""
    entries: dict[Key, EntryFacts] = field(default_factory=dict)  # entries in force (not cancelled)
    materials: dict[str, dict] = field(default_factory=dict)
    licences: dict[str, dict] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)  # id → name
    regions: dict[str, str] = field(default_factory=dict)  # code → name
    items: dict[str, str] = field(default_factory=dict)  # basic code → name
    renamed: dict[str, str] = field(default_factory=dict)  # former basic code → current (zwfw recode)

    def note_former_codes(self, code: str, data: dict) -> None:
        for old in data.get("former_codes") or []:
            if isinstance(old, str):
                self.renamed[old] = code

    def following(self, renamed: dict[str, str]) -> "State":
        """This state with its entries keyed by the codes ``renamed`` gives them
        now, so that an item re-coded since is still the same item."""
        if not any(item in renamed for _, item in self.entries):
            return self
        entries = {(dept, renamed.get(item, item)): facts for (dept, item), facts in self.entries.items()}
        items = {renamed.get(code, code): name for code, name in self.items.items()}
        return State(self.label, self.date, entries, self.materials, self.licences, self.departments, self.regions, items, self.renamed)

    def add(self, path: str, data: dict) -> None:
        """Put one data file's record in its place; a file that is no record is left out."""
        loc = where(path)
        if loc is None or not isinstance(data, dict):
            return
        name = data.get("name") if isinstance(data.get("name"), str) else None
        if loc.kind == layout.ENTRY and isinstance(data.get("item"), str) and data.get("status") != CANCELLED:
            facts = EntryFacts(loc.department, data["item"], loc.region_code, data)
            self.entries[facts.key] = facts
        elif loc.kind == layout.MATERIAL:
            self.materials[loc.stem] = data
        elif loc.kind == layout.LICENCE:
            self.licences[loc.stem] = data
        elif loc.kind == layout.DEPARTMENT:
            self.departments[loc.department] = name or loc.department
        elif loc.kind == layout.REGION:
            self.regions[loc.region_code] = name or loc.region_code
        elif loc.kind == layout.ITEM and isinstance(data.get("code"), str):
            self.items[data["code"]] = name or data["code"]
            self.note_former_codes(data["code"], data)


def from_catalog(catalog: Catalog, label: str = "工作区") -> State:
    state = State(label)
    for record in catalog.records:
        state.add(record.file, record.data)
    return state


def from_site(site: SiteData, label: str = "工作区") -> State:
    state = State(label, materials=dict(site.materials), licences=dict(site.licences))
    state.departments = {d.id: d.name for d in site.departments.values()}
    state.regions = {r.code: r.name for r in site.regions.values()}
    state.items = {code: item.name for code, item in site.items.items()}
    for code, item in site.items.items():
        state.note_former_codes(code, item.data)
    for entry in site.entries:
        if entry.data.get("status") != CANCELLED:
            facts = EntryFacts(entry.department, entry.item, entry.region, entry.data)
            state.entries[facts.key] = facts
    return state


def from_snapshot(snapshot: Snapshot, cache: dict[str, dict | None] | None = None) -> State:
    """The state of a revision. ``cache`` (blob sha → parsed record) makes
    reading many revisions of a mostly unchanged catalog cheap."""
    cache = {} if cache is None else cache
    commit = snapshot.commit
    state = State(commit.hexsha, commit.committed_datetime.date().isoformat())
    for blob in _blobs(commit.tree):
        if blob.path not in snapshot.paths:
            continue
        if blob.hexsha not in cache:
            cache[blob.hexsha] = _parse(blob.data_stream.read())
        if cache[blob.hexsha] is not None:
            state.add(blob.path, cache[blob.hexsha])
    return state


def _blobs(tree):
    for top in layout.DATA_DIRS:
        try:
            sub = tree / top
        except KeyError:
            continue
        yield from sorted((b for b in sub.traverse() if b.type == "blob"), key=lambda b: b.path)


def _parse(raw: bytes) -> dict | None:
    try:
        data = yamlio.load(yamlio.decode(raw))
    except yamlio.ReadError:
        return None
    return data if isinstance(data, dict) else None

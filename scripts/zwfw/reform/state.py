"""The catalog at one point in time, reduced to what the reform figures need.

A :class:`State` has one constructor, :func:`of`, from the core read model
(:mod:`zwfw.model`); the model comes from the working tree (:func:`from_catalog`),
the site's data (:func:`from_site`) or a git revision (:func:`from_snapshot`).
Entries are keyed by (department id, basic code): the same department
handling the same item is the same entry in every revision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import gitrepo, model, yamlio
from ..catalog import Catalog
from ..model import CANCELLED
from ..review.snapshot import Snapshot
from ..site.model import SiteData

__all__ = ["CANCELLED", "EntryFacts", "Key", "State", "from_catalog", "from_site", "from_snapshot", "of"]

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

    def following(self, renamed: dict[str, str]) -> State:
        """This state with its entries keyed by the codes ``renamed`` gives them
        now, so that an item re-coded since is still the same item."""
        if not any(item in renamed for _, item in self.entries):
            return self
        entries = {(dept, renamed.get(item, item)): facts for (dept, item), facts in self.entries.items()}
        items = {renamed.get(code, code): name for code, name in self.items.items()}
        return State(self.label, self.date, entries, self.materials, self.licences, self.departments, self.regions, items, self.renamed)


def of(catalog: model.Model, label: str = "工作区", date: str = "") -> State:
    """The one constructor: the reform view of a read model."""
    state = State(label, date, materials=dict(catalog.materials), licences=dict(catalog.licences))
    state.departments = {d.id: d.name for d in catalog.departments.values()}
    state.regions = {r.code: r.name for r in catalog.regions.values()}
    state.items = {code: item.name for code, item in catalog.items.items()}
    for code, item in catalog.items.items():
        state.note_former_codes(code, item.data)
    for e in catalog.in_force():
        facts = EntryFacts(e.department or "", e.item, e.region or "", e.data)
        state.entries[facts.key] = facts
    return state


def from_catalog(catalog: Catalog, label: str = "工作区") -> State:
    return of(model.from_catalog(catalog), label)


def from_site(site: SiteData, label: str = "工作区") -> State:
    """The site's data (records that passed their schema, entries of known items)."""
    return of(site.core, label)


def from_snapshot(snapshot: Snapshot, cache: dict[str, dict | None] | None = None) -> State:
    """The state of a revision. ``cache`` (blob sha → parsed record) makes
    reading many revisions of a mostly unchanged catalog cheap."""
    cache = {} if cache is None else cache
    commit = snapshot.commit
    records = []
    for blob in gitrepo.data_blobs(commit.tree):
        if blob.path not in snapshot.paths:
            continue
        if blob.hexsha not in cache:
            cache[blob.hexsha] = _parse(blob.data_stream.read())
        records.append((blob.path, cache[blob.hexsha]))
    return of(model.from_records(records), commit.hexsha, commit.committed_datetime.date().isoformat())


def _parse(raw: bytes) -> dict | None:
    try:
        data = yamlio.load(yamlio.decode(raw))
    except yamlio.ReadError:
        return None
    return data if isinstance(data, dict) else None

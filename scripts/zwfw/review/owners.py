"""Who owns and who reviews each path, read from the region and department records.

The owning / implementing department of a record is the department folder it
sits in; its ``team`` (``department.yaml``) is the department side of every
review. The other side comes from the ``region.yaml`` of the region folder
around the department: ``reviewers.legal`` (司法行政部门) for directory items,
``reviewers.service_office`` (政务服务管理办公室) for implementation entries.
Only the records of the *base* revision count: a pull request cannot name its
own reviewers.

The plan's workflow: a directory item is 录入 by its department and 审核 by
the government-service office of its level (it assigns the unified code and
publishes) AND the legal team of its level, each a different person. A side
that the base does not know (a new region or department) is stood in for by
the same role one level up (a new city's items: the province's legal team and
service office), and only as a last resort by the platform maintainers *in
that role*: sides never merge, so one person never stands for two of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import catalog, layout, model, yamlio
from ..problems import Problem, error
from .config import PLATFORM_TEAM

DEPARTMENT = "department"
LEGAL = "legal"
SERVICE_OFFICE = "service_office"
PLATFORM = "platform"
ROLES = (DEPARTMENT, LEGAL, SERVICE_OFFICE, PLATFORM)

#: Role titles, Chinese and English.
ROLE_TITLES = {
    DEPARTMENT: ("本部门审核", "department review"),
    LEGAL: ("合法性审核", "legal review"),
    SERVICE_OFFICE: ("政务服务管理部门审核", "government-service office review"),
    PLATFORM: ("平台维护组审核", "platform maintainers review"),
}

#: The ``team`` pattern of ``schemas/common.schema.json``.
TEAM_RE = re.compile(r"^@[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True, order=True)
class Reviewer:
    """One side of a review: a GitHub team in a role, with the body's Chinese name."""

    role: str
    team: str
    name: str

    @property
    def org(self) -> str:
        return self.team[1:].split("/", 1)[0]

    @property
    def slug(self) -> str:
        return self.team.split("/", 1)[1]


PLATFORM_REVIEWER = Reviewer(PLATFORM, PLATFORM_TEAM, "平台维护组")


def stand_in(role: str) -> Reviewer:
    """The platform maintainers standing in for ``role`` (a distinct side: the
    same team in two roles needs two people)."""
    return Reviewer(role, PLATFORM_TEAM, f"平台维护组（代行{ROLE_TITLES[role][0]}）")


@dataclass(frozen=True)
class Region:
    """A region's review sides: its record in the read model, with the teams it names."""

    record: model.Region
    legal: Reviewer | None
    service_office: Reviewer | None

    @property
    def folder(self) -> str:
        """Repository-relative, e.g. items/130000-hebei/130100-shijiazhuang."""
        return self.record.folder

    @property
    def code(self) -> str:
        return self.record.code

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def level(self) -> str | None:
        return self.record.level


@dataclass(frozen=True)
class Department:
    """A department's review side: its record in the read model, with its team."""

    record: model.Department
    reviewer: Reviewer

    @property
    def folder(self) -> str:
        """Repository-relative, e.g. items/130000-hebei/hb-scjgj."""
        return self.record.folder

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def name(self) -> str:
        return self.record.name


@dataclass
class Owners:
    regions: dict[str, Region] = field(default_factory=dict)  # by folder
    departments: dict[str, Department] = field(default_factory=dict)  # by folder
    problems: list[Problem] = field(default_factory=list)

    @property
    def province(self) -> Region | None:
        return next((r for r in self.regions.values() if r.level == "province"), None)

    def required(self, path: str) -> tuple[Reviewer, ...]:
        """Every side that must approve a change to ``path`` (all of them: AND;
        each side a different person)."""
        try:
            where = layout.classify(path)
        except layout.LayoutError:
            return (PLATFORM_REVIEWER,)
        if where.kind in (layout.MATERIAL, layout.LICENCE):
            office = self.province.service_office if self.province else None
            return (office or stand_in(SERVICE_OFFICE),)
        folder = _region_folder(where)
        office, legal = self.side(folder, SERVICE_OFFICE), self.side(folder, LEGAL)
        if where.kind == layout.REGION:  # its reviewers: the legal team sees who replaces it
            return _unique(PLATFORM_REVIEWER, office, legal)
        dept = self.departments.get(_department_folder(where))
        side = dept.reviewer if dept else stand_in(DEPARTMENT)
        if where.kind == layout.ITEM:
            return _unique(side, office, legal)
        return _unique(side, office)  # entries and department records

    def side(self, folder: str, role: str) -> Reviewer:
        """The ``role`` side of the region at ``folder``: its own team, else the
        nearest ancestor region's, else the platform maintainers in that role."""
        while folder.count("/") >= 1:
            region = self.regions.get(folder)
            found = getattr(region, role, None) if region else None
            if found is not None:
                return found
            folder = folder.rsplit("/", 1)[0]
        return stand_in(role)

    def teams(self) -> set[str]:
        found = {PLATFORM_TEAM}
        for r in self.regions.values():
            found.update(x.team for x in (r.legal, r.service_office) if x)
        found.update(d.reviewer.team for d in self.departments.values())
        return found


def _unique(*reviewers: Reviewer | None) -> tuple[Reviewer, ...]:
    out: list[Reviewer] = []
    for r in reviewers:
        if r is not None and r not in out:
            out.append(r)
    return tuple(out)


def _region_folder(where: layout.Location) -> str:
    return "/".join((layout.ITEMS_DIR, *where.regions))


def _department_folder(where: layout.Location) -> str:
    return f"{_region_folder(where)}/{where.department}"


def load(root: Path) -> Owners:
    """Read every ``region.yaml`` and ``department.yaml`` under ``root``."""
    texts = {}
    owners = Owners()
    for rel in catalog.data_files(root):
        if rel.endswith("/" + layout.REGION_FILE) or rel.endswith("/" + layout.DEPARTMENT_FILE):
            try:
                texts[rel] = yamlio.read(root / rel)
            except (yamlio.ReadError, OSError) as exc:
                owners.problems.append(error(rel, "read", f"无法读取文件：{exc}", line=1, col=1))
    _fill(owners, texts)
    return owners


def from_texts(texts: dict[str, str]) -> Owners:
    """Owners from file texts by repository-relative path (e.g. read from a git revision)."""
    owners = Owners()
    _fill(owners, texts)
    return owners


def _fill(owners: Owners, texts: dict[str, str]) -> None:
    for rel in sorted(texts):
        try:
            where = layout.classify(rel)
            data = yamlio.load(texts[rel])
        except (layout.LayoutError, yamlio.ReadError):
            continue  # `zwfw validate` reports these; the path falls back to the platform
        if not isinstance(data, dict):
            continue
        found = model.record(where, rel, data)
        if isinstance(found, model.Region):
            owners.regions[found.folder] = _region(owners, found)
        elif isinstance(found, model.Department):
            dept = _department(owners, found)
            if dept:
                owners.departments[dept.folder] = dept


def _region(owners: Owners, region: model.Region) -> Region:
    reviewers = region.data.get("reviewers") if isinstance(region.data.get("reviewers"), dict) else {}
    sides = {}
    for role in (LEGAL, SERVICE_OFFICE):
        sides[role] = _reviewer(owners, region.file, role, reviewers.get(role), ("reviewers", role, "team"))
    return Region(region, sides[LEGAL], sides[SERVICE_OFFICE])


def _department(owners: Owners, dept: model.Department) -> Department | None:
    reviewer = _reviewer(owners, dept.file, DEPARTMENT, {"name": dept.name, "team": dept.team}, ("team",))
    return Department(dept, reviewer) if reviewer else None


def _reviewer(owners: Owners, rel: str, role: str, value, path: tuple) -> Reviewer | None:
    value = value if isinstance(value, dict) else {}
    team, name = value.get("team"), value.get("name")
    if not isinstance(team, str) or not TEAM_RE.match(team):
        owners.problems.append(
            error(rel, "schema", f"审核团队（{'.'.join(path)}）应写作 @组织/团队，例如 @hebei-zwfw/hb-scjgj；"
                                 "缺少时该路径改由平台维护组审核。", path)
        )
        return None
    return Reviewer(role, team, name if isinstance(name, str) else team)

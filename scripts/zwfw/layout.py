"""Where each kind of record lives in the repository, and what a path says.

Layout (plain ASCII paths)::

    items/<region>/[<region>/[<region>/]]region.yaml          region
    items/<region>/.../<dept>/department.yaml                   department
    items/<region>/.../<dept>/catalog/<basic code>.yaml         directory item (目录清单)
    items/<region>/.../<dept>/entries/<basic code>.yaml         implementation entry (实施清单)
    libraries/materials/<id>.yaml                               standard material (审批要件标准库)
    libraries/licences/<id>.yaml                                e-licence (电子证照目录库)

A region folder is named ``<division code>-<slug>`` and nests like the
division tree (province → city → county). A department folder is named by the
department id. The owning / implementing department of an item or entry is the
department folder it sits in: it is never restated inside the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ITEMS_DIR = "items"
LIBRARIES_DIR = "libraries"
DATA_DIRS = (ITEMS_DIR, LIBRARIES_DIR)

REGION = "region"
DEPARTMENT = "department"
ITEM = "directory-item"
ENTRY = "implementation-entry"
MATERIAL = "material"
LICENCE = "licence"
KINDS = (REGION, DEPARTMENT, ITEM, ENTRY, MATERIAL, LICENCE)

REGION_FILE = "region.yaml"
DEPARTMENT_FILE = "department.yaml"
CATALOG_DIR = "catalog"
ENTRIES_DIR = "entries"
MATERIALS_DIR = "materials"
LICENCES_DIR = "licences"

REGION_FOLDER_RE = re.compile(r"^([0-9]{6})(?:-[a-z0-9]+(?:-[a-z0-9]+)*)?$")
DEPT_FOLDER_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

KIND_TITLES = {
    REGION: "行政区域",
    DEPARTMENT: "部门",
    ITEM: "目录清单事项",
    ENTRY: "实施清单事项",
    MATERIAL: "标准材料",
    LICENCE: "电子证照",
}


@dataclass(frozen=True)
class Location:
    """What a data file's path says: its kind, the region folders around it
    (outermost first) and its department folder, if any."""

    kind: str
    regions: tuple[str, ...] = ()
    department: str | None = None
    stem: str = ""

    @property
    def region_code(self) -> str | None:
        """Division code of the innermost region folder."""
        if not self.regions:
            return None
        return REGION_FOLDER_RE.match(self.regions[-1]).group(1)

    @property
    def region_codes(self) -> tuple[str, ...]:
        return tuple(REGION_FOLDER_RE.match(r).group(1) for r in self.regions)


class LayoutError(ValueError):
    """The path is not where any kind of record lives; the message says where it should go."""


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


def classify(relpath: str) -> Location:
    """Tell the kind of record a repository-relative POSIX path holds."""
    parts = relpath.split("/")
    name = parts[-1]
    if not name.endswith(".yaml"):
        raise LayoutError("数据文件的扩展名应为 .yaml")
    stem = name[: -len(".yaml")]
    if parts[0] == LIBRARIES_DIR:
        if len(parts) == 3 and parts[1] == MATERIALS_DIR:
            return Location(MATERIAL, stem=stem)
        if len(parts) == 3 and parts[1] == LICENCES_DIR:
            return Location(LICENCE, stem=stem)
        raise LayoutError("libraries/ 下只能有 materials/<标识>.yaml 和 licences/<标识>.yaml")
    if parts[0] != ITEMS_DIR:
        raise LayoutError("数据文件应放在 items/ 或 libraries/ 下")
    return _classify_items(parts[1:], stem)


def _classify_items(parts: list[str], stem: str) -> Location:
    regions: list[str] = []
    i = 0
    while i < len(parts) - 1 and REGION_FOLDER_RE.match(parts[i]):
        regions.append(parts[i])
        i += 1
    rest = parts[i:]
    if not regions:
        raise LayoutError("items/ 下的第一层应为区域文件夹，命名为“区划代码-拼音”，例如 130000-hebei")
    if rest == [REGION_FILE]:
        return Location(REGION, tuple(regions), stem=stem)
    if len(rest) >= 2 and not DEPT_FOLDER_RE.match(rest[0]):
        raise LayoutError(f"文件夹 {rest[0]} 既不是区域文件夹（区划代码-拼音）也不是部门文件夹（小写字母、数字和连字符）")
    if len(rest) == 2 and rest[1] == DEPARTMENT_FILE:
        return Location(DEPARTMENT, tuple(regions), rest[0], stem=stem)
    if len(rest) == 3 and rest[1] == CATALOG_DIR:
        return Location(ITEM, tuple(regions), rest[0], stem=stem)
    if len(rest) == 3 and rest[1] == ENTRIES_DIR:
        return Location(ENTRY, tuple(regions), rest[0], stem=stem)
    raise LayoutError(
        "区域文件夹中只能有 region.yaml 和部门文件夹；部门文件夹中只能有 department.yaml、catalog/ 和 entries/"
    )

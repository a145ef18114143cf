"""Regions, departments and where records sit: the tree must match the data."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import codes, divisions, layout
from ..catalog import Record
from ..problems import Problem, error, warning, register
from .context import Context, duplicates, each, text

register({
    "region-folder": "区域文件夹与区划代码不一致",
    "division-code": "区划代码不在河北省区划代码表中",
    "region-missing": "区域文件夹缺少 region.yaml",
    "department-missing": "部门文件夹缺少 department.yaml",
    "department-region": "部门不在其所属区域的文件夹中",
    "id-mismatch": "标识与文件（夹）名不一致",
    "credit-code": "统一社会信用代码校验不通过",
    "duplicate-code": "编码或标识重复",
    "catalog-level": "目录清单事项放在了不应定义它的层级",
})



def check_record(ctx: Context) -> Iterator[Problem]:
    """What a region or department record says about itself (division table, credit code, id)."""
    yield from each(ctx, ctx.of(layout.REGION), lambda r: _region(ctx, r))
    yield from each(ctx, ctx.of(layout.DEPARTMENT), lambda r: _department(ctx, r))
    for kind in (layout.MATERIAL, layout.LICENCE, layout.DEPARTMENT):
        yield from each(ctx, ctx.of(kind), _id_matches_name)


def check(ctx: Context) -> Iterator[Problem]:
    yield from _folders_have_records(ctx)
    yield from _duplicates(ctx, layout.DEPARTMENT, "credit_code", "统一社会信用代码")
    yield from _duplicates(ctx, layout.REGION, "code", "行政区划代码")
    yield from each(ctx, ctx.of(layout.ITEM), lambda r: _catalog_level(ctx, r))


def _region(ctx: Context, r: Record) -> Iterator[Problem]:
    code, folder_code = text(r.data.get("code")), r.where.region_code
    if code is None:
        return
    if code != folder_code:
        yield error(r.file, "region-folder", f"区划代码 {code} 与文件夹 {r.where.regions[-1]} 不一致：文件夹名应以 {code} 开头，或改正代码。", ("code",))
    div = ctx.divisions.get(code)
    if div is None:
        yield error(r.file, "division-code", f"区划代码 {code} 不在河北省行政区划代码表中：请核对 GB/T 2260 代码。", ("code",))
        return
    if div.statistical_only:
        yield warning(r.file, "division-code", f"{code} {div.name} 是统计用功能区代码，不是 GB/T 2260 行政区划代码：请确认确需单独设立区域。", ("code",))
    if r.data.get("name") != div.name:
        yield error(r.file, "division-code", f"区域名称应为“{div.name}”（区划代码 {code}）。", ("name",))
    if r.data.get("level") != div.level:
        yield error(r.file, "division-code", f"{div.name} 的区域层级应为 {div.level}。", ("level",))
    administered = r.data.get("province_administered") is True
    if administered != div.province_administered:
        want = "true" if div.province_administered else "false（或删除该字段）"
        yield error(r.file, "division-code", f"{div.name} 的 province_administered（省直管）应为 {want}。", ("province_administered",))
    yield from _region_parent(r, div)


def _region_parent(r: Record, div: divisions.Division) -> Iterator[Problem]:
    parents = r.where.region_codes[:-1]
    folder_parent = parents[-1] if parents else None
    expected = divisions.PROVINCE if div.province_administered else (div.parent or None)
    if folder_parent != expected:
        where = f"放在 {expected} 的区域文件夹中" if expected else "直接放在 items/ 下"
        yield error(r.file, "region-folder", f"{div.name} 的区域文件夹应{where}。", ("code",))
    if r.data.get("parent") != expected:
        fix = f"parent: \"{expected}\"" if expected else "删除 parent"
        yield error(r.file, "region-folder", f"上级区域应为 {expected or '无'}：请写 {fix}。", ("parent",))


def _folders_have_records(ctx: Context) -> Iterator[Problem]:
    """A region folder without region.yaml is reported on the records nearest
    below it (those with no region record between them and it); a department
    folder without department.yaml on each of its items and entries. Where a
    problem lands depends only on the record and the folders above it."""
    with_region = ctx.region_folders
    departments = ctx.department_folders
    for r in ctx.of_all_kinds():
        chain = r.where.regions[:-1] if r.kind == layout.REGION else r.where.regions
        for i in range(len(chain), 0, -1):
            folder = chain[:i]
            if folder in with_region:
                break
            path = "items/" + "/".join(folder)
            yield error(r.file, "region-missing", f"区域文件夹 {path} 中没有 region.yaml：请先建立区域记录。", line=1, col=1)
        if r.kind in (layout.ITEM, layout.ENTRY) and (r.where.regions, r.department) not in departments:
            yield error(r.file, "department-missing", f"部门文件夹 {r.department} 中没有 department.yaml：请先建立部门记录。", line=1, col=1)


def _department(ctx: Context, r: Record) -> Iterator[Problem]:
    region = text(r.data.get("region"))
    if region is not None and region != r.where.region_code:
        yield error(r.file, "department-region", f"部门所属区域为 {region}，却放在区域 {r.where.region_code} 的文件夹中：请移动文件夹或改正 region。", ("region",))
    credit = text(r.data.get("credit_code"))
    if credit is None:
        return
    why = codes.credit_code_problem(credit)
    if why:
        yield error(r.file, "credit-code", f"统一社会信用代码 {credit} 校验不通过：{why}。请核对营业执照或事业单位法人证书上的代码。", ("credit_code",))
    elif credit.startswith("11") and region and credit[2:8] != region and credit[2:8] in ctx.divisions:
        yield warning(r.file, "credit-code", f"机关的统一社会信用代码第 3-8 位通常是所在区划代码 {region}，这里是 {credit[2:8]}：请核对。", ("credit_code",))


def _duplicates(ctx: Context, kind: str, key: str, title: str) -> Iterator[Problem]:
    if not ctx.of(kind):  # nothing to check: skip grouping the whole catalog (once per batch of entries)
        return
    for r, value, others in duplicates(ctx, kind, key):
        yield error(r.file, "duplicate-code", f"{title} {value} 与 {others[0]} 重复：每个{title}只能出现一次，请核对。",
                    (key,), related=others)


def _id_matches_name(r: Record) -> Iterator[Problem]:
    expected = r.department if r.kind == layout.DEPARTMENT else r.where.stem
    value = r.data.get("id")
    if isinstance(value, str) and value != expected:
        what = "文件夹名" if r.kind == layout.DEPARTMENT else "文件名"
        if _ID.fullmatch(expected):
            fix = f"请改为 id: {expected}，或重命名。"
        else:  # the name itself is not a valid id: suggest one that is
            good = value if _ID.fullmatch(value) else _as_id(expected)
            fix = f"{what} {expected} 不是有效的标识（小写字母、数字和连字符）：请把{what}改为 {good}，并写 id: {good}。"
        yield error(r.file, "id-mismatch", f"标识 {value} 与{what} {expected} 不一致：{fix}", ("id",))


_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _as_id(name: str) -> str:
    """A valid id close to ``name``: lower case, runs of other characters become one hyphen."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))[:64].strip("-") or "new-id"


def _catalog_level(ctx: Context, r: Record) -> Iterator[Problem]:
    level = ctx.region_level(r.region)
    source = r.data.get("source")
    if level == "county":
        yield error(r.file, "catalog-level", "县级不定义目录清单事项：目录清单由省级（或市级地区性事项所在的市）定义，县级只编制实施清单（entries/）。", ("code",))
    elif level == "city" and source != "市级地区性":
        yield error(r.file, "catalog-level", "市级目录清单中只能定义本市的地区性事项：请把事项来源写为 市级地区性，或把事项移到省级目录。", ("source",))
    elif level == "province" and source == "市级地区性":
        yield error(r.file, "catalog-level", "市级地区性事项应放在所在市的部门文件夹中，不能放在省级目录。", ("source",))

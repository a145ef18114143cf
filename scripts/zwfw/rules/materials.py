"""The standard libraries' rules: a material an applicant could lose has a
substitute or remedy; a government-issued library material links to its e-licence.

"Could lose" (申请人可能遗失或无法提供) is decided from the data, not guessed
from names: a material needs a 替代要件或救济措施 when it is

- 必要 (required; 非必要 and 容缺 materials can be left out or supplied later),
- issued by someone other than the applicant: 来源渠道 政府部门核发 or 其他
  (a certificate, licence, proof or report the applicant holds but cannot make
  again); 申请人自备 materials (forms, plans, rules, the applicant's own
  statements) are written for the application and can always be written again,
- and still to be brought: not obtained by data sharing (``shared: true``).

The entry's own ``substitute`` counts, and so does the library material's;
a library material linked to an electronic licence of the directory has its
remedy built in (the department verifies the e-licence, 电子证照核验).
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import layout
from ..catalog import Record
from ..problems import Problem, error, warning, register
from .context import Context, each, items_of, mapping, text

register({
    "material-substitute": "可能遗失的必要材料缺少替代要件或救济措施",
    "material-licence": "政府部门核发的标准材料未关联已有的电子证照",
    "material-duplicate": "近似重复的材料（zwfw materials lint）",
})


ISSUED = ("政府部门核发", "其他")
CANCELLED = "已取消"


def check(ctx: Context) -> Iterator[Problem]:
    yield from each(ctx, ctx.of(layout.ENTRY), lambda r: _substitutes(ctx, r))
    yield from each(ctx, ctx.of(layout.MATERIAL), lambda r: _licence_link(ctx, r))


def needs_substitute(material: dict, library: dict, licences: dict[str, dict]) -> bool:
    """Whether ``material`` (an entry's, with its ``library`` record or {}) needs a
    substitute and has none; ``licences`` maps licence ids to their records."""
    source = material.get("source") or library.get("source")
    licence = licences.get(text(library.get("licence")) or "")
    e_licence = isinstance(licence, dict) and licence.get("electronic", True) is not False
    return (material.get("necessity") == "必要" and source in ISSUED and material.get("shared") is not True
            and not material.get("substitute") and not library.get("substitute") and not e_licence)


def _substitutes(ctx: Context, r: Record) -> Iterator[Problem]:
    # A record that failed its schema may have a misspelt shared/substitute: the schema problem says so.
    if not r.valid or r.data.get("status") == CANCELLED:
        return
    licences = ctx.licence_data
    for i, material in enumerate(items_of(r.data.get("materials"))):
        material = mapping(material)
        in_library = ctx.materials.get(text(material.get("ref")) or "")
        library = mapping(getattr(in_library, "data", None))
        if not needs_substitute(material, library, licences):
            continue
        name = material.get("name") or library.get("name") or material.get("ref")
        source = material.get("source") or library.get("source")
        yield error(
            r.file, "material-substitute",
            f"第 {i + 1} 项申请材料“{name}”必要性为 必要、来源渠道为 {source}，申请人可能遗失或无法提供，却没有替代要件或救济措施："
            "请填写 substitute（替代要件或救济措施，例如 告知承诺、部门核查、以其他证明代替），"
            "或在标准库材料中写通用的 substitute，或改为由部门通过数据共享获取（shared: true）。",
            ("materials", i), related=(in_library.file,) if in_library is not None else ())


def _licence_link(ctx: Context, r: Record) -> Iterator[Problem]:
    if not r.valid or r.data.get("source") != "政府部门核发" or r.data.get("licence"):
        return
    name = text(r.data.get("name")) or ""
    for lid, licence in sorted(ctx.licences.items()):
        if name and text(licence.data.get("name")) in (name, f"中华人民共和国{name}"):
            yield warning(r.file, "material-licence",
                          f"标准材料“{name}”由政府部门核发，电子证照目录库中已有同名证照 {lid}：请填写对应电子证照 licence: {lid}，"
                          "实施清单即可把它标为数据共享免提交（shared: true）。", ("source",),
                          related=(licence.file,))
            return

"""Site pages of the e-licence directory: an index with coverage figures and
one page per licence type (issuer, the items that produce it, the items that
accept it as a material)."""

from __future__ import annotations

from ..site import html as h
from ..site.model import SiteData
from ..site.pages import Page, href, items_table
from .licences import LicenceUse, coverage, directory, items_without_e_licence

INDEX = "licences/index.md"


def licence_page(lid: str) -> str:
    return f"licences/{h.url_part(lid)}.md"


def pages(site: SiteData) -> list[Page]:
    uses = directory(site)
    return [index(site, uses), *(licence(site, use) for use in uses.values())]


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole}（{part / whole:.1%}）" if whole else "—"


def coverage_list(site: SiteData, here: str) -> str:
    c = coverage(site)
    pairs = [("结果为证照的事项", str(c.items_with_licence_result)),
             ("其中结果全部为电子证照的事项", _share(c.items_with_e_licence, c.items_with_licence_result)),
             ("结果为证照的实施清单", str(c.entries_with_licence_result)),
             ("其中结果为电子证照的实施清单", _share(c.entries_with_e_licence, c.entries_with_licence_result))]
    body = "".join(h.tag("dt", h.text(k)) + h.tag("dd", h.text(v)) for k, v in pairs)
    return h.tag("dl", body, class_="zwfw-facts zwfw-coverage")


def index(site: SiteData, uses: dict[str, LicenceUse]) -> Page:
    here = INDEX
    rows = [[h.link(href(here, licence_page(u.id)), h.text(u.name)), h.text(u.data.get("issuer", "")),
             h.text("是" if u.electronic else "否"), h.text(len(u.produced_by)), h.text(len(u.accepted_by)),
             h.text(u.shared_in)] for u in uses.values()]
    missing = items_without_e_licence(site)
    gaps = (h.tag("h2", "结果尚未电子化的事项") + items_table(site, here, [i.code for i in missing])) if missing else ""
    body = (h.tag("p", "电子证照目录库列出各类证照的颁发部门、产生该证照的事项和把它作为申请材料的事项。"
                       "作为申请材料时，受理部门可通过数据共享获取电子证照，申请人免于提交。")
            + h.tag("h2", "电子化覆盖率") + coverage_list(site, here)
            + h.tag("h2", "证照目录")
            + h.table(["证照名称", "颁发部门", "已电子化", "产生本证照的事项", "作为申请材料的事项", "共享免提交（项实施清单）"], rows,
                      class_="zwfw-list zwfw-licences")
            + gaps)
    return Page(here, "电子证照目录", body)


def licence(site: SiteData, use: LicenceUse) -> Page:
    here = licence_page(use.id)
    d = use.data
    pairs = [("证照标识", use.id), ("颁发部门", d.get("issuer")), ("已电子化", "是" if use.electronic else "否"),
             ("有效期", d.get("validity")), ("证照标准", d.get("standard")), ("证照说明", d.get("description")),
             ("作为申请材料", f"{use.asked_in + use.shared_in} 项实施清单，其中 {use.shared_in} 项通过数据共享免提交")]
    facts = h.tag("dl", "".join(h.tag("dt", h.text(k)) + h.tag("dd", h.text(v)) for k, v in pairs if v), class_="zwfw-facts")
    produced = items_table(site, here, use.produced_by) if use.produced_by else h.tag("p", "—")
    accepted = items_table(site, here, use.accepted_by) if use.accepted_by else h.tag("p", "—")
    back = h.tag("p", h.link(href(here, INDEX), "返回电子证照目录"))
    body = facts + h.tag("h2", "产生本证照的事项") + produced + h.tag("h2", "接受本证照作为申请材料的事项") + accepted + back
    return Page(here, use.name, body)


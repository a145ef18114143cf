"""The site's 改革进展 page (charts rendered here as static SVG), and
:func:`extra_pages`, which the site build calls for every page of the
standard libraries and the reform."""

from __future__ import annotations

from pathlib import Path

from ..libraries import site_pages as licence_pages
from ..site import html as h
from ..site.model import SiteData
from ..site.pages import Page, department_page, href, item_page, region_page
from . import charts, table
from .compare import Report, Row
from .run import ReformError, report
from .state import from_site

PAGE = "reform/index.md"


def extra_pages(site: SiteData, root: Path | None) -> list[Page]:
    """Every page of the e-licence directory and the reform page."""
    return [*licence_pages.pages(site), reform_page(site, root)]


def reform_page(site: SiteData, root: Path | None) -> Page:
    current = from_site(site)
    try:
        if root is None:
            raise ReformError("网站未从 git 仓库生成")
        built = report(root, current)
    except ReformError as exc:
        return Page(PAGE, "改革进展", _no_baseline(site, str(exc)))
    return Page(PAGE, "改革进展", render(site, built))


def _no_baseline(site: SiteData, why: str) -> str:
    return (h.tag("p", h.text(f"没有找到改革基线版本（{why}），暂不能计算压减情况。"), class_="zwfw-note")
            + h.tag("h2", "电子证照") + licence_pages.coverage_list(site, PAGE))


def _table(headers: list[str], rows: list[list[str]], **attrs) -> str:
    return h.table(headers, [[h.text(c) for c in row] for row in rows], **attrs)


def render(site: SiteData, report: Report) -> str:
    here = PAGE
    intro = h.tag("p", h.text(
        f"与改革基线{f'（{report.baseline.date}）' if report.baseline.date else ''}相比，"
        f"基线和现在都有的 {report.total.now.entries} 项实施清单的变化（其后新增 {report.added} 项、取消或删除 {report.removed} 项，不计入比较）。"
        "需提交材料不含通过数据共享免提交的材料。"))
    checks = h.table(["目标", "要求", "现状", "是否达到"],
                     [[h.text(a), h.text(b), h.text(c), h.tag("span", h.text(d), class_="zwfw-met" if d == "达到" else "zwfw-unmet")]
                      for a, b, c, d in table.targets(report)], class_="zwfw-targets")
    depts = sorted(report.departments, key=lambda r: -r.base.materials)
    parts = [
        intro, h.tag("h2", "改革目标"), checks,
        h.tag("h2", "合计"), _table(["指标", "基线", "现在", "变化"], table.totals(report), class_="zwfw-totals"),
        h.tag("h2", "各部门需提交材料"),
        h.tag("figure", charts.bars("各部门需提交材料（件）：基线与现在", [charts.Bar(r.label, r.base.materials, r.now.materials) for r in depts])),
        h.tag("h2", "各部门办理环节"),
        h.tag("figure", charts.bars("各部门办理环节（个）：基线与现在", [charts.Bar(r.label, r.base.steps, r.now.steps) for r in depts], "个")),
        _history(report),
        h.tag("h2", "电子证照"), licence_pages.coverage_list(site, here),
        h.tag("p", h.link(href(here, licence_pages.INDEX), "查看电子证照目录")),
        h.tag("h2", "按部门"), _group(site, here, report.departments, "部门", department_page, site.departments),
        h.tag("h2", "按地区"), _group(site, here, report.regions, "地区", region_page, site.regions),
        h.tag("h2", "按事项"), _group(site, here, report.items, "事项", item_page, site.items),
    ]
    return "\n".join(p for p in parts if p)


def _history(report: Report) -> str:
    if len(report.history) < 2:
        return ""
    points = [(p.date or "当前", p.per_entry) for p in report.history]
    rows = [[p.date or "—", str(p.entries), str(p.materials), f"{p.per_entry:.2f}"] for p in report.history]
    return (h.tag("h2", "历次变化")
            + h.tag("figure", charts.line("平均每项实施清单需提交材料（件）", points))
            + h.tag("details", h.tag("summary", "每次变化的数据")
                    + _table(["日期", "实施清单（项）", "需提交材料（件）", "平均每项（件）"], rows)))


def _group(site: SiteData, here: str, rows: list[Row], title: str, page, known: dict) -> str:
    body = []
    for r in rows:
        name = h.link(href(here, page(r.key)), h.text(r.label)) if r.key in known else h.text(r.label)
        body.append([name, *(h.text(c) for c in table.group_row(r))])
    return h.table([title, *table.GROUP_HEADERS], body, class_="zwfw-list zwfw-reform")

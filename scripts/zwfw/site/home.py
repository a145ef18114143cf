"""Home, search, downloads and latest-changes pages."""

from __future__ import annotations

from collections import Counter

from .. import codes
from . import html as h
from .history import Change, records
from .model import SiteData
from .pages import Page, href, item_page
from .search import form as search_form

ENTRY_POINTS = (
    ("search.md", "搜索事项", "输入事项名称或关键词，按地区、部门、类型、对象筛选"),
    ("catalog/index.md", "省级通用目录", "省级定义的全部事项"),
    ("regions/index.md", "按地区", "省、市、县各级可以办理的事项"),
    ("departments/index.md", "按部门", "各部门主管和实施的事项"),
    ("types/index.md", "按事项类型", "行政许可、行政给付、公共服务……"),
    ("audiences/index.md", "按服务对象", "个人办事、法人和其他组织办事"),
    ("topics/index.md", "按服务主题", "教育、就业、社保、医疗……"),
    ("downloads.md", "下载与接口", "JSON、CSV、Excel 全量下载和每个事项的数据接口"),
)


def home(site: SiteData, changes: list[Change]) -> Page:
    here = "index.md"
    entries = site.entries
    level_of = {code: r.level for code, r in site.regions.items()}
    by_level = Counter(level_of[e.region] for e in entries)
    by_type = Counter(i.type for i in site.items.values())
    intro = h.tag("p", "本目录收录河北省省、市、县三级依申请办理的政务服务事项：目录清单（事项名称、类型、设定依据、编码三级统一）"
                  "和各实施机关的实施清单（申请材料、办理流程、时限、收费、地点、电话、网办深度）。")
    cards = "".join(h.tag("li", h.link(href(here, path), h.tag("strong", h.text(title))) + "<br>" + h.text(desc))
                    for path, title, desc in ENTRY_POINTS)
    counts = h.table(
        ["项目", "数量"],
        [[h.text("目录清单事项"), h.text(len(site.items))], [h.text("实施清单事项"), h.text(len(entries))],
         *([h.text(f"其中{name}实施"), h.text(by_level.get(level, 0))] for level, name in (("province", "省级"), ("city", "市级"), ("county", "县级"))),
         [h.text("实施机关"), h.text(len(site.departments))], [h.text("地区"), h.text(len(site.regions))]],
    )
    types = h.table(["事项类型", "目录清单事项"], [[h.text(t), h.text(by_type.get(t, 0))] for t in codes.IN_SCOPE_TYPES])
    parts = [intro, search_form("zwfw-home-q", action=href(here, "search.md")), h.tag("ul", cards, class_="zwfw-cards"), h.tag("h2", "概况"), counts, types,
             h.tag("h2", "最近变更"), latest(site, changes, here, 10)]
    return Page(here, "首页", "\n".join(parts))


def latest(site: SiteData, changes: list[Change], here: str, limit: int) -> str:
    """The newest changes: date, item, where, what changed (written from the data)."""
    where = records(site)
    rows = []
    for c in changes:
        if c.file not in where:
            continue
        code, scope = where[c.file]
        rows.append([h.text(c.date), h.link(href(here, item_page(code)), h.text(site.items[code].name)), h.text(scope), h.text(c.what)])
        if len(rows) >= limit:
            break
    return h.table(["日期", "事项", "范围", "变更内容"], rows) if rows else h.tag("p", "暂无变更记录。")


def changes_page(site: SiteData, changes: list[Change]) -> Page:
    return Page("changes.md", "最近变更", latest(site, changes, "changes.md", 200))


def downloads(site: SiteData) -> Page:
    here = "downloads.md"
    files = [
        ("downloads/catalog.json.gz", "全量数据（JSON，gzip 压缩）", "全部地区、部门、目录清单（含各实施清单的全部要素和实施编码）、标准材料、电子证照"),
        ("downloads/items.csv.gz", "目录清单（CSV，gzip 压缩）", "每个目录清单事项一行；UTF-8（带 BOM，解压后 Excel 可直接打开）"),
        ("downloads/entries.csv.gz", "实施清单（CSV，gzip 压缩）", "每个实施清单事项一行，全部要素"),
        ("downloads/catalog.xlsx", "全量数据（Excel）", "目录清单、实施清单、申请材料、办理流程、收费，每类一张表"),
        ("api/index.json", "事项索引（JSON）", "全部事项的编码、名称、类型和数据接口地址"),
    ]
    rows = [[h.link(href(here, path), h.text(path)), h.text(title), h.text(desc)] for path, title, desc in files]
    example = next(iter(site.items), None)
    api = h.tag("p", "每个事项另有一个 JSON 文件（静态接口）：<code>api/items/&lt;基本编码&gt;.json</code>"
                + (f"，例如 {h.link(href(here, f'api/items/{example}.json'), h.text(f'api/items/{example}.json'))}" if example else "")
                + "。内容与事项页面相同：事项本身、各地统一的办事要求（standard），以及每个地区的实施机关、实施编码、办事指南地址"
                  "和与统一要求不同的要素（differs）；各实施清单的全部要素（含办理地点、时间、联系方式）见全量数据。")
    fmt = h.tag("p", "压缩文件为标准 gzip 格式（.gz），Windows 可用 7-Zip 等工具解压，程序可直接读取（如 Python 的 gzip 模块）。")
    note = h.tag("p", "地址长期不变，可直接用于程序下载。每次目录变更合并后自动更新。")
    return Page(here, "下载与接口", h.table(["文件", "内容", "说明"], rows) + fmt + api + note)

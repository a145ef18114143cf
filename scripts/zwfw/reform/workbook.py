"""The reform report as an Excel workbook, written with :mod:`zwfw.excel.book`
(cover sheet, styled header, frozen panes, filters, formula-safe text)."""

from __future__ import annotations

from pathlib import Path

from ..excel import book
from ..excel import columns as C
from . import table
from .compare import Report
from .markdown import revision_label


def _rows(name: str, headers: list[str], rows: list[list[str]], widths: dict[int, int] | None = None) -> C.Rows:
    widths = widths or {}
    cols = tuple(C.Column(f"c{i}", h, width=widths.get(i, 12)) for i, h in enumerate(headers))
    return C.Rows(C.Table(name, "reform", cols), [list(r) for r in rows])


def sheets(report: Report) -> list[C.Rows]:
    out = [_rows("改革目标", ["目标", "要求", "现状", "是否达到"], table.targets(report), {0: 26, 2: 30}),
           _rows("合计", ["指标", "基线", "现在", "变化"], table.totals(report), {0: 30})]
    for title, key_header, rows in (("按部门", "部门标识", report.departments), ("按地区", "区划代码", report.regions),
                                    ("按事项", "基本编码", report.items)):
        out.append(_rows(title, [title[1:], key_header, *table.GROUP_HEADERS],
                         [[r.label, r.key, *table.group_row(r)] for r in rows], {0: 28, 1: 14}))
    if report.history:
        out.append(_rows("历次提交", ["日期", "提交", "说明", "实施清单（项）", "需提交材料（件）"],
                         [[p.date, p.sha[:12], p.subject, p.entries, p.materials] for p in report.history], {2: 50}))
    return out


def write(report: Report, path: Path, date: str = "") -> None:
    tables = sheets(report)
    wb = book.new_workbook()
    cover = book.Cover(
        "改革进展报告", date=date, revision=report.current.label,
        notes=[f"基线版本：{revision_label(report.baseline.label, report.baseline.date)}",
               "需提交材料不含数据共享免提交的材料；时限按工作日计（1 个工作日 = 1.4 个自然日）；比较范围为两个版本都有的实施清单。"],
    )
    book.add_cover(wb, cover, [(t.table.name, len(t.rows)) for t in tables])
    for rows in tables:
        book.add_table(wb, rows)
    book.save(wb, path)

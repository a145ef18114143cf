"""The reform report as Markdown (for a terminal, a pull request or a wiki)."""

from __future__ import annotations

from .compare import Report
from . import table


def _cell(value: str) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out + [""]


def revision_label(sha: str, date: str) -> str:
    return f"{sha[:12]}（{date}）" if date else sha[:12]


def render(report: Report) -> str:
    lines = ["# 改革进展报告", ""]
    lines += [f"- 基线版本：{revision_label(report.baseline.label, report.baseline.date)}",
              f"- 当前版本：{revision_label(report.current.label, report.current.date)}",
              f"- 比较范围：两个版本都有的 {report.total.now.entries} 项实施清单"
              f"（其后新增 {report.added} 项、取消或删除 {report.removed} 项，不计入比较）", ""]
    lines += ["## 改革目标", ""] + _table(["目标", "要求", "现状", "是否达到"], table.targets(report))
    lines += ["## 合计", ""] + _table(["指标", "基线", "现在", "变化"], table.totals(report))
    for title, key_header, rows in (("按部门", "部门标识", report.departments), ("按地区", "区划代码", report.regions),
                                    ("按事项", "基本编码", report.items)):
        body = [[r.label, r.key, *table.group_row(r)] for r in rows]
        lines += [f"## {title}", ""] + _table([title[1:], key_header, *table.GROUP_HEADERS], body)
    if report.history:
        lines += ["## 历次提交", ""]
        lines += _table(["日期", "提交", "说明", "实施清单（项）", "需提交材料（件）", "平均每项（件）"],
                        [[p.date, p.sha[:12], p.subject, str(p.entries), str(p.materials), f"{p.per_entry:.2f}"]
                         for p in report.history])
    return "\n".join(lines)

"""The report's tables as plain rows of text, shared by Markdown, XLSX and the site."""

from __future__ import annotations

from .compare import Report, Row, percent
from .metrics import Figures

GROUP_HEADERS = ["实施清单（项）", "需提交材料·基线", "需提交材料·现在", "材料压减", "办理环节·基线", "办理环节·现在",
                 "承诺时限·基线（工作日）", "承诺时限·现在（工作日）", "到现场次数·基线", "到现场次数·现在",
                 "全程网办·现在", "电子证照结果·现在"]


def number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def change(before: float, after: float) -> str:
    if not before:
        return "—" if not after else f"+{number(after)}"
    return f"{(after - before) / before:+.1%}".replace("-", "−")


def totals(report: Report) -> list[list[str]]:
    """[指标, 基线, 现在, 变化] for the entries in both revisions."""
    b, n = report.total.base, report.total.now
    measures = [
        ("需提交材料（件）", b.materials, n.materials),
        ("其中数据共享免提交（件）", b.shared, n.shared),
        ("办理环节（个）", b.steps, n.steps),
        ("法定办结时限（工作日，两个版本都写明的合计）", round(b.legal_days, 1), round(n.legal_days, 1)),
        ("承诺办结时限（工作日，合计）", round(b.promised_days, 1), round(n.promised_days, 1)),
        ("到办事现场次数（合计）", b.visits, n.visits),
        ("全程网办（项）", b.full_online, n.full_online),
        ("结果为电子证照（项）", b.e_licence_results, n.e_licence_results),
    ]
    return [[name, number(x), number(y), change(x, y)] for name, x, y in measures]


def licence_share(f: Figures) -> str:
    return f"{f.e_licence_results}/{f.licence_results}" if f.licence_results else "—"


def group_row(row: Row) -> list[str]:
    b, n = row.base, row.now
    return [number(n.entries), number(b.materials), number(n.materials), percent(row.materials_reduction),
            number(b.steps), number(n.steps), number(round(b.promised_days, 1)), number(round(n.promised_days, 1)),
            number(b.visits), number(n.visits), number(n.full_online), licence_share(n)]


def targets(report: Report) -> list[list[str]]:
    return [[c.name, c.target, c.actual, "达到" if c.met else "未达到"] for c in report.checks()]

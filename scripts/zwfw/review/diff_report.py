"""The change report in words: Markdown for the PR / job summary, JSON for machines, plain text."""

from __future__ import annotations

import json
from collections import defaultdict

from .. import layout
from .change import ERROR, LEGAL, Change
from .changes import Report
from .markdown import code, escape

SECTIONS = (
    (layout.ITEM, "目录清单事项"),
    (layout.ENTRY, "实施清单事项"),
    (layout.MATERIAL, "审批要件标准库"),
    (layout.LICENCE, "电子证照目录库"),
    (layout.DEPARTMENT, "部门"),
    (layout.REGION, "区域"),
)


def summary(report: Report) -> dict:
    counts: dict[str, int] = defaultdict(int)
    before = after = 0
    for c in report.changes:
        counts[c.kind] += 1
        if c.kind == "materials-changed":
            before, after = before + c.details["before"], after + c.details["after"]
    return {
        "files": report.files,
        "errors": len(report.errors),
        "legal_review": sum(c.severity == LEGAL for c in report.changes),
        "kinds": dict(sorted(counts.items())),
        "materials": {"before": before, "after": after, "net_reduction": before - after},
    }


def _headline(report: Report) -> list[str]:
    s = summary(report)
    k = s["kinds"]
    parts = [f"{report.files} 个文件"]
    for kind, word in (("item-added", "新增事项"), ("item-removed", "删除事项"), ("item-renamed", "事项更名"),
                       ("legal-basis-changed", "设定依据变化"), ("code-changed", "编码变更"), ("code-reused", "编码重用"),
                       ("entry-added", "新增实施清单"), ("entry-removed", "删除实施清单")):
        if k.get(kind):
            parts.append(f"{word} {k[kind]}")
    m = s["materials"]
    if m["before"] or m["after"]:
        net = m["net_reduction"]
        trend = f"净减少 {net} 件" if net > 0 else (f"净增加 {-net} 件" if net < 0 else "件数不变")
        parts.append(f"修改的实施清单中申请材料 {m['before']} → {m['after']} 件，{trend}")
    return ["；".join(parts) + "。"]


def _line(c: Change) -> str:
    return f"- **{escape(c.title)}**：{escape(c.message)}<br>{code(c.file)}"


def markdown(report: Report) -> str:
    out = ["## 变更报告", "", f"{code(report.base.rev)}（{report.base.sha[:7]}）→ {code(report.head.rev)}（{report.head.sha[:7]}）", ""]
    out += _headline(report)
    if not report.changes:
        return "\n".join(out + ["", "目录数据没有变化。"]) + "\n"
    errors = [c for c in report.changes if c.severity == ERROR]
    legal = [c for c in report.changes if c.severity == LEGAL]
    if errors:
        out += ["", "> [!CAUTION]", f"> {len(errors)} 个错误：编码发布后不得更改，删除的编码不得用于其他事项。必须改正后才能合并。",
                "", "### ❌ 错误", ""] + [_line(c) for c in errors]
    if legal:
        out += ["", "> [!IMPORTANT]", "> 以下修改涉及设定依据、事项类型或审核团队（谁审核什么），需司法行政部门合法性审核。", "",
                "### ⚖️ 需合法性审核", ""] + [_line(c) for c in legal]
    rest = [c for c in report.changes if c.severity not in (ERROR, LEGAL)]
    for kind, heading in SECTIONS:
        mine = [c for c in rest if c.record == kind]
        if mine:
            out += ["", f"### {heading}", ""] + _grouped(mine)
    return "\n".join(out) + "\n"


def _grouped(changes: list[Change]) -> list[str]:
    """One bullet per record, its changes below it."""
    by_file: dict[str, list[Change]] = defaultdict(list)
    for c in changes:
        by_file[c.file].append(c)
    out = []
    for file in sorted(by_file):
        found = by_file[file]
        if len(found) == 1:
            out.append(_line(found[0]))
            continue
        out.append(f"- **{escape(found[0].title)}** {code(file)}")
        out += [f"  - {escape(c.message)}" for c in found]
    return out


def to_json(report: Report) -> str:
    doc = {
        "base": {"rev": report.base.rev, "sha": report.base.sha},
        "head": {"rev": report.head.rev, "sha": report.head.sha},
        "summary": summary(report),
        "changes": [
            {"kind": c.kind, "severity": c.severity, "record": c.record, "file": c.file, "title": c.title,
             "message": c.message, "details": c.details}
            for c in report.changes
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n"


def text(report: Report) -> str:
    lines = [f"{c.file}: [{c.kind}] {'错误：' if c.is_error else ''}{c.title}：{c.message}" for c in report.changes]
    return "".join(line + "\n" for line in lines) + _headline(report)[0] + "\n"

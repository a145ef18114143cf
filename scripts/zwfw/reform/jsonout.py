"""The reform report as JSON (for other systems and dashboards)."""

from __future__ import annotations

import json

from .compare import Report, Row


def _row(row: Row) -> dict:
    return {"key": row.key, "name": row.label, "baseline": row.base.as_dict(), "current": row.now.as_dict(),
            "materials_reduction": _round(row.materials_reduction), "steps_reduction": _round(row.steps_reduction),
            "promised_days_reduction": _round(row.promised_reduction)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def to_dict(report: Report) -> dict:
    t = report.targets
    return {
        "baseline": {"commit": report.baseline.label, "date": report.baseline.date},
        "current": {"commit": report.current.label, "date": report.current.date},
        "targets": {"materials_reduction": t.materials_reduction, "visits_max": t.visits_max, "e_licence_share": t.e_licence_share},
        "checks": [{"name": c.name, "target": c.target, "actual": c.actual, "met": c.met} for c in report.checks()],
        "entries_added": report.added,
        "entries_removed": report.removed,
        "total": _row(report.total),
        "regions": [_row(r) for r in report.regions],
        "departments": [_row(r) for r in report.departments],
        "items": [_row(r) for r in report.items],
        "history": [{"commit": p.sha, "date": p.date, "subject": p.subject, "entries": p.entries, "materials": p.materials}
                    for p in report.history],
    }


def render(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"

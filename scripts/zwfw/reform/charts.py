"""Static SVG charts (no JavaScript): grouped bars by department, a line over time.

Every text in a chart comes from data and is escaped with :mod:`zwfw.site.html`."""

from __future__ import annotations

from dataclasses import dataclass

from ..site import html as h

BASE_COLOUR, NOW_COLOUR, LINE_COLOUR = "#9fb3d1", "#305496", "#c0504d"


@dataclass(frozen=True)
class Bar:
    label: str
    before: float
    after: float


def _svg(width: int, height: int, title: str, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="zwfw-chart" role="img" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" style="max-width:100%;height:auto" aria-label="{h.attr(title)}"><title>{h.text(title)}</title>{body}</svg>')


def _text(x: float, y: float, value, anchor: str = "start", size: int = 12, extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>{h.text(value)}</text>'


def _rect(x: float, y: float, w: float, height: float, colour: str, tip: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{height:.1f}" fill="{colour}"><title>{h.text(tip)}</title></rect>'


def bars(title: str, bars_: list[Bar], unit: str = "件") -> str:
    """Horizontal grouped bars: for each label, the baseline and now."""
    label_w, bar_h, gap, plot_w = 260, 11, 10, 420
    height = 40 + len(bars_) * (2 * bar_h + gap) + 10
    top = max([b.before for b in bars_] + [b.after for b in bars_] + [1])
    parts = [_legend(label_w)]
    y = 40.0
    for b in bars_:
        parts.append(_text(label_w - 8, y + bar_h + 4, b.label, "end"))
        for value, colour, which, dy in ((b.before, BASE_COLOUR, "基线", 0), (b.after, NOW_COLOUR, "现在", bar_h)):
            w = plot_w * value / top
            parts.append(_rect(label_w, y + dy, w, bar_h - 1, colour, f"{b.label} {which}：{value:g} {unit}"))
            parts.append(_text(label_w + w + 4, y + dy + bar_h - 2, f"{value:g}", size=10))
        y += 2 * bar_h + gap
    return _svg(label_w + plot_w + 60, int(height), title, "".join(parts))


def _legend(x: int) -> str:
    return (_rect(x, 8, 12, 12, BASE_COLOUR, "基线") + _text(x + 16, 18, "基线")
            + _rect(x + 70, 8, 12, 12, NOW_COLOUR, "现在") + _text(x + 86, 18, "现在"))


def line(title: str, points: list[tuple[str, float]], unit: str = "件") -> str:
    """A line through ``(label, value)`` points, left to right in order."""
    width, height, left, right, top_pad, bottom = 640, 260, 50, 20, 20, 60
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    top = max([v for _, v in points] + [1]) * 1.1
    step = plot_w / max(len(points) - 1, 1)
    xy = [(left + i * step, top_pad + plot_h * (1 - v / top)) for i, (_, v) in enumerate(points)]
    axis = (f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}" stroke="#888"/>'
            f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" stroke="#888"/>'
            + _text(left - 6, top_pad + 4, f"{top:.1f}", "end", 10) + _text(left - 6, top_pad + plot_h, "0", "end", 10))
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    parts = [axis, f'<polyline points="{path}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2"/>']
    for (x, y), (label, value) in zip(xy, points):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE_COLOUR}"><title>{h.text(f"{label}：{value:.2f} {unit}")}</title></circle>')
        parts.append(_text(x, y - 8, f"{value:.2f}", "middle", 10))
        parts.append(_text(x, top_pad + plot_h + 16, label, "end", 10, f' transform="rotate(-30 {x:.1f} {top_pad + plot_h + 16})"'))
    return _svg(width, height, title, "".join(parts))

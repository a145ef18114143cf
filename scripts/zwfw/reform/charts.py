"""Static SVG charts (no JavaScript): grouped bars by department, a line over time.

Every text in a chart comes from data and is escaped with :mod:`zwfw.site.html`."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..site import html as h

BASE_COLOUR, NOW_COLOUR, LINE_COLOUR = "#9fb3d1", "#305496", "#c0504d"
#: Width of every chart: it fits a 360 px phone at its own size, so no label shrinks below 12 px there.
WIDTH = 340
LABEL, SMALL = 13, 12  # font sizes (px) of labels and of values and axes


@dataclass(frozen=True)
class Bar:
    label: str
    before: float
    after: float


def _svg(width: int, height: int, title: str, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="zwfw-chart" role="img" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" style="max-width:100%;height:auto" aria-label="{h.attr(title)}"><title>{h.text(title)}</title>{body}</svg>')


def _text(x: float, y: float, value, anchor: str = "start", size: int = LABEL, extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>{h.text(value)}</text>'


def _rect(x: float, y: float, w: float, height: float, colour: str, tip: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{height:.1f}" fill="{colour}"><title>{h.text(tip)}</title></rect>'


def _fit(label: str, size: int, room: float) -> str:
    """``label`` cut with an ellipsis so that it fits ``room`` pixels (the full text stays in the bars' tips)."""
    widths = [size * (1.0 if ord(c) > 0x2E7F else 0.6) for c in label]
    if sum(widths) <= room:
        return label
    used, kept = float(size), []  # room for the ellipsis
    for c, w in zip(label, widths):
        if used + w > room:
            break
        used += w
        kept.append(c)
    return "".join(kept) + "…"


def bars(title: str, bars_: list[Bar], unit: str = "件") -> str:
    """Horizontal grouped bars: for each label (written above its bars), the baseline and now."""
    bar_h, label_h, gap, plot_w = 12, LABEL + 5, 10, WIDTH - 50
    height = 34 + len(bars_) * (label_h + 2 * bar_h + gap)
    top = max([b.before for b in bars_] + [b.after for b in bars_] + [1])
    parts = [_legend(0)]
    y = 34.0
    for b in bars_:
        parts.append(_text(0, y + LABEL, _fit(b.label, LABEL, WIDTH)))
        y += label_h
        for value, colour, which, dy in ((b.before, BASE_COLOUR, "基线", 0), (b.after, NOW_COLOUR, "现在", bar_h)):
            w = plot_w * value / top
            parts.append(_rect(0, y + dy, w, bar_h - 1, colour, f"{b.label} {which}：{value:g} {unit}"))
            parts.append(_text(w + 4, y + dy + bar_h - 1, f"{value:g}", size=SMALL))
        y += 2 * bar_h + gap
    return _svg(WIDTH, int(height), title, "".join(parts))


def _legend(x: int) -> str:
    return (_rect(x, 8, 14, 14, BASE_COLOUR, "基线") + _text(x + 18, 20, "基线", size=LABEL)
            + _rect(x + 70, 8, 14, 14, NOW_COLOUR, "现在") + _text(x + 88, 20, "现在", size=LABEL))


def line(title: str, points: list[tuple[str, float]], unit: str = "件") -> str:
    """A line through ``(label, value)`` points, left to right in order; with many
    points only every few are labelled (counted from the last), so labels never overlap."""
    height, left, right, top_pad, bottom = 230, 58, 24, 24, 44
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom
    top = max([v for _, v in points] + [1]) * 1.1
    step = plot_w / max(len(points) - 1, 1)
    every = math.ceil(34 / step)  # a label every 34 px at least
    xy = [(left + i * step, top_pad + plot_h * (1 - v / top)) for i, (_, v) in enumerate(points)]
    axis = (f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}" stroke="#888"/>'
            f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" stroke="#888"/>'
            + _text(left - 6, top_pad + 4, f"{top:.1f}", "end", SMALL) + _text(left - 6, top_pad + plot_h, "0", "end", SMALL))
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    parts = [axis, f'<polyline points="{path}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2"/>']
    for i, ((x, y), (label, value)) in enumerate(zip(xy, points)):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE_COLOUR}"><title>{h.text(f"{label}：{value:.2f} {unit}")}</title></circle>')
        if (len(points) - 1 - i) % every:
            continue
        parts.append(_text(x, y - 8, f"{value:.2f}", "middle", SMALL))
        parts.append(_text(x, top_pad + plot_h + 16, label, "end", SMALL, f' transform="rotate(-30 {x:.1f} {top_pad + plot_h + 16})"'))
    return _svg(WIDTH, height, title, "".join(parts))

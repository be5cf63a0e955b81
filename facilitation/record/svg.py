"""The report's charts as inline SVG, for the printable page and the participants' results page.

The SVG uses presentation attributes only (no style attributes, no script), so it works under
the app's Content-Security-Policy; every text in it is escaped.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from .layout import MAP_LABEL_SHARE, estimate_width, map_label_lines, place_labels, truncate, wrap
from .models import BarChart, StrategyMap

BLUE = "#0072b2"  # Okabe–Ito, as on the screen
TRACK = "#e4edf5"
INK = "#111111"
MUTED = "#4d4d4d"
WARN = "#a33f00"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

SVG_WIDTH = 680


def _svg_text(x, y, text, size, *, anchor="start", weight="normal", fill=INK, extra="") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="{fill}"{extra}>{escape(text)}</text>')


def bars_svg(chart: BarChart) -> Markup:
    """The bar chart as inline SVG: per bar its label, the bar with its number, and a detail line."""
    width = SVG_WIDTH
    label_size, value_size, detail_size = 15, 14, 12.5
    parts = []
    y = 0.0
    for bar in chart.bars:
        for line in wrap(bar.label, width, lambda s: estimate_width(s, label_size, True)):
            y += 19
            parts.append(_svg_text(0, y - 4, line, label_size, weight="600"))
        y += 2
        fill_width = max(0.0, min(1.0, bar.fraction)) * width
        parts.append(f'<rect x="0" y="{y:.1f}" width="{width}" height="24" rx="3" fill="{TRACK}"/>')
        if fill_width > 0:
            parts.append(f'<rect x="0" y="{y:.1f}" width="{fill_width:.1f}" height="24" rx="3" fill="{BLUE}"/>')
        text_width = estimate_width(bar.value, value_size, True)
        if fill_width >= text_width + 16:
            parts.append(_svg_text(fill_width - 8, y + 17, bar.value, value_size, anchor="end", weight="700", fill="#ffffff"))
        else:
            parts.append(_svg_text(fill_width + 8, y + 17, bar.value, value_size, weight="700"))
        y += 24
        if bar.detail:
            for line in wrap(bar.detail, width, lambda s: estimate_width(s, detail_size)):
                y += 17
                parts.append(_svg_text(0, y - 3, line, detail_size, fill=WARN if bar.divided and "⇆" in line else MUTED))
        y += 14
    if chart.low_label or chart.high_label:
        y += 4
        half = width / 2 - 10
        parts.append(_svg_text(0, y, truncate(chart.low_label, half, lambda s: estimate_width(s, detail_size)), detail_size, fill=MUTED))
        parts.append(_svg_text(width, y, truncate(chart.high_label, half, lambda s: estimate_width(s, detail_size)), detail_size,
                               anchor="end", fill=MUTED))
        y += 6
    height = math.ceil(y + 2)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(chart.description)}" font-family="{FONT_FAMILY}">'
        f'<title>{escape(chart.description)}</title>{"".join(parts)}</svg>'
    )


MAP_SIZE, MAP_LEFT, MAP_TOP, MAP_PLOT = 600, 52, 12, 528


def map_svg(chart: StrategyMap) -> Markup:
    """The strategy map as inline SVG: each theme's mean position as a numbered dot with a cross
    of ± 1 SD, the middle lines at 50, the axis names, and labels placed so they do not collide."""
    left, top, plot = MAP_LEFT, MAP_TOP, MAP_PLOT
    right, bottom = left + plot, top + plot

    def sx(value):
        return left + plot * max(0.0, min(100.0, value)) / 100

    def sy(value):
        return bottom - plot * max(0.0, min(100.0, value)) / 100

    parts = [
        f'<rect x="{left}" y="{top}" width="{plot}" height="{plot}" fill="#fafcfe" stroke="#8a8a8a" stroke-width="1.5"/>',
        f'<line x1="{sx(50)}" y1="{top}" x2="{sx(50)}" y2="{bottom}" stroke="#8a8a8a" stroke-width="1.2" stroke-dasharray="6 5"/>',
        f'<line x1="{left}" y1="{sy(50)}" x2="{right}" y2="{sy(50)}" stroke="#8a8a8a" stroke-width="1.2" stroke-dasharray="6 5"/>',
    ]
    for value in (0, 50, 100):
        parts.append(_svg_text(sx(value), bottom + 16, str(value), 12, anchor="middle", fill=MUTED))
        parts.append(_svg_text(left - 6, sy(value) + 4, str(value), 12, anchor="end", fill=MUTED))
    axis_size = 15
    parts.append(_svg_text(left + plot / 2, bottom + 40, truncate(chart.x_axis, plot, lambda s: estimate_width(s, axis_size, True)),
                           axis_size, anchor="middle", weight="600"))
    y_mid = top + plot / 2
    parts.append(_svg_text(14, y_mid, truncate(chart.y_axis, plot, lambda s: estimate_width(s, axis_size, True)), axis_size,
                           anchor="middle", weight="600", extra=f' transform="rotate(-90 14 {y_mid:.1f})"'))
    radius, label_size = 13, 13
    points = chart.points
    centres = [(sx(p.x), sy(p.y)) for p in points]
    for p, (cx, cy) in zip(points, centres):
        colour = WARN if p.divided else BLUE
        x1, x2 = sx(p.x - p.sd_x), sx(p.x + p.sd_x)
        y1, y2 = sy(p.y - p.sd_y), sy(p.y + p.sd_y)
        parts.append(f'<g stroke="{colour}" stroke-width="2" stroke-opacity="0.75">'
                     f'<line x1="{x1:.1f}" y1="{cy:.1f}" x2="{x2:.1f}" y2="{cy:.1f}"/>'
                     f'<line x1="{cx:.1f}" y1="{y1:.1f}" x2="{cx:.1f}" y2="{y2:.1f}"/>'
                     f'<line x1="{x1:.1f}" y1="{cy - 5:.1f}" x2="{x1:.1f}" y2="{cy + 5:.1f}"/>'
                     f'<line x1="{x2:.1f}" y1="{cy - 5:.1f}" x2="{x2:.1f}" y2="{cy + 5:.1f}"/>'
                     f'<line x1="{cx - 5:.1f}" y1="{y1:.1f}" x2="{cx + 5:.1f}" y2="{y1:.1f}"/>'
                     f'<line x1="{cx - 5:.1f}" y1="{y2:.1f}" x2="{cx + 5:.1f}" y2="{y2:.1f}"/></g>')
    for p, (cx, cy) in zip(points, centres):
        colour = WARN if p.divided else BLUE
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius}" fill="{colour}" stroke="#ffffff" stroke-width="2"/>')
        parts.append(_svg_text(cx, cy + 4.5, str(p.number), 13, anchor="middle", weight="700", fill="#ffffff"))
    measure = lambda s: estimate_width(s, label_size, True)  # noqa: E731
    line_height = label_size * 1.2
    texts = [map_label_lines(p.label, plot * MAP_LABEL_SHARE, measure) for p in points]
    sizes = [(max(measure(line) for line in lines), line_height * len(lines) + 2) for lines in texts]
    boxes = place_labels(centres, sizes, radius, (left + 2, top + 2, right - 2, bottom - 2), 3)
    for lines, box in zip(texts, boxes):
        if box is not None:
            x, y, w, h, anchor = box
            text_x = {"start": x, "end": x + w, "middle": x + w / 2}[anchor]
            for index, line in enumerate(lines):
                parts.append(_svg_text(text_x, y + line_height * (index + 0.85), line, label_size, anchor=anchor,
                                       weight="600", extra=' stroke="#ffffff" stroke-width="5" stroke-linejoin="round"'
                                       ' paint-order="stroke"'))
    height = bottom + 52
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_SIZE} {height}" width="{MAP_SIZE}" height="{height}" '
        f'role="img" aria-label="{escape(chart.description)}" font-family="{FONT_FAMILY}">'
        f'<title>{escape(chart.description)}</title>{"".join(parts)}</svg>'
    )


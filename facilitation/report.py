"""The workshop's report: what the printable page (templates/report/report.html) and the PDF
(report_pdf.py) show, computed once, Flask-free.

`report_context(session, workshop, translate)` gives every activity's prompt, kind, state and
number of responses, its results as a chart model (bars for poll, rating, ranking and points;
the strategy map for matrix) plus the chart as inline SVG, a table of the figures, the
agreement figures in words, the segment splits when participants have segments (see
`exports.participant_segments`), and the appendix on how the numbers were computed (the
essentials of docs/aggregation.md). Texts come translated through `translate` (Flask-Babel's
gettext under the workshop's language in the web layer); numbers are formatted for the
workshop's language ("4,6" in Danish).

The SVG uses presentation attributes only (no style attributes, no script), so it works under
the app's Content-Security-Policy; every text in it is escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import exports, workshops
from . import segments as segment_rules
from .errors import N_
from .exports import Translate, format_fixed, format_number, no_translation
from .kinds import KINDS
from .models import Activity, Response, Workshop


BLUE = "#0072b2"  # Okabe–Ito, as on the screen
TRACK = "#e4edf5"
INK = "#111111"
MUTED = "#4d4d4d"
WARN = "#a33f00"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


# --- chart models, shared by the SVG and the PDF ------------------------------------------------


@dataclass
class Bar:
    label: str
    fraction: float  # 0 … 1 of the track
    value: str  # the number written on the bar
    detail: str = ""  # a line under the bar
    divided: bool = False


@dataclass
class BarChart:
    bars: list[Bar]
    low_label: str = ""  # under the left end of the track (rating: "1 = ikke vigtigt")
    high_label: str = ""
    description: str = ""


@dataclass
class MapPoint:
    number: int
    label: str
    x: float  # mean position, 0 … 100
    y: float
    sd_x: float
    sd_y: float
    n: int
    divided: bool


@dataclass
class StrategyMap:
    points: list[MapPoint]
    x_axis: str  # "lav ← Værdi for borgerne → høj"
    y_axis: str
    description: str = ""


@dataclass
class DisplayTable:
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    numeric: list[bool] = field(default_factory=list)  # right-aligned columns
    note: str = ""  # a line under the table that explains it


# --- words ---------------------------------------------------------------------------------------

AGREEMENT_WORDS = {
    "none": N_("fewer than 2 answers, no agreement yet"),
    "full": N_("everyone gave the same answer"),
    "around_one_point": N_("answers gather around one point"),
    "no_pattern": N_("no pattern: answers spread evenly"),
    "two_camps": N_("answers gather in two camps"),
    "split": N_("a room split in half between the two ends"),
}


def agreement_words(value: float | None, translate: Translate = no_translation) -> str:
    """What an agreement A says about the room, in the words of docs/aggregation.md."""
    if value is None:
        key = "none"
    elif value >= 1 - 1e-9:
        key = "full"
    elif value > 1e-9:
        key = "around_one_point"
    elif value >= -1e-9:
        key = "no_pattern"
    elif value <= -1 + 1e-9:
        key = "split"
    else:
        key = "two_camps"
    return translate(AGREEMENT_WORDS[key])


APPENDIX_TITLE = N_("How the numbers were computed")
APPENDIX = [
    N_("Each participant’s answer counts once: a changed answer replaces the earlier one, and the "
       "order of the answers makes no difference. Numbers are computed exactly and rounded only for "
       "display."),
    N_("Mean: the sum of the values divided by how many there are. Median: the middle value once the "
       "values are sorted. SD (standard deviation): how far the answers typically lie from the mean; "
       "we divide by the number of answers, as the room is the population we describe."),
    N_("Multiple choice: how many chose each option. The share is of everyone who answered the "
       "question, so when several choices are allowed the shares can add up to more than 100 %."),
    N_("Rating: n counts the numbers given to a theme. “Don’t know” is counted separately and left "
       "out of the mean, median, SD and agreement."),
    N_("Ranking: with N themes, first place gives N − 1 points, second place N − 2, and so on down to "
       "0. A theme’s Borda score is the sum over all ballots; the highest possible is ballots × "
       "(N − 1). When only a top k is ranked, the themes left out share the remaining places equally, "
       "so every ballot hands out the same number of points. Equal scores share a rank. Mean rank is "
       "the average place (1 = first)."),
    N_("Top k: when only a top k is ranked, the bars show how many put each theme in their top k, "
       "from none to every ballot, and how many put it in each place; themes in as many top k’s are "
       "told apart by more first places, then more second places, and so on. The Borda score is "
       "listed beside them."),
    N_("Points: the total is all points a theme received; the mean is the total divided by the number "
       "of participants who answered (also those who gave the theme nothing); givers are those who "
       "gave it at least one point."),
    N_("Strategy map: each theme is drawn at its mean position, with a cross of ± 1 SD on each axis "
       "that shows how scattered the placements are. Each axis runs from 0 (low) to 100 (high); 50 "
       "or more counts as high, and the quadrant counts say how many placed the theme in each quarter "
       "of the map."),
    N_("Agreement A: how the answers are spread over an ordered scale, after Cees van der Eijk "
       "(“Measuring agreement in ordered rating scales”, Quality & Quantity 35, 2001). 1 means "
       "everyone gave the same answer; between 0 and 1 the answers gather around one point; 0 means "
       "no pattern; below 0 the answers gather in two camps; −1 is a room split in half between the "
       "two ends. On the strategy map the positions are first sorted into 5 equal-width categories "
       "and the lower of the two axes is shown; points are sorted by what a person could give one "
       "theme (up to the cap, or up to the most anyone gave), each amount a category when there are "
       "at most 5, else 5 equal-width categories. A needs at least 2 answers."),
    N_("Divided room (⇆): A is below 0 and at least 5 people answered; on the strategy map, either "
       "axis is divided. With fewer answers nothing is flagged."),
    N_("The formulas, with worked examples, are in the app’s documentation: docs/aggregation.md."),
]
SEGMENT_NOTE = N_("Segment splits: the same numbers, computed from the answers of each group alone. So "
                  "that nobody’s answer can be singled out, not even by subtracting one figure from "
                  "another, a group counts only people whose answers to all the segment questions at least "
                  "%(min)d people share, each such combination in steps of %(min)d (per theme for ratings "
                  "and the map); the rest are held back.")


# --- text measuring and wrapping (for the SVG; the PDF measures with its font) --------------------

_NARROW = set("iljtfrI.,:;'!|()[]’ ")
_WIDE = set("mwMWÆæ@%")


def estimate_width(text: str, size: float, bold: bool = False) -> float:
    """Roughly how wide `text` is in a sans-serif font of `size` (generous, so text fits)."""
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 0.3
        elif char in _WIDE:
            width += 0.86
        elif char.isupper() or char.isdigit():
            width += 0.66
        else:
            width += 0.57
    return width * size * (1.1 if bold else 1.0)


def truncate(text: str, max_width: float, width: Callable[[str], float]) -> str:
    """`text`, cut with an ellipsis so that it fits `max_width`."""
    if width(text) <= max_width:
        return text
    while text and width(text + "…") > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, max_width: float, width: Callable[[str], float], max_lines: int = 2) -> list[str]:
    """`text` in lines that fit `max_width`, at most `max_lines` (the last cut with "…")."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if width(candidate) <= max_width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = truncate(lines[-1] + " …", max_width, width)
    return [line if width(line) <= max_width else truncate(line, max_width, width) for line in lines] or [""]


# --- label placement on the map, shared by the SVG and the PDF ----------------------------------------


def place_labels(
    centres: list[tuple[float, float]],
    sizes: list[tuple[float, float]],
    radius: float,
    bounds: tuple[float, float, float, float],
    gap: float,
) -> list[tuple[float, float, float, float, str] | None]:
    """Boxes (x, y, w, h, anchor; y grows downwards) for the labels of markers at `centres`,
    trying the right, left, above and below of each marker and the four diagonals, so that no
    label covers another label or a marker and all stay inside `bounds` (x0, y0, x1, y1). None
    where no place is free: the marker's number still points to the legend. `anchor` ("start",
    "end" or "middle") is the side of the box away from the marker, so that a text that comes
    out wider than measured grows away from its marker."""
    x0, y0, x1, y1 = bounds
    markers = [(cx - radius, cy - radius, 2 * radius, 2 * radius) for cx, cy in centres]
    placed: list[tuple] = []

    def overlaps(a, b) -> bool:
        return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]

    result: list[tuple[float, float, float, float, str] | None] = []
    for index, ((cx, cy), (w, h)) in enumerate(zip(centres, sizes)):
        r = radius + gap
        candidates = [
            (cx + r, cy - h / 2, "start"),  # right
            (cx - r - w, cy - h / 2, "end"),  # left
            (cx - w / 2, cy - r - h, "middle"),  # above
            (cx - w / 2, cy + r, "middle"),  # below
            (cx + r * 0.7, cy - r * 0.7 - h, "start"),  # above right
            (cx + r * 0.7, cy + r * 0.7, "start"),  # below right
            (cx - r * 0.7 - w, cy - r * 0.7 - h, "end"),  # above left
            (cx - r * 0.7 - w, cy + r * 0.7, "end"),  # below left
        ]
        chosen = None
        for x, y, anchor in candidates:
            box = (x, y, w, h, anchor)
            if x < x0 or y < y0 or x + w > x1 or y + h > y1:
                continue
            if any(overlaps(box, other) for other in placed):
                continue
            if any(overlaps(box, marker) for i, marker in enumerate(markers) if i != index):
                continue
            chosen = box
            break
        if chosen is not None:
            placed.append(chosen)
        result.append(chosen)
    return result


# --- chart models from the tallies -----------------------------------------------------------------


def _agreement_detail(theme: dict, translate: Translate, language: str) -> list[str]:
    parts = []
    if theme.get("agreement") is not None:
        parts.append(translate(N_("agreement {a}")).format(a=format_fixed(theme["agreement"], language)))
    if theme.get("divided"):
        parts.append("⇆ " + translate(N_("divided room")))
    return parts


def bar_chart(activity: Activity, result: dict, translate: Translate = no_translation, language: str = "da") -> BarChart | None:
    """The bars the screen draws for the activity, or None for kinds without bars."""
    t = translate
    config = workshops.resolved_config(activity)
    kind = activity.kind
    if kind == "poll":
        responses = result.get("responses", 0)
        bars = []
        for option in config.get("options", []):
            count = result.get("counts", {}).get(option["id"], 0)
            share = count / responses if responses else 0.0
            bars.append(Bar(option["label"], share, f"{count} ({round(100 * share)} %)"))
        return BarChart(bars, "0 %", "100 %", t(N_("Bars: how many chose each option, and their share of everyone who answered.")))
    if kind == "rating":
        low, high = config.get("scale_min", 1), config.get("scale_max", 5)
        span = (high - low) or 1
        bars = []
        for theme in exports.sorted_for_screen(activity, result):
            detail = [t(N_("median {median} · {n} answers")).format(median=format_number(theme["median"], language), n=theme["n"])]
            if theme.get("dont_know"):
                detail.append(t(N_("{n} don’t know")).format(n=theme["dont_know"]))
            detail += _agreement_detail(theme, t, language)
            mean = theme.get("mean")
            bars.append(Bar(theme["label"], 0.0 if mean is None else (mean - low) / span,
                            format_number(mean, language), " · ".join(detail), bool(theme.get("divided"))))
        low_label = f"{low} = {config['label_min']}" if config.get("label_min") else str(low)
        high_label = f"{high} = {config['label_max']}" if config.get("label_max") else str(high)
        return BarChart(bars, low_label, high_label, t(N_("Bars: the mean rating of each theme, highest first.")))
    if kind == "ranking" and result.get("top_k"):
        # As people read a top k: how many put the theme in it, from zero to every ballot.
        responses = result.get("responses") or 0
        by_id = {theme["id"]: theme for theme in result.get("themes", [])}
        ordered = [by_id[theme_id] for theme_id in result.get("by_places", []) if theme_id in by_id]
        ties: dict[int, int] = {}
        for theme in ordered:
            ties[theme["places_rank"]] = ties.get(theme["places_rank"], 0) + 1
        bars = []
        for theme in ordered:
            prefix = f"{theme['places_rank']}= " if ties[theme["places_rank"]] > 1 else f"{theme['places_rank']}. "
            places = " · ".join(t(N_("place {place}: {n}")).format(place=number, n=count)
                                for number, count in enumerate(theme["places"], 1))
            bars.append(Bar(
                prefix + theme["label"], theme["ranked_by"] / responses if responses else 0.0,
                t(N_("{n} of {total}")).format(n=theme["ranked_by"], total=responses),
                places + " · " + t(N_("Borda score {borda}")).format(borda=format_number(theme["borda"], language)),
            ))
        return BarChart(bars, "0", str(responses),
                        t(N_("Bars: how many put each theme in their top %(k)d, from none to every ballot.")) % {
                            "k": result["top_k"]})
    if kind == "ranking":
        maximum = result.get("max_borda") or 1
        ties: dict[int, int] = {}
        for theme in result.get("themes", []):
            ties[theme["rank"]] = ties.get(theme["rank"], 0) + 1
        bars = []
        for theme in result.get("themes", []):
            prefix = f"{theme['rank']}= " if ties[theme["rank"]] > 1 else f"{theme['rank']}. "
            bars.append(Bar(
                prefix + theme["label"], theme["borda"] / maximum, format_number(theme["borda"], language),
                t(N_("mean place {mean} · first place {first} times")).format(
                    mean=format_number(theme["mean_rank"], language), first=theme["first_places"]),
            ))
        return BarChart(bars, "0", format_number(result.get("max_borda", 0), language),
                        t(N_("Bars: the Borda score of each theme; a full bar is first place on every ballot.")))
    if kind == "points":
        maximum = max([theme["total"] for theme in result.get("themes", [])] + [1])
        bars = []
        for theme in exports.sorted_for_screen(activity, result):
            detail = [t(N_("mean {mean} · {givers} gave points")).format(
                mean=format_number(theme["mean"], language), givers=theme["givers"])]
            detail += _agreement_detail(theme, t, language)
            bars.append(Bar(theme["label"], theme["total"] / maximum, format_number(theme["total"], language),
                            " · ".join(detail), bool(theme.get("divided"))))
        return BarChart(bars, "", "", t(N_("Bars: the points each theme received in all, most first.")))
    if kind == "qa":
        questions = result.get("questions", [])[:15]
        if not any(q.get("votes") for q in questions):
            return None  # nobody voted: the table lists the questions
        maximum = max([q.get("votes", 0) for q in questions] + [1])
        return BarChart([Bar(q.get("text", ""), q.get("votes", 0) / maximum, str(q.get("votes", 0))) for q in questions],
                        description=t(N_("Bars: the votes for the most voted questions.")))
    if kind == "ideas":
        words = result.get("words", [])[:15]
        maximum = max([w.get("count", 0) for w in words] + [1])
        return BarChart([Bar(w.get("word", ""), w.get("count", 0) / maximum, str(w.get("count", 0))) for w in words],
                        description=t(N_("Bars: how often the most frequent words occur in the ideas.")))
    return None


def strategy_map(activity: Activity, result: dict, translate: Translate = no_translation) -> StrategyMap:
    """Each placed theme at its mean position with its spread; numbered in the themes' order."""
    config = workshops.resolved_config(activity)
    points = []
    for number, theme in enumerate(result.get("themes", []), 1):
        if theme.get("n"):
            points.append(MapPoint(number, theme["label"], theme["mean_x"], theme["mean_y"], theme["sd_x"] or 0.0,
                                   theme["sd_y"] or 0.0, theme["n"], bool(theme.get("divided"))))

    def axis(name: str) -> str:
        low, high = config.get(f"{name}_low") or "", config.get(f"{name}_high") or ""
        return f"{low} ← {config.get(f'{name}_label', '')} → {high}".strip()

    return StrategyMap(
        points, axis("x"), axis("y"),
        translate(N_("Strategy map: {x} across, {y} up")).format(x=config.get("x_label", ""), y=config.get("y_label", "")),
    )


# --- SVG -------------------------------------------------------------------------------------------

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


MAP_LABEL_SHARE = 0.4  # a theme's label on the map is at most this share of the plot wide, per line


def map_label_lines(label: str, max_width: float, width: Callable[[str], float]) -> list[str]:
    """A theme's label on the map: one line, or two when it is long (the second cut with "…")."""
    return wrap(label, max_width, width, max_lines=2)


# Map geometry (SVG units): the plot is a square; the axis names sit below it and to its left.
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


# --- tables and words ---------------------------------------------------------------------------------


def display_table(activity: Activity, result: dict, translate: Translate = no_translation, language: str = "da") -> DisplayTable | None:
    """The figures under the chart, formatted for reading (None for a poll: its bars say it all)."""
    t = translate
    kind = activity.kind
    if hasattr(KINDS.get(kind), "display_table"):  # a kind built on the kind contract
        return KINDS[kind].display_table(workshops.resolved_config(activity), result, t, language)
    n1 = lambda value: format_number(value, language)  # noqa: E731
    a2 = lambda value: format_fixed(value, language)  # noqa: E731

    def divided(theme):
        return "⇆ " + t(exports.YES) if theme.get("divided") else t(exports.NO)

    if kind == "rating":
        config = workshops.resolved_config(activity)
        low, high = config.get("scale_min", 1), config.get("scale_max", 5)
        table = DisplayTable(
            [t(N_("Theme")), t(N_("Mean")), t(N_("Median")), t(N_("SD")), t(N_("n")), t(N_("Don’t know")),
             t(N_("Distribution %(low)d–%(high)d")) % {"low": low, "high": high}, t(N_("Agreement A")), t(N_("Divided"))],
            numeric=[False, True, True, True, True, True, False, True, False],
        )
        for theme in exports.sorted_for_screen(activity, result):
            distribution = " · ".join(str(theme["distribution"].get(str(v), 0)) for v in range(low, high + 1))
            table.rows.append([theme["label"], format_fixed(theme["mean"], language, 1), n1(theme["median"]),
                               format_fixed(theme["sd"], language),
                               str(theme["n"]), str(theme["dont_know"]), distribution, a2(theme["agreement"]), divided(theme)])
        return table
    if kind == "ranking" and result.get("top_k"):
        table = DisplayTable(
            [t(N_("Rank")), t(N_("Theme")), t(N_("In the top %(k)d")) % {"k": result["top_k"]},
             t(N_("Places 1–%(k)d")) % {"k": result["top_k"]}, t(N_("Borda score")), t(N_("Mean rank"))],
            numeric=[True, False, True, False, True, True],
        )
        by_id = {theme["id"]: theme for theme in result.get("themes", [])}
        for theme in (by_id[theme_id] for theme_id in result.get("by_places", []) if theme_id in by_id):
            table.rows.append([str(theme["places_rank"]), theme["label"], str(theme["ranked_by"]),
                               " · ".join(str(count) for count in theme["places"]), n1(theme["borda"]),
                               format_fixed(theme["mean_rank"], language)])
        return table
    if kind == "ranking":
        table = DisplayTable(
            [t(N_("Rank")), t(N_("Theme")), t(N_("Borda score")), t(N_("Mean rank")), t(N_("First places")), t(N_("Ranked by"))],
            numeric=[True, False, True, True, True, True],
        )
        for theme in result.get("themes", []):
            table.rows.append([str(theme["rank"]), theme["label"], n1(theme["borda"]), format_fixed(theme["mean_rank"], language),
                               str(theme["first_places"]), str(theme["ranked_by"])])
        return table
    if kind == "points":
        table = DisplayTable(
            [t(N_("Theme")), t(N_("Total")), t(N_("Mean")), t(N_("Givers")), t(N_("SD")), t(N_("Agreement A")), t(N_("Divided"))],
            numeric=[False, True, True, True, True, True, False],
        )
        for theme in exports.sorted_for_screen(activity, result):
            table.rows.append([theme["label"], n1(theme["total"]), format_fixed(theme["mean"], language), str(theme["givers"]),
                               format_fixed(theme["sd"], language), a2(theme["agreement"]), divided(theme)])
        return table
    if kind == "matrix":
        table = DisplayTable(
            [t(N_("No.")), t(N_("Theme")), t(N_("n")), t(N_("Mean x")), t(N_("Mean y")), t(N_("SD x")), t(N_("SD y")),
             "↗", "↖", "↘", "↙", t(N_("Agreement A")),
             t(N_("Divided"))],
            numeric=[True, False] + [True] * 10 + [False],
            note=t(N_("How many placed the theme in each quarter of the map: ↗ top right, ↖ top left, ↘ bottom right, "
                      "↙ bottom left (50 or more counts as high).")),
        )
        for number, theme in enumerate(result.get("themes", []), 1):
            q = theme["quadrants"]
            f1 = lambda value: format_fixed(value, language, 1)  # noqa: E731
            table.rows.append([str(number), theme["label"], str(theme["n"]), f1(theme["mean_x"]), f1(theme["mean_y"]),
                               f1(theme["sd_x"]), f1(theme["sd_y"]), str(q["high_high"]), str(q["low_high"]),
                               str(q["high_low"]), str(q["low_low"]), a2(theme["agreement"]), divided(theme)])
        return table
    if kind in ("qa", "ideas"):
        summary = exports.summary_table(activity, result, t)
        return DisplayTable(summary.headers, [[str(value) for value in row] for row in summary.rows],
                            [header == t(N_("Votes")) for header in summary.headers])
    return None


def agreement_summary(activity: Activity, result: dict, translate: Translate = no_translation, language: str = "da") -> list[str]:
    """The agreement figures in words: where the room agrees most, where it is most divided, and
    which themes are flagged as a divided room."""
    t = translate
    if activity.kind not in ("rating", "points", "matrix"):
        return []
    themes = result.get("themes", [])
    rated = [theme for theme in themes if theme.get("agreement") is not None]
    if not rated:
        return [t(N_("Agreement needs at least 2 answers about a theme."))] if result.get("responses") else []
    # Stable: among equal values, the theme that comes first on the screen wins.
    ordered = sorted(rated, key=lambda theme: -theme["agreement"])
    most, least = ordered[0], ordered[-1]

    def describe(theme):
        return t(N_("%(theme)s (A = %(a)s: %(meaning)s)")) % {
            "theme": theme["label"], "a": format_fixed(theme["agreement"], language),
            "meaning": agreement_words(theme["agreement"], t)}

    lines = [t(N_("Most agreed: %(theme)s.")) % {"theme": describe(most)}]
    if least is not most and least["agreement"] < most["agreement"]:
        lines.append(t(N_("Least agreed: %(theme)s.")) % {"theme": describe(least)})
    divided = [theme["label"] for theme in themes if theme.get("divided")]
    if divided:
        lines.append(t(N_("Divided room (⇆): %(themes)s.")) % {"themes": ", ".join(divided)})
    else:
        lines.append(t(N_("No theme is flagged as a divided room (A below 0 with at least 5 answers).")))
    return lines


# --- segment splits ---------------------------------------------------------------------------------


def segment_definitions(workshop: Workshop, participants=None) -> list[dict]:
    """The workshop's segment questions with their options, in its order (Workshop.segments).
    Answers to a question the workshop no longer asks are not split by: every split must use
    the same questions, the ones the live view uses, or a participant's profile would differ
    between them (see segments.py)."""
    return [
        {"question": item["question"], "options": list(item.get("options") or [])}
        for item in getattr(workshop, "segments", None) or []
        if isinstance(item, dict) and item.get("question")
    ]


SPLIT_FIGURES = {
    "poll": N_("How many chose each option (share of the group)."),
    "rating": N_("The mean rating in each group."),
    "ranking": N_("The mean rank in each group (1 = first)."),
    "points": N_("The mean points in each group."),
    "matrix": N_("The mean position (x / y) in each group."),
}


def segment_splits(
    session: Session,
    activity: Activity,
    definitions: list[dict],
    segments_by_participant: dict[int, dict[str, str]],
    translate: Translate = no_translation,
    language: str = "da",
) -> list[dict]:
    """Per segment question, the activity's key figure per group, side by side: a table with
    the options or themes as rows and the groups as columns. The groups and their figures are
    those the live view shows (workshops.split_results: the disclosure rule of segments.py, over
    every question at once). The question the facilitator split the activity by comes
    first. [] for kinds that collect texts, and when nobody answered a segment question."""
    kind = KINDS.get(activity.kind)
    contract = hasattr(kind, "split_rows")  # a kind built on the kind contract (docs/architecture.md)
    if (kind is None or not kind.ONE_RESPONSE_PER_PARTICIPANT or (activity.kind not in SPLIT_FIGURES and not contract)
            or not any(segments_by_participant.values())):
        return []
    t = translate
    config = workshops.resolved_config(activity)
    answer_rows = [(response_id, participant_id, answer, segments_by_participant.get(participant_id, {}))
            for response_id, participant_id, answer in session.execute(
                select(Response.id, Response.participant_id, Response.answer).where(Response.activity_id == activity.id))]
    split_by = getattr(activity, "split_by", None)
    ordered = sorted(definitions, key=lambda item: item["question"] != split_by)
    splits = []
    for definition in ordered:
        question = definition["question"]
        split = workshops.split_results(kind, config, definitions, question, answer_rows)
        if not split["groups"]:
            continue
        headers = [t(N_("Option")) if activity.kind == "poll" else t(N_("Theme"))] + [
            # No line break inside "(n = 12)".
            (t(N_("%(group)s (n = %(n)d)")) % {"group": group["label"], "n": group["n"]}).replace("n = ", "n\u00a0=\u00a0")
            for group in split["groups"]]
        rows = []
        if contract:
            for row in kind.split_rows(config):
                rows.append([row["label"]] + [kind.split_cell(config, group["results"], row["id"], language, translate=t)
                                              for group in split["groups"]])
        elif activity.kind == "poll":
            for option in config.get("options", []):
                row = [option["label"]]
                for group in split["groups"]:
                    tally = group["results"]
                    count = tally["counts"].get(option["id"], 0)
                    row.append(f"{count} ({round(100 * count / tally['responses']) if tally['responses'] else 0} %)")
                rows.append(row)
        else:
            key = {"rating": "mean", "ranking": "mean_rank", "points": "mean", "matrix": "position"}[activity.kind]
            for item in config.get("items", []):
                row = [item["label"]]
                for group in split["groups"]:
                    theme = next((theme for theme in group["results"]["themes"] if theme["id"] == item["id"]), None)
                    if theme is None:
                        row.append("–")
                    elif key == "position":
                        row.append("–" if not theme["n"] else
                                   f"{format_fixed(theme['mean_x'], language, 1)} / {format_fixed(theme['mean_y'], language, 1)}")
                    else:
                        row.append(format_fixed(theme[key], language))
                rows.append(row)
        held_back = ""
        if split["held_back"] and split.get("protected"):
            held_back = t(N_("%(n)d answers are not shown on their own: those the groups do not count yet or "
                             "without an answer to this question, and one more step held back with them so "
                             "that they cannot be worked out by subtraction.")) % {"n": split["held_back"]}
        elif split["held_back"]:
            held_back = t(N_("%(n)d answers that the groups do not count yet, or without an answer to this "
                             "question, are not shown on their own.")) % {"n": split["held_back"]}
        figure = kind.SPLIT_FIGURE if contract else SPLIT_FIGURES[activity.kind]
        splits.append({"question": question, "figure": t(figure), "held_back": held_back,
                       "table": DisplayTable(headers, rows, [False] + [True] * len(split["groups"]))})
    return splits


# --- the whole report -----------------------------------------------------------------------------------


def _lead(paragraph: str) -> dict:
    """A paragraph of the appendix split into its lead ("Ranking") and the rest, for bold leads."""
    lead, colon, rest = paragraph.partition(": ")
    if colon and len(lead) <= 40:
        return {"lead": lead + ":", "text": rest}
    return {"lead": "", "text": paragraph}


def report_context(session: Session, workshop: Workshop, translate: Translate = no_translation) -> dict:
    """Everything the report shows, as plain data, translated texts and ready SVG."""
    t = translate
    language = workshop.language
    participants = exports.workshop_participants(session, workshop.id)
    segments_by_participant = {p.id: exports.participant_segments(p) for p in participants}
    has_segments = any(segments_by_participant.values())
    definitions = segment_definitions(workshop, participants) if has_segments else []
    activities = []
    resets_noted = exports.reset_notes(session, list(workshop.activities), t)
    for number, activity in enumerate(workshop.activities, 1):
        result = workshops.results(session, activity)
        responses = workshops.response_count(session, activity.id)
        chart_svg, bars, map_model = Markup(""), None, None
        if activity.kind == "matrix":
            map_model = strategy_map(activity, result, t)
            if map_model.points:
                chart_svg = map_svg(map_model)
        else:
            kind = KINDS.get(activity.kind)
            if hasattr(kind, "chart"):  # a kind built on the kind contract (docs/architecture.md)
                bars = kind.chart(workshops.resolved_config(activity), result, t, language)
            else:
                bars = bar_chart(activity, result, t, language)
            if bars is not None and bars.bars and responses:
                chart_svg = bars_svg(bars)
        notes = exports.activity_notes(activity, result, t)
        if activity.kind in ("ideas", "qa") and chart_svg:
            notes.append(bars.description)  # say what the bars count
        notes += resets_noted.get(activity.id, [])
        activities.append({
            "id": activity.id,
            "number": number,
            "prompt": activity.prompt,
            "kind": activity.kind,
            "kind_label": exports.kind_label(activity, t),
            "state_label": exports.state_label(activity, t),
            "responses": responses,
            "responses_text": t(N_("Responses: %(n)d")) % {"n": responses},
            "notes": notes,
            "result": result,
            "bars": bars,
            "map": map_model,
            "chart_svg": chart_svg,
            "table": display_table(activity, result, t, language),
            "agreement": agreement_summary(activity, result, t, language),
            "segments": segment_splits(session, activity, definitions, segments_by_participant, t, language)
            if has_segments else [],
        })
    generated = exports.local_time(datetime.now(timezone.utc).replace(tzinfo=None))
    return {
        "workshop_id": workshop.id,
        "title": workshop.title,
        "language": language,
        "join_code": workshop.join_code,
        "date": exports.workshop_date(session, workshop),
        "joined": workshops.joined_count(session, workshop.id),
        "generated": generated.strftime("%Y-%m-%d %H:%M"),
        "activities": activities,
        "has_segments": has_segments,
        "facts": [
            (t(N_("Date")), exports.workshop_date(session, workshop)),
            (t(N_("Join code")), workshop.join_code),
            (t(N_("Participants joined")), str(workshops.joined_count(session, workshop.id))),
            (t(N_("Activities")), str(len(activities))),
            (t(N_("Report made")), generated.strftime("%Y-%m-%d %H:%M")),
        ],
        "anonymity": t(N_("Participants answered anonymously; this report contains no names.")),
        "appendix_title": t(APPENDIX_TITLE),
        "appendix": [_lead(t(paragraph)) for paragraph in APPENDIX]
        + ([_lead(t(SEGMENT_NOTE) % {"min": segment_rules.MIN_GROUP_SIZE})] if has_segments else []),
    }

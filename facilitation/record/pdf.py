"""The workshop's report as a PDF, drawn in pure Python with fpdf2: no browser, no system library.

The same content as the printable page (record/report.py, report_context): a title page with the
facts and the agenda, then per activity its prompt, kind, state and responses, the chart (bars
with their numbers, or the strategy map with each theme's mean position, its ± 1 SD cross and
numbered markers), the table of figures, the agreement in words and the segment splits, then the
landscape of the themes across the prioritisations (when one has answers), and at the end how the
numbers were computed. The page, the type and the tables are in pdf_tables.py.

Danish letters and symbols such as →, × and ⇆ need a Unicode font: DejaVu Sans, vendored in
static/vendor/fonts/ (see the README there). fpdf2 embeds only the glyphs used, so a report stays
small.
"""

from __future__ import annotations

from fpdf import FPDF
from sqlalchemy.orm import Session

from ..errors import N_
from ..models import Workshop
from . import report
from .layout import MAP_LABEL_SHARE, map_label_lines, place_labels, truncate, wrap
from .models import BarChart, DisplayTable, StrategyMap
from .pdf_tables import (BLUE, LINE, MUTED, TRACK, WARN, WHITE, ReportPDF, draw_table, font, lines_height,
                         paragraph, table_needs)
from .words import Translate, no_translation


# --- charts ---------------------------------------------------------------------------------------


BAR_LABEL_SIZE, BAR_VALUE_SIZE, BAR_DETAIL_SIZE = 9, 8.5, 7.5
BAR_LABEL_LINE, BAR_HEIGHT, BAR_DETAIL_LINE, BAR_GAP = 4.2, 5.4, 3.6, 2.8


def _bar_heights(pdf: FPDF, chart: BarChart) -> list[float]:
    """The height of each bar with its label and detail lines, and last the end labels."""
    heights = []
    for bar in chart.bars:
        font(pdf, BAR_LABEL_SIZE, True)
        labels = wrap(bar.label, pdf.epw, pdf.get_string_width)
        font(pdf, BAR_DETAIL_SIZE)
        details = wrap(bar.detail, pdf.epw, pdf.get_string_width) if bar.detail else []
        heights.append(len(labels) * BAR_LABEL_LINE + 0.8 + BAR_HEIGHT + len(details) * BAR_DETAIL_LINE + BAR_GAP)
    heights.append(6 if chart.low_label or chart.high_label else 0)
    return heights


def _bars(pdf: FPDF, chart: BarChart):
    width = pdf.epw
    label_size, value_size, detail_size = BAR_LABEL_SIZE, BAR_VALUE_SIZE, BAR_DETAIL_SIZE
    label_line, bar_height, detail_line, gap = BAR_LABEL_LINE, BAR_HEIGHT, BAR_DETAIL_LINE, BAR_GAP
    x0 = pdf.l_margin
    for bar in chart.bars:
        font(pdf, label_size, True)
        labels = wrap(bar.label, width, pdf.get_string_width)
        font(pdf, detail_size)
        details = wrap(bar.detail, width, pdf.get_string_width) if bar.detail else []
        height = len(labels) * label_line + 0.8 + bar_height + len(details) * detail_line + gap
        if pdf.will_page_break(height):
            pdf.add_page()
        y = pdf.get_y()
        font(pdf, label_size, True)
        for line in labels:
            y += label_line
            pdf.text(x0, y - 1.0, line)
        y += 0.8
        fill = max(0.0, min(1.0, bar.fraction)) * width
        pdf.set_fill_color(*TRACK)
        pdf.rect(x0, y, width, bar_height, style="F")
        if fill > 0:
            pdf.set_fill_color(*BLUE)
            pdf.rect(x0, y, fill, bar_height, style="F")
        font(pdf, value_size, True)
        text_width = pdf.get_string_width(bar.value)
        if fill >= text_width + 4:
            pdf.set_text_color(*WHITE)
            pdf.text(x0 + fill - 2 - text_width, y + bar_height - 1.5, bar.value)
        else:
            pdf.text(x0 + fill + 2, y + bar_height - 1.5, bar.value)
        y += bar_height
        for line in details:
            font(pdf, detail_size, colour=WARN if bar.divided and "⇆" in line else MUTED)
            y += detail_line
            pdf.text(x0, y - 0.8, line)
        pdf.set_y(y + gap)
    if chart.low_label or chart.high_label:
        if pdf.will_page_break(5):
            pdf.add_page()
        y = pdf.get_y() + 1
        font(pdf, detail_size, colour=MUTED)
        half = width / 2 - 4
        low = truncate(chart.low_label, half, pdf.get_string_width)
        high = truncate(chart.high_label, half, pdf.get_string_width)
        pdf.text(x0, y + 2.5, low)
        pdf.text(x0 + width - pdf.get_string_width(high), y + 2.5, high)
        pdf.set_y(y + 5)


MAP_PLOT = 118  # mm


def _map(pdf: FPDF, chart: StrategyMap):
    plot = MAP_PLOT
    height = plot + 16
    if pdf.will_page_break(height + 2):
        pdf.add_page()
    top = pdf.get_y() + 2
    left = pdf.l_margin + (pdf.epw - plot) / 2 + 5
    right, bottom = left + plot, top + plot

    def sx(value):
        return left + plot * max(0.0, min(100.0, value)) / 100

    def sy(value):
        return bottom - plot * max(0.0, min(100.0, value)) / 100

    pdf.set_draw_color(138, 138, 138)
    pdf.set_fill_color(250, 252, 254)
    pdf.set_line_width(0.35)
    pdf.rect(left, top, plot, plot, style="DF")
    pdf.set_line_width(0.3)
    pdf.set_dash_pattern(dash=1.6, gap=1.2)
    pdf.line(sx(50), top, sx(50), bottom)
    pdf.line(left, sy(50), right, sy(50))
    pdf.set_dash_pattern()
    font(pdf, 7, colour=MUTED)
    for value in (0, 50, 100):
        text = str(value)
        pdf.text(sx(value) - pdf.get_string_width(text) / 2, bottom + 3.6, text)
        pdf.text(left - 1.5 - pdf.get_string_width(text), sy(value) + 1.2, text)
    font(pdf, 9, True)
    x_axis = truncate(chart.x_axis, plot, pdf.get_string_width)
    pdf.text(left + plot / 2 - pdf.get_string_width(x_axis) / 2, bottom + 9.5, x_axis)
    y_axis = truncate(chart.y_axis, plot, pdf.get_string_width)
    axis_x, axis_y = left - 8.5, top + plot / 2
    with pdf.rotation(90, axis_x, axis_y):
        pdf.text(axis_x - pdf.get_string_width(y_axis) / 2, axis_y, y_axis)

    radius = 2.9
    centres = [(sx(p.x), sy(p.y)) for p in chart.points]
    pdf.set_line_width(0.45)
    for p, (cx, cy) in zip(chart.points, centres):
        pdf.set_draw_color(*(WARN if p.divided else BLUE))
        x1, x2, y1, y2 = sx(p.x - p.sd_x), sx(p.x + p.sd_x), sy(p.y - p.sd_y), sy(p.y + p.sd_y)
        pdf.line(x1, cy, x2, cy)
        pdf.line(cx, y1, cx, y2)
        for x in (x1, x2):
            pdf.line(x, cy - 1.1, x, cy + 1.1)
        for y in (y1, y2):
            pdf.line(cx - 1.1, y, cx + 1.1, y)
    for p, (cx, cy) in zip(chart.points, centres):
        pdf.set_fill_color(*(WARN if p.divided else BLUE))
        pdf.set_draw_color(*WHITE)
        pdf.set_line_width(0.5)
        pdf.circle(cx, cy, radius, style="DF")
        font(pdf, 7.5, True, WHITE)
        number = str(p.number)
        pdf.text(cx - pdf.get_string_width(number) / 2, cy + 1.3, number)
    font(pdf, 8, True)
    line_height = 3.5
    texts = [map_label_lines(p.label, plot * MAP_LABEL_SHARE, pdf.get_string_width) for p in chart.points]
    sizes = [(max(pdf.get_string_width(line) for line in lines) + 1.0, line_height * len(lines) + 0.4) for lines in texts]
    boxes = place_labels(centres, sizes, radius, (left + 0.5, top + 0.5, right - 0.5, bottom - 0.5), 0.8)
    for lines, box in zip(texts, boxes):
        if box is None:
            continue
        x, y, w, h, _anchor = box  # measured exactly here, so every line starts at the box's left
        with pdf.local_context(fill_opacity=0.82):
            pdf.set_fill_color(*WHITE)
            pdf.rect(x, y, w, h, style="F")
        font(pdf, 8, True)
        for index, line in enumerate(lines):
            pdf.text(x + 0.5, y + line_height * (index + 1) - 0.75, line)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(top + height)


# --- the document --------------------------------------------------------------------------------------


def _hex_colour(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _logo(pdf: FPDF, branding: dict) -> None:
    """The organiser's logo above the title, at most 16 mm high and 60 mm wide. A logo fpdf2
    cannot draw is left out rather than failing the report."""
    import io

    if not branding.get("logo"):
        return
    top = pdf.get_y()
    try:
        pdf.image(io.BytesIO(branding["logo"]), x=pdf.l_margin, y=top, w=60, h=16, keep_aspect_ratio=True)
    except Exception:  # noqa: BLE001 - a damaged picture costs the logo, never the report
        return
    pdf.set_y(top + 20)


def _title_page(pdf: FPDF, context: dict, t: Translate):
    pdf.add_page()
    branding = context.get("branding") or {}
    # The accent colour (checked to 4.5:1 against white) replaces the blue of the headings.
    accent = _hex_colour(branding["accent"]) if branding.get("accent") else BLUE
    _logo(pdf, branding)
    font(pdf, 9, True, accent)
    pdf.cell(0, 5, t(N_("Workshop report")).upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    paragraph(pdf, context["title"], 21, True, line=9.5, after=2)
    pdf.set_draw_color(*accent)
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.ln(5)
    column = pdf.epw / 3
    x0 = pdf.l_margin
    for index, (name, value) in enumerate(context["facts"]):
        if index and index % 3 == 0:
            pdf.ln(13)
        y = pdf.get_y()
        x = x0 + (index % 3) * column
        pdf.set_draw_color(*LINE)
        pdf.set_line_width(0.6)
        pdf.line(x, y, x, y + 10)
        font(pdf, 7.5, colour=MUTED)
        pdf.text(x + 2.5, y + 3, name)
        font(pdf, 10.5, True)
        pdf.text(x + 2.5, y + 8.2, truncate(value, column - 5, pdf.get_string_width))
    pdf.ln(15)
    paragraph(pdf, context["anonymity"], 8.5, colour=MUTED, after=6)
    paragraph(pdf, t(N_("Agenda")), 13, True, after=1.5)
    agenda = DisplayTable(
        [t(N_("No.")), t(N_("Question")), t(N_("Kind")), t(N_("Responses"))],
        [[str(a["number"]), a["prompt"], a["kind_label"], str(a["responses"])] for a in context["activities"]],
        [True, False, False, True],
    )
    draw_table(pdf, agenda, 8.5)


def _activity(pdf: FPDF, activity: dict, t: Translate, first_on_page: bool):
    heading = f"{activity['number']}. {activity['prompt']}"
    head_height = lines_height(pdf, heading, pdf.epw, 13, True, 6.0) + 6 + 4.2 * len(activity["notes"])
    body = pdf.h - pdf.t_margin - pdf.b_margin
    if activity["map"] is not None and activity["chart_svg"]:
        chart_start = MAP_PLOT + 18
    elif activity["bars"] is not None and activity["chart_svg"]:
        heights = _bar_heights(pdf, activity["bars"])
        # The whole chart on one page when it can be; else at least its first three bars.
        chart_start = sum(heights) if head_height + sum(heights) + 12 < body else sum(heights[:3])
    elif activity["table"] is not None and activity["table"].rows and activity["responses"]:
        chart_start = min(table_needs(pdf, activity["table"]), 40)  # no chart: the heading stays with its table
    else:
        chart_start = 12
    agreement_height = 6 + sum(
        lines_height(pdf, "• " + line, pdf.epw, 8.5, False, 4.0) + 0.3 for line in activity["agreement"]
    ) if activity["agreement"] else 0
    if head_height + chart_start + agreement_height + 8 < body:
        chart_start += agreement_height  # the words about agreement stay with their chart
    if not first_on_page:
        if pdf.will_page_break(head_height + chart_start + 8):
            pdf.add_page()
        else:
            pdf.ln(3)
            pdf.set_draw_color(*LINE)
            pdf.set_line_width(0.3)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
            pdf.ln(4)
    paragraph(pdf, heading, 13, True, line=6.0, after=0.8)
    paragraph(pdf, f"{activity['kind_label']} · {activity['state_label']} · {activity['responses_text']}", 8.5, colour=MUTED,
               after=0.6)
    for note in activity["notes"]:
        paragraph(pdf, note, 8.5, colour=MUTED, line=4.0, after=0.2)
    pdf.ln(2.5)
    if activity["chart_svg"]:
        if activity["map"] is not None:
            _map(pdf, activity["map"])
        else:
            _bars(pdf, activity["bars"])
    elif not activity["responses"]:
        paragraph(pdf, t(N_("No answers.")), 9, colour=MUTED, after=2)
    if activity["agreement"]:
        needed = 6 + sum(lines_height(pdf, "• " + line, pdf.epw, 8.5, False, 4.0) + 0.3 for line in activity["agreement"])
        if pdf.will_page_break(needed):
            pdf.add_page()
            paragraph(pdf, heading, 8, colour=MUTED, line=3.8, after=1)
        paragraph(pdf, t(N_("Agreement")), 9.5, True, after=0.5)
        for line in activity["agreement"]:
            paragraph(pdf, "• " + line, 8.5, line=4.0, after=0.3)
        pdf.ln(1)
    if activity["table"] is not None and activity["table"].rows and activity["responses"]:
        pdf.ln(1)
        draw_table(pdf, activity["table"], context_line=heading)
    if activity["segments"]:
        pdf.ln(2)
        body = pdf.h - pdf.t_margin - pdf.b_margin
        for index, split in enumerate(activity["segments"]):
            # The headings stay with their table when the table fits on a page.
            needed = 14 + (6 if index == 0 else 0) + min(table_needs(pdf, split["table"]), body - 30)
            if pdf.will_page_break(needed):
                pdf.add_page()
                paragraph(pdf, heading, 8, colour=MUTED, line=3.8, after=1)
            if index == 0:
                paragraph(pdf, t(N_("Segment splits")), 9.5, True, after=0.5)
            paragraph(pdf, split["question"], 9, True, after=0.2)
            paragraph(pdf, " ".join(filter(None, [split["figure"], split["held_back"]])), 8, colour=MUTED, line=3.8,
                       after=0.5)
            draw_table(pdf, split["table"], context_line=heading)


def _landscape(pdf: FPDF, landscape: dict, t: Translate):
    """The landscape of the themes on a page of its own: the prioritisations by letter, a row per
    theme with its standing in each, a sentence per theme, then the groups side by side."""
    pdf.add_page()
    title = landscape["title"]
    paragraph(pdf, title, 14, True, line=7, after=1.5)
    paragraph(pdf, landscape["intro"], 8.5, colour=MUTED, line=4.0, after=1.5)
    for line in landscape["legend"]:
        paragraph(pdf, line, 8.5, line=4.0, after=0.3)
    pdf.ln(1.5)
    draw_table(pdf, landscape["table"], context_line=title)
    pdf.ln(1)
    paragraph(pdf, t(N_("In words")), 9.5, True, after=0.5)
    for sentence in landscape["sentences"]:
        paragraph(pdf, "• " + sentence, 8.5, line=4.0, after=0.6)
    body = pdf.h - pdf.t_margin - pdf.b_margin
    for split in landscape["splits"]:
        pdf.ln(2)
        needed = 20 + (min(table_needs(pdf, split["table"]), body - 40) if split["table"].rows else 6)
        if pdf.will_page_break(needed):
            pdf.add_page()
            paragraph(pdf, title, 8, colour=MUTED, line=3.8, after=1)
        paragraph(pdf, split["title"], 10.5, True, line=5, after=0.5)
        paragraph(pdf, split["intro"], 8, colour=MUTED, line=3.8, after=0.5)
        for line in split["held_back"]:
            paragraph(pdf, line, 8, colour=WARN, line=3.8, after=0.5)
        if split["empty"]:
            paragraph(pdf, split["empty"], 9, colour=MUTED, after=1)
        else:
            draw_table(pdf, split["table"], context_line=f"{title} · {split['question']}")


def _escape_markdown(text: str) -> str:
    """Keep fpdf2's markdown from reading **, __, -- or ~~ in a text as style markers."""
    for marker in ("**", "__", "--", "~~"):
        text = text.replace(marker, marker[0] + "\u200b" + marker[1])
    return text


def render(context: dict, translate: Translate = no_translation) -> bytes:
    """The PDF of a report context (see report.report_context)."""
    t = translate
    pdf = ReportPDF(f"{context['title']} · {t(N_('Workshop report'))}", t(N_("Page %(page)s of %(pages)s")))
    pdf.set_title(context["title"])
    pdf.set_subject(t(N_("Workshop report")))
    pdf.set_creator("facilitation")
    pdf.set_lang(context["language"])
    _title_page(pdf, context, t)
    pdf.add_page()
    for index, activity in enumerate(context["activities"]):
        _activity(pdf, activity, t, first_on_page=index == 0)
    if context.get("landscape"):
        _landscape(pdf, context["landscape"], t)
    pdf.add_page()
    paragraph(pdf, context["appendix_title"], 14, True, line=7, after=3)
    for part in context["appendix"]:
        font(pdf, 9)
        pdf.set_x(pdf.l_margin)
        if part["lead"]:
            # fpdf2's markdown makes **…** bold; the texts are ours, but escape stray markers anyway.
            text = "**" + _escape_markdown(part["lead"]) + "** " + _escape_markdown(part["text"])
        else:
            text = _escape_markdown(part["text"])
        pdf.multi_cell(pdf.epw, 4.5, text, align="L", markdown=True, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2.2)
    return bytes(pdf.output())


def workshop_pdf(session: Session, workshop: Workshop, translate: Translate = no_translation) -> bytes:
    """The workshop's report as PDF bytes, with the workshop's logo and accent colour."""
    context = report.report_context(session, workshop, translate)
    context["branding"] = {"accent": workshop.accent_color, "logo": workshop.logo_data}
    return render(context, translate)

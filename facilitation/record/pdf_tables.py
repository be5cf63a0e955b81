"""The PDF's page, type and colours, and its tables: the parts of the report's PDF (record/pdf.py)
that are not charts. Drawn with fpdf2 and the vendored DejaVu fonts (static/vendor/fonts/).
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.fonts import FontFace

from ..db import PROJECT_ROOT
from .layout import truncate
from .models import DisplayTable

FONT_DIR = PROJECT_ROOT / "static" / "vendor" / "fonts"
FONT = "DejaVu"

INK = (17, 17, 17)
MUTED = (77, 77, 77)
LINE = (200, 200, 200)
BLUE = (0, 114, 178)
TRACK = (228, 237, 245)
WARN = (163, 63, 0)
SOFT = (242, 246, 250)
WHITE = (255, 255, 255)

MARGIN = 18  # mm


class ReportPDF(FPDF):
    """An A4 page with the report's margins, fonts and footer (title, page x of y)."""

    def __init__(self, footer_text: str, page_text: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.page_text = page_text
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.c_margin = 0  # text starts exactly at the margin, like the charts
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(self.epw * 0.75, 5, truncate(self.footer_text, self.epw * 0.72, self.get_string_width))
        self.cell(self.epw * 0.25, 5, self.page_text % {"page": self.page_no(), "pages": "{nb}"}, align="R")


def font(pdf: FPDF, size: float, bold: bool = False, colour=INK):
    """Set the text font (DejaVu Sans, regular or bold) and colour."""
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*colour)


def paragraph(pdf: FPDF, text: str, size: float = 9, bold: bool = False, colour=INK, line: float | None = None, after: float = 1):
    """Write `text` across the page width, wrapped, and leave `after` mm below it."""
    font(pdf, size, bold, colour)
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(pdf.epw, line or size * 0.48, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(after)


def lines_height(pdf: FPDF, text: str, width: float, size: float, bold: bool, line: float) -> float:
    """How tall `text` will be, wrapped to `width` mm."""
    font(pdf, size, bold)
    lines = pdf.multi_cell(width, line, text, align="L", dry_run=True, output="LINES")
    return len(lines) * line


# --- tables -----------------------------------------------------------------------------------------


MIN_TEXT_COLUMN = 16.0  # mm: about ten letters; a longer word is broken inside its cell
SHORT_TEXT_COLUMN = 30.0  # mm: a text column this narrow on one line is kept on one line


def column_widths(pdf: FPDF, table: DisplayTable, size: float, padding: float) -> list[float]:
    """Widths in mm that add up to the page width. Number columns are exactly as wide as their
    longest header word or value and are never squeezed; text columns share the rest (the first
    one three times as much), each at least as wide as its longest word when there is room for
    that, else never below MIN_TEXT_COLUMN: a word longer than its column (a URL promoted from an
    idea) is broken across lines inside its cell."""
    numeric = table.numeric or [False] * len(table.headers)
    needs = []
    for index, header in enumerate(table.headers):
        font(pdf, size, True)
        widest = max((pdf.get_string_width(word) for word in header.split(" ")), default=0)  # not at no-break spaces
        whole = pdf.get_string_width(header)
        font(pdf, size)
        cells = [row[index] for row in table.rows if index < len(row)]
        if numeric[index]:
            # A short heading ("I alt", "Total") stays on one line.
            widest = max([widest, whole if whole <= 16 else 0] + [pdf.get_string_width(cell) for cell in cells])
        else:
            widest = max([widest, MIN_TEXT_COLUMN] + [max((pdf.get_string_width(word) for word in cell.split()), default=0) for cell in cells])
            # A column that is narrow on one line ("0 · 1 · 3 · 2 · 0", "nej") stays on one line.
            one_line = max([widest] + [pdf.get_string_width(cell) for cell in cells])
            if one_line <= SHORT_TEXT_COLUMN:
                widest = one_line
        needs.append(widest + 2 * padding + 1.0)
    fixed = sum(need for need, is_number in zip(needs, numeric) if is_number)
    text_columns = [index for index, is_number in enumerate(numeric) if not is_number]
    free = pdf.epw - fixed
    if not text_columns:
        return needs  # numbers only: fpdf2 fits them to the page
    floor = MIN_TEXT_COLUMN + 2 * padding + 1.0
    if free < floor * len(text_columns):
        # Even the numbers leave too little room: the text columns get their floor and fpdf2
        # scales the whole table to the page (the font is small enough for that not to happen
        # with at most a few dozen number columns).
        return [need if is_number else floor for need, is_number in zip(needs, numeric)]
    if free < sum(needs[index] for index in text_columns):
        # The longest words do not all fit: a long word makes its own column wide, never the
        # number columns narrow. Short columns keep their one line while the others get at least
        # the floor; what is left goes to the long columns by how much they ask for.
        widths = list(needs)
        short = [index for index in text_columns if needs[index] <= SHORT_TEXT_COLUMN + 2 * padding + 1.0]
        long_columns = [index for index in text_columns if index not in short]
        if free - sum(needs[index] for index in short) < floor * len(long_columns):
            for index in short:
                widths[index] = floor
            short, long_columns = [], text_columns
        remaining = free - sum(widths[index] for index in short)
        total = sum(needs[index] - floor for index in long_columns) or 1.0
        spare = remaining - floor * len(long_columns)
        for index in long_columns:
            widths[index] = floor + spare * (needs[index] - floor) / total
        return widths
    weights = {index: 3.0 if index == text_columns[0] else 1.0 for index in text_columns}
    widths = list(needs)
    # Give each text column its share of the free width, but never less than it needs.
    remaining, pending = free, list(text_columns)
    while pending:
        total_weight = sum(weights[index] for index in pending)
        short = [index for index in pending if remaining * weights[index] / total_weight < needs[index]]
        if not short:
            for index in pending:
                widths[index] = remaining * weights[index] / total_weight
            break
        for index in short:
            widths[index] = needs[index]
            remaining -= needs[index]
            pending.remove(index)
    return widths


def table_height(pdf: FPDF, table: DisplayTable, widths: list[float], size: float, padding: float) -> float:
    """Roughly how tall the table will be (the rows' wrapped lines plus padding)."""
    scale = pdf.epw / sum(widths)
    line = size * 0.46
    total = 0.0
    for index, values in enumerate([table.headers] + table.rows):
        font(pdf, size, bold=index == 0)
        lines = max(
            len(pdf.multi_cell(max(1.0, width * scale - 2 * padding), line, value, dry_run=True, output="LINES"))
            for width, value in zip(widths, values)
        )
        total += lines * line + 1.8
    return total


def table_needs(pdf: FPDF, table: DisplayTable, size: float = 7.5, padding: float = 1.1) -> float:
    """How tall the table will be, in mm."""
    return table_height(pdf, table, column_widths(pdf, table, size, padding), size, padding) + 2


def draw_table(pdf: FPDF, table: DisplayTable, size: float = 7.5, context_line: str = ""):
    """Draw a table. When it moves to a new page, `context_line` (the activity's number and
    prompt) goes above it."""
    if not table.headers:
        return
    numeric = table.numeric or [False] * len(table.headers)
    padding = 1.1
    widths = column_widths(pdf, table, size, padding)
    height = table_height(pdf, table, widths, size, padding)
    body = pdf.h - pdf.t_margin - pdf.b_margin
    room = pdf.h - pdf.b_margin - pdf.get_y()
    # A table that does not fit here goes to the next page when it fits there and little room is
    # left here; with plenty of room it starts here and continues with its headings repeated.
    if height > room and (room < 14 or (height < body - 10 and room < 60)):
        pdf.add_page()
        if context_line:
            paragraph(pdf, context_line, 8, colour=MUTED, line=3.8, after=1)
    pdf.set_draw_color(*LINE)
    pdf.set_fill_color(*WHITE)
    pdf.set_line_width(0.2)
    font(pdf, size)
    with pdf.table(
        width=pdf.epw,
        col_widths=widths,
        text_align=["RIGHT" if is_number else "LEFT" for is_number in numeric],
        line_height=size * 0.46,
        padding=(0.9, padding),
        borders_layout="HORIZONTAL_LINES",
        cell_fill_mode="NONE",
        headings_style=FontFace(emphasis="BOLD", fill_color=SOFT, size_pt=size),
        first_row_as_headings=True,
        repeat_headings=1,
    ) as grid:
        heading = grid.row()
        for header in table.headers:
            heading.cell(header)
        for values in table.rows:
            row = grid.row()
            for value in values:
                row.cell(value)
    if table.note:
        pdf.ln(0.8)
        paragraph(pdf, table.note, size, colour=MUTED, line=size * 0.46, after=0)
    pdf.ln(2)


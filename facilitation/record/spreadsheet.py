"""The workshop's record as files: an XLSX workbook for the whole workshop, a CSV per activity.

Flask-free. Every word goes through a `translate` function (record/words.py). What the summary
table, the notes and an answer in words hold comes from the activity's kind module
(`summary_table`, `notes`, `answer_text`); this module writes them into the files.

What the files hold:

- **Overview** sheet: the workshop's title, date, join code, how many joined, and per activity its
  kind, prompt, state and number of responses.
- One **summary sheet per activity** with the results as the screen shows them, computed by the
  activity's kind (`workshops.results`), in the same order as the screen (the kind's
  `summary_table`; e.g. rating: highest mean first, ranking: by Borda score). Numbers are stored
  as numbers, at full precision, and only formatted for display.
- **Landscape** sheet (after the activities, when a prioritisation has answers): every theme's
  figure and place in each prioritisation, whether the methods agree and its sentence, then the
  groups of each segment question side by side under the disclosure rule (record/landscape.py).
- **Responses** sheet: one row per stored response, with an anonymous participant number (1, 2,
  3 … in the order people joined this workshop; never the internal id, the cookie id or the
  display name), the activity's number and prompt, the answer in words (the kind's
  `answer_text`: "KOMBIT: 4; Kulturarv: ved ikke") and when it was last given. Segment columns
  come from `facts.participant_segments`; a participant whose combination of segment answers
  fewer than MIN_GROUP_SIZE of those in the sheet share gets "(not shown)" in every segment
  column (segments.shown_profiles).
- **Moderation** sheet: who (the team member's email) showed, hid, approved, answered,
  highlighted or merged which idea or question, and when. Only the workbook has it, which only
  the team's owners and co-facilitators get; no participant and no screen ever sees it.
- **CSV** (`activity_csv`): the summary table of one activity, UTF-8 with a byte order mark (so
  Excel reads æ, ø, å right), in the form the spreadsheet of the workshop's language opens with
  a double-click: for a Danish workshop semicolon-separated with a decimal comma (as Danish
  Excel reads and writes CSV), for an English one comma-separated with a decimal point (RFC
  4180). Texts that a spreadsheet would take for a formula (starting with =, +, -, @) get a
  leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timezone

from sqlalchemy.orm import Session

from .. import segments as segment_rules
from .. import workshops
from ..errors import N_
from ..models import Activity, Workshop
from .facts import (kind_label, kind_of, local_time, local_zone, moderation_rows, participant_segments,
                    reset_notes, segment_questions, state_label, workshop_date, workshop_participants,
                    workshop_responses)
from .landscape import record_landscape, sheet_rows as landscape_sheet_rows
from .models import INTEGER, Table
from .splits import segment_definitions
from .words import (MODERATION, MODERATION_ACTIONS, OVERVIEW, PROFILE_NOT_SHOWN, REMOVED_THEME, RESPONSES,
                    STATUS_NOTES, Translate, no_translation)


# --- what the kind says ----------------------------------------------------------------------------


def summary_table(activity: Activity, result: dict, translate: Translate = no_translation) -> Table:
    """The activity's results as a table, one row per option, theme or entry, as the screen
    shows them (its kind's `summary_table`)."""
    return kind_of(activity).summary_table(workshops.resolved_config(activity), result, translate)


def activity_notes(activity: Activity, result: dict, translate: Translate = no_translation) -> list[str]:
    """What a reader needs to read the numbers: the scale, the budget, the axes … (its kind's `notes`)."""
    return kind_of(activity).notes(workshops.resolved_config(activity), result, translate)


def answer_text(
    activity: Activity,
    answer: dict,
    theme_labels: dict[str, str],
    translate: Translate = no_translation,
    language: str = "da",
    config: dict | None = None,
) -> str:
    """One answer flattened into readable text, e.g. "KOMBIT: 4; Kulturarv: ved ikke" (its
    kind's `answer_text`).

    `theme_labels` maps string theme ids to titles (all of the workshop's themes); a theme
    removed since is called "(removed theme)". `config` is the activity's resolved config, when
    the caller has it at hand.
    """
    answer = answer if isinstance(answer, dict) else {}

    def label(key) -> str:
        return theme_labels.get(str(key)) or translate(REMOVED_THEME)

    config = workshops.resolved_config(activity) if config is None else config
    return kind_of(activity).answer_text(config, answer, label, translate, language)


def column_widths(table: Table) -> dict[int, int]:
    """Column widths of a summary sheet: the first text column (the label) wide, the number
    columns before it (a rank) narrow, every other column 13."""
    first_text = next((index for index, number_format in enumerate(table.formats, 1) if number_format is None), 1)
    return {**{column: 13 for column in range(1, len(table.headers) + 1)},
            **{column: 8 for column in range(1, first_text)}, first_text: 40}


# --- files ---------------------------------------------------------------------------------------


def _safe_csv_text(text: str) -> str:
    """Keep a spreadsheet from running a text as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# How a spreadsheet in each language reads CSV: (separator, decimal mark).
CSV_DIALECTS = {"da": (";", ","), "en": (",", ".")}


def _csv_value(value, decimal_mark: str = ".") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.3f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text.replace(".", decimal_mark)
    return _safe_csv_text(str(value))


def activity_csv(session: Session, activity: Activity, translate: Translate = no_translation,
                 language: str = "en") -> str:
    """The activity's summary table as CSV text: a header row, then one row per option or
    theme. Starts with a byte order mark; numbers rounded to 3 decimals, CRLF line ends. For
    language "da" semicolon-separated with a decimal comma (Danish Excel), else comma-separated
    with a decimal point (RFC 4180). Encode it as UTF-8."""
    separator, decimal_mark = CSV_DIALECTS.get(language, CSV_DIALECTS["en"])
    table = summary_table(activity, workshops.results(session, activity), translate)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow([_safe_csv_text(header) for header in table.headers])
    for row in table.rows:
        writer.writerow([_csv_value(value, decimal_mark) for value in row])
    return "\ufeff" + out.getvalue()


FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name from `text`: at most 31 characters, none of []:*?/\\, not
    starting or ending with an apostrophe, not "History". Adds it to `taken` (case-folded)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    name = ILLEGAL_CHARACTERS_RE.sub("", FORBIDDEN_IN_SHEET_NAMES.sub(" ", text))
    name = " ".join(name.split()).strip("'").strip() or "Sheet"
    if len(name) > MAX_SHEET_NAME:
        name = name[: MAX_SHEET_NAME - 1].rstrip(" '") + "…"
    base, counter = name, 2
    while name.casefold() in taken or name.casefold() == "history":
        suffix = f" ({counter})"
        name = base[: MAX_SHEET_NAME - len(suffix)].rstrip(" '") + suffix
        counter += 1
    taken.add(name.casefold())
    return name


def workshop_xlsx(session: Session, workshop: Workshop, translate: Translate = no_translation) -> bytes:
    """The whole workshop as an XLSX workbook (see the module docstring); returns the file."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    t = translate
    language = workshop.language
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE8F3")
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(sheet, row: int, column: int, value, number_format: str | None = None):
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # a text, never a formula
        if number_format and isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.number_format = number_format
        return cell

    def header_row(sheet, row: int, headers: list[str]):
        for column, header in enumerate(headers, 1):
            cell = put(sheet, row, column, header)
            cell.font, cell.fill, cell.alignment = bold, header_fill, wrap

    def widths(sheet, values: dict[int, int]):
        for column, width in values.items():
            sheet.column_dimensions[get_column_letter(column)].width = width

    book = Workbook()
    book.properties.title = workshop.title[:200]
    book.properties.creator = ""
    book.properties.lastModifiedBy = ""
    taken: set[str] = set()
    overview = book.active
    overview.title = sheet_name(t(OVERVIEW), taken)

    activities = list(workshop.activities)
    results = {activity.id: workshops.results(session, activity) for activity in activities}
    counts = {activity.id: workshops.response_count(session, activity.id) for activity in activities}
    resets_noted = reset_notes(session, activities, t)
    zone_header = local_zone()[1]

    # Overview
    put(overview, 1, 1, workshop.title).font = Font(bold=True, size=14)
    facts = [
        (N_("Date"), workshop_date(session, workshop), None),
        (N_("Join code"), workshop.join_code, None),
        (N_("Participants joined"), workshops.joined_count(session, workshop.id), INTEGER),
        (N_("Exported"), local_time(datetime.now(timezone.utc).replace(tzinfo=None)).replace(microsecond=0), None),
    ]
    for row, (name, value, number_format) in enumerate(facts, 3):
        put(overview, row, 1, t(name)).font = bold
        cell = put(overview, row, 2, value, number_format)
        if isinstance(value, datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        cell.alignment = Alignment(horizontal="left")
    start = len(facts) + 4
    header_row(overview, start, [t(N_("No.")), t(N_("Kind")), t(N_("Question")), t(N_("State")), t(N_("Responses")),
                                 t(N_("Sheet"))])

    activity_sheets = []
    for number, activity in enumerate(activities, 1):
        name = sheet_name(f"{number}. {activity.prompt}", taken)
        activity_sheets.append((number, activity, name))
        row = start + number
        put(overview, row, 1, number, INTEGER)
        put(overview, row, 2, kind_label(activity, t))
        put(overview, row, 3, activity.prompt).alignment = wrap
        put(overview, row, 4, state_label(activity, t))
        put(overview, row, 5, counts[activity.id], INTEGER)
        link = put(overview, row, 6, name)
        link.hyperlink = "#'" + name.replace("'", "''") + "'!A1"
        link.font = Font(color="0563C1", underline="single")
    widths(overview, {1: 22, 2: 20, 3: 60, 4: 14, 5: 10, 6: 34})

    # One summary sheet per activity
    for number, activity, name in activity_sheets:
        sheet = book.create_sheet(name)
        result = results[activity.id]
        put(sheet, 1, 1, f"{number}. {activity.prompt}").font = Font(bold=True, size=13)
        put(sheet, 2, 1, " · ".join([
            kind_label(activity, t),
            state_label(activity, t),
            t(N_("Responses: %(n)d")) % {"n": counts[activity.id]},
        ]))
        row = 3
        for note in activity_notes(activity, result, t) + resets_noted.get(activity.id, []):
            put(sheet, row, 1, note)
            row += 1
        row += 1
        table = summary_table(activity, result, t)
        header_row(sheet, row, table.headers)
        sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
        for values in table.rows:
            row += 1
            for column, value in enumerate(values, 1):
                put(sheet, row, column, value, table.formats[column - 1] if column <= len(table.formats) else None)
        widths(sheet, column_widths(table))

    # The landscape of the themes, after the activities, when a prioritisation has answers.
    # Split by the same questions as the report: none while nobody answered a segment question.
    answered = any(participant_segments(p) for p in workshop_participants(session, workshop.id))
    found = record_landscape(session, workshop, t,
                             [item["question"] for item in segment_definitions(workshop)] if answered else [])
    if found is not None:
        sheet = book.create_sheet(sheet_name(found["title"], taken))
        landscape_rows = landscape_sheet_rows(found, t)
        sentence_column = 1
        for row, (style, cells) in enumerate(landscape_rows, 1):
            if style == "header":
                header_row(sheet, row, [value for value, _ in cells])
                continue
            for column, (value, number_format) in enumerate(cells, 1):
                cell = put(sheet, row, column, value, number_format)
                if style == "title":
                    cell.font = Font(bold=True, size=13)
            if style == "theme":  # a theme's row ends with its sentence: wrapped in a wide column
                cell.alignment = wrap
                sentence_column = len(cells)
        count = max((len(cells) for _, cells in landscape_rows), default=1)
        widths(sheet, {1: 40, 2: 40, **{column: 14 for column in range(3, count + 1)}, sentence_column: 80})
        # Under the agenda on the overview, a link to it.
        row = start + len(activities) + 2
        put(overview, row, 3, found["title"]).font = bold
        link = put(overview, row, 6, sheet.title)
        link.hyperlink = "#'" + sheet.title.replace("'", "''") + "'!A1"
        link.font = Font(color="0563C1", underline="single")

    # Responses
    sheet = book.create_sheet(sheet_name(t(RESPONSES), taken))
    participants = workshop_participants(session, workshop.id)
    numbers = {participant.id: number for number, participant in enumerate(participants, 1)}
    by_id = {participant.id: participant for participant in participants}
    questions = segment_questions(participants, workshop)  # [] while nobody answered a segment question
    header_row(sheet, 1, [t(N_("Participant")), t(N_("Activity")), t(N_("Question")), t(N_("Answer")),
                          t(zone_header)] + questions)
    sheet.freeze_panes = "A2"
    theme_labels = {str(theme.id): theme.title for theme in workshop.themes}
    positions = {activity.id: number for number, activity in enumerate(activities, 1)}
    rows = sorted(
        workshop_responses(session, workshop),
        key=lambda pair: (positions.get(pair[1].id, 0), numbers.get(pair[0].participant_id, 0), pair[0].slot,
                          pair[0].id),
    )
    # A rare combination of segment answers beside the answers would single its owner out: print
    # a participant's segment answers only when enough others share all of them (segments.py).
    profiles = {participant_id: tuple(participant_segments(by_id[participant_id]).get(q, "") for q in questions)
                for participant_id in {response.participant_id for response, _ in rows} if participant_id in by_id}
    profile_shown = segment_rules.shown_profiles(profiles, workshops.min_group_size(session))
    configs = {activity.id: workshops.resolved_config(activity) for activity in activities}
    for row, (response, activity) in enumerate(rows, 2):
        text = answer_text(activity, response.answer, theme_labels, t, language, configs.get(activity.id))
        status = getattr(response, "status", "visible")
        if status in STATUS_NOTES:
            text = f"{text} {t(STATUS_NOTES[status])}"
        put(sheet, row, 1, numbers.get(response.participant_id), INTEGER)
        put(sheet, row, 2, positions.get(activity.id), INTEGER)
        put(sheet, row, 3, activity.prompt)
        put(sheet, row, 4, text)
        put(sheet, row, 5, local_time(response.updated_at).replace(microsecond=0)).number_format = "yyyy-mm-dd hh:mm:ss"
        segments = participant_segments(by_id[response.participant_id]) if response.participant_id in by_id else {}
        for column, question in enumerate(questions, 6):
            put(sheet, row, column, segments.get(question, "") if response.participant_id in profile_shown
                else t(PROFILE_NOT_SHOWN))
    widths(sheet, {1: 12, 2: 10, 3: 45, 4: 70, 5: 20, **{column: 20 for column in range(6, 6 + len(questions))}})

    # Moderation: who did what to which idea or question (the workbook is for the team only).
    sheet = book.create_sheet(sheet_name(t(MODERATION), taken))
    header_row(sheet, 1, [t(zone_header), t(N_("Activity")), t(N_("Idea or question")), t(N_("What was done")),
                          t(N_("By"))])
    sheet.freeze_panes = "A2"
    for row, (event, text) in enumerate(moderation_rows(session, workshop), 2):
        put(sheet, row, 1, local_time(event.created_at).replace(microsecond=0)).number_format = "yyyy-mm-dd hh:mm:ss"
        put(sheet, row, 2, positions.get(event.activity_id), INTEGER)
        put(sheet, row, 3, text)
        put(sheet, row, 4, t(MODERATION_ACTIONS[event.action]))
        put(sheet, row, 5, event.facilitator_email)
    widths(sheet, {1: 20, 2: 10, 3: 60, 4: 22, 5: 30})

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

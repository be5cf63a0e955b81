"""The workshop's record as files: an XLSX workbook for the whole workshop, a CSV per activity.

Flask-free, like the rest of the domain. Every word that ends up in a file (sheet names, column
headers, labels) goes through a `translate` function: the web layer passes Flask-Babel's
`gettext` under the workshop's language, tests and scripts may pass `no_translation`. The English
message ids are marked with `N_` so that pybabel extracts them.

What the files hold:

- **Overview** sheet: the workshop's title, date, join code, how many joined, and per activity its
  kind, prompt, state and number of responses.
- One **summary sheet per activity** with the results as the screen shows them, computed by the
  activity's kind (`workshops.results`), in the same order as the screen (poll: option order;
  rating: highest mean first; ranking: by Borda score; points: highest total first; strategy
  map: the themes' order). Numbers are stored as numbers, at full precision, and only formatted
  for display.
- **Responses** sheet: one row per stored response, with an anonymous participant number (1, 2,
  3 … in the order people joined this workshop; never the internal id, the cookie id or the
  display name), the activity's number and prompt, the answer in words ("KOMBIT: 4; Kulturarv:
  ved ikke") and when it was last given. Segment columns come from `participant_segments`; a
  participant whose combination of segment answers fewer than MIN_GROUP_SIZE of those in the sheet
  share gets "(not shown)" in every segment column (segments.shown_profiles).
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
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from babel.numbers import format_decimal
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import segments as segment_rules
from . import workshops
from .errors import N_
from .kinds import KINDS
from .models import Activity, Participant, Response, Workshop

Translate = Callable[[str], str]


def no_translation(message: str) -> str:
    """A `translate` that keeps the English message ids."""
    return message


# --- words -----------------------------------------------------------------------------------

STATE_LABELS = {"draft": N_("not opened"), "open": N_("open"), "closed": N_("closed")}

YES, NO = N_("yes"), N_("no")
DONT_KNOW = N_("don’t know")
REMOVED_THEME = N_("(removed theme)")
STATUS_NOTES = {"hidden": N_("(hidden)"), "pending": N_("(awaiting approval)")}

OVERVIEW = N_("Overview")
PROFILE_NOT_SHOWN = N_("(not shown)")
RESPONSES = N_("Responses")
MODERATION = N_("Moderation")
# What the moderation sheet calls each action of team.MODERATION_ACTIONS.
MODERATION_ACTIONS = {
    "shown": N_("shown"), "hidden": N_("hidden"), "approved": N_("approved"), "answered": N_("marked answered"),
    "unanswered": N_("marked not answered"), "highlighted": N_("shown on the screen"),
    "unhighlighted": N_("taken off the screen"), "merged": N_("merged into a theme"),
    "promoted": N_("made a theme"),
}

TIME_ZONE = "Europe/Copenhagen"  # the libraries' clock; times are stored in UTC


def _local_zone():
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(TIME_ZONE), N_("Time (Danish time)")
    except Exception:  # no time zone data on this machine: say it is UTC
        return timezone.utc, N_("Time (UTC)")


def local_time(moment: datetime | None) -> datetime | None:
    """A stored UTC time as a naive local time (spreadsheets know no time zones)."""
    if moment is None:
        return None
    zone, _ = _local_zone()
    return moment.replace(tzinfo=timezone.utc).astimezone(zone).replace(tzinfo=None)


def kind_label(activity: Activity, translate: Translate) -> str:
    kind = KINDS.get(activity.kind)
    return translate(kind.LABEL) if kind else activity.kind


def state_label(activity: Activity, translate: Translate) -> str:
    return translate(STATE_LABELS.get(activity.state, activity.state))


def format_number(value, language: str = "da", decimals: int = 1) -> str:
    """A number for people, in the workshop's language: "4,6" in Danish, "4.6" in English.
    Whole numbers lose their decimals; None is a dash."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=language)


def format_fixed(value, language: str = "da", decimals: int = 2) -> str:
    """A number with exactly `decimals` decimals ("0,80"), or a dash for None."""
    if value is None:
        return "–"
    text = format_decimal(value, format="0." + "0" * decimals, locale=language)
    if text.startswith("-"):  # a real minus sign, and no "−0,00"
        text = "−" + text[1:] if any(digit in text for digit in "123456789") else text[1:]
    return text


# --- participants and the segment hook --------------------------------------------------------


def participant_numbers(session: Session, workshop_id: int) -> dict[int, int]:
    """Internal participant id → anonymous number 1, 2, 3 … in the order they joined."""
    ids = session.scalars(
        select(Participant.id)
        .where(Participant.workshop_id == workshop_id)
        .order_by(Participant.joined_at, Participant.id)
    )
    return {participant_id: number for number, participant_id in enumerate(ids, 1)}


def participant_segments(participant: Participant) -> dict[str, str]:
    """SEGMENT HOOK: the participant's answers to the segment questions ("Kommune": "Aarhus").

    Reads ``Participant.segments`` (a dict question → answer) when the model has it, and gives
    {} otherwise: the Responses sheet gets one column per segment question, and the report its
    segment splits, only when participants have answered segment questions.
    """
    segments = getattr(participant, "segments", None)
    if not isinstance(segments, dict):
        return {}
    return {
        str(question): "" if answer is None else str(answer)
        for question, answer in segments.items()
        if str(question).strip()
    }


def segment_questions(participants: Iterable[Participant], workshop: Workshop | None = None) -> list[str]:
    """Every segment question any participant answered: in the workshop's order
    (Workshop.segments) when it has one, then any others in the order first seen."""
    participants = list(participants)
    answered = {question for participant in participants for question in participant_segments(participant)}
    questions: list[str] = [
        item["question"] for item in getattr(workshop, "segments", None) or []
        if isinstance(item, dict) and item.get("question") in answered
    ]
    for participant in participants:
        for question in participant_segments(participant):
            if question not in questions:
                questions.append(question)
    return questions


def workshop_participants(session: Session, workshop_id: int) -> list[Participant]:
    """The workshop's participants in join order (the order of their anonymous numbers)."""
    return list(
        session.scalars(
            select(Participant)
            .where(Participant.workshop_id == workshop_id)
            .order_by(Participant.joined_at, Participant.id)
        )
    )


# --- summary tables: the results as shown --------------------------------------------------------

# Excel number formats
INTEGER, ONE_DECIMAL, TWO_DECIMALS = "0", "0.0", "0.00"


@dataclass
class Table:
    """A summary table: translated headers, rows of plain values (str, int, float or None) and
    an Excel number format per column (None for text)."""

    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    formats: list[str | None] = field(default_factory=list)


def _yes_no(flag, translate: Translate) -> str:
    return translate(YES) if flag else translate(NO)


def sorted_for_screen(activity: Activity, result: dict) -> list[dict]:
    """The theme rows of a tally in the order the screen shows them by default."""
    kind = KINDS.get(activity.kind)
    if hasattr(kind, "screen_order"):  # a kind built on the kind contract (docs/architecture.md)
        return kind.screen_order(workshops.resolved_config(activity), result)
    themes = list(result.get("themes", []))
    if activity.kind == "rating":
        return sorted(themes, key=lambda t: -t["mean"] if t.get("mean") is not None else float("inf"))
    if activity.kind == "points":
        return sorted(themes, key=lambda t: -(t.get("total") or 0))
    return themes  # ranking: already by Borda score; matrix: the themes' order


def summary_table(activity: Activity, result: dict, translate: Translate = no_translation) -> Table:
    """The activity's results as a table, one row per option or theme, as the screen shows them."""
    t = translate
    kind = activity.kind
    config = workshops.resolved_config(activity)
    if hasattr(KINDS.get(kind), "summary_table"):  # a kind built on the kind contract
        return KINDS[kind].summary_table(config, result, t)
    if kind == "poll":
        responses = result.get("responses", 0)
        table = Table([t(N_("Option")), t(N_("Count")), t(N_("Share (%)"))], formats=[None, INTEGER, ONE_DECIMAL])
        for option in config.get("options", []):
            count = result.get("counts", {}).get(option["id"], 0)
            table.rows.append([option["label"], count, 100 * count / responses if responses else 0.0])
        return table
    if kind == "rating":
        low, high = config.get("scale_min", 1), config.get("scale_max", 5)
        steps = [str(value) for value in range(low, high + 1)]
        table = Table(
            [t(N_("Theme")), t(N_("Mean")), t(N_("Median")), t(N_("SD")), t(N_("n")), t(N_("Don’t know")),
             t(N_("Agreement A")), t(N_("Divided"))]
            + [t(N_("Gave %(value)s")) % {"value": step} for step in steps],
            formats=[None, TWO_DECIMALS, ONE_DECIMAL, TWO_DECIMALS, INTEGER, INTEGER, TWO_DECIMALS, None]
            + [INTEGER] * len(steps),
        )
        for theme in sorted_for_screen(activity, result):
            distribution = theme.get("distribution", {})
            table.rows.append(
                [theme["label"], theme["mean"], theme["median"], theme["sd"], theme["n"], theme["dont_know"],
                 theme["agreement"], _yes_no(theme["divided"], t)]
                + [distribution.get(step, 0) for step in steps]
            )
        return table
    if kind == "ranking":
        table = Table(
            [t(N_("Rank")), t(N_("Theme")), t(N_("Borda score")), t(N_("Mean rank")), t(N_("First places")),
             t(N_("Ranked by"))],
            formats=[INTEGER, None, ONE_DECIMAL, TWO_DECIMALS, INTEGER, INTEGER],
        )
        for theme in result.get("themes", []):
            table.rows.append(
                [theme["rank"], theme["label"], theme["borda"], theme["mean_rank"], theme["first_places"],
                 theme["ranked_by"]]
            )
        return table
    if kind == "points":
        table = Table(
            [t(N_("Theme")), t(N_("Total")), t(N_("Mean")), t(N_("Givers")), t(N_("SD")), t(N_("Agreement A")),
             t(N_("Divided"))],
            formats=[None, INTEGER, TWO_DECIMALS, INTEGER, TWO_DECIMALS, TWO_DECIMALS, None],
        )
        for theme in sorted_for_screen(activity, result):
            table.rows.append(
                [theme["label"], theme["total"], theme["mean"], theme["givers"], theme["sd"], theme["agreement"],
                 _yes_no(theme["divided"], t)]
            )
        return table
    if kind == "matrix":
        table = Table(
            [t(N_("Theme")), t(N_("n")), t(N_("Mean x")), t(N_("Mean y")), t(N_("SD x")), t(N_("SD y")),
             t(N_("Top right")), t(N_("Top left")), t(N_("Bottom right")), t(N_("Bottom left")),
             t(N_("Agreement A")), t(N_("Divided"))],
            formats=[None, INTEGER, ONE_DECIMAL, ONE_DECIMAL, ONE_DECIMAL, ONE_DECIMAL, INTEGER, INTEGER, INTEGER,
                     INTEGER, TWO_DECIMALS, None],
        )
        for theme in result.get("themes", []):
            q = theme["quadrants"]
            table.rows.append(
                [theme["label"], theme["n"], theme["mean_x"], theme["mean_y"], theme["sd_x"], theme["sd_y"],
                 q["high_high"], q["low_high"], q["high_low"], q["low_low"], theme["agreement"],
                 _yes_no(theme["divided"], t)]
            )
        return table
    if kind == "qa":
        table = Table([t(N_("Question")), t(N_("Votes")), t(N_("Answered"))], formats=[None, INTEGER, None])
        for question in result.get("questions", []):
            table.rows.append([question.get("text", ""), question.get("votes", 0), _yes_no(question.get("answered"), t)])
        return table
    if kind == "ideas":
        table = Table([t(N_("Idea"))], formats=[None])
        table.rows.extend([idea.get("text", "")] for idea in result.get("ideas", []))
        return table
    return Table([t(N_("Responses"))], [[result.get("responses", 0)]], [INTEGER])


def activity_notes(activity: Activity, result: dict, translate: Translate = no_translation) -> list[str]:
    """What a reader needs to read the numbers: the scale, the budget, the axes …"""
    t = translate
    config = workshops.resolved_config(activity)
    if hasattr(KINDS.get(activity.kind), "notes"):  # a kind built on the kind contract
        return KINDS[activity.kind].notes(config, result, t)
    notes = []
    if activity.kind == "poll":
        if config.get("max_choices", 1) > 1:
            notes.append(
                t(N_("Up to %(max)d choices per person; the share is of the %(n)d who answered."))
                % {"max": config["max_choices"], "n": result.get("responses", 0)}
            )
        else:
            notes.append(t(N_("One choice per person; the share is of those who answered (%(n)d).")) % {"n": result.get("responses", 0)})
    elif activity.kind == "rating":
        low, high = config.get("scale_min", 1), config.get("scale_max", 5)
        notes.append(t(N_("Scale from %(low)d to %(high)d.")) % {"low": low, "high": high})
        ends = []
        if config.get("label_min"):
            ends.append(f"{low} = {config['label_min']}")
        if config.get("label_max"):
            ends.append(f"{high} = {config['label_max']}")
        if ends:
            notes.append(", ".join(ends))
    elif activity.kind == "ranking":
        count = len(config.get("items", []))
        top_k = config.get("top_k")
        if top_k is None or top_k >= count:
            notes.append(t(N_("Everyone ranked all %(n)d themes.")) % {"n": count})
        else:
            notes.append(t(N_("Everyone ranked their top %(k)d of %(n)d themes.")) % {"k": top_k, "n": count})
        notes.append(t(N_("The highest possible Borda score is %(max)s.")) % {"max": result.get("max_borda", 0)})
    elif activity.kind == "points":
        notes.append(t(N_("Each participant had %(budget)d points to give.")) % {"budget": config.get("budget", 0)})
        if config.get("max_per_theme"):
            notes.append(t(N_("At most %(max)d points per theme.")) % {"max": config["max_per_theme"]})
    elif activity.kind == "matrix":
        for axis, name in (("x", N_("Across (x): %(axis)s")), ("y", N_("Up (y): %(axis)s"))):
            text = t(name) % {"axis": config.get(f"{axis}_label", "")}
            low, high = config.get(f"{axis}_low"), config.get(f"{axis}_high")
            if low or high:
                text += f" ({low or '0'} → {high or '100'})"
            notes.append(text)
    return notes


def reset_notes(session: Session, activities: list[Activity], translate: Translate = no_translation) -> dict[int, list[str]]:
    """For the record: when each activity's answers were reset and how many that removed
    (facilitation/resets.py), one line per reset, by activity id."""
    from . import resets

    found = resets.resets_of(session, [activity.id for activity in activities])
    return {
        activity_id: [
            translate(N_("The answers were reset on %(when)s: %(n)d removed.")) % {
                "when": local_time(reset.reset_at).strftime("%Y-%m-%d %H:%M"), "n": reset.answers_removed}
            for reset in items
        ]
        for activity_id, items in found.items()
    }


# --- answers in words ----------------------------------------------------------------------------


def answer_text(
    activity: Activity,
    answer: dict,
    theme_labels: dict[str, str],
    translate: Translate = no_translation,
    language: str = "da",
) -> str:
    """One answer flattened into readable text, e.g. "KOMBIT: 4; Kulturarv: ved ikke".

    `theme_labels` maps string theme ids to titles (all of the workshop's themes); a theme
    removed since is called "(removed theme)".
    """
    answer = answer if isinstance(answer, dict) else {}

    def label(key) -> str:
        return theme_labels.get(str(key)) or translate(REMOVED_THEME)

    if hasattr(KINDS.get(activity.kind), "answer_text"):  # a kind built on the kind contract
        return KINDS[activity.kind].answer_text(activity.config, answer, label, translate, language)
    if activity.kind == "poll":
        options = {option["id"]: option["label"] for option in activity.config.get("options", [])}
        return "; ".join(options.get(choice, str(choice)) for choice in answer.get("choices", []))
    if activity.kind == "rating":
        return "; ".join(
            f"{label(key)}: {translate(DONT_KNOW) if value == 'dont_know' else value}"
            for key, value in answer.get("ratings", {}).items()
        )
    if activity.kind == "ranking":
        return "; ".join(f"{place}. {label(key)}" for place, key in enumerate(answer.get("order", []), 1))
    if activity.kind == "points":
        return "; ".join(f"{label(key)}: {value}" for key, value in answer.get("points", {}).items())
    if activity.kind == "matrix":
        return "; ".join(
            f"{label(key)}: x = {format_number(point[0], language)} / y = {format_number(point[1], language)}"
            for key, point in answer.get("positions", {}).items()
            if isinstance(point, (list, tuple)) and len(point) == 2
        )
    if "text" in answer:
        return str(answer["text"])
    return "; ".join(f"{key}: {value}" for key, value in answer.items())


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


def workshop_date(session: Session, workshop: Workshop) -> str:
    """The day(s) the workshop ran: the dates of the first and last response (local time), or
    the day it was created when nobody has answered yet. "2025-03-14" or "2025-03-14 – 2025-03-15"."""
    from sqlalchemy import func

    first, last = session.execute(
        select(func.min(Response.created_at), func.max(Response.updated_at))
        .join(Activity, Response.activity_id == Activity.id)
        .where(Activity.workshop_id == workshop.id)
    ).one()
    if first is None:
        return local_time(workshop.created_at).date().isoformat()
    start, end = local_time(first).date(), local_time(last or first).date()
    return start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"


def workshop_responses(session: Session, workshop: Workshop) -> list[tuple[Response, Activity]]:
    """Every response of the workshop with its activity, in agenda order."""
    return list(
        session.execute(
            select(Response, Activity)
            .join(Activity, Response.activity_id == Activity.id)
            .where(Activity.workshop_id == workshop.id)
            .order_by(Activity.position, Activity.id, Response.created_at, Response.id)
        ).all()
    )


def moderation_rows(session: Session, workshop: Workshop) -> list[tuple[Any, str]]:
    """The workshop's moderation record, oldest first, each with the text of its idea or
    question ("" when that was deleted since)."""
    from .team import moderation_log

    events = moderation_log(session, workshop.id)
    ids = {event.entry_id for event in events if event.entry_id}
    texts = {response.id: (response.answer or {}).get("text", "")
             for response in session.scalars(select(Response).where(Response.id.in_(ids)))} if ids else {}
    return [(event, texts.get(event.entry_id, "")) for event in events]


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
    zone_header = _local_zone()[1]

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
        widths(sheet, {1: 40, **{column: 13 for column in range(2, len(table.headers) + 1)}})
        if activity.kind == "ranking":
            widths(sheet, {1: 8, 2: 40})

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
    profile_shown = segment_rules.shown_profiles(profiles, segment_rules.MIN_GROUP_SIZE)
    for row, (response, activity) in enumerate(rows, 2):
        text = answer_text(activity, response.answer, theme_labels, t, language)
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

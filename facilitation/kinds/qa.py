"""Q&A: participants ask questions and upvote others' (one vote each, which they can take
back); the room sees the questions ranked by votes, or by time.

Config: ``{"max_length": 10–280 (280), "per_participant": 1–20 (5), "moderation": "open" |
"approve", "sort": "votes" | "time"}``.
Answer: ``{"text": "…"}``: one question.
Tally (of entries, see collect.py): ``{"responses": visible questions, "questions": [{"id",
"text", "votes", "answered", "highlighted"}] (most votes first, then oldest first; or oldest
first when sorted by time), "moderation": {"pending": […], "hidden": […]}}``.
"""

from __future__ import annotations

from ..errors import InvalidInput, N_
from ..record.models import INTEGER, Bar, BarChart, DisplayTable, Table
from . import collect, presentation

NAME = "qa"
LABEL = N_("Q&A")
ONE_RESPONSE_PER_PARTICIPANT = False
# Phones see the questions as they come in: they are there to vote on them.
LIVE_TO_PHONES = True
CHANGEABLE_SETTINGS = ("sort", "moderation", "max_length")

SORTS = ("votes", "time")


def clean_config(raw) -> dict:
    if not isinstance(raw, dict):
        raise InvalidInput(N_("The settings must be an object."))
    sort = raw.get("sort", "votes")
    if sort not in SORTS:
        raise InvalidInput(N_("Sort the questions by votes or by time."))
    return {**collect.clean_settings(raw, default_length=280, default_count=5), "sort": sort}


def clean_answer(config: dict, raw) -> dict:
    return collect.clean_text(config, raw)


def _question(entry: dict) -> dict:
    return {key: entry[key] for key in ("id", "text", "votes", "answered", "highlighted")}


def tally(config: dict, entries: list[dict]) -> dict:
    visible, held = collect.split_by_status(entries)
    if config.get("sort", "votes") == "votes":
        visible = sorted(visible, key=lambda entry: (-entry["votes"], entry["id"]))
    return {
        "responses": len(visible),
        "questions": [_question(entry) for entry in visible],
        "moderation": {status: [_question(e) for e in items] for status, items in held.items()},
    }


public_results = collect.public_results

# A phone lists this many questions of the room: enough to vote on, a few KB on venue Wi-Fi
# however many were asked (300 questions would be about 30 KB in every update).
PHONE_QUESTIONS = 20


def phone_results(config: dict, public: dict) -> dict:
    """The room's questions as a phone lists them: the top PHONE_QUESTIONS by votes (or the
    newest, when sorted by time, oldest first among them), the highlighted one always, and
    `more`: how many others there are."""
    questions = public["questions"]
    if len(questions) <= PHONE_QUESTIONS:
        return {**public, "more": 0}
    by_votes = config["sort"] == "votes"  # clean_config always sets it
    shown = questions[:PHONE_QUESTIONS] if by_votes else questions[-PHONE_QUESTIONS:]
    highlighted = [q for q in questions if q["highlighted"] and q not in shown]
    return {**public, "questions": highlighted + shown, "more": len(questions) - len(shown) - len(highlighted)}


def public_config(config: dict) -> dict:
    return config


def config_from_form(form) -> dict:
    return {**collect.settings_from_form(form), "sort": "time" if form.get("sort") == "time" else "votes"}


# --- presentation: what the record and the browser need to know (see kinds/__init__.py) --------

TRAITS = {"collects": True, "live_to_phones": LIVE_TO_PHONES, "chart": "bars", "per_theme": False,
          "sortable": False, "promotes": False, "agreement": False, "entries_noun": "questions_count"}
# Participants vote for others' questions (answers.store_votes accepts votes only where this is true).
TAKES_VOTES = True
SPLIT_FIGURE = ""  # questions are not split by segment
HOW_COMPUTED = ()  # the report's appendix needs no words on counting texts


def screen_order(config: dict, result: dict) -> list[dict]:
    """Questions have no theme rows."""
    return []


def summary_table(config: dict, result: dict, translate) -> Table:
    """One row per visible question, in the tally's order: its votes and whether answered."""
    t = translate
    table = Table([t(N_("Question")), t(N_("Votes")), t(N_("Answered"))], formats=[None, INTEGER, None])
    for question in result.get("questions", []):
        table.rows.append([question.get("text", ""), question.get("votes", 0),
                           presentation.yes_no(question.get("answered"), t)])
    return table


def display_table(config: dict, result: dict, translate, language: str) -> DisplayTable:
    """The visible questions, as in the summary table, the votes right-aligned."""
    return presentation.entries_display(summary_table(config, result, translate), [False, True, False])


def notes(config: dict, result: dict, translate) -> list[str]:
    """Nothing to explain."""
    return []


def answer_text(config: dict, answer: dict, label, translate, language: str) -> str:
    """The question's text."""
    return presentation.plain_answer(answer)


def chart(config: dict, result: dict, translate, language: str) -> BarChart | None:
    """The votes of the most voted questions (at most 15), or None when nobody voted (the
    table lists the questions)."""
    questions = result.get("questions", [])[:15]
    if not any(q.get("votes") for q in questions):
        return None
    maximum = max([q.get("votes", 0) for q in questions] + [1])
    return BarChart([Bar(q.get("text", ""), q.get("votes", 0) / maximum, str(q.get("votes", 0))) for q in questions],
                    description=translate(N_("Bars: the votes for the most voted questions.")))


def split_rows(config: dict) -> list[dict]:
    """No split table: []."""
    return []


def split_cell(config: dict, group_result: dict, row_id, language: str, translate) -> str:
    """No split table: ""."""
    return ""

"""Ideas: participants send short texts; the screen shows them as a wall or a word cloud.

Config: ``{"max_length": 10–280 (140), "per_participant": 1–20 (3), "moderation": "open" |
"approve", "display": "wall" | "cloud"}``.
Answer: ``{"text": "…"}``: one idea; a participant sends up to per_participant of them.
Tally (of entries, see collect.py): ``{"responses": visible ideas, "ideas": [{"id", "text"}],
"words": [{"word", "count"}], "moderation": {"pending": […], "hidden": […]}}``; only visible
ideas are in "ideas" and "words", and "moderation" is only ever sent to the facilitator.
"""

from __future__ import annotations

from ..errors import InvalidInput, N_
from ..record.models import Bar, BarChart, DisplayTable, Table
from . import collect, presentation, words

NAME = "ideas"
LABEL = N_("Ideas")
ONE_RESPONSE_PER_PARTICIPANT = False
LIVE_TO_PHONES = False
CHANGEABLE_SETTINGS = ("display", "moderation", "max_length")

DISPLAYS = ("wall", "cloud")


def clean_config(raw) -> dict:
    if not isinstance(raw, dict):
        raise InvalidInput(N_("The settings must be an object."))
    display = raw.get("display", "wall")
    if display not in DISPLAYS:
        raise InvalidInput(N_("Show the ideas as a wall or as a word cloud."))
    return {**collect.clean_settings(raw, default_length=140, default_count=3), "display": display}


def clean_answer(config: dict, raw) -> dict:
    return collect.clean_text(config, raw)


def _entry(entry: dict) -> dict:
    return {"id": entry["id"], "text": entry["text"]}


def tally(config: dict, entries: list[dict]) -> dict:
    visible, held = collect.split_by_status(entries)
    return {
        "responses": len(visible),
        "ideas": [_entry(entry) for entry in visible],
        "words": words.word_counts([entry["text"] for entry in visible]),
        "moderation": {status: [_entry(e) for e in items] for status, items in held.items()},
    }


public_results = collect.public_results


def public_config(config: dict) -> dict:
    return config


def config_from_form(form) -> dict:
    return {**collect.settings_from_form(form), "display": form.get("display", "wall")}


# --- presentation: what the record and the browser need to know (see kinds/__init__.py) --------

TRAITS = {"collects": True, "live_to_phones": LIVE_TO_PHONES, "chart": "bars", "per_theme": False,
          "sortable": False, "promotes": True, "agreement": False, "entries_noun": "ideas_count"}
SPLIT_FIGURE = ""  # ideas are not split by segment: texts say more than a figure per group
HOW_COMPUTED = ()  # the report's appendix needs no words on counting texts


def screen_order(config: dict, result: dict) -> list[dict]:
    """Ideas have no theme rows."""
    return []


def summary_table(config: dict, result: dict, translate) -> Table:
    """One row per visible idea, in the order they were sent."""
    table = Table([translate(N_("Idea"))], formats=[None])
    table.rows.extend([idea.get("text", "")] for idea in result.get("ideas", []))
    return table


def display_table(config: dict, result: dict, translate, language: str) -> DisplayTable:
    """The visible ideas, as in the summary table."""
    return presentation.entries_display(summary_table(config, result, translate), [False])


def notes(config: dict, result: dict, translate) -> list[str]:
    """Nothing to explain: the ideas speak for themselves."""
    return []


def answer_text(config: dict, answer: dict, label, translate, language: str) -> str:
    """The idea's text."""
    return presentation.plain_answer(answer)


def chart(config: dict, result: dict, translate, language: str) -> BarChart:
    """The most frequent words in the ideas (at most 15), as bars."""
    found = result.get("words", [])[:15]
    maximum = max([w.get("count", 0) for w in found] + [1])
    return BarChart([Bar(w.get("word", ""), w.get("count", 0) / maximum, str(w.get("count", 0))) for w in found],
                    description=translate(N_("Bars: how often the most frequent words occur in the ideas.")))


def split_rows(config: dict) -> list[dict]:
    """No split table: []."""
    return []


def split_cell(config: dict, group_result: dict, row_id, language: str, translate) -> str:
    """No split table: ""."""
    return ""

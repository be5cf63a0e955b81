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
from . import collect, words

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

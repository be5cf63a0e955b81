"""What the collecting kinds (ideas, Q&A, commitments) share: their settings, the cleaning of a typed text,
and the split of their entries by moderation status. Pure: no database, no Flask.

A collecting kind's tally gets *entries*, not bare answers: the cleaned answer's own fields
(``text``; a commitment's ``theme``) with what moderation and voting know about each one added:
``{…answer, "id": response id, "status": "visible" | "pending" | "hidden", "votes", "answered",
"highlighted"}``. Who wrote an entry is never part of it.
"""

from __future__ import annotations

from ..blocking import strip_bidi_controls
from ..errors import InvalidInput, N_
from .theme_config import whole_number

MODERATION = ("open", "approve")


def clean_settings(raw: dict, *, default_length: int, default_count: int) -> dict:
    """Validate max_length (1–280), per_participant (1–20) and moderation ("open": shown at once,
    the facilitator can hide; "approve": nothing shows until approved)."""
    max_length = whole_number(raw.get("max_length", default_length))
    if type(max_length) is not int or not 10 <= max_length <= 280:
        raise InvalidInput(N_("The length limit must be a whole number from 10 to 280."))
    per_participant = whole_number(raw.get("per_participant", default_count))
    if type(per_participant) is not int or not 1 <= per_participant <= 20:
        raise InvalidInput(N_("The number per participant must be a whole number from 1 to 20."))
    moderation = raw.get("moderation", "open")
    if moderation not in MODERATION:
        raise InvalidInput(N_("Moderation must be “open” or “approve”."))
    return {"max_length": max_length, "per_participant": per_participant, "moderation": moderation}


def settings_from_form(form) -> dict:
    return {
        "max_length": form.get("max_length"),
        "per_participant": form.get("per_participant"),
        "moderation": "approve" if form.get("moderation") == "approve" else "open",
    }


def clean_text(config: dict, raw) -> dict:
    """``{"text": …}`` with white space collapsed and bidi controls removed (they could make
    "gnp.exe" read as "exe.png"), 1 to max_length characters."""
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise InvalidInput(N_("Write a text."))
    text = " ".join(strip_bidi_controls(raw["text"]).split())
    if not text:
        raise InvalidInput(N_("Write a text."))
    if len(text) > config["max_length"]:
        raise InvalidInput(N_("Keep it to %(max)d characters."), max=config["max_length"])
    return {"text": text}


def split_by_status(entries: list[dict]) -> tuple[list[dict], dict]:
    """The visible entries (in the order they were sent), and those held back by moderation."""
    ordered = sorted(entries, key=lambda entry: entry["id"])
    visible = [entry for entry in ordered if entry["status"] == "visible"]
    held = {
        "pending": [entry for entry in ordered if entry["status"] == "pending"],
        "hidden": [entry for entry in ordered if entry["status"] == "hidden"],
    }
    return visible, held


def public_results(results: dict) -> dict:
    """The results without the moderation lists: what the screen and the phones may see."""
    return {key: value for key, value in results.items() if key != "moderation"}

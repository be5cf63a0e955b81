"""The domain's checks of what people send, shared by every module of the package and by plan
files (facilitation/plans/): the limits, text cleaning, ids, sizes and the fingerprints that
keep a stale form from overwriting a newer save. Raises InvalidInput or Conflict; stores nothing.
"""

from __future__ import annotations

import hashlib
import json
import re

from sqlalchemy.orm import Session

from ..blocking import strip_bidi_controls
from ..errors import Conflict, InvalidInput, N_
from ..models import LANGUAGES

MAX_TITLE_LENGTH = 200
MAX_PROMPT_LENGTH = 300
MAX_NOTES_LENGTH = 2000
MAX_DISPLAY_NAME_LENGTH = 40
MAX_REQUEST_ID_LENGTH = 64
MAX_ANSWER_BYTES = 4096
MAX_CONFIG_BYTES = 16384
MAX_ACTIVITIES = 200
MAX_THEMES = 40
MAX_THEME_TITLE_LENGTH = 120
MAX_THEME_DESCRIPTION_LENGTH = 200


def _clean_text(raw, *, max_length: int, required: bool, what: str) -> str:
    """Collapse whitespace, remove bidi controls and check the length of a one-line text."""
    if raw is None and not required:
        return ""
    if not isinstance(raw, str):
        raise InvalidInput(N_("%(field)s must be a text."), field=what)
    text = " ".join(strip_bidi_controls(raw).split())
    if required and not text:
        raise InvalidInput(N_("%(field)s is required."), field=what)
    if len(text) > max_length:
        raise InvalidInput(
            N_("%(field)s can be at most %(max)d characters long."), field=what, max=max_length
        )
    return text


def clean_title(raw) -> str:
    """A workshop's title: one line, 1 to MAX_TITLE_LENGTH characters."""
    return _clean_text(raw, max_length=MAX_TITLE_LENGTH, required=True, what=N_("Title"))


def clean_prompt(raw) -> str:
    """An activity's question: one line, 1 to MAX_PROMPT_LENGTH characters."""
    return _clean_text(raw, max_length=MAX_PROMPT_LENGTH, required=True, what=N_("Question"))


def clean_theme_title(raw) -> str:
    """A theme's title: one line, 1 to MAX_THEME_TITLE_LENGTH characters."""
    return _clean_text(raw, max_length=MAX_THEME_TITLE_LENGTH, required=True, what=N_("Theme"))


def clean_theme_description(raw) -> str:
    """A theme's description: one line of at most MAX_THEME_DESCRIPTION_LENGTH characters; None
    is none."""
    return _clean_text(raw, max_length=MAX_THEME_DESCRIPTION_LENGTH, required=False, what=N_("Description"))


def check_theme_count(count: int) -> None:
    """Raise Conflict when a workshop would have more than MAX_THEMES themes."""
    if count > MAX_THEMES:
        raise Conflict(N_("A workshop can have at most %(max)d themes."), max=MAX_THEMES)


def check_activity_count(count: int) -> None:
    """Raise Conflict when a workshop would have more than MAX_ACTIVITIES activities."""
    if count > MAX_ACTIVITIES:
        raise Conflict(N_("A workshop can have at most %(max)d activities."), max=MAX_ACTIVITIES)


def check_config_size(config) -> None:
    """Raise InvalidInput when an activity's settings take more than MAX_CONFIG_BYTES as JSON."""
    if _json_size(config) > MAX_CONFIG_BYTES:
        raise InvalidInput(N_("The settings are too large."))


def clean_notes(raw) -> str:
    """Speaker notes: several lines of text, each line's spaces tidied, at most
    MAX_NOTES_LENGTH characters; None is no notes."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise InvalidInput(N_("%(field)s must be a text."), field=N_("Speaker notes"))
    lines = [" ".join(line.split()) for line in strip_bidi_controls(raw).splitlines()]
    text = "\n".join(lines).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    if len(text) > MAX_NOTES_LENGTH:
        raise InvalidInput(N_("%(field)s can be at most %(max)d characters long."), field=N_("Speaker notes"),
                           max=MAX_NOTES_LENGTH)
    return text


def clean_language(raw) -> str:
    """A workshop's language: "da" or "en"."""
    if raw not in LANGUAGES:
        raise InvalidInput(N_("The language must be Danish (da) or English (en)."))
    return raw


def valid_id(value) -> bool:
    """True for a database id: a whole number (not a bool) that fits a 64-bit column."""
    return type(value) is int and 0 < value < 2**63


def _json_size(value) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


def _version(*values) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:16]


def check_version(current: str, submitted) -> None:
    """Raise Conflict when a form was opened before someone else saved (another tab, another
    facilitator's browser); nothing is saved then. A form without a version is not checked."""
    if submitted is not None and submitted != current:
        raise Conflict(
            N_("This was changed in another tab or window after you opened it, so nothing was saved. Reload the page to see the newest version, then make your change again.")
        )


def _move(session: Session, items: list, item, delta=None, position=None) -> None:
    """Move `item` one place (delta -1 or 1) or to `position` (0 is first) within the ordered
    `items`, and number them all again."""
    items = list(items)
    index = items.index(item)
    if position is None:
        if delta not in (1, -1) or type(delta) is not int:
            raise InvalidInput(N_("Step by 1 or -1."))
        position = index + delta
    elif type(position) is not int:
        raise InvalidInput(N_("Give the new place as a whole number."))
    items.insert(max(0, min(len(items) - 1, position)), items.pop(index))
    for place, each in enumerate(items):
        each.position = place
    session.flush()


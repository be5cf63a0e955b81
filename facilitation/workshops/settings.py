"""A workshop's settings: its segment questions, pace, blocked words, whether its results are
published, the sites that may frame its screen, and its branding."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from .. import segments
from ..errors import InvalidInput, N_
from ..models import PACES, Workshop
from .validators import _version, check_version

def segments_version(workshop: Workshop) -> str:
    """A fingerprint of the workshop's segment questions, for the settings form (see
    activity_version)."""
    return _version(workshop.segments or [])


def set_segments(session: Session, workshop: Workshop, raw, version=None) -> list[dict]:
    """Replace the workshop's segment questions (see facilitation/segments.py); with `version`
    (segments_version of the settings page), only if nobody saved since."""
    check_version(segments_version(workshop), version)
    workshop.segments = segments.clean_segments(raw)
    for activity in workshop.activities:
        if activity.split_by and not any(s["question"] == activity.split_by for s in workshop.segments):
            activity.split_by = None
    return workshop.segments


MAX_BLOCKED_WORDS = 200


def set_blocked_words(session: Session, workshop: Workshop, raw) -> list[str]:
    """Replace the workshop's blocked words (a list, or a text with one per line or comma)."""
    if isinstance(raw, str):
        raw = [part for line in raw.splitlines() for part in line.split(",")]
    if not isinstance(raw, list) or not all(isinstance(word, str) for word in raw):
        raise InvalidInput(N_("Give the blocked words as a list."))
    cleaned = sorted({" ".join(word.casefold().split()) for word in raw} - {""})
    if len(cleaned) > MAX_BLOCKED_WORDS or any(len(word) > 40 for word in cleaned):
        raise InvalidInput(N_("At most %(max)d blocked words of up to 40 characters each."), max=MAX_BLOCKED_WORDS)
    workshop.blocked_words = cleaned
    return cleaned


def set_pace(session: Session, workshop: Workshop, pace) -> Workshop:
    """Presenter-paced (phones follow the presented activity) or self-paced (phones answer the
    open activities in their own order)."""
    if pace not in PACES:
        raise InvalidInput(N_("The pace must be “presenter” or “self_paced”."))
    workshop.pace = pace
    return workshop


def publish_results(session: Session, workshop: Workshop, published) -> Workshop:
    """Show the workshop's results to participants at its join link (True), or stop (False)."""
    if not isinstance(published, bool):
        raise InvalidInput(N_("Say whether the results are published (true or false)."))
    workshop.results_published = published
    return workshop


def set_embed_origins(session: Session, workshop: Workshop, raw) -> list[str]:
    """Replace the origins that may show the workshop's screen in a frame (a text with one per
    line, or a list; facilitation/embedding.py checks each). Nothing changes on an error."""
    from ..embedding import parse_origins

    origins = parse_origins(raw)
    workshop.embed_origins = origins
    return origins


def set_accent_color(session: Session, workshop: Workshop, raw) -> str | None:
    """Set the workshop's accent colour ("#rrggbb", checked against white; empty: the default)."""
    from ..branding import parse_accent

    workshop.accent_color = parse_accent(raw)
    return workshop.accent_color


def set_logo(session: Session, workshop: Workshop, data: bytes | None) -> str | None:
    """Store a checked PNG/SVG logo (facilitation/branding.py), or remove it with None. Returns
    the logo's version (a short hash of its bytes, part of its address so browsers fetch a new one)."""
    from ..branding import check_logo

    if data is None:
        workshop.logo_data = workshop.logo_type = workshop.logo_version = None
        return None
    stored, content_type = check_logo(data)
    workshop.logo_data = stored
    workshop.logo_type = content_type
    workshop.logo_version = hashlib.sha256(stored).hexdigest()[:16]
    return workshop.logo_version


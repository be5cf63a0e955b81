"""The ways into a workshop: join codes, joining as a participant (with answers to the segment
questions), finding a participant again by their cookie identity, and the screen's secret link."""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import segments
from ..errors import Conflict, InvalidInput, N_, NotFound
from ..models import Participant, Workshop
from .reading import joined_count
from .validators import MAX_DISPLAY_NAME_LENGTH, _clean_text

# Easy to read aloud and to type: no 0/O, 1/I/L.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def normalise_join_code(raw) -> str:
    """Upper-case a typed join code and drop spaces and dashes."""
    if not isinstance(raw, str):
        return ""
    return "".join(ch for ch in raw.upper() if ch.isalnum())[:20]


def _new_join_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not session.scalar(select(Workshop.id).where(Workshop.join_code == code)):
            return code


def renew_screen_secret(session: Session, workshop: Workshop) -> str:
    """Replace the screen's secret link; the old link stops working."""
    workshop.screen_secret = secrets.token_urlsafe(24)
    return workshop.screen_secret


def workshop_by_code(session: Session, code) -> Workshop:
    """Return the workshop with this join code (typed loosely), or raise NotFound."""
    normalised = normalise_join_code(code)
    workshop = (
        session.scalar(select(Workshop).where(Workshop.join_code == normalised))
        if normalised
        else None
    )
    if workshop is None:
        raise NotFound(N_("No workshop has that code. Check the code on the screen and try again."))
    return workshop


def join(session: Session, workshop: Workshop, display_name=None, segment_answers=None,
         join_nonce: str | None = None) -> Participant:
    """Add an anonymous participant (optionally with a display name, and answers to the
    workshop's segment questions) to the workshop.

    `join_nonce` names the join form the participant came with: joining again with the same
    nonce returns the participant it made, whatever else is sent, so a replayed form makes no one
    new. Raises Conflict when the facilitator closed joining or the room is full."""
    if join_nonce is not None:
        earlier = session.scalar(select(Participant).where(Participant.join_nonce == join_nonce))
        if earlier is not None:
            if earlier.workshop_id != workshop.id:
                raise InvalidInput(N_("This join form belongs to another workshop. Open the link again."))
            return earlier
    if not workshop.joining_open:
        raise Conflict(N_("Joining this workshop is closed. Ask the facilitator."))
    if workshop.max_participants is not None and joined_count(session, workshop.id) >= workshop.max_participants:
        raise Conflict(N_("This workshop is full. Ask the facilitator."))
    participant = Participant(
        workshop_id=workshop.id,
        public_id=uuid.uuid4().hex,
        display_name=_clean_text(
            display_name, max_length=MAX_DISPLAY_NAME_LENGTH, required=False, what=N_("Name")
        ),
        segments=segments.clean_answers(workshop.segments or [], segment_answers or {}),
        join_nonce=join_nonce,
    )
    session.add(participant)
    session.flush()
    return participant


def participant_by_public_id(session: Session, workshop_id: int, public_id) -> Participant | None:
    """Return the participant with this cookie identity in this workshop, or None."""
    if not isinstance(public_id, str) or len(public_id) > 32:
        return None
    return session.scalar(
        select(Participant).where(
            Participant.public_id == public_id, Participant.workshop_id == workshop_id
        )
    )


def workshop_by_screen_secret(session: Session, secret) -> Workshop:
    """Return the workshop whose screen link holds this secret, or raise NotFound."""
    workshop = (
        session.scalar(select(Workshop).where(Workshop.screen_secret == secret))
        if isinstance(secret, str) and 0 < len(secret) <= 64
        else None
    )
    if workshop is None:
        raise NotFound(N_("This screen link is not valid. Ask the facilitator for the current link."))
    return workshop


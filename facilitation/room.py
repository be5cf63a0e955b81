"""Who is in the room: the facilitator's controls over joining, and over who joined.

Anyone with the join code can join, which is the point; but one laptop can also join hundreds of
times. The facilitator can close joining, give the room a size limit, see when people join faster
than a room can scan a QR code (a join burst), and remove the participants who joined in such a
burst, with everything they sent. Like the workshops package: takes a session, raises DomainErrors,
never imports Flask; what it removes by bulk SQL it records for the live layer (facilitation/changes.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from . import changes
from .errors import InvalidInput, N_
from .models import Participant, Workshop, utcnow

MAX_ROOM_SIZE = 100_000
# A join burst: this many joins within this many seconds. People scanning a QR code after the
# facilitator says "join now" arrive a few a second; a script arrives dozens a second.
BURST_JOINS = 60
BURST_SECONDS = 10


def set_joining(session: Session, workshop: Workshop, joining_open, max_participants) -> Workshop:
    """Open or close joining, and set the room's size limit (None or "" for no limit).

    A limit below the number who already joined is allowed: nobody is removed, and nobody new
    gets in."""
    if not isinstance(joining_open, bool):
        raise InvalidInput(N_("Say whether joining is open: true or false."))
    if max_participants in (None, ""):
        limit = None
    elif isinstance(max_participants, int) and not isinstance(max_participants, bool) and (
        1 <= max_participants <= MAX_ROOM_SIZE
    ):
        limit = max_participants
    else:
        raise InvalidInput(N_("The room size must be a whole number from 1 to %(max)s, or empty."),
                           max=MAX_ROOM_SIZE)
    workshop.joining_open = joining_open
    workshop.max_participants = limit
    return workshop


def recent_joins(session: Session, workshop_id: int, seconds: float, now: datetime | None = None) -> dict:
    """How many joined within the last `seconds`, and when the first and last of them joined."""
    since = (now or utcnow()) - timedelta(seconds=seconds)
    count, first, last = session.execute(
        select(func.count(Participant.id), func.min(Participant.joined_at), func.max(Participant.joined_at))
        .where(Participant.workshop_id == workshop_id, Participant.joined_at >= since)
    ).one()
    return {"count": count, "first": first, "last": last}


def parse_time(raw) -> datetime:
    """A time as the dashboard sends it back (ISO 8601, UTC, as `room_view` gave it)."""
    if not isinstance(raw, str) or len(raw) > 40:
        raise InvalidInput(N_("Give the times as they were shown."))
    try:
        parsed = datetime.fromisoformat(raw.removesuffix("Z"))
    except ValueError:
        raise InvalidInput(N_("Give the times as they were shown.")) from None
    return parsed.replace(tzinfo=None)


def remove_joined_between(session: Session, workshop: Workshop, first, last) -> int:
    """Remove the participants who joined from `first` to `last` (inclusive), with their
    answers, ideas, questions and upvotes; return how many were removed. Their phones get the
    join page again if they come back."""
    start, end = parse_time(first), parse_time(last)
    if end < start:
        raise InvalidInput(N_("The end of the time span is before its start."))
    doomed = select(Participant.id).where(
        Participant.workshop_id == workshop.id, Participant.joined_at >= start, Participant.joined_at <= end
    )
    ids = list(session.scalars(doomed))
    if ids:
        # Responses and upvotes go with them (ON DELETE CASCADE).
        session.execute(delete(Participant).where(Participant.id.in_(ids)))
        # Bulk SQL, which the session does not see: recorded for the live layer.
        changes.workshop_changed(session, workshop.id)
        changes.presence_changed(session, workshop.id)
    return len(ids)


def existing_participant_ids(session: Session, participant_ids: set[int]) -> set[int]:
    """Which of these participants still exist."""
    if not participant_ids:
        return set()
    return set(session.scalars(select(Participant.id).where(Participant.id.in_(participant_ids))))


def room_view(session: Session, workshop: Workshop) -> dict:
    """What the dashboard shows about the room: joining open or closed, the size limit, and the
    joins of the last BURST_SECONDS (times in ISO 8601, UTC), with `burst` set when they were
    BURST_JOINS or more."""
    recent = recent_joins(session, workshop.id, BURST_SECONDS)
    return {
        "joining_open": workshop.joining_open,
        "max_participants": workshop.max_participants,
        "burst": recent["count"] >= BURST_JOINS,
        "recent_joins": recent["count"],
        "recent_first": recent["first"].isoformat() if recent["first"] else None,
        "recent_last": recent["last"].isoformat() if recent["last"] else None,
    }

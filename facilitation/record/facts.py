"""What the record reads from the database, shared by the workbook and the report: the
participants with their anonymous numbers and segment answers, the workshop's dates, its
responses, its moderation log and its resets, and the names of kinds and states.

Flask-free. Times are stored in UTC and shown in the libraries' local time.
"""

from __future__ import annotations

from datetime import datetime, timezone
from types import ModuleType
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import N_
from ..kinds import get_kind
from ..models import Activity, Participant, Response, Workshop
from .words import STATE_LABELS, Translate, no_translation

TIME_ZONE = "Europe/Copenhagen"  # the libraries' clock; times are stored in UTC


def local_zone():
    """The local time zone and the header of a time column ("Time (Danish time)")."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(TIME_ZONE), N_("Time (Danish time)")
    except Exception:  # no time zone data on this machine: say it is UTC
        return timezone.utc, N_("Time (UTC)")


def local_time(moment: datetime | None) -> datetime | None:
    """A stored UTC time as a naive local time (spreadsheets know no time zones)."""
    if moment is None:
        return None
    zone, _ = local_zone()
    return moment.replace(tzinfo=timezone.utc).astimezone(zone).replace(tzinfo=None)


# --- activities --------------------------------------------------------------------------------


def kind_of(activity: Activity) -> ModuleType:
    """The activity's kind module (facilitation/kinds/), which presents its results."""
    return get_kind(activity.kind)


def kind_label(activity: Activity, translate: Translate) -> str:
    """The activity's kind for people ("Rating")."""
    return translate(kind_of(activity).LABEL)


def state_label(activity: Activity, translate: Translate) -> str:
    """The activity's state for people ("closed")."""
    return translate(STATE_LABELS.get(activity.state, activity.state))


def reset_notes(session: Session, activities: list[Activity], translate: Translate = no_translation) -> dict[int, list[str]]:
    """For the record: when each activity's answers were reset and how many that removed
    (facilitation/resets.py), one line per reset, by activity id."""
    from .. import resets

    found = resets.resets_of(session, [activity.id for activity in activities])
    return {
        activity_id: [
            translate(N_("The answers were reset on %(when)s: %(n)d removed.")) % {
                "when": local_time(reset.reset_at).strftime("%Y-%m-%d %H:%M"), "n": reset.answers_removed}
            for reset in items
        ]
        for activity_id, items in found.items()
    }


# --- participants and their segments ------------------------------------------------------------


def participant_numbers(session: Session, workshop_id: int) -> dict[int, int]:
    """Internal participant id → anonymous number 1, 2, 3 … in the order they joined."""
    ids = session.scalars(
        select(Participant.id)
        .where(Participant.workshop_id == workshop_id)
        .order_by(Participant.joined_at, Participant.id)
    )
    return {participant_id: number for number, participant_id in enumerate(ids, 1)}


def participant_segments(participant: Participant) -> dict[str, str]:
    """The participant's answers to the segment questions ("Kommune": "Aarhus"), without
    blank questions; {} when they answered none."""
    segments = participant.segments
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
        item["question"] for item in (workshop.segments if workshop is not None else None) or []
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


# --- the workshop ---------------------------------------------------------------------------------


def workshop_date(session: Session, workshop: Workshop) -> str:
    """The day(s) the workshop ran: the dates of the first and last response (local time), or
    the day it was created when nobody has answered yet. "2025-03-14" or "2025-03-14 – 2025-03-15"."""
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
    from ..team import moderation_log

    events = moderation_log(session, workshop.id)
    ids = {event.entry_id for event in events if event.entry_id}
    texts = {response.id: (response.answer or {}).get("text", "")
             for response in session.scalars(select(Response).where(Response.id.in_(ids)))} if ids else {}
    return [(event, texts.get(event.entry_id, "")) for event in events]


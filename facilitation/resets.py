"""Resetting an activity's answers, with a short window to undo it.

Colleagues try the polls on their phones the day before; a reset clears what they sent while the
activity keeps its settings, its place in the agenda and its links. A reset removes the
activity's answers, ideas and questions, the votes on them, and the request ids kept for retries
(AnswerRequest), all by SQL on the activity id, so it works whatever wrote them. Tallies are
computed from those rows, so they are gone too.

For `undo_seconds` the removed rows wait, as JSON, in `reset_held_rows`; `undo_reset` puts them
back. `purge_expired` deletes what waits once the window has passed (the broadcaster calls it
every tick), and the transaction's deletion wipes the text from the disk (Database.transaction,
secure_delete and a checkpoint). The `activity_resets` row stays: the record says when a reset
happened and what it removed. Themes the facilitator made from ideas (promote_entries) are the
facilitator's and stay, with the texts they were made from.

Like the workshops package: takes a session, raises DomainErrors, never imports Flask. What it
changes by bulk SQL it records for the live layer (facilitation/changes.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import DateTime, delete, exists, func, select
from sqlalchemy.orm import Session

from . import changes
from .errors import Conflict, N_, NotFound
from .models import Activity, ActivityReset, AnswerRequest, HeldRow, Response, Upvote, utcnow
from .workshops import valid_id

HELD_MODELS = {"responses": Response, "upvotes": Upvote, "answer_requests": AnswerRequest}


def _row_data(row) -> dict:
    """A row's columns as JSON values (times as ISO 8601 text)."""
    data = {}
    for column in row.__table__.columns:
        value = getattr(row, column.name)
        data[column.name] = value.isoformat() if isinstance(value, datetime) else value
    return data


def _row_from_data(model, data: dict):
    values = {}
    for column in model.__table__.columns:
        if column.name not in data:
            continue
        value = data[column.name]
        if value is not None and isinstance(column.type, DateTime):
            value = datetime.fromisoformat(value)
        values[column.name] = value
    return model(**values)


def answer_counts(session: Session, activity_id: int) -> dict:
    """How many answers (ideas and questions included, whatever their moderation) and votes a
    reset of the activity would remove: ``{"answers", "votes"}``."""
    answers = session.scalar(select(func.count(Response.id)).where(Response.activity_id == activity_id))
    votes = session.scalar(
        select(func.count(Upvote.id)).join(Response, Response.id == Upvote.response_id)
        .where(Response.activity_id == activity_id)
    )
    return {"answers": answers, "votes": votes}


def reset_activity(session: Session, activity: Activity, undo_seconds: float) -> ActivityReset:
    """Remove every answer to the activity, with the votes on its questions and the kept request
    ids; hold them for `undo_seconds` so that `undo_reset` can bring them back. The activity
    itself (settings, state, place, presented or not) is unchanged. Raises Conflict when there
    is nothing to remove. Returns the reset, with the counts it removed."""
    counts = answer_counts(session, activity.id)
    if not counts["answers"]:
        raise Conflict(N_("This activity has no answers to remove."))
    now = utcnow()
    reset = ActivityReset(activity_id=activity.id, reset_at=now, answers_removed=counts["answers"],
                          votes_removed=counts["votes"], undo_until=now + timedelta(seconds=max(0.0, undo_seconds)))
    session.add(reset)
    session.flush()
    of_activity = select(Response.id).where(Response.activity_id == activity.id)
    held = [
        *session.scalars(select(Response).where(Response.activity_id == activity.id)),
        *session.scalars(select(Upvote).where(Upvote.response_id.in_(of_activity))),
        *session.scalars(select(AnswerRequest).where(AnswerRequest.activity_id == activity.id)),
    ]
    session.add_all(
        HeldRow(reset_id=reset.id, participant_id=row.participant_id, table_name=row.__tablename__, data=_row_data(row))
        for row in held
    )
    session.flush()
    session.execute(delete(Upvote).where(Upvote.response_id.in_(of_activity)), execution_options={"synchronize_session": False})
    session.execute(delete(AnswerRequest).where(AnswerRequest.activity_id == activity.id),
                    execution_options={"synchronize_session": False})
    session.execute(delete(Response).where(Response.activity_id == activity.id),
                    execution_options={"synchronize_session": False})
    for row in held:
        if row in session:
            session.expunge(row)
    changes.answers_reset(session, activity.workshop_id, activity.id, undone=False)
    return reset


def reset_by_id(session: Session, reset_id) -> ActivityReset:
    """The reset, or NotFound. Who may undo it is the caller's to check, on its activity (the
    web layer's role gate: team_activity)."""
    reset = session.get(ActivityReset, reset_id) if valid_id(reset_id) else None
    if reset is None:
        raise NotFound(N_("There is no such reset."))
    return reset


def undo_reset(session: Session, reset: ActivityReset, now: datetime | None = None) -> int:
    """Put back what the reset removed, while its undo window lasts; the reset then never
    happened (its record goes). An answer given again since the reset is kept: the removed
    answer of that participant does not come back; an idea or question sent since keeps its
    number and the returning ones are numbered after it. Returns how many answers came back.
    Raises Conflict once the window has passed."""
    if reset.undo_until is None or reset.undo_until < (now or utcnow()):
        raise Conflict(N_("The reset can no longer be undone: the time to undo it has passed."))
    rows = list(session.scalars(select(HeldRow).where(HeldRow.reset_id == reset.id).order_by(HeldRow.id)))
    restored = 0
    for table in ("responses", "upvotes", "answer_requests"):
        for held in (row for row in rows if row.table_name == table):
            if _restore(session, table, held.data):
                restored += table == "responses"
    session.execute(delete(HeldRow).where(HeldRow.reset_id == reset.id))
    workshop_id = session.get(Activity, reset.activity_id).workshop_id
    changes.answers_reset(session, workshop_id, reset.activity_id, undone=True)
    session.delete(reset)
    session.flush()
    return restored


def _restore(session: Session, table: str, data: dict) -> bool:
    """Insert one held row again unless something newer took its place; True if inserted."""
    model = HELD_MODELS[table]
    if session.get(model, data["id"]) is not None:
        return False
    if table == "responses":
        mine = (Response.activity_id == data["activity_id"]) & (Response.participant_id == data["participant_id"])
        if session.scalar(select(exists().where(mine, Response.request_id == data["request_id"]))):
            return False
        taken = session.scalar(select(exists().where(mine, Response.slot == data["slot"])))
        if taken:
            if data["slot"] == 0:
                return False  # answered again since the reset: the newer answer wins
            data = {**data, "slot": session.scalar(select(func.max(Response.slot)).where(mine)) + 1}
    elif table == "upvotes":
        if session.get(Response, data["response_id"]) is None or session.scalar(select(exists().where(
                Upvote.response_id == data["response_id"], Upvote.participant_id == data["participant_id"]))):
            return False
    elif session.scalar(select(exists().where(
            AnswerRequest.activity_id == data["activity_id"], AnswerRequest.participant_id == data["participant_id"],
            AnswerRequest.request_id == data["request_id"]))):
        return False
    session.add(_row_from_data(model, data))
    session.flush()
    return True


def purge_due(session: Session, now: datetime | None = None) -> bool:
    """True when a reset's undo window has passed and purge_expired has something to delete."""
    return session.scalar(
        select(ActivityReset.id).where(ActivityReset.undo_until.is_not(None),
                                       ActivityReset.undo_until <= (now or utcnow())).limit(1)
    ) is not None


def purge_expired(session: Session, now: datetime | None = None) -> set[int]:
    """Delete for good what resets whose undo window has passed still hold; they can no longer
    be undone. Returns the ids of the activities concerned."""
    expired = list(session.scalars(
        select(ActivityReset).where(ActivityReset.undo_until.is_not(None), ActivityReset.undo_until <= (now or utcnow()))
    ))
    if not expired:
        return set()
    session.execute(delete(HeldRow).where(HeldRow.reset_id.in_([reset.id for reset in expired])))
    for reset in expired:
        reset.undo_until = None
    return {reset.activity_id for reset in expired}


def undoable_seconds(reset: ActivityReset, now: datetime | None = None) -> float:
    """Seconds left to undo the reset (0 when it can no longer be undone)."""
    if reset.undo_until is None:
        return 0.0
    return max(0.0, (reset.undo_until - (now or utcnow())).total_seconds())


def resets_of(session: Session, activity_ids: list[int]) -> dict[int, list[ActivityReset]]:
    """The resets of these activities that stand (not undone), oldest first, by activity id."""
    found: dict[int, list[ActivityReset]] = {}
    if not activity_ids:
        return found
    for reset in session.scalars(
        select(ActivityReset).where(ActivityReset.activity_id.in_(activity_ids)).order_by(ActivityReset.id)
    ):
        found.setdefault(reset.activity_id, []).append(reset)
    return found

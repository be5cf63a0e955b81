"""Reading what the room answered: counts, and an activity's results as its kind tallies them,
split by a segment question under the disclosure rule (facilitation/segments.py). What each
audience may see of them is decided in views.py."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import segments
from ..kinds import collects, get_kind
from ..models import Activity, ActivityReset, Participant, Response, Upvote, Workshop, utcnow
from .themes import resolved_config

# The sessions of one app carry its domain settings (create_app sets them on each of its
# databases): two apps in one process, each with its own MIN_GROUP_SIZE, never share it.
MIN_GROUP_SIZE_INFO = "min_group_size"


def configure_sessions(sessionmaker, *, min_group_size: int) -> None:
    """Make every session `sessionmaker` opens carry the smallest group the disclosure rule
    shows on its own (the MIN_GROUP_SIZE setting, at least 1); read back with min_group_size."""
    info = {**sessionmaker.kw.get("info", {}), MIN_GROUP_SIZE_INFO: max(1, int(min_group_size))}
    sessionmaker.configure(info=info)


def min_group_size(session: Session) -> int:
    """The smallest group the disclosure rule (facilitation/segments.py) shows on its own, as
    configured for the session's database (configure_sessions); the default when it was not."""
    return session.info.get(MIN_GROUP_SIZE_INFO, segments.DEFAULT_MIN_GROUP_SIZE)


def response_count(session: Session, activity_id: int) -> int:
    """How many responses the activity has (answers, or ideas and questions)."""
    return session.scalar(select(func.count(Response.id)).where(Response.activity_id == activity_id))


def joined_count(session: Session, workshop_id: int) -> int:
    """How many participants have joined the workshop in total."""
    return session.scalar(
        select(func.count(Participant.id)).where(Participant.workshop_id == workshop_id)
    )


def results(session: Session, activity: Activity) -> dict:
    """The activity's tally, computed by its kind from every stored answer (for collecting
    kinds: from every entry with its moderation state and votes). When the activity is split by
    a segment question, the tally also has "split": the groups side by side (segments.split)."""
    kind = get_kind(activity.kind)
    config = resolved_config(activity)
    if not collects(kind):
        rows = answer_rows(session, activity)
        tally = kind.tally(config, [answer for _, _, answer, _ in rows])
        definitions = activity.workshop.segments or []
        if any(s["question"] == activity.split_by for s in definitions):
            tally["split"] = split_results(kind, config, definitions, activity.split_by, rows,
                                           min_group_size(session))
        return tally
    votes = (
        select(Upvote.response_id, func.count(Upvote.id).label("votes"))
        .join(Response, Response.id == Upvote.response_id)
        .where(Response.activity_id == activity.id)
        .group_by(Upvote.response_id)
        .subquery()
    )
    rows = session.execute(
        select(Response, func.coalesce(votes.c.votes, 0))
        .outerjoin(votes, votes.c.response_id == Response.id)
        .where(Response.activity_id == activity.id)
    )
    # An entry carries its answer's own fields (its text; a commitment's theme), then the domain's.
    entries = [
        {
            **entry.answer,
            "id": entry.id,
            "status": entry.status,
            "votes": count,
            "answered": entry.answered,
            "highlighted": entry.highlighted,
        }
        for entry, count in rows
    ]
    return kind.tally(config, entries)


def answer_rows(session: Session, activity: Activity) -> list:
    """Every answer to the activity as (response id, participant id, answer, the participant's
    segment answers): what a tally and its splits are computed from."""
    return session.execute(
        select(Response.id, Response.participant_id, Response.answer, Participant.segments)
        .join(Participant, Participant.id == Response.participant_id)
        .where(Response.activity_id == activity.id)
    ).all()


def splits(session: Session, activity: Activity, questions: list[str]) -> dict[str, dict]:
    """The activity's results split by each of `questions` (segment questions of its workshop;
    others are left out), as the live view splits by one: ``{question: split_results(…)}``,
    from one read of the answers. Not for collecting kinds (their entries are not split)."""
    definitions = activity.workshop.segments or []
    asked = {item["question"] for item in definitions}
    kind = get_kind(activity.kind)
    config = resolved_config(activity)
    rows = answer_rows(session, activity)
    size = min_group_size(session)
    return {question: split_results(kind, config, definitions, question, rows, size)
            for question in questions if question in asked}


def split_results(kind, config: dict, definitions: list[dict], question: str, rows, min_size: int) -> dict:
    """The activity's results split by `question` under the disclosure rule (segments.split,
    docs/aggregation.md); `rows` are (response id, participant id, answer, participant's
    segment answers); `min_size` is the session's min_group_size. The one place the live view,
    the report and the exports split results."""
    entries = [{"participant": participant_id, "order": response_id, "segments": answers_of_participant,
                "answer": answer} for response_id, participant_id, answer, answers_of_participant in rows]
    return segments.split(definitions, question, entries, lambda answers: kind.tally(config, answers),
                          min_size, getattr(kind, "answered_themes", None),
                          getattr(kind, "answer_for_themes", None))


def timer_remaining(activity: Activity, now=None) -> float | None:
    """Seconds left on the activity's countdown, or None without one."""
    if activity.timer_ends_at is None:
        return None
    return max(0.0, (activity.timer_ends_at - (now or utcnow())).total_seconds())


def undoable_resets(session: Session, workshop: Workshop) -> dict[int, dict]:
    """The latest reset of each activity that can still be undone (facilitation/resets.py):
    ``{activity id: {"id", "answers_removed", "seconds"}}``, seconds left to undo it."""
    now = utcnow()
    found = {}
    for reset in session.scalars(
        select(ActivityReset)
        .join(Activity, Activity.id == ActivityReset.activity_id)
        .where(Activity.workshop_id == workshop.id, ActivityReset.undo_until > now)
        .order_by(ActivityReset.id)
    ):
        found[reset.activity_id] = {"id": reset.id, "answers_removed": reset.answers_removed,
                                    "seconds": (reset.undo_until - now).total_seconds()}
    return found


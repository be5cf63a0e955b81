"""Workshops and their agenda: creating workshops, adding, editing, ordering, duplicating and
deleting activities, their states (draft, open, closed; results revealed), what is presented,
countdowns, and which segment question an activity's results are split by."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import and_, case, select, update
from sqlalchemy.orm import Session

from .. import team
from ..errors import Conflict, InvalidInput, N_, NotFound
from ..kinds import collects, get_kind
from ..models import Activity, Workshop, WorkshopMember, utcnow
from .participation import _new_join_code
from .reading import response_count
from .validators import (_move, _version, check_activity_count, check_config_size, check_version, clean_language,
                         clean_notes, clean_prompt, clean_title, valid_id)

def create_workshop(session: Session, facilitator_id: int, title, language="da") -> Workshop:
    """Create an empty workshop owned by the facilitator, with a fresh join code."""
    workshop = Workshop(
        facilitator_id=facilitator_id,
        title=clean_title(title),
        language=clean_language(language),
        join_code=_new_join_code(session),
        screen_secret=secrets.token_urlsafe(24),
    )
    session.add(workshop)
    session.flush()
    session.add(WorkshopMember(workshop_id=workshop.id, facilitator_id=facilitator_id, role=team.OWNER))
    session.flush()
    return workshop


def workshops_of(session: Session, facilitator_id: int) -> list[Workshop]:
    """The workshops in whose team the facilitator is, newest first; each with `team_role`
    set to the facilitator's role in it."""
    found = []
    for workshop, role in session.execute(
        select(Workshop, WorkshopMember.role)
        .join(WorkshopMember, WorkshopMember.workshop_id == Workshop.id)
        .where(WorkshopMember.facilitator_id == facilitator_id)
        .order_by(Workshop.id.desc())
    ):
        workshop.team_role = role
        found.append(workshop)
    return found


def add_activity(session: Session, workshop: Workshop, kind, prompt, config, notes=None) -> Activity:
    """Append a draft activity of `kind` to the workshop's agenda (with the facilitator's speaker
    notes, which only the dashboard shows)."""
    kind_module = get_kind(kind)
    check_activity_count(len(workshop.activities) + 1)
    check_config_size(config)
    activity = Activity(
        workshop=workshop,
        kind=kind_module.NAME,
        prompt=clean_prompt(prompt),
        config=kind_module.clean_config(config),
        notes=clean_notes(notes),
        position=max((a.position for a in workshop.activities), default=-1) + 1,
    )
    session.add(activity)
    session.flush()
    return activity


def activity_version(activity: Activity) -> str:
    """A fingerprint of what the activity editor shows (prompt and config): a form carries it,
    and a save whose fingerprint no longer matches was made from a stale page."""
    return _version(activity.prompt, activity.config, activity.notes)


def update_activity(session: Session, activity: Activity, prompt=None, config=None, version=None,
                    notes=None) -> Activity:
    """Change an activity's prompt, config and/or speaker notes; with `version` (activity_version
    of the page the change was made on), only if nobody saved since.

    The config cannot change once someone has answered, since old answers would no longer fit.
    """
    check_version(activity_version(activity), version)
    if notes is not None:
        activity.notes = clean_notes(notes)
    if prompt is not None:
        activity.prompt = clean_prompt(prompt)
    if config is not None:
        check_config_size(config)
        kind = get_kind(activity.kind)
        cleaned = kind.clean_config(config)
        # How results are shown may change at any time; what answers must fit may not.
        changeable = getattr(kind, "CHANGEABLE_SETTINGS", ())
        fixed = lambda settings: {k: v for k, v in settings.items() if k not in changeable}  # noqa: E731
        if fixed(cleaned) != fixed(activity.config) and response_count(session, activity.id):
            raise Conflict(N_("The options cannot change after people have answered."))
        activity.config = cleaned
    session.flush()
    return activity


def open_activity(session: Session, activity: Activity) -> Activity:
    """Let participants answer."""
    activity.state = "open"
    return activity


def close_activity(session: Session, activity: Activity) -> Activity:
    """Stop accepting answers; the results stay."""
    activity.state = "closed"
    return activity


def set_results_revealed(session: Session, activity: Activity, revealed: bool) -> Activity:
    """Show the results to phones (and the screen's audience), or hide them again."""
    if not isinstance(revealed, bool):
        raise InvalidInput(N_("Say whether the results are revealed (true or false)."))
    activity.results_revealed = revealed
    return activity


def present(session: Session, workshop: Workshop, activity_id) -> Workshop:
    """Make `activity_id` the activity that phones and the screen show; None shows the join page."""
    if activity_id is not None:
        if not valid_id(activity_id) or not any(a.id == activity_id for a in workshop.activities):
            raise NotFound(N_("There is no such activity."))
    workshop.presented_activity_id = activity_id
    return workshop


def step_presented(session: Session, workshop: Workshop, delta) -> Workshop:
    """Present the next (delta=1) or previous (delta=-1) activity of the agenda.

    Stepping back from the first activity returns to the join page; stepping on from the join page
    presents the first activity; stepping past the last activity stays there.
    """
    if delta not in (1, -1) or type(delta) is not int:
        raise InvalidInput(N_("Step by 1 or -1."))
    order = [None] + [a.id for a in workshop.activities]
    index = order.index(workshop.presented_activity_id) if workshop.presented_activity_id in order else 0
    workshop.presented_activity_id = order[max(0, min(len(order) - 1, index + delta))]
    return workshop


def presented_activity(workshop: Workshop) -> Activity | None:
    """The activity phones and the screen show now, or None for the join page."""
    return next((a for a in workshop.activities if a.id == workshop.presented_activity_id), None)


def move_activity(session: Session, activity: Activity, delta=None, position=None) -> None:
    """Move an activity one place earlier (delta -1) or later (1) in the agenda, or to a place
    (position 0 is first; dragging in the builder)."""
    _move(session, activity.workshop.activities, activity, delta, position)


def duplicate_activity(session: Session, activity: Activity) -> Activity:
    """A draft copy of the activity, without its answers, placed right after it."""
    workshop = activity.workshop
    copy = add_activity(session, workshop, activity.kind, activity.prompt, dict(activity.config), activity.notes)
    agenda = [a for a in workshop.activities if a.id != copy.id]
    agenda.insert(agenda.index(activity) + 1, copy)
    for position, item in enumerate(agenda):
        item.position = position
    session.flush()
    return copy


def delete_activity(session: Session, activity: Activity) -> None:
    """Delete an activity and every answer to it."""
    workshop = activity.workshop
    if workshop.presented_activity_id == activity.id:
        workshop.presented_activity_id = None
    session.delete(activity)
    session.flush()


def delete_workshop(session: Session, workshop: Workshop) -> None:
    """Delete a workshop with its activities, themes, participants and every response."""
    workshop.presented_activity_id = None
    session.flush()
    session.delete(workshop)
    session.flush()


MAX_TIMER_SECONDS = 3600


def start_timer(session: Session, activity: Activity, seconds, closes=False) -> Activity:
    """Start a countdown of `seconds` (10–3600) for the activity; with `closes`, the activity
    closes when it reaches zero. `seconds` None stops the countdown."""
    if seconds is None:
        activity.timer_ends_at, activity.timer_closes = None, False
        return activity
    if type(seconds) is not int or not 10 <= seconds <= MAX_TIMER_SECONDS or not isinstance(closes, bool):
        raise InvalidInput(N_("A timer runs from 10 seconds to an hour."))
    activity.timer_ends_at = utcnow() + timedelta(seconds=seconds)
    activity.timer_closes = closes
    return activity


def timers_due(session: Session) -> bool:
    """True when a countdown has reached zero and expire_timers has something to do."""
    return session.scalar(
        select(Activity.id).where(Activity.timer_ends_at.is_not(None), Activity.timer_ends_at <= utcnow()).limit(1)
    ) is not None


def expire_timers(session: Session) -> set[int]:
    """End every countdown that has reached zero, closing the activities that asked for it.
    Returns the ids of the workshops that changed.

    One conditional UPDATE: when several server processes run it at the same moment, each
    countdown is ended by exactly one of them (PostgreSQL re-checks the condition on a row another
    transaction just changed; SQLite runs one writer at a time), so only that one announces it."""
    ended = session.execute(
        update(Activity)
        .where(Activity.timer_ends_at.is_not(None), Activity.timer_ends_at <= utcnow())
        .values(
            state=case((and_(Activity.timer_closes, Activity.state == "open"), "closed"), else_=Activity.state),
            timer_ends_at=None,
            timer_closes=False,
        )
        .returning(Activity.workshop_id)
        .execution_options(synchronize_session=False)
    )
    return set(ended.scalars())


def set_split(session: Session, activity: Activity, question) -> Activity:
    """Show the activity's results split by a segment question (None: not split)."""
    if question is not None:
        if collects(get_kind(activity.kind)):
            raise InvalidInput(N_("Ideas and questions cannot be split by group."))
        if not any(s["question"] == question for s in activity.workshop.segments or []):
            raise NotFound(N_("The workshop has no such segment question."))
    activity.split_by = question
    return activity


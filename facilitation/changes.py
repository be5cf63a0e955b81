"""What a transaction changed, recorded on its session and handed to the live layer after commit.

Who hears about a change is decided here, from the rows that changed, not by each route (the
idea of Zulip's `send_event_on_commit`). A watched database (`watch`) collects, at every flush of
a session, which rows were new, changed or deleted, and turns them into `Changes`:

- a workshop, activity or theme row, or a participant deleted → that workshop is *announced*:
  its full view to dashboards, the public view to screens, the shared state to phones;
- an answer, idea or question row (`Response`) → its activity's *tally* is sent on the
  broadcaster's next tick, coalesced with every other change of that tick;
- an idea or question whose moderation status changed → its author's phones are told (`entry`);
- a participant who joined or left → the workshop's *presence* counts, on the next tick.

What changes by bulk SQL, which the session cannot see, is recorded by whoever runs it:
`tally_changed` (the answer writer records each activity of a batch once, never per vote),
`workshop_changed`, `presence_changed`, `answers_reset`.

After a commit the session's `Changes` go to the hook given to `watch`; after a rollback, or a
session closed without commit (every read), they are dropped. A savepoint that rolls back keeps
what it recorded: at worst a workshop is announced, or a tally recomputed, unchanged.

Flask-free: the hook is the live layer's (facilitation/live.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from .models import Activity, Participant, Response, Theme, Workshop

log = logging.getLogger(__name__)

INFO_KEY = "facilitation_changes"


@dataclass
class Changes:
    """What one transaction changed, as who must hear about it."""

    workshops: set[int] = field(default_factory=set)  # announced at once
    tallies: set[int] = field(default_factory=set)  # activity ids: a new tally on the next tick
    presence: set[int] = field(default_factory=set)  # workshop ids: joined count on the next tick
    # Entry id: (workshop id, author's participant id, activity id, the entry as its author sees it).
    entries: dict[int, tuple[int, int, int, dict]] = field(default_factory=dict)
    # (workshop id, activity id, undone): an activity's answers were reset, or the reset undone.
    resets: list[tuple[int, int, bool]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.workshops or self.tallies or self.presence or self.entries or self.resets)


def recorded(session: Session) -> Changes:
    """The changes recorded so far in the session's transaction (created empty when none)."""
    changes = session.info.get(INFO_KEY)
    if changes is None:
        changes = session.info[INFO_KEY] = Changes()
    return changes


def workshop_changed(session: Session, workshop_id: int) -> None:
    """Announce the workshop after commit (for a change the session cannot see: bulk SQL)."""
    recorded(session).workshops.add(workshop_id)


def tally_changed(session: Session, activity_id: int) -> None:
    """Send the activity's tally on the broadcaster's next tick after commit."""
    recorded(session).tallies.add(activity_id)


def presence_changed(session: Session, workshop_id: int) -> None:
    """Send the workshop's participant counts on the broadcaster's next tick after commit."""
    recorded(session).presence.add(workshop_id)


def answers_reset(session: Session, workshop_id: int, activity_id: int, undone: bool) -> None:
    """The activity's answers were reset (or the reset `undone`): after commit the workshop is
    announced and its phones told to fetch their own answers again."""
    recorded(session).resets.append((workshop_id, activity_id, undone))


def _loaded(instance, name: str):
    """An attribute's value as loaded, without a query (None when it is not loaded)."""
    return inspect(instance).dict.get(name)


def _status_changed(instance) -> bool:
    return inspect(instance).attrs.status.history.has_changes()


def _entry_author_sees(session: Session, entry: Response) -> tuple[int, int, int, dict] | None:
    from .answers import own_entry

    with session.no_autoflush:
        activity = session.get(Activity, entry.activity_id)  # in the identity map: the route loaded it
    if activity is None:
        return None
    return activity.workshop_id, entry.participant_id, entry.activity_id, own_entry(entry)


def _collect(session: Session, _flush_context) -> None:
    """after_flush: turn the rows this flush wrote into changes (see the module docstring)."""
    if not (session.new or session.dirty or session.deleted):
        return
    changes = recorded(session)
    for instance in session.new:
        _note(changes, instance, "new")
    for instance in session.dirty:
        if session.is_modified(instance, include_collections=False):
            _note(changes, instance, "changed")
            if (isinstance(instance, Response) and (_loaded(instance, "slot") or 0) > 0
                    and _status_changed(instance)):
                seen = _entry_author_sees(session, instance)
                if seen is not None:
                    changes.entries[instance.id] = seen
    for instance in session.deleted:
        _note(changes, instance, "deleted")


def _note(changes: Changes, instance, how: str) -> None:
    if isinstance(instance, Workshop):
        workshop_id = _loaded(instance, "id")
    elif isinstance(instance, (Activity, Theme)):
        workshop_id = _loaded(instance, "workshop_id")
    elif isinstance(instance, Participant):
        workshop_id = _loaded(instance, "workshop_id")
        if workshop_id is not None:
            changes.presence.add(workshop_id)
        # A joining participant changes only the counts; one removed also leaves the views.
        workshop_id = workshop_id if how == "deleted" else None
    elif isinstance(instance, Response):
        activity_id = _loaded(instance, "activity_id")
        if activity_id is not None:
            changes.tallies.add(activity_id)
        return
    else:
        return
    if workshop_id is not None:
        changes.workshops.add(workshop_id)


def watch(database, hand_off: Callable[[Changes], None]) -> None:
    """Collect the changes of every transaction of `database` (a facilitation.db.Database) and
    call `hand_off(changes)` after each commit that changed something, in the committing thread.
    A failing hand-off is logged: the commit stands."""
    sessions = database.sessionmaker

    def committed(session: Session) -> None:
        if session.in_nested_transaction():  # a savepoint released: the transaction goes on
            return
        changes = session.info.pop(INFO_KEY, None)
        if changes:
            try:
                hand_off(changes)
            except Exception:  # the transaction is committed; a lost announcement must not undo that
                log.exception("handing over committed changes failed")

    def ended(session: Session, transaction) -> None:
        if transaction.parent is None:  # rolled back, or a read closed: nothing happened
            session.info.pop(INFO_KEY, None)

    event.listen(sessions, "after_flush", _collect)
    event.listen(sessions, "after_commit", committed)
    event.listen(sessions, "after_transaction_end", ended)

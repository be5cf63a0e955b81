"""Domain actions on workshops, activities, participants and responses.

Each function takes an open SQLAlchemy session (the caller owns the transaction), raises a
`DomainError` for anything a person did wrong, and returns plain values. Nothing here imports
Flask or broadcasts: the web layer decides who hears about a change.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import uuid
from datetime import timedelta

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.orm import Session

from . import room, segments, team
from .errors import Conflict, Forbidden, InvalidInput, N_, NotFound
from .blocking import strip_bidi_controls
from .kinds import collects, get_kind, phone_results, public_results
from .models import (LANGUAGES, PACES, Activity, ActivityReset, Participant, Response, Theme, Upvote, Workshop,
                     WorkshopMember, utcnow)

# Easy to read aloud and to type: no 0/O, 1/I/L.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6

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


# --- small validators ---------------------------------------------------------------------


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


def _clean_language(raw) -> str:
    if raw not in LANGUAGES:
        raise InvalidInput(N_("The language must be Danish (da) or English (en)."))
    return raw


def valid_id(value) -> bool:
    """True for a database id: a whole number (not a bool) that fits a 64-bit column."""
    return type(value) is int and 0 < value < 2**63


def _json_size(value) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


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


# --- facilitator side ----------------------------------------------------------------------


def create_workshop(session: Session, facilitator_id: int, title, language="da") -> Workshop:
    """Create an empty workshop owned by the facilitator, with a fresh join code."""
    workshop = Workshop(
        facilitator_id=facilitator_id,
        title=_clean_text(title, max_length=MAX_TITLE_LENGTH, required=True, what=N_("Title")),
        language=_clean_language(language),
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


def workshop_for_facilitator(session: Session, facilitator_id: int, workshop_id, role: str = team.OWNER) -> Workshop:
    """Return the workshop if this facilitator has at least `role` in its team (see team.py);
    the workshop's `team_role` is then their role.

    This is the one place that decides whether a facilitator may see or run a workshop; every
    facilitator action goes through it (directly or through `activity_for_facilitator` and the
    like), naming the least role it needs (the web layer's `common.requires`).
    """
    workshop = session.get(Workshop, workshop_id) if valid_id(workshop_id) else None
    if workshop is None:
        raise NotFound(N_("There is no such workshop."))
    member_role = team.role_of(session, facilitator_id, workshop.id)
    if member_role is None:
        raise Forbidden(N_("You are not in this workshop’s team. Ask its owner for an invitation."))
    if not team.at_least(member_role, role):
        raise Forbidden(N_("Your role in this workshop’s team does not allow this."))
    workshop.team_role = member_role
    return workshop


def activity_for_facilitator(session: Session, facilitator_id: int, activity_id, role: str = team.OWNER) -> Activity:
    """Return the activity if this facilitator has at least `role` in its workshop's team (see
    workshop_for_facilitator)."""
    activity = session.get(Activity, activity_id) if valid_id(activity_id) else None
    if activity is None:
        raise NotFound(N_("There is no such activity."))
    workshop_for_facilitator(session, facilitator_id, activity.workshop_id, role)
    return activity


def add_activity(session: Session, workshop: Workshop, kind, prompt, config, notes=None) -> Activity:
    """Append a draft activity of `kind` to the workshop's agenda (with the facilitator's speaker
    notes, which only the dashboard shows)."""
    kind_module = get_kind(kind)
    if len(workshop.activities) >= MAX_ACTIVITIES:
        raise Conflict(N_("A workshop can have at most %(max)d activities."), max=MAX_ACTIVITIES)
    if _json_size(config) > MAX_CONFIG_BYTES:
        raise InvalidInput(N_("The settings are too large."))
    activity = Activity(
        workshop=workshop,
        kind=kind_module.NAME,
        prompt=_clean_text(prompt, max_length=MAX_PROMPT_LENGTH, required=True, what=N_("Question")),
        config=kind_module.clean_config(config),
        notes=clean_notes(notes),
        position=max((a.position for a in workshop.activities), default=-1) + 1,
    )
    session.add(activity)
    session.flush()
    return activity


def _version(*values) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:16]


def activity_version(activity: Activity) -> str:
    """A fingerprint of what the activity editor shows (prompt and config): a form carries it,
    and a save whose fingerprint no longer matches was made from a stale page."""
    return _version(activity.prompt, activity.config, activity.notes)


def segments_version(workshop: Workshop) -> str:
    """A fingerprint of the workshop's segment questions, for the settings form (see
    activity_version)."""
    return _version(workshop.segments or [])


def check_version(current: str, submitted) -> None:
    """Raise Conflict when a form was opened before someone else saved (another tab, another
    facilitator's browser); nothing is saved then. A form without a version is not checked."""
    if submitted is not None and submitted != current:
        raise Conflict(
            N_("This was changed in another tab or window after you opened it, so nothing was saved. Reload the page to see the newest version, then make your change again.")
        )


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
        activity.prompt = _clean_text(
            prompt, max_length=MAX_PROMPT_LENGTH, required=True, what=N_("Question")
        )
    if config is not None:
        if _json_size(config) > MAX_CONFIG_BYTES:
            raise InvalidInput(N_("The settings are too large."))
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


def renew_screen_secret(session: Session, workshop: Workshop) -> str:
    """Replace the screen's secret link; the old link stops working."""
    workshop.screen_secret = secrets.token_urlsafe(24)
    return workshop.screen_secret


def presented_activity(workshop: Workshop) -> Activity | None:
    return next((a for a in workshop.activities if a.id == workshop.presented_activity_id), None)


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


def set_segments(session: Session, workshop: Workshop, raw, version=None) -> list[dict]:
    """Replace the workshop's segment questions (see facilitation/segments.py); with `version`
    (segments_version of the settings page), only if nobody saved since."""
    check_version(segments_version(workshop), version)
    workshop.segments = segments.clean_segments(raw)
    for activity in workshop.activities:
        if activity.split_by and not any(s["question"] == activity.split_by for s in workshop.segments):
            activity.split_by = None
    return workshop.segments


def set_split(session: Session, activity: Activity, question) -> Activity:
    """Show the activity's results split by a segment question (None: not split)."""
    if question is not None:
        if collects(get_kind(activity.kind)):
            raise InvalidInput(N_("Ideas and questions cannot be split by group."))
        if not any(s["question"] == question for s in activity.workshop.segments or []):
            raise NotFound(N_("The workshop has no such segment question."))
    activity.split_by = question
    return activity


# --- themes --------------------------------------------------------------------------------


def add_theme(session: Session, workshop: Workshop, title, description="") -> Theme:
    """Append a strategy theme to the workshop's list."""
    if len(workshop.themes) >= MAX_THEMES:
        raise Conflict(N_("A workshop can have at most %(max)d themes."), max=MAX_THEMES)
    theme = Theme(
        workshop=workshop,
        title=_clean_text(title, max_length=MAX_THEME_TITLE_LENGTH, required=True, what=N_("Theme")),
        description=_clean_text(
            description, max_length=MAX_THEME_DESCRIPTION_LENGTH, required=False, what=N_("Description")
        ),
        position=max((t.position for t in workshop.themes), default=-1) + 1,
    )
    session.add(theme)
    session.flush()
    return theme


def theme_for_facilitator(session: Session, facilitator_id: int, theme_id, role: str = team.OWNER) -> Theme:
    """Return the theme if this facilitator has at least `role` in its workshop's team (see
    workshop_for_facilitator)."""
    theme = session.get(Theme, theme_id) if valid_id(theme_id) else None
    if theme is None:
        raise NotFound(N_("There is no such theme."))
    workshop_for_facilitator(session, facilitator_id, theme.workshop_id, role)
    return theme


def theme_version(theme: Theme) -> str:
    """A fingerprint of a theme's title and description (see activity_version): two people
    editing the same theme cannot overwrite each other unseen."""
    return _version(theme.title, theme.description)


def update_theme(session: Session, theme: Theme, title=None, description=None, version=None) -> Theme:
    """Change a theme's title and/or description; with `version` (theme_version of the page or
    view the change was made on), only if nobody saved since."""
    check_version(theme_version(theme), version)
    if title is not None:
        theme.title = _clean_text(title, max_length=MAX_THEME_TITLE_LENGTH, required=True, what=N_("Theme"))
    if description is not None:
        theme.description = _clean_text(
            description, max_length=MAX_THEME_DESCRIPTION_LENGTH, required=False, what=N_("Description")
        )
    return theme


def delete_theme(session: Session, theme: Theme) -> None:
    """Remove a theme. Answers about it stay stored but no longer count in any result, and
    activities that chose it no longer list it."""
    for activity in theme.workshop.activities:
        chosen = activity.config.get("themes")
        if isinstance(chosen, list) and theme.id in chosen:
            activity.config = {**activity.config, "themes": [i for i in chosen if i != theme.id]}
    session.delete(theme)
    session.flush()


def move_theme(session: Session, theme: Theme, delta) -> None:
    """Move a theme one place up (-1) or down (1) in the workshop's list."""
    _move(session, theme.workshop.themes, theme, delta)


def theme_items(activity: Activity) -> list[dict]:
    """The themes an activity works on, as its kind sees them: all of the workshop's, or the
    chosen ones, in the workshop's order."""
    chosen = activity.config.get("themes", "all")
    return [
        {"id": theme.id, "label": theme.title, "description": theme.description}
        for theme in activity.workshop.themes
        if chosen == "all" or theme.id in chosen
    ]


def resolved_config(activity: Activity) -> dict:
    """The config a kind works with: the stored one, plus the current `items` for theme kinds
    and the workshop's `language` (ties between labels sort in its alphabet)."""
    if "themes" not in activity.config:
        return activity.config
    return {**activity.config, "items": theme_items(activity), "language": activity.workshop.language}


# --- participant side ----------------------------------------------------------------------


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


# --- moderation, votes and chaining (collecting kinds) -----------------------------------------


def entry_for_facilitator(session: Session, facilitator_id: int, entry_id, role: str = team.OWNER) -> Response:
    """An idea or question, if this facilitator has at least `role` in its workshop's team."""
    entry = session.get(Response, entry_id) if valid_id(entry_id) else None
    if entry is None or entry.slot == 0:
        raise NotFound(N_("There is no such idea or question."))
    activity_for_facilitator(session, facilitator_id, entry.activity_id, role)
    return entry


def moderate(session: Session, entry: Response, status) -> Response:
    """Show ("visible") or hide ("hidden") an entry. Approving a held one is showing it."""
    if status not in ("visible", "hidden"):
        raise InvalidInput(N_("Show or hide: the status must be “visible” or “hidden”."))
    entry.status = status
    return entry


def mark_answered(session: Session, entry: Response, answered) -> Response:
    if not isinstance(answered, bool):
        raise InvalidInput(N_("Say whether the question is answered (true or false)."))
    entry.answered = answered
    if answered:
        entry.highlighted = False
    return entry


def highlight(session: Session, entry: Response, highlighted) -> Response:
    """Show one question large on the screen; at most one per activity is highlighted."""
    if not isinstance(highlighted, bool):
        raise InvalidInput(N_("Say whether the question is highlighted (true or false)."))
    if highlighted:
        for other in session.scalars(
            select(Response).where(Response.activity_id == entry.activity_id, Response.highlighted)
        ):
            other.highlighted = False
    entry.highlighted = highlighted
    return entry


MAX_PROMOTE_GROUPS = 40


def promote_entries(session: Session, activity: Activity, groups) -> list[Theme]:
    """Turn ideas into workshop themes: each group of idea ids (duplicates merged) becomes one
    theme with the given title. The theme records where it came from."""
    if activity.kind != "ideas":
        raise InvalidInput(N_("Only ideas can become themes."))
    if not isinstance(groups, list) or not 1 <= len(groups) <= MAX_PROMOTE_GROUPS:
        raise InvalidInput(N_("Choose the ideas to turn into themes."))
    created = []
    for group in groups:
        ids = group.get("entry_ids") if isinstance(group, dict) else None
        if not isinstance(ids, list) or not ids or not all(valid_id(i) for i in ids):
            raise InvalidInput(N_("Choose the ideas to turn into themes."))
        entries = list(
            session.scalars(
                select(Response).where(
                    Response.id.in_(ids),
                    Response.activity_id == activity.id,
                    Response.slot > 0,
                    Response.status == "visible",  # never what moderation holds back
                )
            )
        )
        if len(entries) != len(set(ids)):
            raise NotFound(N_("There is no such idea or question."))
        title = group.get("title") or entries[0].answer["text"]
        if not isinstance(title, str):
            raise InvalidInput(N_("%(field)s must be a text."), field=N_("Theme"))
        theme = add_theme(session, activity.workshop, title[:MAX_THEME_TITLE_LENGTH])
        theme.source = {
            "activity_id": activity.id,
            "entry_ids": sorted(e.id for e in entries),
            "texts": [e.answer["text"] for e in sorted(entries, key=lambda e: e.id)],
            "participants": len({e.participant_id for e in entries}),
        }
        created.append(theme)
    session.flush()
    return created


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
    from .embedding import parse_origins

    origins = parse_origins(raw)
    workshop.embed_origins = origins
    return origins


def set_accent_color(session: Session, workshop: Workshop, raw) -> str | None:
    """Set the workshop's accent colour ("#rrggbb", checked against white; empty: the default)."""
    from .branding import parse_accent

    workshop.accent_color = parse_accent(raw)
    return workshop.accent_color


def set_logo(session: Session, workshop: Workshop, data: bytes | None) -> str | None:
    """Store a checked PNG/SVG logo (facilitation/branding.py), or remove it with None. Returns
    the logo's version (a short hash of its bytes, part of its address so browsers fetch a new one)."""
    from .branding import check_logo

    if data is None:
        workshop.logo_data = workshop.logo_type = workshop.logo_version = None
        return None
    stored, content_type = check_logo(data)
    workshop.logo_data = stored
    workshop.logo_type = content_type
    workshop.logo_version = hashlib.sha256(stored).hexdigest()[:16]
    return workshop.logo_version


# --- reading -------------------------------------------------------------------------------


def response_count(session: Session, activity_id: int) -> int:
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
        rows = session.execute(
            select(Response.id, Response.participant_id, Response.answer, Participant.segments)
            .join(Participant, Participant.id == Response.participant_id)
            .where(Response.activity_id == activity.id)
        ).all()
        tally = kind.tally(config, [answer for _, _, answer, _ in rows])
        definitions = activity.workshop.segments or []
        if any(s["question"] == activity.split_by for s in definitions):
            tally["split"] = split_results(kind, config, definitions, activity.split_by, rows)
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
    entries = [
        {
            "id": entry.id,
            "text": entry.answer["text"],
            "status": entry.status,
            "votes": count,
            "answered": entry.answered,
            "highlighted": entry.highlighted,
        }
        for entry, count in rows
    ]
    return kind.tally(config, entries)


def split_results(kind, config: dict, definitions: list[dict], question: str, rows) -> dict:
    """The activity's results split by `question` under the disclosure rule (segments.split,
    docs/aggregation.md); `rows` are (response id, participant id, answer, participant's
    segment answers). The one place the live view, the report and the exports split results."""
    entries = [{"participant": participant_id, "order": response_id, "segments": answers_of_participant,
                "answer": answer} for response_id, participant_id, answer, answers_of_participant in rows]
    return segments.split(definitions, question, entries, lambda answers: kind.tally(config, answers),
                          segments.MIN_GROUP_SIZE, getattr(kind, "answered_themes", None),
                          getattr(kind, "answer_for_themes", None))


def timer_remaining(activity: Activity, now=None) -> float | None:
    """Seconds left on the activity's countdown, or None without one."""
    if activity.timer_ends_at is None:
        return None
    return max(0.0, (activity.timer_ends_at - (now or utcnow())).total_seconds())


def public_activity(activity: Activity) -> dict:
    """What phones may know about an activity (no results)."""
    kind = get_kind(activity.kind)
    return {
        "id": activity.id,
        "kind": activity.kind,
        "prompt": activity.prompt,
        "config": kind.public_config(resolved_config(activity)),
        "state": activity.state,
        "results_revealed": activity.results_revealed,
        # Q&A shows its questions to the room all along (they are there to be voted on).
        "results_live": getattr(kind, "LIVE_TO_PHONES", False),
        # Seconds, not a clock time: phones count down from when they got it, whatever their clock.
        "timer_remaining": timer_remaining(activity),
        "timer_closes": activity.timer_closes,
    }


def phones_see_results(activity: Activity) -> bool:
    """Phones get an activity's results once revealed, or all along for Q&A (to vote on)."""
    return activity.results_revealed or getattr(get_kind(activity.kind), "LIVE_TO_PHONES", False)


def staff_activity(session: Session, activity: Activity) -> dict:
    """What the dashboard knows about an activity: everything, with its results."""
    return {
        **public_activity(activity),
        "config": resolved_config(activity),
        "notes": activity.notes,
        "position": activity.position,
        "version": activity_version(activity),
        "split_by": activity.split_by,
        "results": results(session, activity),
    }


def phone_state(session: Session, workshop: Workshop) -> dict:
    """The part of a phone's view that is the same for every phone: the pace, the presented
    activity, the open activities when self-paced, and the results phones may see."""
    presented = presented_activity(workshop)
    self_paced = workshop.pace == "self_paced"
    listed = [a for a in workshop.activities if a.state == "open"] if self_paced else []
    shown = {a.id: a for a in ([presented] if presented else []) + listed}
    return {
        "pace": workshop.pace,
        # Phones show a link to the participants' results page while it is published.
        "results_published": workshop.results_published,
        "activity": public_activity(presented) if presented else None,
        "activities": [public_activity(a) for a in listed],
        "results": {
            str(a.id): phone_results(get_kind(a.kind), a.config, results(session, a))
            for a in shown.values()
            if phones_see_results(a)
        },
    }


def phone_view(session: Session, participant: Participant, state: dict | None = None) -> dict:
    """Everything a participant's phone shows now: the shared phone state (`state`, when the
    caller keeps it; else read now), plus the participant's own answers, entries (ideas,
    questions) and votes."""
    workshop = session.get(Workshop, participant.workshop_id)
    answers, entries = {}, {}
    for activity_id, slot, entry in session.execute(
        select(Response.activity_id, Response.slot, Response).where(
            Response.participant_id == participant.id
        )
    ):
        if slot == 0:
            answers[str(activity_id)] = entry.answer
        else:
            entries.setdefault(str(activity_id), []).append(own_entry(entry))
    upvoted = session.scalars(select(Upvote.response_id).where(Upvote.participant_id == participant.id))
    return {
        **(state if state is not None else phone_state(session, workshop)),
        "workshop": {"title": workshop.title, "code": workshop.join_code, "language": workshop.language},
        "answers": answers,
        "entries": {key: sorted(value, key=lambda e: e["id"]) for key, value in entries.items()},
        "upvoted": sorted(upvoted),
        # Phones that shuffle themes do it with this seed, so a reload keeps the same order.
        "seed": int(participant.public_id[:8], 16),
    }


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


def staff_view(session: Session, workshop: Workshop) -> dict:
    """Everything the dashboard shows: the agenda with every activity's results, and the resets
    that can still be undone (`undo_reset`, so every dashboard offers the undo)."""
    undoable = undoable_resets(session, workshop)
    return {
        "workshop": {
            "id": workshop.id,
            "title": workshop.title,
            "code": workshop.join_code,
            "language": workshop.language,
            "presented_activity_id": workshop.presented_activity_id,
            "pace": workshop.pace,
            "segments": workshop.segments or [],
            "blocked_words": workshop.blocked_words or [],
            "results_published": workshop.results_published,
        },
        "activities": [{**staff_activity(session, a), "undo_reset": undoable.get(a.id)} for a in workshop.activities],
        "themes": [
            {"id": t.id, "title": t.title, "description": t.description, "source": t.source,
             "version": theme_version(t)}
            for t in workshop.themes
        ],
        "joined": joined_count(session, workshop.id),
        "room": room.room_view(session, workshop),
    }


def screen_view(view: dict) -> dict:
    """What the screen shows, derived from a dashboard's `staff_view` without computing any
    tally again: no blocked words, no theme sources (participants' texts), and results without
    what moderation holds back."""
    return {
        **{k: v for k, v in view.items() if k != "room"},
        "workshop": {k: v for k, v in view["workshop"].items() if k != "blocked_words"},
        "activities": [
            {**{k: v for k, v in a.items() if k not in ("notes", "undo_reset")},
             "results": screen_results(get_kind(a["kind"]), a["results"], a["results_revealed"] or a["results_live"])}
            for a in view["activities"]
        ],
        "themes": [{k: v for k, v in t.items() if k != "source"} for t in view["themes"]],
    }


def screen_results(kind, tally: dict, shown: bool) -> dict:
    """What a screen receives of a tally: what the room may see once the results are shown;
    before that only how many answered, so a screen link read off the projector PC learns no
    result early."""
    if shown:
        return public_results(kind, tally)
    return {"responses": tally.get("responses", 0)}


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


# Storing answers and votes lives in its own module, which uses this one's validators; imported
# last so that both can be read as one domain.
from .answers import own_entry, respond, upvote  # noqa: E402, F401

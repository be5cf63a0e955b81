"""Ideas and questions (the collecting kinds' entries) as the facilitator handles them:
moderation, answered, highlighted, and ideas promoted to workshop themes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InvalidInput, N_, NotFound
from ..kinds import get_kind
from ..models import Activity, Response, Theme
from .themes import add_theme
from .validators import MAX_THEME_TITLE_LENGTH, valid_id

def moderate(session: Session, entry: Response, status) -> Response:
    """Show ("visible") or hide ("hidden") an entry. Approving a held one is showing it."""
    if status not in ("visible", "hidden"):
        raise InvalidInput(N_("Show or hide: the status must be “visible” or “hidden”."))
    entry.status = status
    return entry


def mark_answered(session: Session, entry: Response, answered) -> Response:
    """Mark a question answered (True) or not (False); an answered question is no longer highlighted."""
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
    if not get_kind(activity.kind).TRAITS["promotes"]:
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


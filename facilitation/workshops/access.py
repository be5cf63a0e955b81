"""Who may act on what: the one gate every facilitator action passes (directly, or through the
activity, theme and entry lookups here), by the facilitator's role in the workshop's team."""

from __future__ import annotations

from sqlalchemy.orm import Session

from .. import team
from ..errors import Forbidden, N_, NotFound
from ..models import Activity, Response, Theme, Workshop
from .validators import valid_id

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


def theme_for_facilitator(session: Session, facilitator_id: int, theme_id, role: str = team.OWNER) -> Theme:
    """Return the theme if this facilitator has at least `role` in its workshop's team (see
    workshop_for_facilitator)."""
    theme = session.get(Theme, theme_id) if valid_id(theme_id) else None
    if theme is None:
        raise NotFound(N_("There is no such theme."))
    workshop_for_facilitator(session, facilitator_id, theme.workshop_id, role)
    return theme


def entry_for_facilitator(session: Session, facilitator_id: int, entry_id, role: str = team.OWNER) -> Response:
    """An idea or question, if this facilitator has at least `role` in its workshop's team."""
    entry = session.get(Response, entry_id) if valid_id(entry_id) else None
    if entry is None or entry.slot == 0:
        raise NotFound(N_("There is no such idea or question."))
    activity_for_facilitator(session, facilitator_id, entry.activity_id, role)
    return entry


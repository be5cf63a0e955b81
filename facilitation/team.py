"""A workshop's team: who may do what in which workshop, invitations, and the moderation record.
Flask-free.

Roles, least first (models.TEAM_ROLES): a moderator moderates ideas and questions from the
dashboard; a co-facilitator also runs and edits the agenda and takes the exports; the owner also
shares the workshop and deletes it. `workshops.workshop_for_facilitator` asks `role_of` and
`at_least`; nothing else decides.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .accounts import _hash_token, normalise_email
from .errors import Conflict, InvalidInput, N_, NotFound
from .models import TEAM_ROLES, Facilitator, Invitation, ModerationEvent, Workshop, WorkshopMember, utcnow

MODERATOR, CO_FACILITATOR, OWNER = TEAM_ROLES
INVITATION_DAYS = 7
MAX_MEMBERS = 50

ROLE_NAMES = {MODERATOR: N_("Moderator"), CO_FACILITATOR: N_("Co-facilitator"), OWNER: N_("Owner")}


def at_least(role: str | None, least: str) -> bool:
    """True when `role` may do what `least` may (owner ⊇ co-facilitator ⊇ moderator)."""
    return role in TEAM_ROLES and TEAM_ROLES.index(role) >= TEAM_ROLES.index(least)


def role_of(session: Session, facilitator_id: int | None, workshop_id: int) -> str | None:
    """The facilitator's role in the workshop, or None when they are not in its team (or their
    account is disabled)."""
    if facilitator_id is None:
        return None
    return session.scalar(
        select(WorkshopMember.role)
        .join(Facilitator, Facilitator.id == WorkshopMember.facilitator_id)
        .where(WorkshopMember.workshop_id == workshop_id, WorkshopMember.facilitator_id == facilitator_id,
               Facilitator.disabled.is_(False))
    )


def add_member(session: Session, workshop: Workshop, facilitator_id: int, role: str) -> WorkshopMember:
    """Put a facilitator in the workshop's team with `role`; one already in it gets the higher
    of their role and `role` (accepting an invitation never demotes anyone)."""
    _check_role(role)
    member = session.scalar(select(WorkshopMember).where(
        WorkshopMember.workshop_id == workshop.id, WorkshopMember.facilitator_id == facilitator_id))
    if member is None:
        if len(members(session, workshop)) >= MAX_MEMBERS:
            raise Conflict(N_("A workshop can have at most %(max)d people in its team."), max=MAX_MEMBERS)
        member = WorkshopMember(workshop_id=workshop.id, facilitator_id=facilitator_id, role=role)
        session.add(member)
    elif not at_least(member.role, role):
        member.role = role
    session.flush()
    return member


def members(session: Session, workshop: Workshop) -> list[WorkshopMember]:
    """The workshop's team: owners first, then co-facilitators, then moderators; by email within."""
    rows = session.scalars(select(WorkshopMember).join(Facilitator, Facilitator.id == WorkshopMember.facilitator_id)
                           .where(WorkshopMember.workshop_id == workshop.id).order_by(Facilitator.email))
    return sorted(rows, key=lambda member: -TEAM_ROLES.index(member.role))


def _check_role(role) -> None:
    if role not in TEAM_ROLES:
        raise InvalidInput(N_("Choose a role: owner, co-facilitator or moderator."))


def _member(session: Session, workshop: Workshop, member_id) -> WorkshopMember:
    member = session.get(WorkshopMember, member_id) if isinstance(member_id, int) else None
    if member is None or member.workshop_id != workshop.id:
        raise NotFound(N_("This person is not in the workshop's team."))
    return member


def _owners(session: Session, workshop: Workshop) -> int:
    return session.scalar(select(func.count(WorkshopMember.id)).where(
        WorkshopMember.workshop_id == workshop.id, WorkshopMember.role == OWNER))


def change_role(session: Session, workshop: Workshop, member_id, role) -> WorkshopMember:
    """Give a team member another role; the last owner stays an owner (someone must be able to
    share and delete the workshop). Returns the member."""
    _check_role(role)
    member = _member(session, workshop, member_id)
    if member.role == OWNER and role != OWNER and _owners(session, workshop) <= 1:
        raise Conflict(N_("A workshop needs an owner. Make someone else an owner first."))
    member.role = role
    session.flush()
    return member


def remove_member(session: Session, workshop: Workshop, member_id) -> int:
    """Take someone out of the workshop's team; returns their facilitator id (the web layer ends
    their open dashboards). The last owner cannot be removed."""
    member = _member(session, workshop, member_id)
    if member.role == OWNER and _owners(session, workshop) <= 1:
        raise Conflict(N_("A workshop needs an owner. Make someone else an owner first."))
    facilitator_id = member.facilitator_id
    session.delete(member)
    session.flush()
    return facilitator_id


# --- invitations ---------------------------------------------------------------------------


def invite(session: Session, invited_by: Facilitator, email, *, workshop: Workshop | None = None,
           role=None, facilitator: Facilitator | None = None) -> str:
    """Make a one-time invitation link's secret (shown once; only its hash is kept), valid for
    INVITATION_DAYS: to the workshop's team in `role`, to the server (no workshop), or, with
    `facilitator`, to set that account's password anew."""
    email = normalise_email(email)
    if workshop is not None:
        _check_role(role)
    token = secrets.token_urlsafe(24)
    session.add(Invitation(
        workshop_id=workshop.id if workshop else None, role=role if workshop else None, email=email,
        facilitator_id=facilitator.id if facilitator else None, invited_by_id=invited_by.id,
        token_hash=_hash_token(token), expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
    ))
    session.flush()
    return token


def invitation_for(session: Session, token) -> Invitation:
    """The unused, unexpired invitation with this secret; else NotFound."""
    invitation = None
    if isinstance(token, str) and len(token) <= 100:
        invitation = session.scalar(select(Invitation).where(Invitation.token_hash == _hash_token(token)))
    if invitation is None or invitation.used_at is not None or invitation.expires_at < utcnow():
        raise NotFound(N_("This invitation has expired or was used already. Ask for a new one."))
    return invitation


def accept(session: Session, invitation: Invitation, facilitator: Facilitator) -> Workshop | None:
    """Use the invitation up for `facilitator`: they join its workshop's team (returned), or,
    for a server invitation, nothing more than the account they already made."""
    invitation.used_at = utcnow()
    if invitation.workshop_id is None:
        return None
    workshop = session.get(Workshop, invitation.workshop_id)
    add_member(session, workshop, facilitator.id, invitation.role)
    return workshop


def pending_invitations(session: Session, workshop: Workshop) -> list[Invitation]:
    """The workshop's invitations not yet used and not expired, oldest first."""
    return list(session.scalars(select(Invitation).where(
        Invitation.workshop_id == workshop.id, Invitation.used_at.is_(None), Invitation.expires_at > utcnow(),
    ).order_by(Invitation.id)))


def withdraw_invitation(session: Session, workshop: Workshop, invitation_id) -> None:
    """Make an invitation's link stop working."""
    session.execute(delete(Invitation).where(Invitation.id == invitation_id, Invitation.workshop_id == workshop.id))


# --- the moderation record -----------------------------------------------------------------

MODERATION_ACTIONS = ("shown", "hidden", "approved", "answered", "unanswered", "highlighted",
                      "unhighlighted", "merged", "promoted")


def record(session: Session, facilitator_id: int | None, workshop_id: int, activity_id: int,
           entry_id: int | None, action: str) -> None:
    """Write down who did what to an idea or question (staff-only; see moderation_log)."""
    assert action in MODERATION_ACTIONS, action
    facilitator = session.get(Facilitator, facilitator_id) if facilitator_id else None
    session.add(ModerationEvent(workshop_id=workshop_id, activity_id=activity_id, entry_id=entry_id,
                                facilitator_id=facilitator_id,
                                facilitator_email=facilitator.email if facilitator else "",
                                action=action))


def moderation_log(session: Session, workshop_id: int) -> list[ModerationEvent]:
    """Everything done to the workshop's ideas and questions, oldest first."""
    return list(session.scalars(select(ModerationEvent).where(ModerationEvent.workshop_id == workshop_id)
                                .order_by(ModerationEvent.id)))

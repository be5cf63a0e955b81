"""A workshop's team on the web: the owner invites colleagues by a one-time link, changes their
roles and takes them out (their open dashboards end at once); a colleague accepts the link with
a new account or the one they have. The rules live in facilitation/team.py.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_user

from .. import accounts, team
from ..errors import DomainError
from ..models import Facilitator, Workshop, utcnow
from .common import OWNER, PUBLIC, database, public_base_url, requires, team_workshop, translate

bp = Blueprint("team", __name__)


def _form_id(name: str) -> int | None:
    value = request.form.get(name, "")
    return int(value) if value.isdecimal() and len(value) < 18 else None


def _team_page(workshop_id: int, *, link: str | None = None, error: str | None = None, status: int = 200):
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        members = [(m, m.facilitator) for m in team.members(db, workshop)]
        invitations = team.pending_invitations(db, workshop)
    return render_template("facilitator/team.html", workshop=workshop, members=members, invitations=invitations,
                           roles=team.ROLE_NAMES, link=link, error=error, me=current_user.id,
                           done=request.args.get("done")), status


@bp.get("/workshops/<int:workshop_id>/team")
@requires(OWNER)
def team_page(workshop_id: int):
    """Who is in the workshop's team and in which role; invitations not yet used."""
    return _team_page(workshop_id)


@bp.post("/workshops/<int:workshop_id>/team/invite")
@requires(OWNER)
def invite(workshop_id: int):
    """Make a one-time invitation link for an email address and a role; it is shown once, for
    the owner to pass on (a self-hosted server may have no mail)."""
    try:
        with database().transaction() as db:
            workshop = team_workshop(db, workshop_id)
            token = team.invite(db, db.get(Facilitator, current_user.id), request.form.get("email"),
                                workshop=workshop, role=request.form.get("role"))
    except DomainError as error:
        return _team_page(workshop_id, error=translate(error), status=error.status)
    return _team_page(workshop_id, link=f"{public_base_url()}{url_for('team.accept', token=token)}")


@bp.post("/workshops/<int:workshop_id>/team/members/<int:member_id>/role")
@requires(OWNER)
def change_role(workshop_id: int, member_id: int):
    """Give a member another role; their open dashboards reconnect under it."""
    try:
        with database().transaction() as db:
            member = team.change_role(db, team_workshop(db, workshop_id), member_id, request.form.get("role"))
            facilitator_id = member.facilitator_id
    except DomainError as error:
        return _team_page(workshop_id, error=translate(error), status=error.status)
    from .events import disconnect_member

    disconnect_member(workshop_id, facilitator_id)
    return redirect(url_for("team.team_page", workshop_id=workshop_id, done="role"))


@bp.post("/workshops/<int:workshop_id>/team/members/<int:member_id>/remove")
@requires(OWNER)
def remove_member(workshop_id: int, member_id: int):
    """Take someone out of the team: their open dashboards and screens of this workshop are
    disconnected at once, and every request of theirs is refused from now on."""
    try:
        with database().transaction() as db:
            facilitator_id = team.remove_member(db, team_workshop(db, workshop_id), member_id)
    except DomainError as error:
        return _team_page(workshop_id, error=translate(error), status=error.status)
    from .events import disconnect_member

    disconnect_member(workshop_id, facilitator_id)
    if facilitator_id == current_user.id:
        return redirect(url_for("facilitator.workshop_list"))
    return redirect(url_for("team.team_page", workshop_id=workshop_id, done="removed"))


@bp.post("/workshops/<int:workshop_id>/team/invitations/<int:invitation_id>/withdraw")
@requires(OWNER)
def withdraw(workshop_id: int, invitation_id: int):
    """Make an invitation link stop working."""
    with database().transaction() as db:
        team.withdraw_invitation(db, team_workshop(db, workshop_id), invitation_id)
    return redirect(url_for("team.team_page", workshop_id=workshop_id, done="withdrawn"))


# --- accepting an invitation --------------------------------------------------------------


def _accept_page(token: str, error: str | None = None, status: int = 200):
    with database().reading() as db:
        try:
            invitation = team.invitation_for(db, token)
        except DomainError as caught:
            return render_template("error.html", message=translate(caught)), caught.status
        workshop = invitation.workshop_id and db.get(Workshop, invitation.workshop_id)
        has_account = accounts.find_facilitator(db, invitation.email) is not None
    return render_template("facilitator/invitation.html", invitation=invitation, workshop=workshop,
                           role_name=gettext(team.ROLE_NAMES[invitation.role]) if invitation.role else None,
                           has_account=has_account, token=token, error=error,
                           min_password=accounts.MIN_PASSWORD_LENGTH), status


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@requires(PUBLIC)
def accept(token: str):
    """An invitation link. A logged-in facilitator joins the team with their account; anyone
    else makes an account for the invited address with a name and password (or logs in first,
    if that address has one). A password-reset link sets the account's password."""
    if request.method == "GET":
        return _accept_page(token)
    try:
        with database().transaction() as db:
            invitation = team.invitation_for(db, token)
            if invitation.facilitator_id is not None:  # a new password, from an admin
                facilitator = db.get(Facilitator, invitation.facilitator_id)
                accounts.set_password(db, facilitator, request.form.get("password"))
                invitation.used_at = utcnow()
            elif current_user.is_authenticated:
                facilitator = db.get(Facilitator, current_user.id)
            else:
                facilitator = accounts.create_facilitator(db, invitation.email, request.form.get("password"),
                                                          request.form.get("name", ""))
            workshop = team.accept(db, invitation, facilitator)
            workshop_id = workshop.id if workshop else None
            # A new account, or a new password (which ended every session): log in here.
            log_in = not current_user.is_authenticated or invitation.facilitator_id is not None
            if log_in:
                accounts.start_session(db, facilitator)
    except DomainError as error:
        return _accept_page(token, translate(error), error.status)
    if log_in:
        login_user(facilitator)
    if workshop_id is not None:
        return redirect(url_for("facilitator.dashboard", workshop_id=workshop_id))
    return redirect(url_for("facilitator.workshop_list"))

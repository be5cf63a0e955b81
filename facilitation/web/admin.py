"""The server's admin (the first account, or one made with `flask create-facilitator --admin`):
invite facilitators to the server, disable and enable accounts, and reset a password by issuing
a new one-time link. Every route needs the "admin" level (common.requires)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from .. import accounts, team
from ..errors import Conflict, DomainError, N_, NotFound
from ..models import Facilitator
from .common import ADMIN, database, public_base_url, requires, translate

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page(link: str | None = None, link_for: str | None = None, error: str | None = None, status: int = 200):
    with database().reading() as db:
        people = accounts.all_facilitators(db)
    return render_template("facilitator/admin.html", people=people, link=link, link_for=link_for, error=error,
                           me=current_user.id, done=request.args.get("done")), status


@bp.get("/facilitators")
@requires(ADMIN)
def facilitators():
    """Every account on the server, with what the admin can do to it."""
    return _page()


@bp.post("/facilitators/invite")
@requires(ADMIN)
def invite():
    """A one-time link (7 days) for a new facilitator to make their account; shown once."""
    email = request.form.get("email")
    try:
        with database().transaction() as db:
            if accounts.find_facilitator(db, email) is not None:
                raise Conflict(N_("A facilitator with that email already exists."))
            token = team.invite(db, db.get(Facilitator, current_user.id), email)
    except DomainError as error:
        return _page(error=translate(error), status=error.status)
    return _page(link=f"{public_base_url()}{url_for('team.accept', token=token)}", link_for=email.strip().lower())


@bp.post("/facilitators/<int:facilitator_id>/<any(disable, enable):action>")
@requires(ADMIN)
def disable(facilitator_id: int, action: str):
    """Disable an account (its sessions end, its open dashboards close, its API tokens stop
    working), or enable it again."""
    try:
        with database().transaction() as db:
            accounts.set_disabled(db, db.get(Facilitator, current_user.id), facilitator_id, action == "disable")
    except DomainError as error:
        return _page(error=translate(error), status=error.status)
    if action == "disable":
        from .facilitator import _disconnect_facilitator

        _disconnect_facilitator(facilitator_id)
    return redirect(url_for("admin.facilitators", done=action))


@bp.post("/facilitators/<int:facilitator_id>/reset")
@requires(ADMIN)
def reset(facilitator_id: int):
    """A one-time link (7 days) with which the account's owner sets a new password; shown once.
    The old password keeps working until the link is used."""
    try:
        with database().transaction() as db:
            facilitator = db.get(Facilitator, facilitator_id)
            if facilitator is None:
                raise NotFound(N_("There is no such account."))
            token = team.invite(db, db.get(Facilitator, current_user.id), facilitator.email, facilitator=facilitator)
            email = facilitator.email
    except DomainError as error:
        return _page(error=translate(error), status=error.status)
    return _page(link=f"{public_base_url()}{url_for('team.accept', token=token)}", link_for=email)

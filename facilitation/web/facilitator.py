"""Facilitator pages: log in, list and create workshops, the dashboard, and the activity editor.

Live actions on the dashboard (open, close, present, reveal) go through the JSON API in api.py,
the same one scripts use.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user

from .. import accounts, team, workshops
from ..errors import DomainError
from ..kinds import KINDS, get_kind
from ..models import Facilitator
from .common import (
    ACCOUNT,
    CO_FACILITATOR,
    MODERATOR,
    OWNER,
    PUBLIC,
    requires,
    team_activity,
    team_theme,
    team_workshop,
    client_address,
    database,
    live,
    public_base_url,
    reachable_from_phones,
    rate_limit,
    safe_next,
    translate,
)

bp = Blueprint("facilitator", __name__)


@bp.route("/setup", methods=["GET", "POST"])
@requires(PUBLIC)
def setup():
    """The first run: while the server has no account, anyone who reaches it makes the first
    one (a server admin) here, instead of on the command line. Afterwards: 404."""
    with database().reading() as db:
        if accounts.facilitator_count(db):
            abort(404)
    if request.method == "GET":
        return render_template("facilitator/setup.html", error=None, min_password=accounts.MIN_PASSWORD_LENGTH)
    try:
        with database().transaction() as db:
            if accounts.facilitator_count(db):
                abort(404)
            facilitator = accounts.create_facilitator(db, request.form.get("email"), request.form.get("password"),
                                                      request.form.get("name", ""), admin=True)
            accounts.start_session(db, facilitator)
    except DomainError as error:
        return render_template("facilitator/setup.html", error=translate(error),
                               min_password=accounts.MIN_PASSWORD_LENGTH), error.status
    login_user(facilitator)
    return redirect(url_for("facilitator.workshop_list"))


@bp.route("/login", methods=["GET", "POST"])
@requires(PUBLIC)
def login():
    """Email and password login; on a server without accounts, the first-run page instead."""
    if request.method == "GET":
        with database().reading() as db:
            if not accounts.facilitator_count(db):
                return redirect(url_for("facilitator.setup"))
        return render_template("facilitator/login.html", error=None)
    email = request.form.get("email")
    try:
        # Slow down password guessing from one address, whatever the account.
        rate_limit("login_address", client_address())
    except DomainError as error:
        return render_template("facilitator/login.html", error=translate(error)), error.status
    with database().transaction() as db:
        facilitator = accounts.authenticate(db, email, request.form.get("password"))
        if facilitator is not None:
            accounts.start_session(db, facilitator)
    if facilitator is None:
        # Only failures count against the account, so guessing from many addresses is slowed
        # down while the right password still gets its owner in.
        try:
            rate_limit("login_account", str(email).strip().lower()[:254])
        except DomainError as error:
            return render_template("facilitator/login.html", error=translate(error)), error.status
        return render_template(
            "facilitator/login.html", error=gettext("Wrong email or password.")
        ), 401
    login_user(facilitator)
    return redirect(safe_next(request.args.get("next"), url_for("facilitator.workshop_list")))


@bp.get("/login/<token>")
@requires(PUBLIC)
def login_link(token: str):
    """A one-time login link, as printed by `make run` and `flask login-link`."""
    with database().transaction() as db:
        facilitator = accounts.redeem_login_token(db, token)
        if facilitator is not None:
            accounts.start_session(db, facilitator)
    if facilitator is None:
        return render_template(
            "facilitator/login.html",
            error=gettext("This login link has expired or was used already. Log in with your password, or print a new link with: flask login-link"),
        ), 401
    login_user(facilitator)
    return redirect(url_for("facilitator.workshop_list"))


@bp.post("/logout")
@requires(PUBLIC)
def logout():
    """End this browser's session on the server, so a copy of its cookie stops working too
    (other browsers stay logged in; see sign_out_everywhere)."""
    if current_user.is_authenticated:
        with database().transaction() as db:
            accounts.end_session(db, current_user.get_id())
    logout_user()
    return redirect(url_for("facilitator.login"))


@bp.get("/account")
@requires(ACCOUNT)
def account():
    """The facilitator's account: who is logged in, a new password, their API tokens, and
    signing out everywhere."""
    return _account_page()


def _account_page(error: str | None = None, status: int = 200):
    from ..models import utcnow

    with database().reading() as db:
        tokens = accounts.api_tokens(db, db.get(Facilitator, current_user.id))
    return render_template("facilitator/account.html", tokens=tokens, now=utcnow(),
                           revoked=request.args.get("revoked"), password_changed=request.args.get("password"),
                           error=error, min_password=accounts.MIN_PASSWORD_LENGTH), status


@bp.post("/account/api-tokens/<int:token_id>/revoke")
@requires(ACCOUNT)
def revoke_api_token(token_id: int):
    """End one of the facilitator's API tokens at once (as `flask revoke-api-token`)."""
    with database().transaction() as db:
        accounts.revoke_api_token(db, db.get(Facilitator, current_user.id), token_id)
    return redirect(url_for("facilitator.account", revoked=token_id))


@bp.post("/account/password")
@requires(ACCOUNT)
def change_password():
    """A new password, given the current one: every other session of the account ends (and its
    open dashboards close); this browser stays logged in."""
    facilitator_id = current_user.id
    try:
        with database().transaction() as db:
            facilitator = db.get(Facilitator, facilitator_id)
            accounts.change_password(db, facilitator, request.form.get("current_password"),
                                     request.form.get("new_password"))
            accounts.start_session(db, facilitator)
    except DomainError as error:
        return _account_page(error=translate(error), status=error.status)
    _disconnect_facilitator(facilitator_id)
    login_user(facilitator)
    return redirect(url_for("facilitator.account", password="changed"))


@bp.post("/account/sign-out-everywhere")
@requires(ACCOUNT)
def sign_out_everywhere():
    """End every session of this account, in every browser, including copied cookies."""
    facilitator_id = current_user.id
    with database().transaction() as db:
        accounts.end_all_sessions(db, db.get(Facilitator, facilitator_id))
    logout_user()
    _disconnect_facilitator(facilitator_id)
    return redirect(url_for("facilitator.login", signed_out="everywhere"))


def _disconnect_facilitator(facilitator_id: int) -> None:
    """Close this process's open dashboards and screens of the facilitator: a copied cookie's
    socket must not keep running the room. Their reconnect is checked again (a script with a
    valid API token comes back; a cookie from before is refused)."""
    from .. import socketio

    for sid, connection in list(live().connections.items()):
        if connection.facilitator_id == facilitator_id:
            socketio.server.disconnect(sid, namespace="/")


@bp.get("/workshops")
@requires(ACCOUNT)
def workshop_list():
    with database().reading() as db:
        own = workshops.workshops_of(db, current_user.id)
    return render_template("facilitator/workshops.html", workshops=own, error=None, role_names=team.ROLE_NAMES)


@bp.post("/workshops")
@requires(ACCOUNT)
def create_workshop():
    try:
        with database().transaction() as db:
            workshop = workshops.create_workshop(
                db, current_user.id, request.form.get("title"), request.form.get("language", "da")
            )
    except DomainError as error:
        with database().reading() as db:
            own = workshops.workshops_of(db, current_user.id)
        return render_template(
            "facilitator/workshops.html", workshops=own, error=translate(error), role_names=team.ROLE_NAMES
        ), 400
    return redirect(url_for("facilitator.dashboard", workshop_id=workshop.id))


@bp.get("/workshops/<int:workshop_id>")
@requires(MODERATOR)
def dashboard(workshop_id: int):
    """The room's control desk: agenda, the live activity with its results, and the controls."""
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        view = workshops.staff_view(db, workshop)
    view["connected"] = live().connected_participants(workshop_id)
    base = public_base_url()
    return render_template(
        "facilitator/dashboard.html",
        workshop=workshop,
        view=view,
        join_url=f"{base}/j/{workshop.join_code}",
        screen_url=f"{base}{url_for('screen.by_secret', secret=workshop.screen_secret)}",
        phones_can_reach=reachable_from_phones(base),
        kinds=KINDS,
    )


@bp.post("/workshops/<int:workshop_id>/screen-link")
@requires(CO_FACILITATOR)
def renew_screen_link(workshop_id: int):
    """Make a new secret screen link; screens using the old one are disconnected."""
    with database().transaction() as db:
        workshop = team_workshop(db, workshop_id)
        workshops.renew_screen_secret(db, workshop)
    from .events import disconnect_link_screens

    disconnect_link_screens(workshop_id)
    return redirect(url_for("facilitator.dashboard", workshop_id=workshop_id))


def _editor(workshop, themes, kind_name, activity=None, error=None, form=None, status=200):
    return render_template(
        "facilitator/activity_form.html",
        workshop=workshop,
        themes=themes,
        kind=get_kind(kind_name),
        activity=activity,
        # A refused stale save keeps the page's old version, so saving again is refused too.
        version=form.get("version") if form else (workshops.activity_version(activity) if activity else None),
        error=error,
        form=form,
    ), status


@bp.route("/workshops/<int:workshop_id>/activities/new", methods=["GET", "POST"])
@requires(CO_FACILITATOR)
def new_activity(workshop_id: int):
    kind_name = request.values.get("kind", "poll")
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        themes = list(workshop.themes)
    kind = get_kind(kind_name)
    if request.method == "GET":
        return _editor(workshop, themes, kind_name)
    try:
        with database().transaction() as db:
            workshops.add_activity(
                db,
                team_workshop(db, workshop_id),
                kind.NAME,
                request.form.get("prompt"),
                kind.config_from_form(request.form),
                request.form.get("notes"),
            )
    except DomainError as error:
        return _editor(workshop, themes, kind_name, error=translate(error), form=request.form, status=400)
    return redirect(url_for("facilitator.dashboard", workshop_id=workshop_id))


@bp.route("/workshops/<int:workshop_id>/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@requires(CO_FACILITATOR)
def edit_activity(workshop_id: int, activity_id: int):
    with database().reading() as db:
        activity = team_activity(db, activity_id)
        workshop = activity.workshop
        themes = list(workshop.themes)
    if workshop.id != workshop_id:
        abort(404)
    kind = get_kind(activity.kind)
    if request.method == "GET":
        return _editor(workshop, themes, activity.kind, activity=activity)
    try:
        with database().transaction() as db:
            workshops.update_activity(
                db,
                team_activity(db, activity_id),
                request.form.get("prompt"),
                kind.config_from_form(request.form),
                version=request.form.get("version"),
                notes=request.form.get("notes", ""),
            )
    except DomainError as error:
        return _editor(
            workshop, themes, activity.kind, activity=activity, error=translate(error),
            form=request.form, status=error.status,
        )
    return redirect(url_for("facilitator.dashboard", workshop_id=workshop_id))


@bp.get("/workshops/<int:workshop_id>/themes")
@requires(CO_FACILITATOR)
def themes(workshop_id: int, error: str | None = None, status: int = 200):
    """The workshop's strategy themes: add, edit, reorder, delete."""
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        theme_list = list(workshop.themes)
    return render_template(
        "facilitator/themes.html", workshop=workshop, themes=theme_list, error=error,
        theme_version=workshops.theme_version,
    ), status


@bp.post("/workshops/<int:workshop_id>/themes")
@requires(CO_FACILITATOR)
def change_themes(workshop_id: int):
    """One form handler for the theme list: add, save, move, delete (field `action`)."""
    action = request.form.get("action", "add")
    try:
        with database().transaction() as db:
            workshop = team_workshop(db, workshop_id)
            if action == "add":
                workshops.add_theme(db, workshop, request.form.get("title"), request.form.get("description", ""))
            else:
                theme_id = request.form.get("theme_id", "")
                theme = team_theme(db, int(theme_id) if theme_id.isdecimal() and len(theme_id) < 18 else None
                )
                if theme.workshop_id != workshop_id:
                    abort(404)
                if action == "save":
                    workshops.update_theme(db, theme, request.form.get("title"), request.form.get("description", ""),
                                           version=request.form.get("version"))
                elif action in ("up", "down"):
                    workshops.move_theme(db, theme, -1 if action == "up" else 1)
                elif action == "delete":
                    workshops.delete_theme(db, theme)
                else:
                    abort(400)
    except DomainError as error:
        return themes(workshop_id, error=translate(error), status=error.status)
    return redirect(url_for("facilitator.themes", workshop_id=workshop_id))


def segments_as_text(segments_list) -> str:
    """The editor's text form of segment questions: "* Question: option, option" per line."""
    return "\n".join(
        ("* " if s["required"] else "") + s["question"] + ": " + ", ".join(s["options"]) for s in segments_list
    )


@bp.route("/workshops/<int:workshop_id>/settings", methods=["GET", "POST"])
@requires(CO_FACILITATOR)
def settings(workshop_id: int):
    """Segment questions asked when joining, and deleting the workshop."""
    from .. import segments

    error, status, text, version = None, 200, None, None
    if request.method == "POST":
        text = request.form.get("segments", "")[:4000]
        version = request.form.get("version")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        required = {line[1:].partition(":")[0].strip() for line in lines if line.startswith("*")}
        raw = segments.segments_from_text("\n".join(line.lstrip("* ").strip() for line in lines), required)
        try:
            with database().transaction() as db:
                workshop = team_workshop(db, workshop_id)
                workshops.set_segments(db, workshop, raw, version=version)
        except DomainError as caught:
            error, status = translate(caught), caught.status
        else:
            return redirect(url_for("facilitator.settings", workshop_id=workshop_id, saved=1))
    return render_settings(workshop_id, status=status, error=error, segments_text=text,
                           version=version if error else None)


def render_settings(workshop_id: int, status: int = 200, **page):
    """The settings page of the current facilitator's workshop; `page` overrides what a refused
    form sent back (its text and error: `error`/`segments_text`, `embed_error`/`embed_text`,
    `branding_error`/`accent_text`)."""
    from flask import current_app

    from .. import branding, embedding, segments

    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
    values = {
        "workshop": workshop,
        "max_segments": segments.MAX_SEGMENTS,
        "max_options": segments.MAX_OPTIONS,
        "segments_text": segments_as_text(workshop.segments or []),
        "version": workshops.segments_version(workshop),
        "error": None,
        "saved": request.args.get("saved"),
        "min_group_size": current_app.config["MIN_GROUP_SIZE"],
        "embed_text": "\n".join(workshop.embed_origins or []),
        "embed_error": None,
        "max_origins": embedding.MAX_ORIGINS,
        "accent_text": workshop.accent_color or "",
        "branding_error": None,
        "max_logo_kb": branding.MAX_LOGO_BYTES // 1024,
    }
    values.update({key: value for key, value in page.items() if value is not None})
    return render_template("facilitator/settings.html", **values), status


@bp.post("/workshops/<int:workshop_id>/delete")
@requires(OWNER)
def delete_workshop(workshop_id: int):
    """Delete the workshop and every response in it."""
    with database().transaction() as db:
        workshops.delete_workshop(db, team_workshop(db, workshop_id))
    from .events import disconnect_workshop

    disconnect_workshop(workshop_id)
    return redirect(url_for("facilitator.workshop_list"))


@bp.get("/workshops/<int:workshop_id>/activities/<int:activity_id>/preview")
@requires(MODERATOR)
def preview(workshop_id: int, activity_id: int):
    """What a phone will show for this activity; nothing is sent from the preview."""
    with database().reading() as db:
        activity = team_activity(db, activity_id)
        if activity.workshop_id != workshop_id:
            abort(404)
        public = workshops.public_activity(activity)
        workshop = activity.workshop
    return render_template("participant/preview.html", workshop=workshop, activity=public)

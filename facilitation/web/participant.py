"""Participant pages: enter a code, join a workshop, and the phone page that follows the room."""

from __future__ import annotations

import hashlib
import secrets
import time

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext
from itsdangerous import BadData, URLSafeTimedSerializer

from .. import public_results, workshops
from ..errors import DomainError, InvalidInput, N_, NotFound
from ..answer_writer import Job
from .common import (PUBLIC, answer_writer, client_address, database, rate_limit, requires, safe_next, translate,
                     workshop_for_code)

bp = Blueprint("participant", __name__)


def participant_key(workshop_id: int) -> str:
    return str(workshop_id)


def current_participant(session_store, workshop_id: int) -> str | None:
    """The participant identity the signed cookie holds for this workshop, if any."""
    return (session_store.get("participants") or {}).get(participant_key(workshop_id))


@bp.get("/")
@requires(PUBLIC)
def enter_code():
    """The landing page: a field for the join code."""
    return render_template("participant/enter_code.html", error=None, code="")


@bp.get("/join")
@requires(PUBLIC)
def join_by_code():
    """The code form submits here; a known code leads to the workshop's join page."""
    code = request.args.get("code", "")
    try:
        with database().reading() as db:
            workshop = workshop_for_code(db, code)
    except DomainError as error:
        return render_template(
            "participant/enter_code.html", error=translate(error), code=code[:20]
        ), error.status
    return redirect(url_for("participant.workshop_page", code=workshop.join_code))


@bp.get("/j/<code>")
@requires(PUBLIC)
def workshop_page(code: str):
    """The join link. Shows the join form the first time, then the phone page."""
    with database().reading() as db:
        workshop = workshop_for_code(db, code)
        g.default_language = workshop.language
        public_id = current_participant(session, workshop.id)
        participant = (
            workshops.participant_by_public_id(db, workshop.id, public_id) if public_id else None
        )
    if workshop.join_code != code:
        return redirect(url_for("participant.workshop_page", code=workshop.join_code))
    if participant is None:
        if workshop.results_published and "join" not in request.args:
            # After the event the join link leads to the results (and on to joining, if open).
            return results_page(code)
        return _join_page(workshop, None)
    return render_template("participant/phone.html", workshop=workshop, participant=participant)


@bp.get("/j/<code>/results")
@requires(PUBLIC)
def results_page(code: str):
    """The participants' results page: read-only, no script; while the facilitator has not
    published it, a page that says so (404)."""
    with database().reading() as db:
        workshop = workshop_for_code(db, code)
        g.default_language = workshop.language
        if not workshop.results_published:
            return render_template("participant/results.html", workshop=workshop, results=None), 404
        # Every phone in the room may open it at once when it is published: the page is built
        # once per RESULTS_PAGE_SECONDS, not once per phone.
        key = (workshop.id, str(get_locale()), workshop.joining_open, workshop.join_code)
        kept = _built_results_pages().get(key)
        if kept is not None and time.monotonic() - kept[0] < current_app.config["RESULTS_PAGE_SECONDS"]:
            return kept[1]
        context = public_results.results_context(db, workshop, gettext)
    page = render_template("participant/results.html", workshop=workshop, results=context)
    _built_results_pages()[key] = (time.monotonic(), page)
    return page


def _built_results_pages() -> dict:
    """The results pages built lately in this process: {(workshop, language, …): (when, html)}."""
    return current_app.extensions.setdefault("built_results_pages", {})


# How long a join form may stay open before it must be loaded again.
JOIN_FORM_MAX_AGE = 6 * 60 * 60


def _join_forms() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="join-form")


def new_join_nonce(workshop_id: int) -> str:
    """A signed, single-use token for one join form of this workshop."""
    return _join_forms().dumps([workshop_id, secrets.token_urlsafe(16)])


def used_join_nonce(workshop_id: int, token) -> str:
    """The stored form of a join form's token (its hash), or InvalidInput when it is missing,
    forged, expired or for another workshop."""
    try:
        signed_workshop, _ = _join_forms().loads(token or "", max_age=JOIN_FORM_MAX_AGE)
    except (BadData, TypeError, ValueError):
        signed_workshop = None
    if signed_workshop != workshop_id:
        raise InvalidInput(N_("The join page was open too long. Try again."))
    return hashlib.sha256(token.encode()).hexdigest()


@bp.post("/j/<code>")
@requires(PUBLIC)
def join(code: str):
    """Join the workshop (optionally with a display name) and remember it in the cookie.

    Each join form carries a single-use token: sending the same form again (a double tap, a
    replayed request) leads to the participant it already made, never to a new one."""
    with database().reading() as db:
        workshop = workshop_for_code(db, code)
    g.default_language = workshop.language
    if current_participant(session, workshop.id) is None or not _still_exists(workshop.id):
        answers = {
            key[len("segment-"):]: value for key, value in request.form.items() if key.startswith("segment-")
        }
        try:
            nonce = used_join_nonce(workshop.id, request.form.get("join_nonce"))
            rate_limit("join_address", client_address())
            participant = _join(workshop, request.form.get("display_name"), answers, nonce)
        except DomainError as error:
            return _join_page(workshop, translate(error), error.status)
        participants = dict(session.get("participants") or {})
        participants[participant_key(workshop.id)] = participant.public_id
        session["participants"] = participants
        session.permanent = True
    return redirect(url_for("participant.workshop_page", code=workshop.join_code))


def _join(workshop, display_name, answers, nonce):
    """workshops.join, committed by the answer writer with whatever else is being stored (300
    people joining at once share a few commits, off the event loop); when the same form arrives
    twice at once, the second finds the participant the first made."""
    workshop_id = workshop.id

    def join_now(db):
        current = db.get(workshops.Workshop, workshop_id)
        if current is None:
            raise NotFound(N_("There is no such workshop."))
        return workshops.join(db, current, display_name, answers, nonce)

    return answer_writer().submit(Job(join_now))


def _join_page(workshop, error, status=200):
    return render_template(
        "participant/join.html", workshop=workshop, error=error, form=request.form,
        min_group_size=current_app.config["MIN_GROUP_SIZE"], join_nonce=new_join_nonce(workshop.id),
    ), status


def _still_exists(workshop_id: int) -> bool:
    with database().reading() as db:
        public_id = current_participant(session, workshop_id)
        return workshops.participant_by_public_id(db, workshop_id, public_id) is not None


@bp.get("/lang/<language>")
@requires(PUBLIC)
def choose_language(language: str):
    """Switch the interface language for this browser, then go back."""
    if language in ("da", "en"):
        session["lang"] = language
    return redirect(safe_next(request.args.get("next"), url_for("participant.enter_code")))


LANGUAGE_NAMES = {"da": N_("Danish"), "en": N_("English")}

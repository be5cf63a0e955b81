"""Socket.IO events (documented in docs/protocol.md).

Every browser opens one connection, saying who it is in the `auth` payload:

- a phone: ``{"role": "participant", "workshop": "<join code>"}``; its identity is the signed
  cookie set when it joined;
- the dashboard: ``{"role": "facilitator", "workshop": <id>}`` with the login cookie, or with
  ``"token": "<API token>"`` for scripts;
- the screen: ``{"role": "screen", "workshop": <id>, "key": "<secret of the screen link>"}``, or
  without a key when the logged-in facilitator opens it.

A refused connection gets a `connect_error` whose data is ``{"code", "message"}``. Every event is
acknowledged with ``{"ok": true, …}`` or ``{"ok": false, "error": {"code", "message"}}``, the
message translated into the connection's language.
"""

from __future__ import annotations

import logging
from functools import partial, wraps

from flask import current_app, request, session
from flask_babel import force_locale, gettext
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from .. import accounts, answers, room, socketio, storage, team, workshops
from ..socket_guard import ThrottledLog
from ..errors import DomainError, Forbidden, InvalidInput, N_, NotFound
from ..live import (FACILITATOR, PARTICIPANT, SCREEN, Connection, facilitators_room, participant_room, phones_room,
                    screens_room)
from .common import database, error_body, live, rate_limit, workshop_for_code
from .participant import current_participant

log = logging.getLogger(__name__)
storage_log = ThrottledLog(log)

ROLES = (PARTICIPANT, FACILITATOR, SCREEN)

# The least role each event needs: its classification, and the gate `handler` applies. "any"
# is every connection that was let in; "participant" a phone; a team role (team.py) a dashboard
# or a facilitator's screen of someone with at least that role. An event missing here is refused
# to everyone, and fails the authorization matrix (tests/test_authorization.py) until classified.
ANY = "any"
EVENT_ROLES = {
    "sync": ANY,
    "respond": PARTICIPANT,
    "upvote": PARTICIPANT,
    "step": team.CO_FACILITATOR,
    "toggle_results": team.CO_FACILITATOR,
    "toggle_landscape": team.CO_FACILITATOR,
}


def _language(default: str) -> str:
    chosen = session.get("lang")
    return chosen if chosen in ("da", "en") else default


def _authenticate(auth) -> tuple[Connection, list[str]]:
    """Decide who is connecting and which rooms they join, or raise a DomainError."""
    if not isinstance(auth, dict) or auth.get("role") not in ROLES:
        raise InvalidInput(N_("Say who is connecting: participant, facilitator or screen."))
    role = auth["role"]
    with database().reading() as db:
        if role == PARTICIPANT:
            workshop = workshop_for_code(db, auth.get("workshop"))
            participant = workshops.participant_by_public_id(
                db, workshop.id, current_participant(session, workshop.id)
            )
            if participant is None:
                raise Forbidden(N_("Join the workshop first: open its link or enter its code."))
            rate_limit("connect_participant", participant.id)
            connection = Connection(role, workshop.id, participant_id=participant.id,
                                    language=_language(workshop.language))
            return connection, [phones_room(workshop.id), participant_room(workshop.id, participant.id)]

        if role == SCREEN and auth.get("key"):
            workshop = workshops.workshop_by_screen_secret(db, auth.get("key"))
            if workshop.id != auth.get("workshop"):
                raise Forbidden(N_("This screen link is for another workshop."))
            connection = Connection(role, workshop.id, language=_language(workshop.language))
            return connection, [screens_room(workshop.id)]

        facilitator_id = None
        if auth.get("token"):
            facilitator = accounts.facilitator_for_api_token(db, auth["token"])
            facilitator_id = facilitator.id if facilitator else None
        elif current_user.is_authenticated:
            facilitator_id = current_user.id
        if facilitator_id is None:
            raise Forbidden(N_("Log in as the workshop's facilitator first."))
        # A dashboard is for the whole team; a screen that steers the room is for those who run it.
        least = team.MODERATOR if role == FACILITATOR else team.CO_FACILITATOR
        workshop = workshops.workshop_for_facilitator(db, facilitator_id, auth.get("workshop"), least)
        connection = Connection(role, workshop.id, facilitator_id=facilitator_id,
                                language=_language(workshop.language), team_role=workshop.team_role)
        room = facilitators_room(workshop.id) if role == FACILITATOR else screens_room(workshop.id)
        return connection, [room]


@socketio.on("connect")
def on_connect(auth=None):
    """Sent by every browser when it connects. Joins the rooms of its role."""
    try:
        connection, rooms = _authenticate(auth)
    except DomainError as error:
        body = error_body(error, _language("da"))
        # The message, and the whole body as the error's data (the browser's error.data).
        raise ConnectionRefusedError(body["message"], body) from None
    for room in rooms:
        join_room(room)
    live().connected(request.sid, connection)
    if connection.role == PARTICIPANT:
        # One participant holds a few connections at most (tabs, a reconnect before the old
        # connection timed out); the newest wins, so a phone is never locked out by its past.
        cap = current_app.config["SOCKETS_PER_PARTICIPANT"]
        for sid in live().participant_sids(connection.participant_id)[:-cap]:
            # With a message queue this reaches the process that holds the connection.
            socketio.server.disconnect(sid, namespace="/")
            if live().cluster is not None:
                live().cluster.socket_closed(connection.participant_id, sid)


@socketio.on("disconnect")
def on_disconnect(*_args):
    live().disconnected(request.sid)


def handler(*roles: str, limited_as: str | None = None):
    """Wrap an event handler: check the sender's role, rate and payload; turn errors into acks.

    The wrapped function gets (connection, payload) and returns a dict merged into an
    ``{"ok": true}`` acknowledgement. Nothing a client sends can raise out of a handler.
    With `limited_as`, a participant's events count against the rule "<limited_as>_participant".
    (What a connection may send at all is bounded before this, in facilitation/socket_guard.py.)
    """

    limit = partial(rate_limit, f"{limited_as}_participant") if limited_as else None

    def decorate(function):
        @wraps(function)
        def wrapper(payload=None, *_extra):
            connection = live().connections.get(request.sid)
            try:
                _admit(connection, roles, request.event["message"], payload, limit)
                return {"ok": True, **function(connection, payload)}
            except Exception as error:
                return _refusal(error, connection, function.__name__)

        return wrapper

    return decorate


def _admit(connection: Connection | None, roles, event: str, payload, limit) -> None:
    """Refuse (raise) an event unless its connection has one of `roles` and reaches the event
    (EVENT_ROLES), a participant is within `limit(participant id)` (if any) and the payload is a
    JSON object: the checks of every event, with or without a Flask request context."""
    if connection is None or connection.role not in roles:
        raise Forbidden(N_("You are not allowed to do that."))
    _check_event_role(connection, event)
    if limit is not None and connection.role == PARTICIPANT:
        limit(connection.participant_id)
    if not isinstance(payload, dict):
        raise InvalidInput(N_("The message must be a JSON object."))


def _refusal(error: Exception, connection: Connection | None, name: str) -> dict:
    """The ack of an event that raised `error`, translated into the connection's language (in
    an app context): a DomainError's own message; a storage fault's (the phone keeps the answer
    and resends); anything else logged and answered with a generic message."""
    language = connection.language if connection else "da"
    if isinstance(error, DomainError):
        return {"ok": False, "error": error_body(error, language)}
    kind = storage.failure_kind(error)
    if kind is not None and connection is not None:
        # The machine's fault, and a passing one: the phone keeps the answer and resends.
        storage_log.warning(kind, "could not store what %s sent: %s", name, error)
        live().storage_failed(connection.workshop_id, kind)
        return {"ok": False, "error": error_body(storage.StorageUnavailable(kind), language)}
    log.exception("event %s failed", name, exc_info=error)
    with force_locale(language):
        message = gettext("Something went wrong on the server. Try again.")
    return {"ok": False, "error": {"code": "server_error", "message": message}}


# The answer events are the hot path of a room voting at once: hundreds a second. Flask-SocketIO
# would run each in a request context made from the connection's first request (the URL map bound
# and matched, the session cookie parsed and copied, the context signals sent and torn down);
# nothing here reads the request or the session, so these handlers are registered on the Socket.IO
# server itself with the app bound once (register_answer_events), and only a refusal, whose
# message is translated, enters an app context.
ANSWER_EVENTS: dict = {}


def answer_event(event: str):
    """Mark `function(app, connection, payload) -> dict` as the handler of the participant event
    `event` (its rate-limit rule is "<event>_participant"); register_answer_events installs it."""

    def decorate(function):
        ANSWER_EVENTS[event] = function
        return function

    return decorate


def register_answer_events(app, server) -> None:
    """Install the answer events on `server` (the python-socketio server of `app`), replacing
    Flask-SocketIO's per-event request context with the checks of `handler`: a participant's
    connection (EVENT_ROLES), its rate limit, a JSON object; every error becomes an ack."""
    for event, function in ANSWER_EVENTS.items():
        server.on(event, _answer_handler(app, event, function))


def _answer_handler(app, event: str, function):
    extensions = app.extensions
    rule = f"{event}_participant"

    def limit(participant_id: int) -> None:
        # The limiter is looked up per event: it may be replaced (settings, tests).
        extensions["rate_limiter"].check(rule, participant_id)

    def on_answer_event(sid, payload=None, *_extra):
        connection = extensions["live"].connections.get(sid)
        try:
            _admit(connection, (PARTICIPANT,), event, payload, limit)
            return {"ok": True, **function(app, connection, payload)}
        except Exception as error:
            with app.app_context():
                return _refusal(error, connection, function.__name__)

    on_answer_event.__name__ = f"on_{event}"
    return on_answer_event


def _check_event_role(connection: Connection, event: str) -> None:
    """Refuse an event the connection's role does not reach (EVENT_ROLES)."""
    least = EVENT_ROLES.get(event)
    if least == ANY or (least == PARTICIPANT and connection.role == PARTICIPANT):
        return
    if least in team.TEAM_ROLES and connection.role != PARTICIPANT:
        _may_steer(connection)
        if team.at_least(connection.team_role, least):
            return
        raise Forbidden(N_("Your role in this workshop’s team does not allow this."))
    raise Forbidden(N_("You are not allowed to do that."))


@socketio.on("sync")
@handler(PARTICIPANT, FACILITATOR, SCREEN, limited_as="sync")
def on_sync(connection: Connection, payload: dict) -> dict:
    """Sent by any client after (re)connecting. The ack carries its full view: for a phone, the
    presented activity, its own answers and the results it may see; for a dashboard, the whole
    agenda with results and the participant counts; for a screen, the same without what
    moderation holds back."""
    with database().reading() as db:
        if connection.role == PARTICIPANT:
            participant = db.get(workshops.Participant, connection.participant_id)
            if participant is None:
                raise NotFound(N_("There is no such workshop."))
            workshop = _workshop(db, connection)
            return {"view": workshops.phone_view(db, participant, live().phone_state(db, workshop))}
        workshop = _workshop(db, connection)
        view = workshops.staff_view(db, workshop)
        if connection.role == SCREEN:
            view = {**workshops.screen_view(view), "landscape": live().screen_landscape(db, workshop)}
    view["connected"] = live().connected_participants(connection.workshop_id)
    return {"view": view}


@answer_event("respond")
def on_respond(app, connection: Connection, payload: dict) -> dict:
    """Sent by a phone: ``{"activity_id", "answer", "request_id"}``. The ack carries the stored
    answer once it is committed (with others of the same moment, by the answer writer);
    resending the same request_id is answered the same and counted once. Staff hear about it on
    the broadcaster's next tick: the writer's commit marks the activity dirty, once per batch."""
    answer = app.extensions["answer_writer"].submit(answers.Answer(
        connection.participant_id,
        connection.workshop_id,
        payload.get("activity_id"),
        payload.get("answer"),
        payload.get("request_id"),
    ))
    app.extensions["live"].storage_ok(connection.workshop_id)
    return {"activity_id": payload["activity_id"], "answer": answer}


@answer_event("upvote")
def on_upvote(app, connection: Connection, payload: dict) -> dict:
    """Sent by a phone: ``{"entry_id", "up": true | false}`` votes for someone else's question
    or takes the vote back. The ack carries the question's new vote count; voting twice counts
    once. Everyone hears about it on the broadcaster's next tick."""
    result = app.extensions["answer_writer"].submit(answers.Vote(
        connection.participant_id, connection.workshop_id, payload.get("entry_id"), payload.get("up")
    ))
    app.extensions["live"].storage_ok(connection.workshop_id)
    return {key: result[key] for key in ("entry_id", "up", "votes")}


def _may_steer(connection: Connection) -> None:
    """Dashboards steer the room, and so does a screen the facilitator opened while logged in.
    A screen opened through its secret link only shows and follows: anyone who reads the link
    off the projector PC must not be able to move every phone or reveal early."""
    if connection.facilitator_id is None:
        raise Forbidden(N_("This screen was opened with its link, so it only shows. "
                           "Steer from the dashboard, or open the screen from the dashboard."))


@socketio.on("step")
@handler(FACILITATOR, SCREEN)
def on_step(connection: Connection, payload: dict) -> dict:
    """Sent by the dashboard or a facilitator's screen (presenter clicker): ``{"delta": 1 | -1}``.
    Everyone in the workshop then receives `workshop` (staff) and `state` (phones), after the
    commit (facilitation/changes.py)."""
    _may_steer(connection)
    with database().transaction() as db:
        workshop = _workshop(db, connection)
        workshops.step_presented(db, workshop, payload.get("delta"))
        presented = workshop.presented_activity_id
    return {"presented_activity_id": presented}


@socketio.on("toggle_results")
@handler(FACILITATOR, SCREEN)
def on_toggle_results(connection: Connection, payload: dict) -> dict:
    """Sent by the dashboard or a facilitator's screen: reveal the presented activity's results,
    or hide them."""
    _may_steer(connection)
    with database().transaction() as db:
        workshop = _workshop(db, connection)
        activity = workshops.presented_activity(workshop)
        if activity is None:
            raise InvalidInput(N_("Nothing is being presented."))
        workshops.set_results_revealed(db, activity, not activity.results_revealed)
        revealed = activity.results_revealed
    return {"results_revealed": revealed}


@socketio.on("toggle_landscape")
@handler(FACILITATOR, SCREEN)
def on_toggle_landscape(connection: Connection, payload: dict) -> dict:
    """Sent by the dashboard or a facilitator's screen (key L): put the landscape of the themes
    on the screens, or take it off. It stays until then, or until another activity is presented."""
    _may_steer(connection)
    with database().reading() as db:
        workshop = _workshop(db, connection)
        shown = live().landscape_shown(workshop) is None
        if shown:
            live().show_landscape(workshop)
        else:
            live().hide_landscape(workshop.id)
    return {"landscape_shown": shown}


COMMANDS = {}


def _on_every_process(command):
    """The command runs here and, with a cluster, on every other process too (for the
    connections each one holds): `command(workshop_id)`."""

    @wraps(command)
    def everywhere(workshop_id: int) -> None:
        command(workshop_id)
        cluster = live().cluster
        if cluster is not None:
            cluster.publish("command", command=command.__name__, workshop_id=workshop_id)

    COMMANDS[command.__name__] = command
    return everywhere


def listen_to_cluster(app, cluster) -> None:
    """Carry out the commands other processes publish (see _on_every_process)."""

    def run(message: dict) -> None:
        command = COMMANDS.get(message.get("command"))
        if command is not None:
            with app.app_context():
                command(int(message["workshop_id"]))

    cluster.on("command", run)


@_on_every_process
def disconnect_workshop(workshop_id: int) -> None:
    """Disconnect everyone connected to a workshop that was just deleted."""
    for sid in live().sids_of(workshop_id):
        socketio.server.disconnect(sid, namespace="/")


def _workshop(db, connection: Connection):
    """The connection's workshop, which may have been deleted since it connected."""
    workshop = db.get(workshops.Workshop, connection.workshop_id)
    if workshop is None:
        raise NotFound(N_("There is no such workshop."))
    return workshop


@_on_every_process
def disconnect_removed_participants(workshop_id: int) -> None:
    """Disconnect the phones of participants who were just removed from the workshop; if they
    come back, their page offers to join again."""
    phones = {sid: c.participant_id for sid, c in live().connections.items()
              if c.workshop_id == workshop_id and c.role == PARTICIPANT}
    with database().reading() as db:
        present = room.existing_participant_ids(db, set(phones.values()))
    for sid, participant_id in phones.items():
        if participant_id not in present:
            socketio.server.disconnect(sid, namespace="/")


@_on_every_process
def disconnect_link_screens(workshop_id: int) -> None:
    """Disconnect the screens that were opened with a (now renewed) secret link."""
    for sid in live().screen_sids(workshop_id):
        socketio.server.disconnect(sid, namespace="/")


def disconnect_member(workshop_id: int, facilitator_id: int) -> None:
    """Disconnect one team member's dashboards and screens of a workshop (their role changed or
    ended). A reconnect is checked again: under a new role it comes back, a removed member is
    refused."""
    for sid in live().facilitator_sids(workshop_id, facilitator_id):
        socketio.server.disconnect(sid, namespace="/")

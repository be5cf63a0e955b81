"""No one acts above their role. The matrix is generated from the registered routes and Socket.IO
events: every route names the least role it needs with `common.requires(...)`, every event has a
line in `events.EVENT_ROLES`, and this file tries every identity against every route and event.
A route or event added later without a classification fails `test_every_route_and_event_is_classified`.

Identities: the workshop's owner, co-facilitator and moderator, another facilitator (not in the
team), a participant, a projector screen opened with its link, and an anonymous visitor."""

import itertools
import secrets

import pytest
from sqlalchemy import select
from werkzeug.routing import AnyConverter

from facilitation import accounts, resets, socketio, team, workshops
from facilitation.models import (Activity, ActivityReset, Facilitator, FacilitatorToken, HeldRow, Invitation,
                                 ModerationEvent, Participant, Response, Theme, Upvote, Workshop, WorkshopMember)
from facilitation.web.common import ACCESS_LEVELS, ACCOUNT, ADMIN, CO_FACILITATOR, MODERATOR, OWNER, PUBLIC
from facilitation.web.events import ANY, EVENT_ROLES

from .conftest import csrf_token_from, join_as_participant, make_facilitator, vote

CONNECTION_EVENTS = {"connect", "disconnect"}
TEAM = ("owner", "co_facilitator", "moderator")
IDENTITIES = (*TEAM, "other facilitator", "participant", "screen link", "anonymous")
# Who a route of each level lets through. The owner of the test workshop is the first account,
# so the server's admin too. An "account" route whose address names something (an API token)
# acts on the caller's own things: the ids filled in are the owner's, so only the owner passes.
ALLOWED = {
    PUBLIC: set(IDENTITIES),
    ACCOUNT: {"owner", "co_facilitator", "moderator", "other facilitator"},
    ADMIN: {"owner"},
    MODERATOR: {"owner", "co_facilitator", "moderator"},
    CO_FACILITATOR: {"owner", "co_facilitator"},
    OWNER: {"owner"},
}
BODY = {"title": "x", "prompt": "x", "activity_id": None, "delta": 1, "kind": "poll",
        "config": {"options": ["a", "b"]}, "action": "add", "theme_id": "1", "description": "x",
        "status": "hidden", "answered": True, "highlighted": True, "words": ["x"], "pace": "self_paced",
        "groups": [{"entry_ids": [1], "title": "x"}], "email": "ny@bibliotek.dk", "role": "moderator",
        "published": True}


def snapshot(database) -> list:
    """Every row that a facilitator action could change."""
    with database.reading() as db:
        rows = []
        for model in (Workshop, Activity, Theme, Response, Upvote, FacilitatorToken, Facilitator, WorkshopMember,
                      Invitation, ModerationEvent, ActivityReset, HeldRow):
            for row in db.scalars(select(model).order_by(model.id)):
                rows.append({c.name: getattr(row, c.name) for c in model.__table__.columns})
        return rows


@pytest.fixture
def accounts_of_team(database, facilitator):
    """The owner (the `facilitator` fixture, the first account), a co-facilitator, a moderator,
    and a facilitator outside the team."""
    return {
        "owner": facilitator,
        "co_facilitator": make_facilitator(database, "cora@bibliotek.dk"),
        "moderator": make_facilitator(database, "mona@bibliotek.dk"),
        "other facilitator": make_facilitator(database, "bo@bibliotek.dk"),
    }


def team_workshop(database, people) -> dict:
    """A workshop of the owner with the team in place, an open poll, a theme, an idea, a pending
    invitation and an API token of the owner's: the ids a route's address may need."""
    from .conftest import make_workshop

    made = make_workshop(database, people["owner"].id)
    with database.transaction() as db:
        workshop = db.get(Workshop, made.id)
        team.add_member(db, workshop, people["co_facilitator"].id, CO_FACILITATOR)
        moderator = team.add_member(db, workshop, people["moderator"].id, MODERATOR)
        ideas = workshops.add_activity(db, workshop, "ideas", "Idéer?", {})
        workshops.open_activity(db, ideas)
        workshops.present(db, workshop, ideas.id)
        author = workshops.join(db, workshop)
        db.flush()
        entry = workshops.respond(db, author.id, workshop.id, ideas.id, {"text": "Fælles app"}, "r1")
        # A reset (still undoable) of an answered poll, for the undo route.
        tried = workshops.add_activity(db, workshop, "poll", "Prøve?", {"options": ["a", "b"]})
        workshops.open_activity(db, tried)
        workshops.present(db, workshop, tried.id)
        workshops.respond(db, author.id, workshop.id, tried.id, {"choices": ["a"]}, "t1")
        reset_id = resets.reset_activity(db, tried, 3600).id
        workshops.present(db, workshop, made.poll_id)
        owner = db.get(Facilitator, people["owner"].id)
        team.invite(db, owner, "ny@bibliotek.dk", workshop=workshop, role=MODERATOR)
        invitation_id = db.scalar(select(Invitation.id).where(Invitation.workshop_id == workshop.id))
        accounts.create_api_token(db, owner)
        token_id = db.scalar(select(FacilitatorToken.id).where(FacilitatorToken.facilitator_id == owner.id,
                                                               FacilitatorToken.purpose == "api")
                             .order_by(FacilitatorToken.id.desc()))
        someone = accounts.create_facilitator(db, f"{secrets.token_hex(4)}@bibliotek.dk", "correct horse battery")
        return {"fixture": made, "facilitator_id": someone.id, "workshop_id": made.id, "activity_id": made.poll_id, "theme_id": made.theme_id,
                "entry_id": entry["id"], "reset_id": reset_id, "member_id": moderator.id, "invitation_id": invitation_id,
                "token_id": token_id, "token": "not-a-real-invitation",
                # For the public routes: a join code, a screen link's secret, a script bundle.
                "code": made.code, "secret": made.screen_secret, "language": "da", "page": "phone",
                "version": "0123456789abcdef"}


def logged_in(app, database, account):
    """A browser logged in as the account (a server-side session, as the login form starts), and
    its CSRF token."""
    client = app.test_client()
    with database.transaction() as db:
        facilitator = accounts.start_session(db, db.get(Facilitator, account.id))
        login_id = facilitator.get_id()
    with client.session_transaction() as session:
        session["_user_id"] = login_id
        session["_fresh"] = True
    return client, csrf_token_from(client.get("/workshops").text)


def identity(app, database, name, people, fixture):
    """(client, csrf token) of one identity."""
    if name in people:
        return logged_in(app, database, people[name])
    client = app.test_client()
    if name == "participant":
        join_as_participant(client, fixture.code)
        return client, csrf_token_from(client.get("/login").text)  # valid for its own session
    if name == "screen link":
        assert client.get(f"/screen/{fixture.screen_secret}").status_code == 200
        return client, csrf_token_from(client.get("/login").text)
    return client, None


def requests_of(app, ids):
    """(level, endpoint, method, url, values) for every route, with `ids` filled in; `values` are
    the address's parts (see path_of)."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue  # Flask's own: the app's static files, the same for everyone
        level = getattr(app.view_functions[rule.endpoint], "least_role", None)
        choices = {}
        for name in rule.arguments:
            converter = rule._converters[name]
            if isinstance(converter, AnyConverter):
                choices[name] = sorted(converter.items)
            else:
                assert name in ids, f"{rule.rule}: teach this test what <{name}> is"
                choices[name] = [ids[name]]
        names = sorted(choices)
        for chosen in itertools.product(*(choices[n] for n in names)):
            values = dict(zip(names, chosen))
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield level, rule.endpoint, method, path_of(app, rule.endpoint, values, ids), values


def path_of(app, endpoint, values, ids) -> str:
    """The route's address with the ids of `ids` (another workshop's, say) in it."""
    return app.url_map.bind("localhost").build(endpoint, {n: ids.get(n, v) if n in ids else v
                                                         for n, v in values.items()})


def allowed(level, who, values) -> bool:
    if level == ACCOUNT and values:
        return who == "owner"
    return who in ALLOWED[level]


def send(client, method, path, csrf=None, headers=None):
    headers = dict(headers or {})
    if csrf:
        headers["X-CSRFToken"] = csrf
    if method == "GET":
        return client.get(path, headers=headers)
    if path.startswith("/api/"):
        return client.open(path, method=method, json=BODY, headers=headers)
    return client.open(path, method=method, data={**{k: str(v) for k, v in BODY.items()}, "csrf_token": csrf or ""},
                       headers=headers)


def refused(response) -> bool:
    if response.status_code == 302:
        return response.location.startswith("/login")
    return response.status_code in (400, 401, 403, 404)


def let_through(response) -> bool:
    """The gate let the request in: no login asked for, no refusal of the caller."""
    if response.status_code == 302:  # to the login page only when asked to log in
        return not (response.location.startswith("/login") and "next=" in response.location)
    return response.status_code not in (401, 403)


def test_every_route_and_event_is_classified(app):
    unclassified = sorted(rule.rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"
                          and getattr(app.view_functions[rule.endpoint], "least_role", None) not in ACCESS_LEVELS)
    assert unclassified == [], "name the least role of these routes with @requires(...) (web/common.py)"
    events = set(socketio.server.handlers["/"]) - CONNECTION_EVENTS
    assert events - set(EVENT_ROLES) == set(), "add these events to EVENT_ROLES (web/events.py)"


def test_the_matrix_covers_every_kind_of_route(app, database, accounts_of_team):
    ids = team_workshop(database, accounts_of_team)
    levels = {level for level, *_ in requests_of(app, ids)}
    assert levels == {PUBLIC, ACCOUNT, MODERATOR, CO_FACILITATOR, OWNER} | ({ADMIN} & levels)
    paths = {path for _level, _endpoint, _method, path, _values in requests_of(app, ids)}
    assert f"/api/v1/activities/{ids['activity_id']}/reveal" in paths
    assert f"/workshops/{ids['workshop_id']}/team" in paths
    # The landscape page (a moderator may look) and putting it on the screen (a co-facilitator).
    assert f"/workshops/{ids['workshop_id']}/landscape" in paths
    assert f"/workshops/{ids['workshop_id']}/landscape/screen" in paths
    assert len(paths) >= 60


def test_every_route_refuses_everyone_below_its_role(app, database, accounts_of_team):
    """Every identity below a route's role is refused, and nothing in the database changes. A
    team member below the role gets exactly 403 (the gate), not some later error."""
    ids = team_workshop(database, accounts_of_team)
    fixture = ids["fixture"]
    before = snapshot(database)
    clients = {name: identity(app, database, name, accounts_of_team, fixture) for name in IDENTITIES}
    clients["other facilitator (token)"] = (app.test_client(), None)
    failures = []
    for level, endpoint, method, path, values in requests_of(app, ids):
        if level == PUBLIC:
            continue
        for who, (client, csrf) in clients.items():
            base = who.removesuffix(" (token)")
            if allowed(level, base, values):
                continue
            headers = accounts_of_team["other facilitator"].headers if who.endswith("(token)") else None
            if headers and not path.startswith("/api/"):
                continue
            response = send(client, method, path, csrf, headers)
            in_team = who in TEAM and level in (MODERATOR, CO_FACILITATOR, OWNER)
            if (response.status_code != 403) if in_team else not refused(response):
                failures.append(f"{who}: {method} {path} ({endpoint}, needs {level}) -> {response.status_code}")
    assert failures == []
    assert snapshot(database) == before
    # Nor what the server keeps outside the database: the landscape is not on the screen.
    assert app.extensions["live"]._screen_landscapes == {}


def test_every_route_lets_its_roles_through(app, database, accounts_of_team):
    """Every identity at or above a route's role gets past the gate (each request on a workshop
    of its own, since some of them delete things)."""
    failures = []
    probe = team_workshop(database, accounts_of_team)
    for level, endpoint, method, _path, values in list(requests_of(app, probe)):
        if level == PUBLIC:
            continue
        for who in TEAM + ("other facilitator",):
            if not allowed(level, who, values):
                continue
            ids = team_workshop(database, accounts_of_team)
            path = path_of(app, endpoint, values, ids)
            client, csrf = identity(app, database, who, accounts_of_team, ids["fixture"])
            response = send(client, method, path, csrf)
            if not let_through(response):
                failures.append(f"{who}: {method} {path} ({endpoint}, needs {level}) -> {response.status_code}")
    assert failures == []


# --- Socket.IO events ----------------------------------------------------------------------


def _dashboard(app, database, account, workshop_id, role="facilitator"):
    client, _csrf = logged_in(app, database, account)
    return socketio.test_client(app, flask_test_client=client, auth={"role": role, "workshop": workshop_id})


def test_every_event_refuses_everyone_below_its_role(app, database, accounts_of_team):
    ids = team_workshop(database, accounts_of_team)
    fixture = ids["fixture"]
    connections = {who: _dashboard(app, database, accounts_of_team[who], fixture.id) for who in TEAM}
    phone_http = app.test_client()
    join_as_participant(phone_http, fixture.code)
    connections["participant"] = socketio.test_client(app, flask_test_client=phone_http,
                                                      auth={"role": "participant", "workshop": fixture.code})
    connections["screen link"] = socketio.test_client(
        app, auth={"role": "screen", "workshop": fixture.id, "key": fixture.screen_secret})
    assert all(client.is_connected() for client in connections.values())
    # Those with no way in are refused at the door.
    assert not _dashboard(app, database, accounts_of_team["other facilitator"], fixture.id).is_connected()
    assert not socketio.test_client(app, auth={"role": "facilitator", "workshop": fixture.id}).is_connected()
    assert not _dashboard(app, database, accounts_of_team["moderator"], fixture.id, role="screen").is_connected()
    assert _dashboard(app, database, accounts_of_team["co_facilitator"], fixture.id, role="screen").is_connected()

    before = snapshot(database)
    events = sorted(set(socketio.server.handlers["/"]) - CONNECTION_EVENTS)
    assert {"step", "toggle_results", "toggle_landscape", "sync", "respond"} <= set(events)
    failures, later = [], []
    for event, (who, client) in itertools.product(events, connections.items()):
        least = EVENT_ROLES[event]
        may = (least == ANY or (least == "participant" and who == "participant")
               or (who in TEAM and least in team.TEAM_ROLES and team.at_least(who, least)))
        if may:
            later.append((event, who, client))
            continue
        for payload in ({}, {"delta": 1}, {"delta": -1, "activity_id": fixture.poll_id}):
            ack = client.emit(event, payload, callback=True)
            if ack["ok"] is not False or ack["error"]["code"] != "forbidden":
                failures.append(f"{who}: {event} {payload} -> {ack}")
    assert failures == []
    assert snapshot(database) == before
    assert app.extensions["live"]._screen_landscapes == {}
    for event, who, client in later:
        ack = client.emit(event, {"delta": 1, "activity_id": fixture.poll_id}, callback=True)
        assert ack["ok"] or ack["error"]["code"] != "forbidden", (who, event, ack)


# --- what a participant sees ------------------------------------------------------------------


def test_a_participant_sees_only_their_own_answers_and_no_hidden_results(app, workshop, phone):
    alice, bob = phone(), phone()
    vote(alice, workshop.poll_id, ["a"])
    view = bob.emit("sync", {}, callback=True)["view"]
    assert view["answers"] == {}
    assert view["results"] == {}
    assert all(not message["args"][0].get("results")
               for message in bob.get_received() if message["name"] in ("state", "results"))


def test_a_participant_cookie_does_not_open_another_workshops_phone_page(app, workshop, database, facilitator):
    from .conftest import make_workshop

    other = make_workshop(database, facilitator.id)
    client = app.test_client()
    join_as_participant(client, workshop.code)
    assert 'id="page-data"' not in client.get(f"/j/{other.code}").text  # the join form instead
    refused_socket = socketio.test_client(app, flask_test_client=client, auth={"role": "participant", "workshop": other.code})
    assert not refused_socket.is_connected()
    with database.reading() as db:
        assert db.scalar(select(Participant).where(Participant.workshop_id == other.id)) is None


def test_an_unknown_level_cannot_be_named():
    from facilitation.web.common import requires

    with pytest.raises(ValueError):
        requires("superuser" + secrets.token_hex(2))

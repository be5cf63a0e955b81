"""No one acts above their role. The matrix is generated from the registered routes and Socket.IO
events, so a route or event added later is covered without touching this file: everything is
facilitator-only unless it is listed in PUBLIC_ENDPOINTS / PARTICIPANT_EVENTS below."""

import itertools

import pytest
from sqlalchemy import select
from werkzeug.routing import AnyConverter

from facilitation import socketio, workshops
from facilitation.models import Activity, FacilitatorToken, Participant, Response, Theme, Upvote, Workshop

from .conftest import csrf_token_from, join_as_participant, vote
from .test_web import login

# The deliberate exceptions: pages and files anyone may reach.
PUBLIC_ENDPOINTS = {
    "static",
    "participant.enter_code",
    "participant.join_by_code",
    "participant.workshop_page",
    "participant.join",
    "participant.choose_language",
    "facilitator.login",
    "facilitator.login_link",
    "facilitator.logout",
    "screen.by_secret",
    "screen.join_qr",
    # A workshop's logo and accent colour, shown to its phones and screens (tests/test_branding.py).
    "branding.logo",
    "branding.brand_css",
    # The scripts of live pages, the same for everyone (tests/test_static_files.py).
    "bundles.bundle",
    # For a monitor and a proxy; they say nothing about workshops (tests/test_storage.py).
    "health.healthz",
    "health.readyz",
}
PARTICIPANT_EVENTS = {"sync", "respond", "upvote"}
CONNECTION_EVENTS = {"connect", "disconnect"}


def snapshot(database) -> list:
    """Every row that a facilitator action could change."""
    with database.reading() as db:
        rows = []
        for model in (Workshop, Activity, Theme, Response, Upvote, FacilitatorToken):
            for row in db.scalars(select(model).order_by(model.id)):
                rows.append({c.name: getattr(row, c.name) for c in model.__table__.columns})
        return rows


@pytest.fixture
def entry_id(database, workshop):
    """An idea in the victim's workshop, for the routes that act on ideas and questions."""
    with database.transaction() as db:
        victim = db.get(Workshop, workshop.id)
        ideas = workshops.add_activity(db, victim, "ideas", "Idéer?", {})
        workshops.open_activity(db, ideas)
        workshops.present(db, victim, ideas.id)
        author = workshops.join(db, victim)
        db.flush()
        entry = workshops.respond(db, author.id, victim.id, ideas.id, {"text": "Fælles app"}, "r1")
        workshops.present(db, victim, workshop.poll_id)
        return entry["id"]


def victim_token_ids(app, workshop) -> list[int]:
    """The API tokens of the workshop's owner."""
    with app.extensions["database"].reading() as db:
        owner = db.get(Workshop, workshop.id).facilitator_id
        return list(db.scalars(select(FacilitatorToken.id).where(FacilitatorToken.facilitator_id == owner)))


def facilitator_only_requests(app, workshop, entry_id):
    """(method, url, owned) for every facilitator-only route, with the victim's ids filled in;
    `owned` says the route acts on one workshop, which only its owner may do."""
    ids = {"workshop_id": [workshop.id], "activity_id": [workshop.poll_id], "theme_id": [workshop.theme_id],
           "entry_id": [entry_id]}
    ids["token_id"] = victim_token_ids(app, workshop)
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        choices = {}
        for name in rule.arguments:
            converter = rule._converters[name]
            if isinstance(converter, AnyConverter):
                choices[name] = sorted(converter.items)
            else:
                assert name in ids, f"{rule.rule}: teach this test what <{name}> is"
                choices[name] = ids[name]
        names = sorted(choices)
        for values in itertools.product(*(choices[n] for n in names)):
            path = app.url_map.bind("localhost").build(rule.endpoint, dict(zip(names, values)))
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, path, bool(set(names) & set(ids))


def send(client, method, path, csrf=None, headers=None):
    headers = dict(headers or {})
    if csrf:
        headers["X-CSRFToken"] = csrf
    body = {"title": "x", "prompt": "x", "activity_id": None, "delta": 1, "kind": "poll",
            "config": {"options": ["a", "b"]}, "action": "add", "theme_id": "1", "description": "x",
            "status": "hidden", "answered": True, "highlighted": True, "words": ["x"], "pace": "self_paced",
            "groups": [{"entry_ids": [1], "title": "x"}]}
    if method == "GET":
        return client.get(path, headers=headers)
    if path.startswith("/api/"):
        return client.open(path, method=method, json=body, headers=headers)
    return client.open(path, method=method, data={**{k: str(v) for k, v in body.items()}, "csrf_token": csrf or ""}, headers=headers)


def refused(response) -> bool:
    if response.status_code == 302:
        return response.location.startswith("/login")
    return response.status_code in (400, 401, 403, 404)


def test_the_matrix_covers_every_facilitator_route(app, workshop, entry_id):
    paths = {path for _method, path, _owned in facilitator_only_requests(app, workshop, entry_id)}
    assert f"/api/v1/activities/{workshop.poll_id}/reveal" in paths
    assert f"/workshops/{workshop.id}" in paths
    assert len(paths) >= 15


def test_every_facilitator_route_refuses_everyone_else(app, workshop, database, other_facilitator, entry_id):
    before = snapshot(database)

    stranger = app.test_client()

    participant = app.test_client()
    join_as_participant(participant, workshop.code)
    # A participant has a valid CSRF token for its own session: that must not be enough.
    participant_csrf = csrf_token_from(participant.get("/login").text)

    intruder = app.test_client()
    login(intruder, other_facilitator)
    intruder_csrf = csrf_token_from(intruder.get("/workshops").text)

    identities = {
        "stranger": (stranger, None, None),
        "participant": (participant, participant_csrf, None),
        "another facilitator (cookie)": (intruder, intruder_csrf, None),
        "another facilitator (token)": (app.test_client(), None, other_facilitator.headers),
    }
    failures = []
    for (method, path, owned), (who, (client, csrf, headers)) in itertools.product(
        facilitator_only_requests(app, workshop, entry_id), identities.items()
    ):
        if who.startswith("another facilitator") and not owned:
            continue  # e.g. the list of workshops: any facilitator may see their own
        response = send(client, method, path, csrf, headers)
        if not refused(response):
            failures.append(f"{who}: {method} {path} -> {response.status_code}")
    assert failures == []
    assert snapshot(database) == before


def test_every_staff_event_refuses_a_participant(app, workshop, database, phone):
    client = phone()
    before = snapshot(database)
    staff_events = set(socketio.server.handlers["/"]) - PARTICIPANT_EVENTS - CONNECTION_EVENTS
    assert {"step", "toggle_results"} <= staff_events
    for event in sorted(staff_events):
        for payload in ({}, {"delta": 1}, {"delta": -1, "activity_id": workshop.poll_id}):
            ack = client.emit(event, payload, callback=True)
            assert ack["ok"] is False and ack["error"]["code"] == "forbidden", event
    assert snapshot(database) == before


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

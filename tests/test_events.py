"""Socket.IO handlers through Flask-SocketIO's test client, and the broadcaster's fan-out."""

import pytest
from flask import appcontext_pushed

from facilitation import socketio
from facilitation.db import Database
from facilitation.models import Activity, Workshop

from .conftest import join_as_participant, vote


def received(client, name):
    return [message["args"][0] for message in client.get_received() if message["name"] == name]


@pytest.fixture
def live(app):
    return app.extensions["live"]


@pytest.fixture
def dashboard(app, workshop, facilitator):
    client = socketio.test_client(app, auth={"role": "facilitator", "workshop": workshop.id, "token": facilitator.token})
    assert client.is_connected()
    client.get_received()
    yield client
    if client.is_connected():
        client.disconnect()


def counts(presence: dict) -> dict:
    """The counts of a presence message (dashboards also get the room's joining state)."""
    return {key: presence[key] for key in ("connected", "joined")}


def connect(app, auth, http=None):
    return socketio.test_client(app, flask_test_client=http or app.test_client(), auth=auth)


# --- who may connect -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "auth",
    [None, "participant", {"role": "admin"}, {"role": "participant", "workshop": "QQQQQQ"}],
    ids=["no auth", "not an object", "unknown role", "wrong code"],
)
def test_bad_connections_are_refused(app, workshop, auth):
    assert not connect(app, auth).is_connected()


def test_a_phone_must_join_before_connecting(app, workshop):
    assert not connect(app, {"role": "participant", "workshop": workshop.code}).is_connected()


def test_a_participant_cannot_connect_as_facilitator_or_screen(app, workshop):
    http = app.test_client()
    join_as_participant(http, workshop.code)
    assert not connect(app, {"role": "facilitator", "workshop": workshop.id}, http).is_connected()
    assert not connect(app, {"role": "screen", "workshop": workshop.id}, http).is_connected()
    assert not connect(app, {"role": "screen", "workshop": workshop.id, "key": "guess"}, http).is_connected()


def test_another_facilitator_cannot_connect_to_the_workshop(app, workshop, other_facilitator):
    auth = {"role": "facilitator", "workshop": workshop.id, "token": other_facilitator.token}
    assert not connect(app, auth).is_connected()


def test_the_screen_link_connects_only_its_own_workshop(app, workshop, database, facilitator):
    from .conftest import make_workshop

    other = make_workshop(database, facilitator.id)
    assert connect(app, {"role": "screen", "workshop": workshop.id, "key": workshop.screen_secret}).is_connected()
    assert not connect(app, {"role": "screen", "workshop": other.id, "key": workshop.screen_secret}).is_connected()


# --- voting ----------------------------------------------------------------------------------


def test_a_vote_is_acknowledged_with_the_stored_answer(phone, workshop):
    ack = vote(phone(), workshop.poll_id, ["b"], "req-1")
    assert ack == {"ok": True, "activity_id": workshop.poll_id, "answer": {"choices": ["b"]}}


def test_a_vote_is_handled_without_a_flask_context(app, phone, workshop):
    """The vote path skips Flask-SocketIO's request context per event (the URL map bound and
    matched, the session cookie parsed, the context signals): in a burst of votes that was most
    of what the app added to each event on the event loop (docs/performance.md). Only a refusal,
    whose message is translated, enters an app context."""
    client = phone()
    pushed = []
    with appcontext_pushed.connected_to(lambda sender, **_: pushed.append(sender), app):
        accepted = vote(client, workshop.poll_id, ["a"])
        assert accepted["ok"] is True
        assert pushed == []
        refused = vote(client, workshop.poll_id, ["zz"])
    assert refused["ok"] is False and refused["error"]["code"] == "invalid"
    assert len(pushed) == 1


def test_sync_gives_the_phone_its_view_and_its_answers(phone, workshop):
    client = phone()
    vote(client, workshop.poll_id, ["c"])
    ack = client.emit("sync", {}, callback=True)
    assert ack["ok"]
    assert ack["view"]["activity"]["id"] == workshop.poll_id
    assert ack["view"]["answers"] == {str(workshop.poll_id): {"choices": ["c"]}}
    assert ack["view"]["results"] == {}  # hidden until revealed


def test_a_resent_vote_is_counted_once(phone, workshop, live, dashboard):
    client = phone()
    first = vote(client, workshop.poll_id, ["a"], "same-id")
    again = vote(client, workshop.poll_id, ["a"], "same-id")
    assert first == again
    live.flush()
    [results] = received(dashboard, "results")
    assert results["results"] == {"responses": 1, "counts": {"a": 1, "b": 0, "c": 0}}


@pytest.mark.parametrize(
    "payload, code",
    [
        ("not an object", "invalid"),
        (["a"], "invalid"),
        (None, "invalid"),
        ({"answer": {"choices": ["a"]}, "request_id": "r"}, "invalid"),
        ({"activity_id": "POLL", "answer": {"choices": ["zz"]}, "request_id": "r"}, "invalid"),
        ({"activity_id": "POLL", "answer": {"choices": ["a", "b"]}, "request_id": "r"}, "invalid"),
        ({"activity_id": "POLL", "answer": {"choices": ["a"]}}, "invalid"),
        ({"activity_id": "POLL", "answer": {"choices": ["a"]}, "request_id": "r" * 100}, "invalid"),
        ({"activity_id": "POLL", "answer": {"choices": ["a"], "x": "y" * 5000}, "request_id": "r"}, "invalid"),
        ({"activity_id": 424242, "answer": {"choices": ["a"]}, "request_id": "r"}, "not_found"),
    ],
    ids=["text", "list", "null", "no activity", "unknown option", "too many choices", "no request id",
         "oversized request id", "oversized answer", "unknown activity"],
)
def test_bad_votes_get_a_clear_error_and_change_nothing(phone, workshop, live, dashboard, payload, code):
    if isinstance(payload, dict) and payload.get("activity_id") == "POLL":
        payload = {**payload, "activity_id": workshop.poll_id}
    client = phone()
    ack = client.emit("respond", payload, callback=True)
    assert ack["ok"] is False
    assert ack["error"]["code"] == code
    assert ack["error"]["message"]
    live.flush()
    assert received(dashboard, "results") == []
    assert client.is_connected()  # the server keeps serving this phone
    assert vote(client, workshop.poll_id, ["a"])["ok"]


@pytest.mark.parametrize("change", ["close", "unpresent"])
def test_votes_on_a_closed_or_unpresented_activity_are_refused(phone, workshop, database, change):
    client = phone()
    with database.transaction() as db:
        if change == "close":
            db.get(Activity, workshop.poll_id).state = "closed"
        else:
            db.get(Workshop, workshop.id).presented_activity_id = None
    ack = vote(client, workshop.poll_id, ["a"])
    assert ack["ok"] is False and ack["error"]["code"] == "conflict"


def test_errors_come_in_the_phones_language(app, workshop):
    http = app.test_client()
    join_as_participant(http, workshop.code)
    http.get("/lang/en")
    client = connect(app, {"role": "participant", "workshop": workshop.code}, http)
    ack = client.emit("respond", {"activity_id": workshop.poll_id, "answer": {"choices": ["zz"]}, "request_id": "r"}, callback=True)
    assert ack["error"]["message"] == "That option is not part of this question."


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("event, payload", [("step", {"delta": 1}), ("toggle_results", {})])
def test_a_participant_cannot_emit_facilitator_events(phone, workshop, database, event, payload):
    ack = phone().emit(event, payload, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
    with database.reading() as db:
        assert db.get(Workshop, workshop.id).presented_activity_id == workshop.poll_id
        assert db.get(Activity, workshop.poll_id).results_revealed is False


def test_staff_cannot_vote(dashboard, workshop):
    ack = vote(dashboard, workshop.poll_id, ["a"])
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"


def test_the_facilitators_screen_steps_through_the_agenda_and_toggles_results(app, workshop, database, facilitator):
    screen = connect(app, {"role": "screen", "workshop": workshop.id, "token": facilitator.token})
    assert screen.emit("toggle_results", {}, callback=True) == {"ok": True, "results_revealed": True}
    assert screen.emit("step", {"delta": -1}, callback=True) == {"ok": True, "presented_activity_id": None}
    assert screen.emit("step", {"delta": 5}, callback=True)["ok"] is False
    with database.reading() as db:
        assert db.get(Workshop, workshop.id).presented_activity_id is None
        assert db.get(Activity, workshop.poll_id).results_revealed is True


@pytest.mark.parametrize("event, payload", [("step", {"delta": 1}), ("toggle_results", {})])
def test_a_screen_opened_by_its_link_only_shows(app, workshop, database, event, payload):
    screen = connect(app, {"role": "screen", "workshop": workshop.id, "key": workshop.screen_secret})
    ack = screen.emit(event, payload, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
    with database.reading() as db:
        assert db.get(Workshop, workshop.id).presented_activity_id == workshop.poll_id
        assert db.get(Activity, workshop.poll_id).results_revealed is False


def test_a_screen_learns_a_tally_only_once_it_is_revealed(app, phone, workshop, live, facilitator):
    screen = connect(app, {"role": "screen", "workshop": workshop.id, "key": workshop.screen_secret})
    synced = screen.emit("sync", {}, callback=True)["view"]["activities"]
    assert [a["results"] for a in synced if a["id"] == workshop.poll_id] == [{"responses": 0}]
    assert vote(phone(), workshop.poll_id, ["b"])["ok"]
    live.flush()
    assert received(screen, "results") == [{"activity_id": workshop.poll_id, "shown": False, "results": {"responses": 1}}]
    app.test_client().post(f"/api/v1/activities/{workshop.poll_id}/reveal", headers=facilitator.headers)
    shown = [a for a in received(screen, "workshop")[-1]["activities"] if a["id"] == workshop.poll_id]
    assert shown[0]["results"] == {"responses": 1, "counts": {"a": 0, "b": 1, "c": 0}}
    # From now on each tally is the shown view, and says so.
    assert vote(phone(), workshop.poll_id, ["a"])["ok"]
    live.flush()
    assert received(screen, "results")[-1] == {"activity_id": workshop.poll_id, "shown": True,
                                               "results": {"responses": 2, "counts": {"a": 1, "b": 1, "c": 0}}}


def test_a_renewed_screen_link_disconnects_the_old_screen(app, workshop, facilitator):
    screen = connect(app, {"role": "screen", "workshop": workshop.id, "key": workshop.screen_secret})
    own_screen = connect(app, {"role": "screen", "workshop": workshop.id, "token": facilitator.token})
    assert screen.is_connected() and own_screen.is_connected()
    app.test_client().post(f"/api/v1/workshops/{workshop.id}/screen-link", headers=facilitator.headers)
    assert not screen.is_connected()
    assert own_screen.is_connected()


# --- the broadcaster -------------------------------------------------------------------------


def test_votes_do_not_broadcast_the_broadcaster_sends_one_exact_tally(phone, workshop, live, dashboard):
    phones = [phone() for _ in range(5)]
    for client, choice in zip(phones, ["a", "a", "b", "c", "a"]):
        assert vote(client, workshop.poll_id, [choice])["ok"]
    assert received(dashboard, "results") == []
    assert all(received(client, "results") == [] for client in phones)
    live.flush()
    assert received(dashboard, "results") == [
        {"activity_id": workshop.poll_id, "results": {"responses": 5, "counts": {"a": 3, "b": 1, "c": 1}}}
    ]
    live.flush()  # nothing changed since: nothing is sent
    assert received(dashboard, "results") == []


def test_phones_get_results_only_once_revealed(phone, workshop, live, app, facilitator):
    client = phone()
    vote(client, workshop.poll_id, ["a"])
    live.flush()
    assert received(client, "results") == []
    app.test_client().post(f"/api/v1/activities/{workshop.poll_id}/reveal", headers=facilitator.headers)
    [state] = received(client, "state")
    assert state["results"][str(workshop.poll_id)]["counts"]["a"] == 1
    vote(phone(), workshop.poll_id, ["b"])
    live.flush()
    assert received(client, "results")[0]["results"]["counts"] == {"a": 1, "b": 1, "c": 0}


def test_facilitator_changes_reach_phones_and_staff_at_once(phone, workshop, app, facilitator, dashboard):
    client = phone()
    client.get_received()
    app.test_client().post(f"/api/v1/activities/{workshop.poll_id}/close", headers=facilitator.headers)
    [state] = received(client, "state")
    assert state["activity"]["state"] == "closed"
    assert "answers" not in state  # nothing personal is broadcast
    [staff] = received(dashboard, "workshop")
    assert staff["activities"][0]["state"] == "closed"


def test_presence_counts_participants_not_tabs(app, workshop, live, dashboard):
    http = app.test_client()
    join_as_participant(http, workshop.code)
    tabs = [connect(app, {"role": "participant", "workshop": workshop.code}, http) for _ in range(2)]
    live.flush()
    assert counts(received(dashboard, "presence")[-1]) == {"connected": 1, "joined": 1}
    tabs[0].disconnect()
    live.flush()
    assert counts(received(dashboard, "presence")[-1]) == {"connected": 1, "joined": 1}  # one tab still open
    tabs[1].disconnect()
    live.flush()
    assert counts(received(dashboard, "presence")[-1]) == {"connected": 0, "joined": 1}


def sync_results(client, activity_id):
    return client.emit("sync", {}, callback=True)["view"]["results"].get(str(activity_id))


def test_a_phone_that_connects_gets_the_state_as_last_announced_with_each_ticks_tally(
        app, database, phone, workshop, dashboard, live):
    """The phones' shared state is kept between announcements (a thousand phones reconnecting
    cost one computation): a newly connected phone still sees every vote counted by the last
    tick, and what the facilitator announced."""
    dashboard.emit("toggle_results", {}, callback=True)  # announced: phones see the poll's results
    first = phone()
    assert sync_results(first, workshop.poll_id)["counts"] == {"a": 0, "b": 0, "c": 0}
    vote(first, workshop.poll_id, ["b"])
    live.flush()
    assert sync_results(phone(), workshop.poll_id)["counts"] == {"a": 0, "b": 1, "c": 0}
    elsewhere = Database(database.url)  # not watched by the live layer, like the CLI's
    with elsewhere.transaction() as db:  # a change no one announced is not in the kept state...
        db.get(Workshop, workshop.id).title = "Ny titel"
        db.get(Activity, workshop.poll_id).prompt = "Uanmeldt spørgsmål?"
    elsewhere.dispose()
    assert phone().emit("sync", {}, callback=True)["view"]["activity"]["prompt"] != "Uanmeldt spørgsmål?"
    live.announce_workshop(workshop.id)  # ...until it is announced
    assert phone().emit("sync", {}, callback=True)["view"]["activity"]["prompt"] == "Uanmeldt spørgsmål?"
    dashboard.emit("toggle_results", {}, callback=True)  # hidden again: no results for phones
    assert sync_results(phone(), workshop.poll_id) is None

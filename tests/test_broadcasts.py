"""Broadcasts follow the commit (facilitation/changes.py): whoever must hear about a change hears
it because the transaction changed rows, never because a route remembered to say so.

The real handlers on a real SQLite file, with Flask-SocketIO's test clients as the dashboard, the
screen and a phone; the broadcaster is flushed by hand (tests/conftest.py). The same with real
Socket.IO clients on a real server: tests/live/test_event_payloads.py.
"""

from datetime import timedelta

import pytest

from facilitation import changes, socketio
from facilitation.answer_writer import AnswerWriter, Concurrency
from facilitation.answers import Answer
from facilitation.db import Database
from facilitation.models import Activity, Workshop, utcnow

from .conftest import csrf_token_from, join_as_participant, vote
from .test_web import login


def received(client, name):
    return [message["args"][0] for message in client.get_received() if message["name"] == name]


@pytest.fixture
def live(app):
    return app.extensions["live"]


@pytest.fixture
def room(app, workshop, facilitator, phone):
    """A dashboard, a screen opened by its link and a phone, connected, their inboxes empty."""
    dashboard = socketio.test_client(app, auth={"role": "facilitator", "workshop": workshop.id,
                                                "token": facilitator.token})
    screen = socketio.test_client(app, auth={"role": "screen", "workshop": workshop.id, "key": workshop.screen_secret})
    clients = {"dashboard": dashboard, "screen": screen, "phone": phone()}
    for client in clients.values():
        assert client.is_connected()
        client.get_received()
    yield clients
    for client in (dashboard, screen):
        if client.is_connected():
            client.disconnect()


def announced_once(room) -> dict:
    """What each client got of the announcement that followed one change: exactly one each."""
    dashboards, screens, phones = (received(room["dashboard"], "workshop"), received(room["screen"], "workshop"),
                                   received(room["phone"], "state"))
    assert (len(dashboards), len(screens), len(phones)) == (1, 1, 1)
    return {"dashboard": dashboards[0], "screen": screens[0], "phone": phones[0]}


def api_call(method, path, body=None):
    return lambda http, w, headers: getattr(http, method)(path.format(w=w), json=body or {}, headers=headers)


# Every kind of facilitator change through the API; each route only loads, changes and returns.
API_CHANGES = {
    "activity edited": api_call("patch", "/api/v1/activities/{w.poll_id}", {"prompt": "Hvem så?"}),
    "activity closed": api_call("post", "/api/v1/activities/{w.poll_id}/close"),
    "results revealed": api_call("post", "/api/v1/activities/{w.poll_id}/reveal"),
    "activity added": api_call("post", "/api/v1/workshops/{w.id}/activities",
                               {"kind": "poll", "prompt": "Og så?", "config": {"options": ["Ja", "Nej"]}}),
    "activity duplicated": api_call("post", "/api/v1/activities/{w.poll_id}/duplicate"),
    "activity deleted": api_call("delete", "/api/v1/activities/{w.poll_id}"),
    "timer started": api_call("post", "/api/v1/activities/{w.poll_id}/timer", {"seconds": 60}),
    "nothing presented": api_call("post", "/api/v1/workshops/{w.id}/present", {"activity_id": None}),
    "stepped": api_call("post", "/api/v1/workshops/{w.id}/step", {"delta": -1}),
    "self-paced": api_call("post", "/api/v1/workshops/{w.id}/pace", {"pace": "self_paced"}),
    "results page published": api_call("post", "/api/v1/workshops/{w.id}/results-page", {"published": True}),
    "joining closed": api_call("post", "/api/v1/workshops/{w.id}/joining", {"joining_open": False}),
    "segments set": api_call("put", "/api/v1/workshops/{w.id}/segments",
                             {"segments": [{"question": "Hvor?", "options": ["By", "Land"], "required": False}]}),
    "blocked words set": api_call("put", "/api/v1/workshops/{w.id}/blocked-words", {"words": ["bandeord"]}),
    "theme added": api_call("post", "/api/v1/workshops/{w.id}/themes", {"title": "Læring"}),
    "theme edited": api_call("patch", "/api/v1/themes/{w.theme_id}", {"title": "Drift"}),
    "theme deleted": api_call("delete", "/api/v1/themes/{w.theme_id}"),
}


@pytest.mark.parametrize("change", API_CHANGES.values(), ids=API_CHANGES.keys())
def test_every_facilitator_change_is_announced_once_to_dashboards_screens_and_phones(
        app, workshop, facilitator, room, change):
    response = change(app.test_client(), workshop, facilitator.headers)
    assert response.status_code in (200, 201), response.json
    announced_once(room)


@pytest.mark.parametrize("change, status", [
    (api_call("post", "/api/v1/workshops/{w.id}/step", {"delta": 7}), 400),
    (api_call("post", "/api/v1/activities/{w.poll_id}/move", {"position": 0}), 200),  # it is first already
], ids=["refused", "nothing to change"])
def test_a_change_that_changes_nothing_announces_nothing(app, workshop, facilitator, room, change, status):
    assert change(app.test_client(), workshop, facilitator.headers).status_code == status
    assert [received(client, name) for client, name in
            ((room["dashboard"], "workshop"), (room["screen"], "workshop"), (room["phone"], "state"))] == [[], [], []]


def test_changes_on_the_facilitators_pages_are_announced(app, workshop, facilitator, room):
    http = app.test_client()
    login(http, facilitator)
    token = csrf_token_from(http.get(f"/workshops/{workshop.id}/themes").text)
    http.post(f"/workshops/{workshop.id}/themes", data={"action": "add", "title": "Kulturarv", "csrf_token": token})
    assert [t["title"] for t in announced_once(room)["screen"]["themes"]][-1] == "Kulturarv"
    http.post(f"/workshops/{workshop.id}/activities/new?kind=poll",
              data={"prompt": "Nyt spørgsmål?", "options": "Ja\nNej", "csrf_token": token})
    assert announced_once(room)["dashboard"]["activities"][-1]["prompt"] == "Nyt spørgsmål?"
    http.post(f"/workshops/{workshop.id}/settings", data={"segments": "Hvor: By, Land", "csrf_token": token})
    assert announced_once(room)["dashboard"]["workshop"]["segments"][0]["question"] == "Hvor"


def test_a_step_from_the_dashboard_reaches_every_phone(workshop, room):
    assert room["dashboard"].emit("step", {"delta": -1}, callback=True)["ok"]
    assert announced_once(room)["phone"]["activity"] is None


def test_a_change_committed_anywhere_in_the_process_is_announced(database, workshop, room):
    """The hand-off after commit, not the routes, announces: a change committed through the
    app's database by no route at all reaches everyone. Fails if the hand-off is removed."""
    with database.transaction() as db:
        db.get(Workshop, workshop.id).title = "Ny titel"
        db.get(Activity, workshop.poll_id).prompt = "Hvem nu?"
    heard = announced_once(room)
    assert heard["dashboard"]["workshop"]["title"] == "Ny titel"
    assert heard["phone"]["activity"]["prompt"] == "Hvem nu?"


def test_a_rolled_back_change_announces_nothing(app, database, workshop, facilitator, room, live):
    with pytest.raises(RuntimeError):
        with database.transaction() as db:
            with db.begin_nested():  # a savepoint released is not the commit
                db.get(Activity, workshop.poll_id).prompt = "Aldrig gemt?"
            db.flush()  # the change was seen (and recorded) before the transaction failed
            raise RuntimeError("the transaction fails after its change")
    assert [m["name"] for client in room.values() for m in client.get_received()] == []
    # A route that changed something, then was refused: one group became a theme, the next
    # names an idea that does not exist, so the whole promotion is refused.
    http = app.test_client()
    ideas = http.post(f"/api/v1/workshops/{workshop.id}/activities", headers=facilitator.headers,
                      json={"kind": "ideas", "prompt": "Idéer?", "config": {}}).json["activity"]
    http.post(f"/api/v1/activities/{ideas['id']}/open", headers=facilitator.headers)
    http.post(f"/api/v1/workshops/{workshop.id}/present", headers=facilitator.headers, json={"activity_id": ideas["id"]})
    idea = room["phone"].emit("respond", {"activity_id": ideas["id"], "answer": {"text": "Mere lyd"},
                                          "request_id": "i1"}, callback=True)["answer"]
    live.flush()
    for client in room.values():
        client.get_received()
    refused = http.post(f"/api/v1/activities/{ideas['id']}/promote", headers=facilitator.headers,
                        json={"groups": [{"entry_ids": [idea["id"]], "title": "Lyd"}, {"entry_ids": [10**6]}]})
    assert refused.status_code == 404
    live.flush()
    for client in room.values():
        assert [m["name"] for m in client.get_received() if m["name"] != "presence"] == []
    with database.reading() as db:
        assert db.get(Activity, workshop.poll_id).prompt != "Aldrig gemt?"
        assert [t.title for t in db.get(Workshop, workshop.id).themes] == ["Fælles infrastruktur"]


def test_a_join_reaches_the_counts_on_the_next_tick(app, workshop, room, live):
    join_as_participant(app.test_client(), workshop.code)
    live.flush()
    assert received(room["dashboard"], "presence")[-1]["joined"] == 2
    assert received(room["screen"], "presence")[-1]["joined"] == 2


def test_removing_participants_is_announced_and_counted(app, workshop, facilitator, room, live):
    removed = app.test_client().post(
        f"/api/v1/workshops/{workshop.id}/participants/remove", headers=facilitator.headers,
        json={"joined_from": (utcnow() - timedelta(minutes=5)).isoformat(), "joined_to": utcnow().isoformat()})
    assert removed.json == {"removed": 1}
    heard = received(room["dashboard"], "workshop")
    assert [view["joined"] for view in heard] == [0]
    live.flush()
    assert received(room["dashboard"], "presence")[-1]["joined"] == 0


def test_moderation_reaches_the_author_and_the_tally(app, workshop, facilitator, phone, live, room):
    http = app.test_client()
    qa = http.post(f"/api/v1/workshops/{workshop.id}/activities", headers=facilitator.headers,
                   json={"kind": "qa", "prompt": "Spørgsmål?", "config": {"moderation": "approve"}}).json["activity"]
    http.post(f"/api/v1/activities/{qa['id']}/open", headers=facilitator.headers)
    http.post(f"/api/v1/workshops/{workshop.id}/present", headers=facilitator.headers, json={"activity_id": qa["id"]})
    ack = room["phone"].emit("respond", {"activity_id": qa["id"], "answer": {"text": "Hvornår?"},
                                         "request_id": "q1"}, callback=True)
    assert ack["answer"]["status"] == "pending"
    live.flush()
    for client in room.values():
        client.get_received()
    http.post(f"/api/v1/entries/{ack['answer']['id']}/moderate", headers=facilitator.headers,
              json={"status": "visible"})
    assert received(room["phone"], "entry") == [
        {"activity_id": qa["id"], "entry": {"text": "Hvornår?", "id": ack["answer"]["id"], "status": "visible"}}]
    live.flush()
    assert received(room["screen"], "results")[-1]["results"]["responses"] == 1
    http.post(f"/api/v1/entries/{ack['answer']['id']}/highlight", headers=facilitator.headers,
              json={"highlighted": True})
    assert received(room["phone"], "entry") == []  # only a change of what moderation decided reaches the author


def test_a_reset_and_its_undo_reach_the_phones(app, workshop, facilitator, room):
    vote(room["phone"], workshop.poll_id, ["a"])
    for client in room.values():
        client.get_received()
    http = app.test_client()
    reset = http.post(f"/api/v1/activities/{workshop.poll_id}/reset", headers=facilitator.headers).json["reset"]
    assert received(room["phone"], "answers_reset") == [{"activity_id": workshop.poll_id, "undone": False}]
    assert received(room["dashboard"], "workshop")[0]["activities"][0]["undo_reset"]["id"] == reset["id"]
    http.post(f"/api/v1/resets/{reset['id']}/undo", headers=facilitator.headers)
    assert received(room["phone"], "answers_reset") == [{"activity_id": workshop.poll_id, "undone": True}]


def test_a_countdown_ended_by_the_broadcasters_tick_is_announced(database, workshop, room, live):
    with Database(database.url).transaction() as db:  # not watched: set up unannounced
        db.get(Activity, workshop.poll_id).timer_ends_at = utcnow() - timedelta(seconds=1)
    live.flush()
    assert announced_once(room)["screen"]["activities"][0]["timer_remaining"] is None


def test_a_batch_of_answers_marks_each_activity_dirty_once(app, database, workshop, phone, live):
    """The writer records each activity of a batch once, whatever the number of answers in it;
    nothing is emitted from its thread: the changes wait for the next tick."""
    [phone() for _ in range(3)]
    with database.reading() as db:
        participants = [p.id for p in db.get(Workshop, workshop.id).participants]
    writer_database = Database(database.url)
    handed = []
    changes.watch(writer_database, handed.append)
    writer = AnswerWriter(writer_database, Concurrency(None, None, None, None, lambda f, *a: f(*a)))
    outcomes = writer._store_batch([Answer(p, workshop.id, workshop.poll_id, {"choices": [c]}, f"r{p}")
                                   for p, c in zip(participants, "abc")])
    assert all(not isinstance(outcome, Exception) for outcome in outcomes)
    assert [(c.tallies, c.workshops, c.presence) for c in handed] == [({workshop.poll_id}, set(), set())]
    writer_database.dispose()

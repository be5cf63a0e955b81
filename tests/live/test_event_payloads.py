"""Every event the server sends, to each audience, matches its schema (facilitation/protocol.py).

A real server process, real python-socketio clients (a dashboard, a screen opened by its link, two
phones) and the real HTTP API: the room is run through every kind of change, each client records
every event it receives, and each payload is validated against the schema of its event and
audience. Every (event, audience) pair of the protocol must have been seen at least once, so an
event the protocol names but the server no longer sends fails too.
"""

import resource
import threading

import jsonschema
import pytest
import requests
import socketio

from facilitation.protocol import DASHBOARD, PHONE, SCREEN, SERVER_EVENTS
from tests.server import join_cookie

pytestmark = pytest.mark.live


class Listener:
    """A real Socket.IO client that records every event it receives."""

    def __init__(self, url, audience, auth, headers=None):
        self.audience = audience
        self.received: list[tuple[str, object]] = []
        self.changed = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", self._record)
        self.client.connect(url, auth=auth, headers=headers or {}, transports=["websocket"], wait_timeout=10)

    def _record(self, event, payload=None):
        with self.changed:
            self.received.append((event, payload))
            self.changed.notify_all()

    def wait_for(self, event, predicate=lambda payload: True, timeout=20.0):
        """The first payload of `event` that satisfies `predicate` (waiting for it)."""
        def found():
            return next((p for e, p in self.received if e == event and predicate(p)), None)

        with self.changed:
            self.changed.wait_for(lambda: found() is not None, timeout)
            payload = found()
        assert payload is not None, f"{self.audience} never got {event!r}: {[e for e, _ in self.received]}"
        return payload


def test_every_event_matches_its_schema_for_every_audience(live_server):
    server, facts = live_server
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    base = f"{server.url}/api/v1"
    workshop_id, poll_id = facts["workshop_id"], facts["poll_id"]

    dashboard = Listener(server.url, DASHBOARD, {"role": "facilitator", "workshop": workshop_id,
                                                 "token": facts["token"]})
    screen = Listener(server.url, SCREEN, {"role": "screen", "workshop": workshop_id, "key": facts["screen_secret"]})
    phones = [Listener(server.url, PHONE, {"role": "participant", "workshop": facts["code"]},
                       headers={"Cookie": join_cookie(server.url, facts["code"])}) for _ in range(2)]
    listeners = [dashboard, screen, *phones]
    try:
        # presence: people joined and connected.
        dashboard.wait_for("presence", lambda p: p["connected"] == 2)
        screen.wait_for("presence", lambda p: p["connected"] == 2)
        # results: a vote reaches dashboards and screens on the next tick.
        assert phones[0].client.call("respond", {"activity_id": poll_id, "answer": {"choices": ["a"]},
                                                 "request_id": "first"}, timeout=20)["ok"]
        dashboard.wait_for("results", lambda p: p["results"]["responses"] == 1)
        screen.wait_for("results", lambda p: p["results"]["responses"] == 1)
        # workshop and state: a facilitator's change; then phones get tallies too.
        api.post(f"{base}/activities/{poll_id}/reveal").raise_for_status()
        dashboard.wait_for("workshop", lambda p: p["activities"][0]["results_revealed"])
        screen.wait_for("workshop", lambda p: p["activities"][0]["results_revealed"])
        phones[0].wait_for("state", lambda p: str(poll_id) in p["results"])
        assert phones[1].client.call("respond", {"activity_id": poll_id, "answer": {"choices": ["b"]},
                                                 "request_id": "second"}, timeout=20)["ok"]
        phones[0].wait_for("results", lambda p: p["results"]["responses"] == 2)

        # entry: moderation of a held question reaches its author's phones.
        qa = api.post(f"{base}/workshops/{workshop_id}/activities",
                      json={"kind": "qa", "prompt": "Spørgsmål?", "config": {"moderation": "approve"}}).json()
        qa_id = qa["activity"]["id"]
        api.post(f"{base}/activities/{qa_id}/open").raise_for_status()
        api.post(f"{base}/workshops/{workshop_id}/pace", json={"pace": "self_paced"}).raise_for_status()
        ack = phones[1].client.call("respond", {"activity_id": qa_id, "answer": {"text": "Hvornår åbner vi?"},
                                                "request_id": "question"}, timeout=20)
        assert ack["ok"] and ack["answer"]["status"] == "pending"
        api.post(f"{base}/entries/{ack['answer']['id']}/moderate", json={"status": "visible"}).raise_for_status()
        phones[1].wait_for("entry", lambda p: p["entry"]["status"] == "visible")

        # landscape: the facilitator puts it on the screens; a rating with its results revealed
        # follows the votes there.
        theme_id = api.post(f"{base}/workshops/{workshop_id}/themes", json={"title": "KOMBIT"}).json()["theme"]["id"]
        rating_id = api.post(f"{base}/workshops/{workshop_id}/activities",
                             json={"kind": "rating", "prompt": "Hvor vigtigt?", "config": {"themes": "all"}}
                             ).json()["activity"]["id"]
        for action in ("open", "reveal"):
            api.post(f"{base}/activities/{rating_id}/{action}").raise_for_status()
        own_screen = Listener(server.url, SCREEN, {"role": "screen", "workshop": workshop_id, "token": facts["token"]})
        listeners.append(own_screen)
        assert own_screen.client.call("toggle_landscape", {}, timeout=20) == {"ok": True, "landscape_shown": True}
        screen.wait_for("workshop", lambda p: p["landscape"] is not None)
        assert phones[0].client.call("respond", {"activity_id": rating_id, "answer": {"ratings": {str(theme_id): 4}},
                                                 "request_id": "rating"}, timeout=20)["ok"]
        screen.wait_for("landscape", lambda p: p["prioritisations"][0]["responses"] == 1)
        assert own_screen.client.call("toggle_landscape", {}, timeout=20) == {"ok": True, "landscape_shown": False}
        screen.wait_for("workshop", lambda p: p["landscape"] is None)

        # answers_reset: a reset and its undo.
        reset = api.post(f"{base}/activities/{poll_id}/reset").json()["reset"]
        phones[0].wait_for("answers_reset", lambda p: not p["undone"])
        api.post(f"{base}/resets/{reset['id']}/undo").raise_for_status()
        phones[0].wait_for("answers_reset", lambda p: p["undone"])

        # storage: a write the disk refuses, then one it takes again.
        unlimited = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE, (4096, unlimited[1]))
        try:
            ack = phones[0].client.call("respond", {"activity_id": poll_id, "answer": {"choices": ["c"]},
                                                    "request_id": "refused"}, timeout=30)
            assert not ack["ok"] and ack["error"]["code"] == "storage_unavailable"
            dashboard.wait_for("storage", lambda p: p["failing"])
        finally:
            resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE, unlimited)
        assert phones[0].client.call("respond", {"activity_id": poll_id, "answer": {"choices": ["c"]},
                                                 "request_id": "refused"}, timeout=30)["ok"]
        dashboard.wait_for("storage", lambda p: not p["failing"])
    finally:
        for listener in listeners:
            listener.client.disconnect()

    seen = set()
    for listener in listeners:
        for event, payload in listener.received:
            schema = SERVER_EVENTS.get(event, {}).get(listener.audience)
            assert schema is not None, f"{listener.audience} got {event!r}, which the protocol does not name for it"
            jsonschema.validate(payload, schema)
            seen.add((event, listener.audience))
    named = {(event, audience) for event, audiences in SERVER_EVENTS.items() for audience in audiences}
    assert named - seen == set()

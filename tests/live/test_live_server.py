"""The real server process (eventlet, as `make run` starts it) with real python-socketio clients."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import socketio

from tests.server import ServerProcess, join_cookie

pytestmark = pytest.mark.live

PHONES = 50


class Dashboard:
    """A facilitator's Socket.IO client that remembers the newest tally of each activity."""

    def __init__(self, url, workshop_id, token):
        self.client = socketio.Client(reconnection=False)
        self.tallies = {}
        self.changed = threading.Condition()
        self.client.on("results", self._on_results)
        self.client.connect(url, auth={"role": "facilitator", "workshop": workshop_id, "token": token},
                            transports=["websocket"], wait_timeout=10)

    def _on_results(self, message):
        with self.changed:
            self.tallies[message["activity_id"]] = message["results"]
            self.changed.notify_all()

    def wait_for(self, activity_id, predicate, timeout=20.0):
        with self.changed:
            self.changed.wait_for(lambda: activity_id in self.tallies and predicate(self.tallies[activity_id]), timeout)
            return self.tallies.get(activity_id)


def connect_phone(url, code, transports=("websocket",)):
    client = socketio.Client(reconnection=False)
    client.connect(url, headers={"Cookie": join_cookie(url, code)}, auth={"role": "participant", "workshop": code},
                   transports=list(transports), wait_timeout=10)
    return client


def run_room(server, facts, phones, transports=("websocket",)):
    dashboard = Dashboard(server.url, facts["workshop_id"], facts["token"])
    with ThreadPoolExecutor(max_workers=10) as pool:
        clients = list(pool.map(lambda _: connect_phone(server.url, facts["code"], transports), range(phones)))
    choices = [random.choice("abc") for _ in clients]
    acks = []
    with ThreadPoolExecutor(max_workers=10) as pool:
        acks = list(pool.map(
            lambda pair: pair[0].call("respond", {"activity_id": facts["poll_id"], "answer": {"choices": [pair[1]]},
                                                  "request_id": f"vote-{id(pair[0])}"}, timeout=20),
            zip(clients, choices),
        ))
    assert all(ack["ok"] for ack in acks), [ack for ack in acks if not ack["ok"]][:3]
    expected = {option: choices.count(option) for option in "abc"}
    tally = dashboard.wait_for(facts["poll_id"], lambda t: t["responses"] == phones)
    for client in clients:
        client.disconnect()
    dashboard.client.disconnect()
    return tally, expected


def test_fifty_phones_vote_and_the_dashboard_gets_the_exact_tally(live_server):
    server, facts = live_server
    tally, expected = run_room(server, facts, PHONES)
    assert tally == {"responses": PHONES, "counts": expected}


@pytest.mark.parametrize("async_mode", ["gevent", "eventlet"])
def test_each_async_mode_is_the_same_app_behind_one_setting(prepared_instance, async_mode):
    """gevent (the default) and eventlet: phones on long-polling and websockets vote, and the
    dashboard gets the exact tally (the other live tests run the default mode)."""
    instance, facts = prepared_instance
    with ServerProcess(instance, async_mode=async_mode) as server:
        tally, expected = run_room(server, facts, 10, transports=("polling", "websocket"))
    assert tally == {"responses": 10, "counts": expected}


def test_a_participant_client_cannot_run_the_room(live_server):
    server, facts = live_server
    phone = connect_phone(server.url, facts["code"])
    ack = phone.call("step", {"delta": 1}, timeout=10)
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
    ack = phone.call("toggle_results", {}, timeout=10)
    assert ack["ok"] is False
    phone.disconnect()


def test_ideas_and_questions_on_the_real_server_never_leak_moderation(live_server):
    """Real clients on the real server: ideas held for review reach the dashboard only; votes on
    questions are counted once per participant."""
    import requests

    server, facts = live_server
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    base = f"{server.url}/api/v1"
    api.put(f"{base}/workshops/{facts['workshop_id']}/blocked-words", json={"words": ["hemmelig"]}).raise_for_status()
    ideas_id = api.post(f"{base}/workshops/{facts['workshop_id']}/activities",
                        json={"kind": "ideas", "prompt": "Idéer?", "config": {}}).json()["activity"]["id"]
    qa_id = api.post(f"{base}/workshops/{facts['workshop_id']}/activities",
                     json={"kind": "qa", "prompt": "Spørgsmål?", "config": {}}).json()["activity"]["id"]
    for activity_id in (ideas_id, qa_id):
        api.post(f"{base}/activities/{activity_id}/open").raise_for_status()
    api.post(f"{base}/activities/{ideas_id}/reveal").raise_for_status()
    api.post(f"{base}/workshops/{facts['workshop_id']}/pace", json={"pace": "self_paced"}).raise_for_status()

    dashboard = Dashboard(server.url, facts["workshop_id"], facts["token"])
    screen_results = {}
    screen = socketio.Client(reconnection=False)
    screen.on("results", lambda message: screen_results.__setitem__(message["activity_id"], message["results"]))
    screen.connect(server.url, auth={"role": "screen", "workshop": facts["workshop_id"], "key": facts["screen_secret"]},
                   transports=["websocket"], wait_timeout=10)
    phones = [connect_phone(server.url, facts["code"]) for _ in range(6)]
    for number, phone in enumerate(phones):
        text = "Noget hemmelig snak" if number == 0 else f"Idé nummer {number}"
        assert phone.call("respond", {"activity_id": ideas_id, "answer": {"text": text}, "request_id": "i"}, timeout=10)["ok"]
    question = phones[0].call("respond", {"activity_id": qa_id, "answer": {"text": "Hvem betaler?"}, "request_id": "q"}, timeout=10)
    for phone in phones[1:]:
        for _ in range(2):  # a double tap counts once
            assert phone.call("upvote", {"entry_id": question["answer"]["id"], "up": True}, timeout=10)["ok"]

    ideas = dashboard.wait_for(ideas_id, lambda t: t["responses"] == 5 and len(t["moderation"]["pending"]) == 1)
    assert [i["text"] for i in ideas["moderation"]["pending"]] == ["Noget hemmelig snak"]
    questions = dashboard.wait_for(qa_id, lambda t: t["questions"] and t["questions"][0]["votes"] == 5)
    assert questions["questions"][0]["votes"] == 5
    assert "moderation" not in screen_results.get(ideas_id, {}) and "hemmelig" not in str(screen_results).lower()
    for client in phones + [screen, dashboard.client]:
        client.disconnect()

"""Our next steps on the real server with real python-socketio clients: twelve phones pick a theme
and send a step, bad answers are refused and change nothing, the dashboard gets exactly the tally
of the accepted steps grouped per theme; with approval on, a held step reaches the dashboard only
(never the screen) until it is approved, its author's phone hears of the approval with its
theme, and a participant cannot approve or hide anything."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import jsonschema
import pytest
import requests
import socketio

from facilitation.kinds import commitments
from facilitation.protocol import PHONE, SERVER_EVENTS
from tests.server import join_cookie

from .test_live_server import Dashboard

pytestmark = pytest.mark.live

THEMES = ["Fælles infrastruktur", "Digital dannelse", "Kulturarv"]
PHONES = 12


class Phone:
    """A participant's client that keeps the entry events its author receives."""

    def __init__(self, url, code):
        self.http = requests.Session()
        # The join page's CSRF token stays valid for the participant's session: with it, a
        # refused moderation is refused for who is asking, not for a missing token.
        page = self.http.get(f"{url}/j/{code}", timeout=30)
        self.csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        self.cookie = join_cookie(url, code, self.http)
        self.entries = []
        self.changed = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        self.client.on("entry", self._on_entry)
        self.client.connect(url, headers={"Cookie": self.cookie}, auth={"role": "participant", "workshop": code},
                            transports=["websocket"], wait_timeout=10)

    def _on_entry(self, message):
        with self.changed:
            self.entries.append(message)
            self.changed.notify_all()

    def wait_for_entry(self, predicate, timeout=20.0):
        with self.changed:
            self.changed.wait_for(lambda: any(predicate(m) for m in self.entries), timeout)
            return next((m for m in self.entries if predicate(m)), None)


def test_phones_send_next_steps_and_moderation_holds_them_back_from_the_screen(live_server):
    server, facts = live_server
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    base = f"{server.url}/api/v1"
    theme_ids = [api.post(f"{base}/workshops/{facts['workshop_id']}/themes", json={"title": title}).json()["theme"]["id"]
                 for title in THEMES]
    keys = [str(theme_id) for theme_id in theme_ids]
    config = {"themes": "all", "moderation": "approve"}
    made = api.post(f"{base}/workshops/{facts['workshop_id']}/activities",
                    json={"kind": "commitments", "prompt": "Hvad gør vi derhjemme?", "config": config})
    assert made.status_code == 201, made.text
    activity_id = made.json()["activity"]["id"]
    api.post(f"{base}/activities/{activity_id}/open").raise_for_status()
    api.post(f"{base}/activities/{activity_id}/reveal").raise_for_status()
    api.post(f"{base}/workshops/{facts['workshop_id']}/present", json={"activity_id": activity_id}).raise_for_status()

    dashboard = Dashboard(server.url, facts["workshop_id"], facts["token"])
    screen_results, screen_lock = [], threading.Lock()
    screen = socketio.Client(reconnection=False)

    def on_screen_results(message):
        with screen_lock:
            screen_results.append(message)

    screen.on("results", on_screen_results)
    screen.connect(server.url, auth={"role": "screen", "workshop": facts["workshop_id"], "key": facts["screen_secret"]},
                   transports=["websocket"], wait_timeout=10)
    with ThreadPoolExecutor(max_workers=6) as pool:
        phones = list(pool.map(lambda _: Phone(server.url, facts["code"]), range(PHONES)))

    # Every step waits for approval; the first theme gets half of them, the third none.
    sent = [(keys[0] if number % 2 else keys[1], f"Skridt nummer {number}") for number in range(PHONES)]

    def send(pair):
        number, (phone, (theme, text)) = pair
        return phone.client.call("respond", {"activity_id": activity_id, "answer": {"theme": theme, "text": text},
                                             "request_id": f"step-{number}"}, timeout=20)

    with ThreadPoolExecutor(max_workers=6) as pool:
        acks = list(pool.map(send, enumerate(zip(phones, sent))))
    assert all(ack["ok"] and ack["answer"]["status"] == "pending" for ack in acks), acks[:3]
    assert [ack["answer"]["theme"] for ack in acks] == [theme for theme, _ in sent]

    # Bad answers are refused with a clear error and change nothing; one step per person.
    for bad in ({"theme": "999999", "text": "Et skridt"}, {"text": "Uden tema"}, {"theme": keys[0], "text": "  "},
                {"theme": keys[0], "text": "x" * 201}):
        ack = phones[0].client.call("respond", {"activity_id": activity_id, "answer": bad, "request_id": f"bad-{bad}"},
                                    timeout=10)
        assert not ack["ok"] and ack["error"]["code"] == "invalid" and ack["error"]["message"], ack
    again = phones[0].client.call("respond", {"activity_id": activity_id, "answer": {"theme": keys[2], "text": "Et til"},
                                              "request_id": "second"}, timeout=10)
    assert not again["ok"] and again["error"]["code"] == "conflict"

    pending = dashboard.wait_for(activity_id, lambda t: len(t["moderation"]["pending"]) == PHONES)
    assert pending["responses"] == 0 and all(theme["commitments"] == [] for theme in pending["themes"])
    held = pending["moderation"]["pending"]  # in the order they were stored (the phones sent at once)
    assert sorted((e["theme"], e["text"]) for e in held) == sorted(sent)
    assert {e["theme_label"] for e in held if e["theme"] == keys[0]} == {THEMES[0]}

    # A participant cannot approve (nor hide) a step, not even their own.
    own = acks[1]["answer"]["id"]
    for status in ("visible", "hidden"):
        refused = phones[1].http.post(f"{base}/entries/{own}/moderate", json={"status": status}, timeout=10,
                                      headers={"X-CSRFToken": phones[1].csrf})
        assert refused.status_code in (401, 403), refused.text

    # The facilitator approves three; the author hears of it, with the step's theme.
    approved = [acks[number]["answer"]["id"] for number in (1, 2, 3)]
    for entry_id in approved:
        api.post(f"{base}/entries/{entry_id}/moderate", json={"status": "visible"}).raise_for_status()
    heard = phones[1].wait_for_entry(lambda m: m["entry"]["id"] == own and m["entry"]["status"] == "visible")
    assert heard["entry"] == {"id": own, "theme": keys[0], "text": "Skridt nummer 1", "status": "visible"}
    jsonschema.validate(heard, SERVER_EVENTS["entry"][PHONE])

    items = [{"id": theme_id, "label": title, "description": ""} for theme_id, title in zip(theme_ids, THEMES)]
    entries = [{"theme": theme, "text": text, "id": ack["answer"]["id"],
                "status": "visible" if ack["answer"]["id"] in approved else "pending"}
               for (theme, text), ack in zip(sent, acks)]
    expected = commitments.tally({**commitments.clean_config(config), "items": items}, entries)
    tally = dashboard.wait_for(activity_id, lambda t: t == expected)
    assert tally == expected
    assert [sorted(c["text"] for c in theme["commitments"]) for theme in tally["themes"]] == [
        ["Skridt nummer 1", "Skridt nummer 3"], ["Skridt nummer 2"], []]

    # The screen got the approved steps grouped per theme, and never a held one.
    for _ in range(100):
        with screen_lock:
            if screen_results and screen_results[-1]["results"].get("responses") == 3:
                break
        threading.Event().wait(0.1)
    with screen_lock:
        assert screen_results[-1]["results"]["themes"] == expected["themes"]
        assert all("moderation" not in message["results"] for message in screen_results)
        assert "Skridt nummer 4" not in str(screen_results) and "Skridt nummer 0" not in str(screen_results)
    for client in [phone.client for phone in phones] + [screen, dashboard.client]:
        client.disconnect()

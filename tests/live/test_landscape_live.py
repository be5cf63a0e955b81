"""The landscape of the themes reaches the projector: the real server process, a screen on its
secret link and the facilitator's own screen as real python-socketio clients, phones voting."""

import threading
import uuid

import pytest
import requests
import socketio

from tests.server import join_cookie

pytestmark = pytest.mark.live

THEMES = ["Det Digitale Folkebibliotek", "KOMBIT", "Det Kgl. Bibliotek"]


class Screen:
    """A screen's connection that keeps the newest landscape it was sent (`workshop` or `landscape`)."""

    def __init__(self, url, auth):
        self.client = socketio.Client(reconnection=False)
        self.landscape = None
        self.received = 0
        self.changed = threading.Condition()
        self.client.on("workshop", lambda view: self._got(view.get("landscape")))
        self.client.on("landscape", self._got)
        self.client.connect(url, auth=auth, transports=["websocket"], wait_timeout=10)

    def _got(self, landscape):
        with self.changed:
            self.landscape = landscape
            self.received += 1
            self.changed.notify_all()

    def wait_for(self, predicate, timeout=20.0):
        with self.changed:
            assert self.changed.wait_for(lambda: predicate(self.landscape), timeout), self.landscape
            return self.landscape


def test_the_screen_gets_the_landscape_when_shown_follows_the_votes_and_drops_it_on_the_next_activity(live_server):
    server, facts = live_server
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    base = f"{server.url}/api/v1"
    themes = [api.post(f"{base}/workshops/{facts['workshop_id']}/themes", json={"title": title}).json()["theme"]["id"]
              for title in THEMES]
    rating = api.post(f"{base}/workshops/{facts['workshop_id']}/activities",
                      json={"kind": "rating", "prompt": "Hvor vigtigt?", "config": {"themes": "all"}}).json()["activity"]["id"]
    for action in ("open", "reveal"):
        api.post(f"{base}/activities/{rating}/{action}").raise_for_status()
    api.post(f"{base}/workshops/{facts['workshop_id']}/present", json={"activity_id": rating}).raise_for_status()

    link = Screen(server.url, {"role": "screen", "workshop": facts["workshop_id"], "key": facts["screen_secret"]})
    own = Screen(server.url, {"role": "screen", "workshop": facts["workshop_id"], "token": facts["token"]})
    phones = []
    try:
        # A screen on its link only shows: it cannot put the landscape up.
        refused = link.client.call("toggle_landscape", {}, timeout=10)
        assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
        assert own.client.call("toggle_landscape", {}, timeout=10) == {"ok": True, "landscape_shown": True}
        shown = link.wait_for(lambda landscape: landscape is not None)
        assert [p["id"] for p in shown["prioritisations"]] == [rating]
        assert [theme["label"] for theme in shown["themes"]] == THEMES
        assert shown["themes"][0]["sentence"] == "Det Digitale Folkebibliotek: ingen svar om temaet endnu."

        # Three phones rate: the landscape on the screen follows on the broadcaster's tick.
        for values in ([5, 3, 1], [4, 3, 2], [5, 2, 1]):
            phone = socketio.Client(reconnection=False)
            phone.connect(server.url, headers={"Cookie": join_cookie(server.url, facts["code"])},
                          auth={"role": "participant", "workshop": facts["code"]}, transports=["websocket"])
            phones.append(phone)
            ack = phone.call("respond", {"activity_id": rating, "request_id": uuid.uuid4().hex,
                                         "answer": {"ratings": {str(t): v for t, v in zip(themes, values)}}}, timeout=10)
            assert ack["ok"], ack
        voted = link.wait_for(lambda landscape: landscape and landscape["prioritisations"][0]["responses"] == 3)
        assert [(theme["standings"][0]["shown"], theme["standings"][0]["place"]) for theme in voted["themes"]] == [
            ("4,7", 1), ("2,7", 2), ("1,3", 3)]

        # Hiding the rating's results takes it out of the screen's landscape.
        api.post(f"{base}/activities/{rating}/hide").raise_for_status()
        link.wait_for(lambda landscape: landscape is not None and landscape["prioritisations"] == [])
        # Presenting another activity takes the landscape off the screen.
        api.post(f"{base}/workshops/{facts['workshop_id']}/present", json={"activity_id": facts["poll_id"]}).raise_for_status()
        link.wait_for(lambda landscape: landscape is None)
        assert link.client.call("sync", {}, timeout=10)["view"]["landscape"] is None
    finally:
        for client in phones + [link.client, own.client]:
            client.disconnect()

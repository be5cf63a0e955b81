"""A results message that arrives after the state change it predates: the broadcaster read the tally
just before the facilitator revealed (or hid) the results and emitted it just after the `workshop`
(or `state`) event that carried the change. The screen and the phone keep showing what the current
state says; the late message is delivered into the page through Playwright's WebSocket route, as the
server would have sent it."""

import json
import re

import pytest
import requests
import socketio
from playwright.sync_api import expect

from tests.server import join_cookie

from .conftest import PHONE, PROJECTOR, join_phone

pytestmark = pytest.mark.browser

OPTIONS = ["Udlån af e-bøger", "Arrangementer"]


@pytest.fixture
def poll(server):
    running, facts = server
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    url, workshop_id = running.url, facts["workshop_id"]
    created = api.post(f"{url}/api/v1/workshops/{workshop_id}/activities", json={
        "kind": "poll", "prompt": "Hvad bruger borgerne mest?", "config": {"options": OPTIONS}})
    assert created.status_code == 201, created.text
    activity_id = created.json()["activity"]["id"]
    ids = [option["id"] for option in created.json()["activity"]["config"]["options"]]
    api.post(f"{url}/api/v1/activities/{activity_id}/open").raise_for_status()
    api.post(f"{url}/api/v1/workshops/{workshop_id}/present", json={"activity_id": activity_id}).raise_for_status()
    phone = socketio.Client(reconnection=False)
    phone.connect(url, headers={"Cookie": join_cookie(url, facts["code"])},
                  auth={"role": "participant", "workshop": facts["code"]}, transports=["websocket"], wait_timeout=10)
    assert phone.call("respond", {"activity_id": activity_id, "request_id": "late-1", "answer": {"choices": [ids[0]]}})["ok"]
    phone.disconnect()
    return {"url": url, "facts": facts, "api": api, "activity_id": activity_id, "option_ids": ids}


class SocketRoute:
    """Passes a page's Socket.IO WebSocket through to the server, and can deliver a message of
    its own to the page as if the server had sent it."""

    def __init__(self):
        self.routes = []

    def __call__(self, page):
        page.route_web_socket(re.compile(r"/socket\.io/"), self._connect)

    def _connect(self, route):
        route.connect_to_server()  # without handlers of its own, every frame passes both ways
        self.routes.append(route)

    def deliver(self, event: str, payload: dict) -> None:
        """An event from the server, in Engine.IO/Socket.IO framing ("4" message, "2" event)."""
        assert self.routes, "the page has no socket"
        self.routes[-1].send("42" + json.dumps([event, payload]))


def test_a_screen_keeps_revealed_results_when_an_older_count_arrives(poll, open_page):
    url, activity_id = poll["url"], poll["activity_id"]
    socket = SocketRoute()
    screen = open_page(f"{url}/screen/{poll['facts']['screen_secret']}", prepare=socket, **PROJECTOR)
    poll["api"].post(f"{url}/api/v1/activities/{activity_id}/reveal").raise_for_status()
    bars = screen.locator("#screen-chart .bar-label")
    expect(bars.first).to_have_text(OPTIONS[0])

    # The tick read the tally before the reveal: the count of answers only, "not shown".
    socket.deliver("results", {"activity_id": activity_id, "shown": False, "results": {"responses": 1}})
    # Frames arrive in order: once the screen shows this count of people, it has the message above.
    socket.deliver("presence", {"joined": 7, "connected": 7})
    expect(screen.locator(".joined-count").first).to_have_text("7")
    screen.keyboard.press("a")  # the screen draws again (a poll has no agreement view)
    expect(bars.first).to_have_text(OPTIONS[0])  # still the revealed results; no script error (open_page)

    # A newer tally of the shown view is taken.
    socket.deliver("results", {"activity_id": activity_id, "shown": True, "results": {
        "responses": 3, "counts": dict(zip(poll["option_ids"], [1, 2]))}})
    expect(screen.locator("#screen-chart")).to_contain_text(re.compile(r"2 \(67\s?%\)"))


def test_a_phone_keeps_hidden_results_hidden_when_an_older_tally_arrives(poll, open_page):
    url, activity_id = poll["url"], poll["activity_id"]
    socket = SocketRoute()
    phone = join_phone(open_page, url, poll["facts"]["code"], prepare=socket, **PHONE)
    poll["api"].post(f"{url}/api/v1/activities/{activity_id}/reveal").raise_for_status()
    expect(phone.locator("#results")).to_be_visible()
    poll["api"].post(f"{url}/api/v1/activities/{activity_id}/hide").raise_for_status()
    expect(phone.locator("#results")).to_be_hidden()

    # The tally read while the results were still shown arrives after the state that hid them.
    socket.deliver("results", {"activity_id": activity_id, "results": {"responses": 1, "counts": dict(zip(poll["option_ids"], [1, 0]))}})
    phone.wait_for_timeout(300)
    expect(phone.locator("#results")).to_be_hidden()

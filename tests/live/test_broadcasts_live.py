"""Each kind of change reaches a dashboard, a screen and a phone — real python-socketio clients
on a real server process — because its transaction committed, not because a route announced it
(facilitation/changes.py): the API, the facilitator's pages, a dashboard's event, the
broadcaster's own tick, and a change committed by another process on the same database file."""

from datetime import timedelta

import pytest
import requests

from facilitation.db import Database, sqlite_url
from facilitation.models import Activity, utcnow
from facilitation.protocol import DASHBOARD, PHONE, SCREEN
from tests.conftest import csrf_token_from
from tests.live.test_event_payloads import Listener
from tests.server import join_cookie

pytestmark = pytest.mark.live


def test_every_kind_of_change_reaches_dashboards_screens_and_phones(live_server, prepared_instance):
    server, facts = live_server
    instance, _ = prepared_instance
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    base = f"{server.url}/api/v1"
    workshop_id, poll_id = facts["workshop_id"], facts["poll_id"]
    dashboard = Listener(server.url, DASHBOARD, {"role": "facilitator", "workshop": workshop_id,
                                                 "token": facts["token"]})
    screen = Listener(server.url, SCREEN, {"role": "screen", "workshop": workshop_id, "key": facts["screen_secret"]})
    phone = Listener(server.url, PHONE, {"role": "participant", "workshop": facts["code"]},
                     headers={"Cookie": join_cookie(server.url, facts["code"])})

    def everyone_sees(staff_sees, phone_sees):
        dashboard.wait_for("workshop", staff_sees)
        screen.wait_for("workshop", staff_sees)
        phone.wait_for("state", phone_sees)

    try:
        # An activity changed through the API.
        api.patch(f"{base}/activities/{poll_id}", json={"prompt": "Hvem så?"}).raise_for_status()
        everyone_sees(lambda v: v["activities"][0]["prompt"] == "Hvem så?",
                      lambda s: s["activity"]["prompt"] == "Hvem så?")
        # A theme, through the facilitator's page (login cookie and CSRF token, a form post).
        browser = requests.Session()
        login = browser.get(f"{server.url}/login")
        browser.post(f"{server.url}/login", data={"email": facts["facilitator_email"],
                                                 "password": "correct horse battery",
                                                 "csrf_token": csrf_token_from(login.text)}).raise_for_status()
        token = csrf_token_from(browser.get(f"{server.url}/workshops/{workshop_id}/themes").text)
        browser.post(f"{server.url}/workshops/{workshop_id}/themes",
                     data={"action": "add", "title": "Kulturarv", "csrf_token": token}).raise_for_status()
        dashboard.wait_for("workshop", lambda v: [t["title"] for t in v["themes"]] == ["Kulturarv"])
        screen.wait_for("workshop", lambda v: [t["title"] for t in v["themes"]] == ["Kulturarv"])
        # A dashboard's own event.
        assert dashboard.client.call("toggle_results", {}, timeout=10)["ok"]
        everyone_sees(lambda v: v["activities"][0]["results_revealed"],
                      lambda s: s["activity"]["results_revealed"])
        # A countdown that the broadcaster's tick ends, and a change another process committed
        # (its countdown, set on the same file), which this server's tick then ends.
        other_process = Database(sqlite_url(instance / "facilitation.db"))
        with other_process.transaction() as db:
            activity = db.get(Activity, poll_id)
            activity.timer_ends_at, activity.timer_closes = utcnow() - timedelta(seconds=1), True
        other_process.dispose()
        everyone_sees(lambda v: v["activities"][0]["state"] == "closed",
                      lambda s: s["activity"]["state"] == "closed")
        # Everyone who joined in the last minutes removed: the views and the counts.
        removed = api.post(f"{base}/workshops/{workshop_id}/participants/remove", json={
            "joined_from": (utcnow() - timedelta(minutes=10)).isoformat(), "joined_to": utcnow().isoformat()})
        assert removed.json() == {"removed": 1}
        dashboard.wait_for("workshop", lambda v: v["joined"] == 0)
        screen.wait_for("presence", lambda p: p["joined"] == 0)
    finally:
        for listener in (dashboard, screen, phone):
            listener.client.disconnect()

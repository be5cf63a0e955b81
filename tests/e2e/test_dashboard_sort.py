"""The dashboard's sort by agreement: a theme whose agreement is unknown sorts last both ways."""

import pytest
import requests
import socketio
from playwright.sync_api import expect

from tests.server import join_cookie

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_an_unknown_agreement_sorts_last_whether_agreed_or_divided_comes_first(server, open_page):
    running, facts = server
    url, workshop_id = running.url, facts["workshop_id"]
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    ids = {title: api.post(f"{url}/api/v1/workshops/{workshop_id}/themes", json={"title": title}).json()["theme"]["id"]
           for title in ("Enige", "Uenige", "Ukendt")}
    rating = api.post(f"{url}/api/v1/workshops/{workshop_id}/activities", json={
        "kind": "rating", "prompt": "Hvor vigtigt?", "config": {"themes": "all", "scale_min": 1, "scale_max": 5}}).json()
    rating_id = rating["activity"]["id"]
    api.post(f"{url}/api/v1/activities/{rating_id}/open").raise_for_status()
    api.post(f"{url}/api/v1/workshops/{workshop_id}/present", json={"activity_id": rating_id}).raise_for_status()
    # Agreed: everyone says 4. Divided: 1 against 5. Unknown: rated by one person only.
    answers = [{"Enige": 4, "Uenige": 1, "Ukendt": 3}, {"Enige": 4, "Uenige": 5}, {"Enige": 4, "Uenige": 1},
               {"Enige": 4, "Uenige": 5}]
    for number, answer in enumerate(answers):
        phone = socketio.Client(reconnection=False)
        phone.connect(url, headers={"Cookie": join_cookie(url, facts["code"])},
                      auth={"role": "participant", "workshop": facts["code"]}, transports=["websocket"], wait_timeout=10)
        ack = phone.call("respond", {"activity_id": rating_id, "request_id": f"r{number}",
                                     "answer": {"ratings": {str(ids[title]): value for title, value in answer.items()}}})
        assert ack["ok"], ack
        phone.disconnect()

    dashboard = log_in(open_page, url, facts)
    dashboard.locator(".agenda-button", has_text="Hvor vigtigt?").click()
    labels = dashboard.locator("#sel-chart .bar-label")
    dashboard.locator("#sel-sort").select_option("divided")
    expect(labels).to_have_text(["Uenige", "Enige", "Ukendt"])
    dashboard.locator("#sel-sort").select_option("agreed")
    expect(labels).to_have_text(["Enige", "Uenige", "Ukendt"])

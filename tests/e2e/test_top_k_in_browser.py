"""A top-k ranking on the projector screen as people read it: each bar is how many put the theme
in their top k, from zero, so a theme nobody picked shows an empty bar (Borda gave it 36 %)."""

import pytest
import requests
import socketio
from playwright.sync_api import expect

from tests.server import join_cookie

from .conftest import PROJECTOR

pytestmark = pytest.mark.browser

THEMES = ["Åbne biblioteker", "Data om brugerne", "Fælles infrastruktur", "Kulturarv", "Læring",
          "Medier", "Nye brugere", "Partnerskaber", "Rum", "Sprog", "Tværkommunalt", "Ældre borgere"]

# Text and bars as a person sees them: each row's label, value and detail as the boxes of their
# text (DOM Range rects), and the bar's filled width against its track.
MEASURE = r"""
() => Array.from(document.querySelectorAll("#screen-chart li.theme-result")).map((row) => {
  const text = (selector) => {
    const element = row.querySelector(selector);
    const range = document.createRange();
    range.selectNodeContents(element);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0.5 && r.height > 0.5);
    return { text: element.textContent, visible: rects.length > 0,
             inside: rects.every((r) => r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight) };
  };
  const fill = row.querySelector(".bar-fill").getBoundingClientRect();
  const track = row.querySelector(".bar-fill").parentElement.getBoundingClientRect();
  return { label: text(".bar-label"), value: text(".bar-value"), fill: fill.width, track: track.width };
})
"""


def test_a_theme_nobody_put_in_a_top_3_shows_an_empty_bar_on_the_screen(server, open_page, artifacts):
    running, facts = server
    url, workshop_id = running.url, facts["workshop_id"]
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    ids = [api.post(f"{url}/api/v1/workshops/{workshop_id}/themes", json={"title": title}).json()["theme"]["id"]
           for title in THEMES]
    created = api.post(f"{url}/api/v1/workshops/{workshop_id}/activities", json={
        "kind": "ranking", "prompt": "Jeres top 3?", "config": {"themes": ids, "top_k": 3}}).json()
    activity_id = created["activity"]["id"]
    api.post(f"{url}/api/v1/activities/{activity_id}/open").raise_for_status()
    api.post(f"{url}/api/v1/activities/{activity_id}/reveal").raise_for_status()
    api.post(f"{url}/api/v1/workshops/{workshop_id}/present", json={"activity_id": activity_id}).raise_for_status()
    # Four ballots: Data om brugerne in every top 3, Kulturarv in three, Læring in two, and so on;
    # "Åbne biblioteker" (and six more) in none.
    ballots = [[1, 3, 4], [3, 1, 2], [1, 4, 3], [1, 2, 5]]
    for number, ballot in enumerate(ballots):
        phone = socketio.Client(reconnection=False)
        phone.connect(url, headers={"Cookie": join_cookie(url, facts["code"])},
                      auth={"role": "participant", "workshop": facts["code"]}, transports=["websocket"], wait_timeout=10)
        ack = phone.call("respond", {"activity_id": activity_id, "request_id": f"r{number}",
                                     "answer": {"order": [str(ids[i]) for i in ballot]}})
        assert ack["ok"], ack
        phone.disconnect()

    screen = open_page(f"{url}/screen/{facts['screen_secret']}", **PROJECTOR, locale="da-DK")
    expect(screen.locator("#presented")).to_have_attribute("data-fit", "done")
    expect(screen.locator("#screen-chart .bar-value").first).to_have_text("4 af 4")
    screen.screenshot(path=str(artifacts / "screen-top-k.png"))
    rows = screen.evaluate(MEASURE)
    by_label = {row["label"]["text"].split(" ", 1)[1]: row for row in rows}
    first = rows[0]
    assert first["label"]["text"] == "1. Data om brugerne" and first["value"]["text"] == "4 af 4"
    assert first["fill"] == pytest.approx(first["track"], abs=1)  # every ballot: the full bar
    kulturarv = by_label["Kulturarv"]
    assert kulturarv["value"]["text"] == "3 af 4"
    assert kulturarv["fill"] == pytest.approx(0.75 * kulturarv["track"], abs=1)
    nobody = by_label["Åbne biblioteker"]
    assert nobody["value"]["text"] == "0 af 4"
    assert nobody["fill"] == 0  # an empty bar, not Borda's (12 − 3 − 1)/2 = 4 points of 11
    for row in rows:
        for part in (row["label"], row["value"]):
            assert part["visible"] and part["inside"], row
    # The places people gave, and the Borda score still there, in words a person reads.
    expect(screen.locator("#screen-chart li.theme-result").first).to_contain_text("plads 1: 3 · plads 2: 1 · plads 3: 0")
    expect(screen.locator("#screen-chart li.theme-result").first).to_contain_text("Borda")

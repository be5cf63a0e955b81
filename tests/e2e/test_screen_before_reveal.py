"""What the projector shows of an activity before its results are revealed: a poll still shows
the room what it can choose from (its kind's script decides, static/js/kinds/poll.js), any
other kind only how many answered; the reveal replaces the options with the bars."""

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import POLL_CONFIG

from .conftest import PROJECTOR
from .test_embedding_in_browser import text_boxes

pytestmark = pytest.mark.browser


def test_a_poll_shows_its_options_before_the_reveal_and_a_rating_does_not(server, open_page, artifacts):
    running, facts = server
    url, workshop_id = running.url, facts["workshop_id"]
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    screen = open_page(f"{url}/screen/{facts['screen_secret']}", **PROJECTOR)
    expect(screen.locator("#screen-prompt")).to_have_text("Hvem først?")

    # What a person sees: every option's text, whole, inside the projector's 1920 × 1080.
    expect(screen.locator("#screen-chart .poll-options li")).to_have_count(len(POLL_CONFIG["options"]))
    boxes = text_boxes(screen, "#screen-chart .poll-options")
    assert "".join(box["text"] for box in boxes) == "".join(POLL_CONFIG["options"])
    assert all(0 <= box["left"] and box["right"] <= 1920 and 0 <= box["top"] and box["bottom"] <= 1080 for box in boxes)
    # The options' numbers (list markers, drawn left of each item) lie inside the chart, which
    # clips what overflows it: an item starts at least 1.5 of its letters' size in.
    room = screen.evaluate("""() => {
        const chart = document.getElementById("screen-chart").getBoundingClientRect();
        return Array.from(document.querySelectorAll("#screen-chart .poll-options li"), (item) =>
            (item.getBoundingClientRect().left - chart.left) / parseFloat(getComputedStyle(item).fontSize));
    }""")
    assert room and min(room) >= 1.5, room
    screen.screenshot(path=str(artifacts / "screen-poll-before-reveal.png"))

    api.post(f"{url}/api/v1/workshops/{workshop_id}/themes", json={"title": "KOMBIT"}).raise_for_status()
    rating = api.post(f"{url}/api/v1/workshops/{workshop_id}/activities", json={
        "kind": "rating", "prompt": "Hvor vigtigt?", "config": {"themes": "all"}}).json()["activity"]
    api.post(f"{url}/api/v1/activities/{rating['id']}/open").raise_for_status()
    api.post(f"{url}/api/v1/workshops/{workshop_id}/present", json={"activity_id": rating["id"]}).raise_for_status()
    expect(screen.locator("#screen-prompt")).to_have_text("Hvor vigtigt?")
    expect(screen.locator("#screen-status")).to_contain_text("0")
    assert text_boxes(screen, "#screen-chart") == []

    api.post(f"{url}/api/v1/workshops/{workshop_id}/present", json={"activity_id": facts["poll_id"]}).raise_for_status()
    api.post(f"{url}/api/v1/activities/{facts['poll_id']}/reveal").raise_for_status()
    expect(screen.locator("#screen-chart .bar-label")).to_have_text(POLL_CONFIG["options"])
    expect(screen.locator("#screen-chart .poll-options")).to_have_count(0)

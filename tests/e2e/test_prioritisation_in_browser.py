"""The prioritisation kinds on a phone-sized Chromium: a rating, a ranking by dragging and another
by keyboard only, a points allocation, a placement on the strategy map; the screen shows each
result. Screenshots land in test-artifacts/."""

import re

import pytest
import requests
from playwright.sync_api import expect

from .conftest import PHONE, PROJECTOR

pytestmark = pytest.mark.browser

THEMES = ["Fælles infrastruktur", "Digitale materialer", "Data om brugerne", "Kulturarv"]


@pytest.fixture
def room(server):
    running, facts = server
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    url = running.url
    workshop_id = facts["workshop_id"]
    theme_ids = [api.post(f"{url}/api/v1/workshops/{workshop_id}/themes", json={"title": title}).json()["theme"]["id"]
                 for title in THEMES]
    activities = {}
    for kind, prompt, config in [
        ("rating", "Hvor vigtigt?", {"themes": "all", "scale_min": 1, "scale_max": 5, "label_min": "ikke vigtigt", "label_max": "meget vigtigt"}),
        ("ranking", "Rangér temaerne", {"themes": theme_ids}),
        ("points", "Fordel 100 point", {"themes": "all", "budget": 100, "max_per_theme": 60}),
        ("matrix", "Strategikortet", {"themes": "all", "x_label": "Værdi for borgerne", "y_label": "Gennemførbarhed",
                                      "x_low": "lav", "x_high": "høj", "y_low": "svær", "y_high": "let"}),
    ]:
        activity = api.post(f"{url}/api/v1/workshops/{workshop_id}/activities",
                            json={"kind": kind, "prompt": prompt, "config": config})
        assert activity.status_code == 201, activity.text
        activities[kind] = activity.json()["activity"]["id"]
        api.post(f"{url}/api/v1/activities/{activities[kind]}/open").raise_for_status()

    def present(kind):
        api.post(f"{url}/api/v1/workshops/{workshop_id}/present", json={"activity_id": activities[kind]}).raise_for_status()

    def reveal(kind):
        api.post(f"{url}/api/v1/activities/{activities[kind]}/reveal").raise_for_status()

    def results(kind):
        return api.get(f"{url}/api/v1/activities/{activities[kind]}/results").json()["results"]

    return {"url": url, "facts": facts, "present": present, "reveal": reveal, "results": results}


def join(open_page, room):
    phone = open_page(f"{room['url']}/j/{room['facts']['code']}", **PHONE)
    phone.get_by_role("button", name=re.compile("Deltag|Join")).click()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")
    return phone


def send_and_expect_saved(phone):
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator("#save-status")).to_have_attribute("data-state", "saved")


def test_prioritisation_on_phones_and_screen(room, open_page, artifacts):
    screen = open_page(f"{room['url']}/screen/{room['facts']['screen_secret']}", **PROJECTOR)
    alice, bob = join(open_page, room), join(open_page, room)

    # Rating: tap a value per theme.
    room["present"]("rating")
    for phone, values in ((alice, ["5", "4", "2", "1"]), (bob, ["5", "2", "4", "1"])):
        expect(phone.locator("#prompt")).to_have_text("Hvor vigtigt?")
        for item, value in zip(phone.locator(".rating-item").all(), values):
            item.locator(".scale-step", has_text=re.compile(f"^{value}$")).click()
        send_and_expect_saved(phone)
    alice.screenshot(path=artifacts / "phone-rating.png", full_page=True)
    rating = room["results"]("rating")
    assert [theme["mean"] for theme in rating["themes"]] == [5, 3, 3, 1]
    room["reveal"]("rating")
    expect(screen.locator("#screen-chart .theme-result")).to_have_count(4)
    expect(screen.locator("#screen-chart .theme-result").first).to_contain_text("Fælles infrastruktur")
    screen.wait_for_timeout(700)
    screen.screenshot(path=artifacts / "screen-rating.png")

    # Ranking by dragging: Alice drags "Kulturarv" (last) to the top.
    room["present"]("ranking")
    expect(alice.locator(".rank-item")).to_have_count(4)
    handle = alice.locator(".rank-item", has_text="Kulturarv").locator(".rank-handle")
    target = alice.locator(".rank-item").first.bounding_box()
    handle.hover()
    alice.mouse.down()
    alice.mouse.move(target["x"] + 20, target["y"] + 5, steps=8)
    alice.mouse.up()
    expect(alice.locator(".rank-item").first).to_contain_text("Kulturarv")
    send_and_expect_saved(alice)
    alice.screenshot(path=artifacts / "phone-ranking.png", full_page=True)

    # Ranking by keyboard only: Bob moves "Data om brugerne" up two places with the arrow key,
    # then sends with Enter.
    bob_handle = bob.locator(".rank-item", has_text="Data om brugerne").locator(".rank-handle")
    bob_handle.focus()
    bob.keyboard.press("ArrowUp")
    bob.keyboard.press("ArrowUp")
    expect(bob.locator(".rank-item").first).to_contain_text("Data om brugerne")
    bob.locator("#send").focus()
    bob.keyboard.press("Enter")
    expect(bob.locator("#save-status")).to_have_attribute("data-state", "saved")
    ranking = room["results"]("ranking")
    first = {theme["label"]: theme["first_places"] for theme in ranking["themes"]}
    assert first["Kulturarv"] == 1 and first["Data om brugerne"] == 1
    assert sum(theme["borda"] for theme in ranking["themes"]) == 2 * 6  # 2 ballots × 4·3/2
    room["reveal"]("ranking")
    expect(screen.locator("#screen-chart .theme-result")).to_have_count(4)
    screen.wait_for_timeout(700)
    screen.screenshot(path=artifacts / "screen-ranking.png")

    # Points: the phone shows what is left and cannot overspend.
    room["present"]("points")
    plus = alice.locator(".points-item", has_text="Fælles infrastruktur").get_by_role("button", name=re.compile(r"\+|Flere|More"))
    for _ in range(12):  # 12 × 5 = 60, the most one theme may get
        plus.click()
    expect(alice.locator(".points-item", has_text="Fælles infrastruktur").locator(".points-value")).to_have_value("60")
    expect(plus).to_be_disabled()
    other = alice.locator(".points-item", has_text="Kulturarv").locator(".points-value")
    other.fill("90")
    other.dispatch_event("change")
    expect(other).to_have_value("40")  # only 40 were left
    expect(alice.locator(".points-left")).to_contain_text("0")
    send_and_expect_saved(alice)
    alice.screenshot(path=artifacts / "phone-points.png", full_page=True)
    points = room["results"]("points")
    assert {t["label"]: t["total"] for t in points["themes"]} == {
        "Fælles infrastruktur": 60, "Digitale materialer": 0, "Data om brugerne": 0, "Kulturarv": 40}
    room["reveal"]("points")
    expect(screen.locator("#screen-chart .theme-result").first).to_contain_text("Fælles infrastruktur")

    # Matrix: tap on the grid for two themes, and place a third with the sliders by keyboard.
    room["present"]("matrix")
    grid = alice.locator(".matrix-grid")
    expect(grid).to_be_visible()

    def tap(x, y):  # the theme buttons are under the map: bring the map back into view first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        alice.mouse.click(box["x"] + box["width"] * x, box["y"] + box["height"] * y)

    alice.locator(".matrix-chip", has_text="Fælles infrastruktur").click()
    tap(0.8, 0.2)  # high value, easy
    alice.locator(".matrix-chip", has_text="Kulturarv").click()
    tap(0.25, 0.75)  # low value, hard
    alice.locator(".matrix-chip", has_text="Data om brugerne").click()
    slider = alice.locator(".matrix-sliders input").first
    slider.focus()
    for _ in range(10):
        alice.keyboard.press("ArrowRight")
    send_and_expect_saved(alice)
    alice.screenshot(path=artifacts / "phone-matrix.png", full_page=True)
    matrix = {t["label"]: t for t in room["results"]("matrix")["themes"]}
    assert matrix["Fælles infrastruktur"]["quadrants"]["high_high"] == 1
    assert matrix["Kulturarv"]["quadrants"]["low_low"] == 1
    assert matrix["Data om brugerne"]["mean_x"] == 60 and matrix["Data om brugerne"]["mean_y"] == 50
    room["reveal"]("matrix")
    expect(screen.locator(".strategy-map .map-theme")).to_have_count(3)
    screen.wait_for_timeout(300)
    screen.screenshot(path=artifacts / "screen-matrix.png")

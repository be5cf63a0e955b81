"""A stance in Chromium: one phone 320 px wide answers by tapping, another by keyboard only, four
more through Socket.IO; the projector screen shows the share of yes per theme with the
facilitator's names for the choices, and its agreement view names the divided theme. Screenshots
land in test-artifacts/."""

import re

import pytest
import requests
import socketio
from playwright.sync_api import expect

from tests.server import join_cookie

from .conftest import PHONE, PROJECTOR, join_phone, log_in
from .test_screen_fits import problems

pytestmark = pytest.mark.browser

THEMES = ["Fælles digital infrastruktur", "Digitaliseret kulturarv", "Kompetencer hos personalet"]
NARROW_PHONE = {**PHONE, "viewport": {"width": 320, "height": 640}}

# The text boxes (DOM Range rects) of every text node under `selector`, as a person sees them.
TEXT_BOXES = r"""
(selector) => Array.from(document.querySelectorAll(selector)).flatMap((root) => {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const boxes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    Array.from(range.getClientRects()).filter((r) => r.width > 0.5 && r.height > 0.5).forEach((r) =>
      boxes.push({ text: node.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                   font: parseFloat(getComputedStyle(node.parentElement).fontSize) }));
  }
  return boxes;
})
"""


@pytest.fixture
def room(server):
    running, facts = server
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    url, workshop_id = running.url, facts["workshop_id"]
    ids = [str(api.post(f"{url}/api/v1/workshops/{workshop_id}/themes", json={"title": title}).json()["theme"]["id"])
           for title in THEMES]
    created = api.post(f"{url}/api/v1/workshops/{workshop_id}/activities", json={
        "kind": "stance", "prompt": "Skal vores bibliotek handle på temaet i 2027?",
        "config": {"themes": "all", "yes_label": "Vi er med", "no_label": "Ikke os", "not_sure_label": "Ved ikke"}})
    assert created.status_code == 201, created.text
    activity_id = created.json()["activity"]["id"]
    api.post(f"{url}/api/v1/activities/{activity_id}/open").raise_for_status()
    api.post(f"{url}/api/v1/workshops/{workshop_id}/present", json={"activity_id": activity_id}).raise_for_status()
    return {"url": url, "facts": facts, "api": api, "activity_id": activity_id, "theme_ids": ids}


def join(open_page, room, options):
    phone = join_phone(open_page, room["url"], room["facts"]["code"], **options)
    expect(phone.locator("#prompt")).to_have_text("Skal vores bibliotek handle på temaet i 2027?")
    return phone


def test_a_stance_on_phones_and_the_screen(room, open_page, artifacts):
    url, activity_id, ids = room["url"], room["activity_id"], room["theme_ids"]
    screen = open_page(f"{url}/screen/{room['facts']['screen_secret']}", **PROJECTOR)

    # A 320-px phone: three large buttons per theme, every word inside the screen, tapped.
    alice = join(open_page, room, NARROW_PHONE)
    items = alice.locator(".stance-item")
    expect(items).to_have_count(3)
    expect(items.first.locator(".stance-choice")).to_have_text(["Vi er med", "Ikke os", "Ved ikke"])
    for button in items.first.locator(".stance-choice").all():
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44  # a thumb's target
    boxes = alice.evaluate(TEXT_BOXES, ".stance-item")
    assert {box["text"] for box in boxes} >= set(THEMES) | {"Vi er med", "Ikke os", "Ved ikke"}
    assert all(box["left"] >= 0 and box["right"] <= 320 for box in boxes), boxes
    assert min(box["font"] for box in boxes) >= 16
    for item, choice in zip(items.all(), ["Vi er med", "Ikke os", "Ved ikke"]):
        item.locator(".stance-choice", has_text=choice).click()
    expect(items.nth(1).locator("input[value=no]")).to_be_checked()
    alice.get_by_role("button", name="Send").click()
    expect(alice.locator("#save-status")).to_have_attribute("data-state", "saved")
    alice.screenshot(path=artifacts / "phone-stance-320.png", full_page=True)

    # Keyboard only: Tab into the first theme's choices, arrows to choose, the last theme skipped.
    bob = join(open_page, room, PHONE)
    bob.locator(".stance-item input").first.focus()
    bob.keyboard.press("Space")  # the first choice, "Vi er med"
    bob.keyboard.press("Tab")  # to the next theme's group
    bob.keyboard.press("ArrowRight")  # the next choice: "Ikke os"
    expect(bob.locator(".stance-item").nth(0).locator("input[value=yes]")).to_be_checked()
    expect(bob.locator(".stance-item").nth(1).locator("input[value=no]")).to_be_checked()
    bob.locator("#send").focus()
    bob.keyboard.press("Enter")
    expect(bob.locator("#save-status")).to_have_attribute("data-state", "saved")

    # Four more phones through Socket.IO: on Digitaliseret kulturarv the room ends 3 yes, 3 no.
    for number, stances in enumerate([{ids[0]: "yes", ids[1]: "yes"}, {ids[0]: "yes", ids[1]: "yes"},
                                      {ids[0]: "no", ids[1]: "yes"}, {ids[0]: "yes", ids[1]: "no"}]):
        phone = socketio.Client(reconnection=False)
        phone.connect(url, headers={"Cookie": join_cookie(url, room["facts"]["code"])},
                      auth={"role": "participant", "workshop": room["facts"]["code"]}, transports=["websocket"],
                      wait_timeout=10)
        assert phone.call("respond", {"activity_id": activity_id, "request_id": f"s{number}",
                                      "answer": {"stances": stances}})["ok"]
        phone.disconnect()
    results = room["api"].get(f"{url}/api/v1/activities/{activity_id}/results").json()["results"]
    counts = {theme["label"]: (theme["yes"], theme["no"], theme["not_sure"]) for theme in results["themes"]}
    assert counts == {THEMES[0]: (5, 1, 0), THEMES[1]: (3, 3, 0), THEMES[2]: (0, 0, 1)}

    room["api"].post(f"{url}/api/v1/activities/{activity_id}/reveal").raise_for_status()
    rows = screen.locator("#screen-chart .theme-result")
    expect(rows).to_have_count(3)
    expect(rows.first.locator(".bar-label")).to_have_text(THEMES[0])  # 5 of 6 on a side said yes
    expect(rows.first.locator(".bar-value")).to_have_text("83%")
    expect(rows.first.locator(".theme-detail")).to_contain_text("Vi er med 5 · Ikke os 1 · Ved ikke 0")
    expect(rows.last.locator(".bar-value")).to_have_text("–")  # nobody took a side
    expect(rows.last.locator(".theme-detail")).to_contain_text("Vi er med 0 · Ikke os 0 · Ved ikke 1")
    screen.wait_for_timeout(700)  # the bars' transition
    boxes = screen.evaluate(TEXT_BOXES, "#screen-chart")
    assert {"83%", THEMES[0]} <= {box["text"] for box in boxes}
    assert all(0 <= box["left"] and box["right"] <= 1920 and 0 <= box["top"] and box["bottom"] <= 1080
               for box in boxes), boxes
    screen.screenshot(path=artifacts / "screen-stance.png")
    # Read from the back of the hall: nothing cut off, overlapping, too small or too faint, and the
    # counts under each bar still shown (not dropped to make the rows fit).
    assert problems(screen) == []
    expect(screen.locator("#screen-chart")).not_to_have_class(re.compile("terse"))

    # The agreement view: the room is split 3 : 3 on Digitaliseret kulturarv.
    screen.keyboard.press("a")
    expect(screen.locator(".agreement-lists section").nth(1)).to_contain_text("Delt forsamling")
    expect(screen.locator(".agreement-lists section").nth(1)).to_contain_text(THEMES[1])
    expect(screen.locator(".agreement-lists section").first).to_contain_text(THEMES[0])
    screen.wait_for_timeout(300)
    screen.screenshot(path=artifacts / "screen-stance-agreement.png")

    # The dashboard: the same rows, and the facilitator's sort by the most divided theme.
    dashboard = log_in(open_page, url, room["facts"])
    rows = dashboard.locator("#sel-chart .theme-result")
    expect(rows).to_have_count(3)
    expect(rows.first.locator(".bar-label")).to_have_text(THEMES[0])
    dashboard.locator("#sel-sort").select_option("divided")
    expect(rows.first.locator(".bar-label")).to_have_text(THEMES[1])
    expect(rows.first.locator(".theme-detail")).to_contain_text("Vi er med 3 · Ikke os 3 · Ved ikke 0")
    dashboard.locator("#sel-sort").select_option("agenda")
    expect(rows.locator(".bar-label")).to_have_text(THEMES)
    dashboard.wait_for_timeout(700)  # the rows' move
    dashboard.screenshot(path=artifacts / "dashboard-stance.png")

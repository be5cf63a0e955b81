"""Our next steps in real Chromium: a 320-px phone picks a theme and sends a step with the keyboard
alone, a 360-px phone with taps; the dashboard lists the held steps with their themes and
approves them; the screen then shows them grouped under their themes, fitting the projector
(measured as the screen-fit tests measure), and a hostile step is set as text, never as HTML.
Screenshots go to test-artifacts/."""

from __future__ import annotations


import pytest
import requests
from playwright.sync_api import expect

from .conftest import PHONE, PROJECTOR, join_phone, log_in
from .test_screen_fits import problems, settled

pytestmark = pytest.mark.browser

ROOM_THEMES = ["Fælles infrastruktur", "Digital dannelse", "Kulturarv"]
NARROW_PHONE = {**PHONE, "viewport": {"width": 320, "height": 640}}
HOSTILE = "<img src=x onerror=alert(1)> Vi inviterer skolerne"
STEP = "Tal med kommunens IT-chef om et fælles login før sommerferien"

# Every line box of text in the phone's question and results: where a person sees it.
TEXT_BOXES = r"""
() => {
  const boxes = [];
  for (const root of document.querySelectorAll("#activity")) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || node.parentElement.closest("[hidden], .visually-hidden")) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width > 0.5) boxes.push({ text: node.textContent.trim().slice(0, 40), left: r.left, right: r.right });
      }
    }
  }
  return boxes;
}
"""


@pytest.fixture
def room(server):
    running, facts = server
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    url, workshop_id = running.url, facts["workshop_id"]
    for title in ROOM_THEMES:
        api.post(f"{url}/api/v1/workshops/{workshop_id}/themes", json={"title": title}).raise_for_status()
    made = api.post(f"{url}/api/v1/workshops/{workshop_id}/activities",
                    json={"kind": "commitments", "prompt": "Hvad gør vi derhjemme?",
                          "config": {"themes": "all", "moderation": "approve"}})
    assert made.status_code == 201, made.text
    activity_id = made.json()["activity"]["id"]
    api.post(f"{url}/api/v1/activities/{activity_id}/open").raise_for_status()
    api.post(f"{url}/api/v1/workshops/{workshop_id}/present", json={"activity_id": activity_id}).raise_for_status()
    return {"url": url, "facts": facts, "api": api, "activity_id": activity_id}


def join(open_page, room, device):
    phone = join_phone(open_page, room["url"], room["facts"]["code"], **device)
    expect(phone.locator(".commitment-themes .choice")).to_have_count(3)
    return phone


def outside(phone, width):
    return [box for box in phone.evaluate(TEXT_BOXES) if box["left"] < -1 or box["right"] > width + 1]


def test_phones_send_steps_the_dashboard_approves_and_the_screen_groups_them(room, open_page, artifacts):
    dialogs = []
    screen = open_page(f"{room['url']}/screen/{room['facts']['screen_secret']}", **PROJECTOR)
    screen.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    dashboard = log_in(open_page, room["url"], room["facts"])
    alice, bob = join(open_page, room, NARROW_PHONE), join(open_page, room, PHONE)

    # The themes are large radio buttons under a legend, in Danish.
    expect(alice.locator(".commitment-themes legend")).to_have_text("Vælg et tema")
    for box in alice.locator(".commitment-themes .choice").all():
        assert box.bounding_box()["height"] >= 44
    expect(alice.locator("#send")).to_have_text("Send mit skridt")

    # Sending without a theme says what is missing, and sends nothing.
    alice.locator(".entry-text").fill("Uden tema")
    alice.locator("#send").click()
    expect(alice.locator("#save-status")).to_have_text("Vælg et tema, og skriv dit skridt.")
    alice.locator(".entry-text").fill("")

    # Alice, on a 320-px phone, uses only the keyboard: into the radio group, an arrow to the
    # second theme, Tab to the text box, type, Tab to the button, Enter.
    alice.locator(".commitment-themes input").first.focus()
    alice.keyboard.press("Space")
    alice.keyboard.press("ArrowDown")
    expect(alice.locator(".commitment-themes input:checked")).to_have_count(1)
    expect(alice.locator(".choice:has(input:checked)")).to_have_text("Digital dannelse")
    alice.keyboard.press("Tab")
    expect(alice.locator(".entry-text")).to_be_focused()
    alice.keyboard.type(HOSTILE)
    expect(alice.locator(".counter")).to_have_text(f"{len(HOSTILE)} / 200")
    alice.keyboard.press("Tab")
    expect(alice.locator("#send")).to_be_focused()
    alice.keyboard.press("Enter")
    expect(alice.locator("#save-status")).to_have_attribute("data-state", "saved")
    mine = alice.locator(".mine .mine-entry")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Digital dannelse")
    expect(mine).to_contain_text(HOSTILE)
    expect(mine).to_contain_text("Venter på godkendelse")
    expect(alice.locator("#send")).to_have_text("Grænsen er nået")  # one step each, by default
    expect(alice.locator(".commitment-themes input").first).to_be_disabled()
    assert alice.evaluate("document.documentElement.scrollWidth") <= 320
    assert outside(alice, 320) == []
    alice.screenshot(path=artifacts / "phone-commitments-320.png", full_page=True)

    # Bob taps the first theme and writes his step.
    bob.locator(".commitment-themes .choice", has_text="Fælles infrastruktur").click()
    bob.locator(".entry-text").fill(STEP)
    bob.locator("#send").click()
    expect(bob.locator("#save-status")).to_have_attribute("data-state", "saved")

    # The dashboard lists both as waiting, each with its theme, and counts none shown yet.
    pending = dashboard.locator("#pending-list .entry")
    expect(pending).to_have_count(2)
    expect(pending.filter(has_text=STEP).locator(".entry-note")).to_have_text("Fælles infrastruktur")
    expect(pending.filter(has_text="Vi inviterer skolerne").locator(".entry-note")).to_have_text("Digital dannelse")
    expect(dashboard.locator("#sel-answered")).to_have_text("0 næste skridt vist")
    assert dashboard.locator("#pending-list img").count() == 0
    dashboard.screenshot(path=artifacts / "dashboard-commitments.png")

    # Revealed before approval, the screen shows no held step.
    room["api"].post(f"{room['url']}/api/v1/activities/{room['activity_id']}/reveal").raise_for_status()
    expect(screen.locator("#screen-chart .empty")).to_have_text("Ingen næste skridt endnu.")

    for text in (STEP, "Vi inviterer skolerne"):
        pending.filter(has_text=text).get_by_role("button", name="Godkend").click()
        expect(dashboard.locator("#visible-list .entry", has_text=text)).to_have_count(1)
    expect(dashboard.locator("#sel-answered")).to_have_text("2 næste skridt vist")

    # The screen groups the steps under their themes, in the themes' order; the hostile text is text.
    expect(screen.locator("#screen-chart .commitment-card")).to_have_count(2)
    expect(screen.locator("#screen-chart .commitment-theme")).to_have_text(
        ["Fælles infrastruktur · 1", "Digital dannelse · 1"])
    expect(screen.locator("#screen-chart .commitment-wall > li")).to_have_text(
        ["Fælles infrastruktur · 1", STEP, "Digital dannelse · 1", HOSTILE])
    assert screen.locator("#screen-chart img").count() == 0
    settled(screen)
    assert problems(screen) == []
    screen.screenshot(path=artifacts / "screen-commitments-live.png")

    # The author's phone hears of the approval; the revealed wall reaches the phones, inside 320 px.
    expect(mine).not_to_contain_text("Venter på godkendelse")
    expect(alice.locator("#results .commitment-card")).to_have_count(2)
    assert alice.locator("#results img, .mine img").count() == 0
    assert alice.evaluate("document.documentElement.scrollWidth") <= 320
    assert outside(alice, 320) == []
    alice.screenshot(path=artifacts / "phone-commitments-results-320.png", full_page=True)
    assert dialogs == []

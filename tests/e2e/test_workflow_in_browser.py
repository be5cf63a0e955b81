"""Segments, split results side by side and the countdown, in a real browser."""

import re

import pytest
import requests
from playwright.sync_api import expect

from .conftest import LAPTOP, PHONE, PROJECTOR

pytestmark = pytest.mark.browser


def test_join_with_segments_split_results_and_timer(server, open_page, artifacts):
    running, facts = server
    url = running.url
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    api.put(f"{url}/api/v1/workshops/{facts['workshop_id']}/segments", json={"segments": [
        {"question": "Din rolle", "options": ["Leder", "Medarbejder"], "required": True}]}).raise_for_status()

    screen = open_page(f"{url}/screen/{facts['screen_secret']}", **PROJECTOR)
    phones = []
    for role, option in [("Leder", "DDF")] * 3 + [("Medarbejder", "KOMBIT")] * 3:
        phone = open_page(f"{url}/j/{facts['code']}", **PHONE)
        phone.get_by_label(role).check()
        phone.get_by_role("button", name=re.compile("Deltag|Join")).click()
        expect(phone.locator("#prompt")).to_have_text("Hvem først?")
        phone.get_by_text(option, exact=True).click()
        phone.get_by_role("button", name="Send").click()
        expect(phone.locator("#save-status")).to_have_attribute("data-state", "saved")
        phones.append(phone)

    # The facilitator splits the results by role and starts a two-minute timer from the dashboard.
    dashboard = open_page(f"{url}/login", **LAPTOP)
    dashboard.locator("#email").fill(facts["facilitator_email"])
    dashboard.locator("#password").fill("correct horse battery")
    dashboard.locator("form button[type=submit]").click()
    dashboard.get_by_role("link", name="Live").click()
    dashboard.locator("#sel-split").select_option("Din rolle")
    expect(dashboard.locator("#sel-chart .split-column")).to_have_count(2)
    dashboard.locator("#timer-seconds").select_option("120")
    dashboard.locator("#btn-timer").click()
    expect(dashboard.locator("#sel-timer")).to_have_text(re.compile(r"^[12]:\d\d$"))
    dashboard.keyboard.press("r")  # reveal
    dashboard.screenshot(path=artifacts / "dashboard-split.png", full_page=True)

    columns = screen.locator("#screen-chart .split-column")
    expect(columns).to_have_count(2)
    expect(columns.nth(0)).to_contain_text("Leder")
    expect(columns.nth(0).locator(".bar-value").first).to_have_text("3 (100 %)")
    expect(columns.nth(1).locator(".bar-value").nth(1)).to_have_text("3 (100 %)")
    expect(screen.locator("#screen-timer")).to_be_visible()
    screen.screenshot(path=artifacts / "screen-split.png")
    expect(phones[0].locator("#phone-timer")).to_have_text(re.compile(r"^[12]:\d\d$"))
    phones[0].screenshot(path=artifacts / "phone-timer.png", full_page=True)


def test_the_builder_reorders_by_dragging_and_by_keyboard(server, open_page, artifacts):
    running, facts = server
    url = running.url
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    for prompt in ("Andet spørgsmål", "Tredje spørgsmål"):
        api.post(f"{url}/api/v1/workshops/{facts['workshop_id']}/activities",
                 json={"kind": "poll", "prompt": prompt, "config": {"options": ["Ja", "Nej"]}}).raise_for_status()
    dashboard = open_page(f"{url}/login", **LAPTOP)
    dashboard.locator("#email").fill(facts["facilitator_email"])
    dashboard.locator("#password").fill("correct horse battery")
    dashboard.locator("form button[type=submit]").click()
    dashboard.get_by_role("link", name="Live").click()
    prompts = dashboard.locator("#agenda .agenda-prompt")
    expect(prompts).to_have_text(["Hvem først?", "Andet spørgsmål", "Tredje spørgsmål"])

    # Drag the third to the top.
    expect(dashboard.locator("#connected")).to_have_text("0")
    dashboard.wait_for_timeout(300)  # the agenda is drawn again once the socket has synced
    handle = dashboard.locator("#agenda .agenda-item").nth(2).locator(".agenda-handle")
    top = dashboard.locator("#agenda .agenda-item").first.bounding_box()
    handle.hover()
    dashboard.mouse.down()
    dashboard.mouse.move(top["x"] + 10, top["y"] + 3, steps=6)
    dashboard.mouse.up()
    expect(prompts).to_have_text(["Tredje spørgsmål", "Hvem først?", "Andet spørgsmål"])

    # And back down one place with the keyboard.
    dashboard.locator("#agenda .agenda-item").first.locator(".agenda-handle").focus()
    dashboard.keyboard.press("ArrowDown")
    expect(prompts).to_have_text(["Hvem først?", "Tredje spørgsmål", "Andet spørgsmål"])


def test_offline_answers_to_two_activities_are_both_kept_and_counted_once(server, open_page):
    running, facts = server
    url = running.url
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    second = api.post(f"{url}/api/v1/workshops/{facts['workshop_id']}/activities",
                      json={"kind": "poll", "prompt": "Andet spørgsmål", "config": {"options": ["Ja", "Nej"]}}).json()["activity"]["id"]
    api.post(f"{url}/api/v1/activities/{second}/open").raise_for_status()
    api.post(f"{url}/api/v1/workshops/{facts['workshop_id']}/pace", json={"pace": "self_paced"}).raise_for_status()

    phone = open_page(f"{url}/j/{facts['code']}", **PHONE)
    phone.get_by_role("button", name=re.compile("Deltag|Join")).click()
    expect(phone.locator(".activity-choice")).to_have_count(2)
    phone.context.set_offline(True)
    for prompt, option in (("Hvem først?", "KOMBIT"), ("Andet spørgsmål", "Nej")):
        phone.locator(".activity-choice", has_text=prompt).click()
        phone.get_by_text(option, exact=True).click()
        phone.get_by_role("button", name="Send").click()
        expect(phone.locator("#save-status")).to_have_attribute("data-state", "pending")
        phone.locator("#back-to-list").click()
    phone.context.set_offline(False)
    # Both go once the connection is back; each is counted once.
    expect(phone.locator(".activity-choice.done")).to_have_count(2, timeout=30000)
    first = api.get(f"{url}/api/v1/activities/{facts['poll_id']}/results").json()["results"]
    other = api.get(f"{url}/api/v1/activities/{second}/results").json()["results"]
    assert first == {"responses": 1, "counts": {"a": 0, "b": 1, "c": 0}}
    assert other == {"responses": 1, "counts": {"a": 0, "b": 1}}

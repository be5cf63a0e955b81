"""From ideas to priorities in a real browser: phones send ideas, the facilitator merges two
duplicates and promotes ideas to themes from the dashboard, a ranking uses them at once, and a
Q&A ranks questions by votes live. Typed markup shows as text everywhere."""

import re

import pytest
import requests
from playwright.sync_api import expect

from .conftest import LAPTOP, PHONE, PROJECTOR
from .test_hostile_text import HOSTILE, assert_inert

pytestmark = pytest.mark.browser


@pytest.fixture
def room(server):
    running, facts = server
    url = running.url
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    workshop_id = facts["workshop_id"]

    def add(kind, prompt, config):
        activity = api.post(f"{url}/api/v1/workshops/{workshop_id}/activities", json={"kind": kind, "prompt": prompt, "config": config})
        assert activity.status_code == 201, activity.text
        activity_id = activity.json()["activity"]["id"]
        api.post(f"{url}/api/v1/activities/{activity_id}/open").raise_for_status()
        return activity_id

    def present(activity_id):
        api.post(f"{url}/api/v1/workshops/{workshop_id}/present", json={"activity_id": activity_id}).raise_for_status()

    return {"url": url, "facts": facts, "api": api, "add": add, "present": present}


def join(open_page, room):
    phone = open_page(f"{room['url']}/j/{room['facts']['code']}", **PHONE)
    phone.get_by_role("button", name=re.compile("Deltag|Join")).click()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")
    return phone


def send_text(phone, text):
    phone.locator("#entry-text").fill(text)
    phone.locator("#send").click()
    expect(phone.locator("#save-status")).to_have_attribute("data-state", "saved")


def test_collect_tidy_prioritise(room, open_page, artifacts):
    url, facts = room["url"], room["facts"]
    ideas_id = room["add"]("ideas", "Hvad skal bibliotekerne gøre digitalt sammen?", {"display": "wall", "per_participant": 3})
    room["present"](ideas_id)
    screen = open_page(f"{url}/screen/{facts['screen_secret']}", **PROJECTOR)
    alice, bob = join(open_page, room), join(open_page, room)

    send_text(alice, "En fælles app")
    send_text(alice, "Bedre data om brugerne")
    send_text(bob, "Fælles app for alle biblioteker")
    send_text(bob, HOSTILE[:140])
    expect(bob.locator(".mine .mine-entry")).to_have_count(2)
    bob.screenshot(path=artifacts / "phone-ideas.png", full_page=True)

    # The facilitator merges the two app ideas into one theme and promotes the data idea.
    dashboard = open_page(f"{url}/login", **LAPTOP)
    dashboard.locator("#email").fill(facts["facilitator_email"])
    dashboard.locator("#password").fill("correct horse battery")
    dashboard.locator("form button[type=submit]").click()
    dashboard.get_by_role("link", name="Live").click()
    dashboard.locator(".agenda-button", has_text="Hvad skal bibliotekerne").click()
    shown = dashboard.locator("#visible-list .entry")
    expect(shown).to_have_count(4)
    expect(shown.filter(has_text="<script>")).to_have_count(1)  # markup shows as text
    shown.filter(has_text="En fælles app").locator("input[type=checkbox]").check()
    shown.filter(has_text="Fælles app for alle").locator("input[type=checkbox]").check()
    dashboard.locator("#promote-title").fill("Én fælles bibliotek-app")
    dashboard.locator("#promote-one").click()
    expect(dashboard.locator("#promote-done")).to_contain_text("1")
    dashboard.locator("#visible-list .entry", has_text="Bedre data").locator("input[type=checkbox]").check()
    dashboard.locator("#promote-each").click()
    expect(dashboard.locator("#promote-done")).to_contain_text("1")
    dashboard.screenshot(path=artifacts / "dashboard-ideas.png", full_page=True)
    assert_inert(dashboard)

    # The wall on the screen, once revealed: the hostile idea is plain text.
    room["api"].post(f"{url}/api/v1/activities/{ideas_id}/reveal").raise_for_status()
    expect(screen.locator(".idea-card")).to_have_count(4)
    expect(screen.locator(".idea-card", has_text="<script>")).to_have_count(1)
    assert_inert(screen)
    screen.screenshot(path=artifacts / "screen-ideas-wall.png")
    # And as a word cloud.
    room["api"].patch(f"{url}/api/v1/activities/{ideas_id}", json={"config": {"display": "cloud", "per_participant": 3}}).raise_for_status()
    expect(screen.locator(".cloud-word", has_text=re.compile("^fælles$"))).to_be_visible()
    screen.screenshot(path=artifacts / "screen-ideas-cloud.png")

    # A ranking on all themes uses the promoted ones at once.
    ranking_id = room["add"]("ranking", "Hvad skal vi løfte først?", {"themes": "all", "top_k": 2})
    room["present"](ranking_id)
    expect(alice.locator(".rank-item", has_text="Én fælles bibliotek-app")).to_be_visible()
    expect(alice.locator(".rank-item", has_text="Bedre data om brugerne")).to_be_visible()

    # Q&A: questions rank by votes, live on the phones and the screen.
    qa_id = room["add"]("qa", "Spørgsmål til panelet", {})
    room["present"](qa_id)
    room["api"].post(f"{url}/api/v1/activities/{qa_id}/reveal").raise_for_status()
    send_text(alice, "Hvem betaler for den fælles app?")
    send_text(alice, "Hvornår kan vi starte?")
    question = bob.locator(".questions .question", has_text="Hvornår kan vi starte?")
    expect(question).to_be_visible()
    question.locator(".upvote").click()
    expect(question.locator(".upvote")).to_have_attribute("aria-pressed", "true")
    expect(screen.locator(".questions .question").first).to_contain_text("Hvornår kan vi starte?")
    expect(alice.locator(".questions .question").first).to_contain_text("Hvornår kan vi starte?")
    bob.screenshot(path=artifacts / "phone-qa.png", full_page=True)
    screen.screenshot(path=artifacts / "screen-qa.png")

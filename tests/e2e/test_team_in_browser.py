"""The team behind the room, in Chromium against the real server: the owner invites a moderator
from the web, the moderator joins through the link in another browser, and the workshop is run
by both at once with five phones (python-socketio clients, as tests/live/phones.py): every
moderation reaches the projector screen and the owner's dashboard; the moderator is refused
agenda changes and exports; a removed moderator's open dashboard is disconnected and refused."""

import re
import uuid

import pytest
import requests
import socketio
from playwright.sync_api import expect

from tests.server import join_cookie

from .conftest import LAPTOP, PROJECTOR, log_in

pytestmark = pytest.mark.browser


class Phone:
    """A participant's phone as a Socket.IO client with its own join cookie."""

    def __init__(self, url: str, code: str):
        self.client = socketio.Client(reconnection=False)
        self.client.connect(url, headers={"Cookie": join_cookie(url, code)},
                            auth={"role": "participant", "workshop": code}, transports=["websocket"], wait_timeout=10)

    def send(self, activity_id: int, text: str) -> dict:
        ack = self.client.call("respond", {"activity_id": activity_id, "answer": {"text": text},
                                           "request_id": uuid.uuid4().hex}, timeout=10)
        assert ack["ok"], ack
        return ack["answer"]


def invite_moderator(owner, url: str, workshop_id: int, email="mona@bibliotek.dk", role="moderator") -> str:
    """The owner makes an invitation link on the team page and reads it off the page."""
    owner.goto(f"{url}/workshops/{workshop_id}/team")
    owner.locator("#invite-email").fill(email)
    owner.locator("#invite-role").select_option(role)
    owner.get_by_role("button", name=re.compile("invitationslink|invitation link")).click()
    link = owner.locator("#invitation-link").input_value()
    assert "/invitations/" in link
    return link


def accept_as_new_colleague(open_page, link: str, moderator=True):
    """The colleague opens the link in their own browser and makes an account."""
    page = open_page(link, **LAPTOP, locale="da-DK")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Live")
    page.locator("#name").fill("Mona Moderator")
    page.locator("#password").fill("mona har en lang kode")
    page.locator("#make-account").click()
    expect(page.locator("#role-note")).to_have_count(1 if moderator else 0)
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    return page


def call_api(page, method: str, path: str, body=None) -> int:
    """A request with the page's cookie and CSRF token, as the dashboard sends it (through the
    browser context's request API, so a refusal is not a console error of the page)."""
    csrf = page.evaluate('JSON.parse(document.getElementById("page-data").textContent).csrf')
    response = page.context.request.fetch(page.url.split("/workshops")[0] + path, method=method,
                                          headers={"X-CSRFToken": csrf, "Content-Type": "application/json"},
                                          data=body, fail_on_status_code=False)
    return response.status


def test_an_owner_presents_while_a_moderator_moderates(server, open_page, artifacts):
    running, facts = server
    url, workshop_id = running.url, facts["workshop_id"]
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    made = api.post(f"{url}/api/v1/workshops/{workshop_id}/activities", json={
        "kind": "ideas", "prompt": "Hvad skal vi gøre sammen?", "config": {"moderation": "approve", "per_participant": 3}})
    assert made.status_code == 201, made.text
    ideas_id = made.json()["activity"]["id"]
    api.post(f"{url}/api/v1/activities/{ideas_id}/open").raise_for_status()
    api.post(f"{url}/api/v1/activities/{ideas_id}/reveal").raise_for_status()

    owner = log_in(open_page, url, facts)
    link = invite_moderator(owner, url, workshop_id)
    owner.screenshot(path=artifacts / "team-invitation.png", full_page=True)
    moderator = accept_as_new_colleague(open_page, link)

    # The owner presents the ideas from the dashboard; the screen follows.
    owner.goto(f"{url}/workshops/{workshop_id}")
    owner.locator(".agenda-button", has_text="Hvad skal vi").click()
    owner.locator("#btn-present").click()
    screen = open_page(f"{url}/screen/{facts['screen_secret']}", **PROJECTOR)
    expect(screen.locator("body")).to_contain_text("Hvad skal vi gøre sammen?")

    phones = [Phone(url, facts["code"]) for _ in range(5)]
    try:
        texts = ["Fælles app", "Fælles app til alle", "Mere data", "Åbne lokaler", "Noget grimt"]
        for phone, text in zip(phones, texts):
            phone.send(ideas_id, text)

        # The moderator's view: the moderation lists, not the controls that run the room.
        moderator.locator(".agenda-button", has_text="Hvad skal vi").click()
        pending = moderator.locator("#pending-list .entry")
        expect(pending).to_have_count(5)
        for hidden in ("#btn-present", "#btn-open", "#btn-delete", ".record-links", ".agenda-handle", "#renew-screen-link"):
            expect(moderator.locator(hidden)).to_have_count(0) if hidden in (".record-links", ".agenda-handle") \
                else expect(moderator.locator(hidden)).to_be_hidden()
        moderator.screenshot(path=artifacts / "team-moderator-dashboard.png", full_page=True)

        # Every moderation reaches the screen, and the owner's dashboard.
        for text in texts[:4]:
            pending.filter(has_text=re.compile("^" + text + "(?! til)")).get_by_role("button", name="Godkend").click()
            expect(screen.locator(".idea-card", has_text=re.compile("^" + re.escape(text) + "$"))).to_have_count(1)
        pending.filter(has_text="Noget grimt").get_by_role("button", name="Skjul").click()
        expect(owner.locator("#hidden-list .entry", has_text="Noget grimt")).to_have_count(1)
        expect(screen.locator(".idea-card")).to_have_count(4)
        moderator.locator("#visible-list .entry", has_text="Mere data").get_by_role("button", name="Skjul").click()
        expect(screen.locator(".idea-card")).to_have_count(3)
        expect(owner.locator("#hidden-list .entry", has_text="Mere data")).to_have_count(1)
        # Merging two ideas into one theme, from the moderator's dashboard.
        shown = moderator.locator("#visible-list .entry")
        shown.filter(has=moderator.locator(".entry-text-shown", has_text=re.compile("^Fælles app$"))) \
            .locator("input[type=checkbox]").check()
        shown.filter(has_text="Fælles app til alle").locator("input[type=checkbox]").check()
        moderator.locator("#promote-title").fill("Én fælles app")
        moderator.locator("#promote-one").click()
        expect(owner.locator("#visible-list .entry .badge", has_text="Én fælles app")).to_have_count(2)
        screen.screenshot(path=artifacts / "team-screen.png")

        # The moderator is refused agenda changes and exports, even sent by hand.
        assert call_api(moderator, "POST", f"/api/v1/workshops/{workshop_id}/present", {"activity_id": None}) == 403
        assert call_api(moderator, "POST", f"/api/v1/activities/{ideas_id}/close", {}) == 403
        assert call_api(moderator, "GET", f"/workshops/{workshop_id}/export.xlsx", None) == 403
        assert call_api(moderator, "POST", f"/api/v1/entries/{phones[0].send(ideas_id, 'Sidste idé')['id']}/moderate",
                        {"status": "visible"}) == 200
        expect(screen.locator(".idea-card", has_text="Sidste idé")).to_have_count(1)

        # Questions: the owner presents a Q&A; the moderator highlights one and marks it answered.
        made = api.post(f"{url}/api/v1/workshops/{workshop_id}/activities", json={
            "kind": "qa", "prompt": "Spørgsmål til oplægget?", "config": {}})
        qa_id = made.json()["activity"]["id"]
        api.post(f"{url}/api/v1/activities/{qa_id}/open").raise_for_status()
        owner.locator(".agenda-button", has_text="Spørgsmål til").click()
        owner.locator("#btn-present").click()
        expect(screen.locator("body")).to_contain_text("Spørgsmål til oplægget?")
        for phone, text in zip(phones, ["Hvad koster det?", "Hvem betaler?", "Hvornår starter vi?"]):
            phone.send(qa_id, text)
        expect(screen.locator(".questions .question")).to_have_count(3)
        moderator.locator(".agenda-button", has_text="Spørgsmål til").click()
        question = moderator.locator("#visible-list .entry", has_text="Hvem betaler?")
        question.get_by_role("button", name="Vis på skærmen").click()
        expect(screen.locator(".highlighted-question")).to_have_text("Hvem betaler?")
        question.get_by_role("button", name="Markér som besvaret").click()
        expect(screen.locator(".highlighted-question")).to_have_count(0)
        expect(screen.locator(".question.answered", has_text="Hvem betaler?")).to_have_count(1)
        moderator.locator("#visible-list .entry", has_text="Hvornår").get_by_role("button", name="Skjul").click()
        expect(screen.locator(".questions .question")).to_have_count(2)
        expect(owner.locator("#hidden-list .entry", has_text="Hvornår")).to_have_count(1)
        screen.screenshot(path=artifacts / "team-screen-questions.png")


        # The owner takes the moderator out of the team: the open dashboard ends at once.
        owner.goto(f"{url}/workshops/{workshop_id}/team")
        owner.locator("#members tr", has_text="mona@bibliotek.dk").get_by_role("button", name=re.compile("Fjern|Remove")).click()
        expect(owner.locator("#members tr", has_text="mona@bibliotek.dk")).to_have_count(0)
        expect(moderator.locator("#connection")).to_have_attribute("data-state", "refused")
        expect(moderator.locator("#connection")).to_have_text("Ingen adgang")
        expect(moderator.locator("#action-error")).to_contain_text("Du er ikke med i workshoppens team")
        assert call_api(moderator, "POST", "/api/v1/entries/1/moderate", {"status": "hidden"}) in (403, 404)
        moderator.screenshot(path=artifacts / "team-removed-moderator.png", full_page=True)
        assert moderator.context.request.get(f"{url}/workshops/{workshop_id}").status == 403
    finally:
        for phone in phones:
            phone.client.disconnect()


def test_two_dashboards_at_once(server, open_page, artifacts):
    """The owner and a co-facilitator each on their own dashboard: what one presents shows on
    the other at once, and two edits of the same theme do not overwrite each other unseen."""
    running, facts = server
    url, workshop_id = running.url, facts["workshop_id"]
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    api.post(f"{url}/api/v1/workshops/{workshop_id}/activities",
             json={"kind": "poll", "prompt": "Hvad nu?", "config": {"options": ["A", "B"]}}).raise_for_status()
    api.post(f"{url}/api/v1/workshops/{workshop_id}/themes", json={"title": "Fælles data"}).raise_for_status()

    owner = log_in(open_page, url, facts)
    link = invite_moderator(owner, url, workshop_id, "cora@bibliotek.dk", "co_facilitator")
    co = accept_as_new_colleague(open_page, link, moderator=False)
    owner.goto(f"{url}/workshops/{workshop_id}")
    expect(owner.locator("#connection")).to_have_attribute("data-state", "connected")

    co.locator(".agenda-button", has_text="Hvad nu?").click()
    co.locator("#btn-present").click()
    expect(owner.locator(".agenda-item.is-presented")).to_contain_text("Hvad nu?")
    owner.locator(".agenda-button", has_text="Hvem først?").click()
    owner.locator("#btn-present").click()
    expect(co.locator(".agenda-item.is-presented")).to_contain_text("Hvem først?")
    co.screenshot(path=artifacts / "team-two-dashboards.png", full_page=True)

    # Both open the themes; the co-facilitator saves first, the owner's older page is refused.
    # (The owner's in a tab of their own: the refusal's 409 is a console error Chromium logs,
    # which the other pages' watch would count as a failure.)
    owner = owner.context.new_page()
    owner.goto(f"{url}/workshops/{workshop_id}/themes")
    co.goto(f"{url}/workshops/{workshop_id}/themes")
    co.locator(".theme-row input[name=title]").fill("Fælles data og drift")
    co.locator(".theme-row button[value=save]").click()
    expect(co.locator(".theme-row input[name=title]")).to_have_value("Fælles data og drift")
    owner.locator(".theme-row input[name=title]").fill("Data")
    with owner.expect_response(lambda response: response.status == 409):
        owner.locator(".theme-row button[value=save]").click()
    expect(owner.get_by_role("alert")).to_contain_text("en anden fane")
    expect(owner.locator(".theme-row input[name=title]")).to_have_value("Fælles data og drift")
    owner.screenshot(path=artifacts / "team-stale-theme.png", full_page=True)

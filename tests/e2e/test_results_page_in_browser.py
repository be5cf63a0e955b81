"""The participants' results page on a phone-size viewport, in a real browser: not published,
then published (the report's figures, no hidden idea, no draft, no speaker notes), the phones'
link to it, unpublished again; and what it weighs on the first load. Screenshot of the published
page to docs/images/participant-results.png with UPDATE_SCREENSHOTS=1 (else test-artifacts/)."""

import os
import re
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from facilitation import workshops
from facilitation.db import Database, sqlite_url
from facilitation.models import Activity, Workshop
from tests.server import ServerProcess

from .axe import violations
from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent.parent
IMAGES = ROOT / ("docs/images" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else "test-artifacts")
HIDDEN_IDEA = "Luk filialen i Vestby XQ"
DRAFT = "Udkast: ikke vist endnu"
NOTES = "Husk at takke KOMBIT for data"
THEMES = ["Fælles infrastruktur", "Digitale materialer", "Læselyst hos børn", "Biblioteket som mødested"]


def fill_workshop(instance: Path, facts: dict) -> None:
    """The workshop after the event, written to its database before the server starts: a poll
    answered by 9, a rating of four themes, ideas with one hidden, a draft, speaker notes."""
    database = Database(sqlite_url(instance / "facilitation.db"))
    with database.transaction() as db:
        workshop = db.get(Workshop, facts["workshop_id"])
        workshop.title = "Strategidag 2026"
        poll = db.get(Activity, facts["poll_id"])
        workshops.update_activity(db, poll, notes=NOTES)
        for title in THEMES:
            workshops.add_theme(db, workshop, title)
        rating = workshops.add_activity(db, workshop, "rating", "Hvor vigtigt er temaet?",
                                        {"themes": "all", "scale_min": 1, "scale_max": 5,
                                         "label_min": "ikke vigtigt", "label_max": "meget vigtigt"})
        ideas = workshops.add_activity(db, workshop, "ideas", "Hvad skal vi gøre først?", {})
        workshops.add_activity(db, workshop, "poll", DRAFT, {"options": ["a", "b"]})
        db.flush()
        theme_ids = [str(theme.id) for theme in workshop.themes]
        people = [workshops.join(db, workshop) for _ in range(9)]
        db.flush()
        for number, person in enumerate(people):
            workshops.respond(db, person.id, workshop.id, poll.id,
                              {"choices": [["a", "b", "b", "c"][number % 4]]}, f"p{number}")
        for activity, make in ((rating, lambda n: {"ratings": {t: max(1, min(5, 5 - i + n % 3 - 1)) for i, t in enumerate(theme_ids)}}),
                               (ideas, None)):
            workshops.open_activity(db, activity)
            workshops.present(db, workshop, activity.id)
            for number, person in enumerate(people[:5]):
                if make:
                    workshops.respond(db, person.id, workshop.id, activity.id, make(number), f"r{number}")
        for number, text in enumerate(["Fælles lånerkort i hele landet", "Flere læseklubber for børn", HIDDEN_IDEA]):
            entry = workshops.respond(db, people[number].id, workshop.id, ideas.id, {"text": text}, f"i{number}")
            if text == HIDDEN_IDEA:
                workshops.moderate(db, db.get(workshops.Response, entry["id"]), "hidden")
        for activity in (poll, rating, ideas):
            workshops.close_activity(db, activity)
        workshops.present(db, workshop, None)
    database.dispose()


@pytest.fixture
def finished(prepared_instance):
    instance, facts = prepared_instance
    fill_workshop(instance, facts)
    with ServerProcess(instance) as running:
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {facts['token']}"
        yield running, facts, api


def publish(running, facts, api, published):
    api.post(f"{running.url}/api/v1/workshops/{facts['workshop_id']}/results-page",
             json={"published": published}).raise_for_status()


def text_width(page, selector) -> float:
    """The widest line of text inside the element, measured from its text nodes (DOM Ranges)."""
    return page.evaluate("""(selector) => {
        let widest = 0;
        const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const range = document.createRange(); range.selectNodeContents(walker.currentNode);
            for (const rect of range.getClientRects()) widest = Math.max(widest, rect.right);
        }
        return widest; }""", selector)


def test_the_results_page_on_a_phone_published_and_unpublished(finished, open_page, browser, artifacts):
    running, facts, api = finished
    url = f"{running.url}/j/{facts['code']}/results"
    # Not open_page: the unpublished page answers 404 on purpose, which the console reports.
    context = browser.new_context(**PHONE, locale="da-DK", bypass_csp=True)  # bypass_csp: axe is injected
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and "404" not in message.text
            and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    expect(page.get_by_role("status")).to_have_text("Resultaterne af denne workshop er ikke offentliggjort.")
    assert violations(page) == []

    # A phone that joined has no link while the page is not published; it appears when it is.
    phone = open_page(f"{running.url}/j/{facts['code']}", **PHONE, locale="da-DK")
    phone.get_by_role("button", name=re.compile("Deltag|Join")).click()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")
    link = phone.get_by_role("link", name="Se workshoppens resultater")
    expect(link).to_be_hidden()
    # The facilitator publishes it from the dashboard.
    dashboard = log_in(open_page, running.url, facts, workshop_title="Strategidag 2026")
    toggle = dashboard.get_by_role("button", name="Resultatside: ikke offentliggjort")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    # The button is in the page before its script listens; a click before that was lost.
    expect(dashboard.locator("#connection")).to_have_attribute("data-state", "connected")
    toggle.click()
    expect(dashboard.get_by_role("button", name="Resultatside: offentliggjort")).to_have_attribute("aria-pressed", "true")
    dashboard.locator(".record-links").scroll_into_view_if_needed()
    dashboard.screenshot(path=artifacts / "dashboard-results-published.png")
    expect(link).to_be_visible()

    page.reload()
    expect(page.get_by_role("heading", name="1. Hvem først?")).to_be_visible()
    expect(page.get_by_role("heading", name="2. Hvor vigtigt er temaet?")).to_be_visible()
    expect(page.get_by_role("heading", name="3. Hvad skal vi gøre først?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Fælles lånerkort i hele landet")
    expect(page.locator("main")).to_contain_text("Svar: 9")
    body = page.locator("body")
    for secret in (HIDDEN_IDEA, DRAFT, NOTES):
        expect(body).not_to_contain_text(secret)
    # Readable at 360 px: no text runs past the right edge of the screen (tables scroll in their box).
    assert text_width(page, "main > h1") <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations(page) == []
    IMAGES.mkdir(exist_ok=True)
    page.screenshot(path=IMAGES / "participant-results.png")
    page.screenshot(path=artifacts / "participant-results-full.png", full_page=True)

    # The phone's link leads there.
    link.click()
    expect(phone.get_by_role("heading", name="1. Hvem først?")).to_be_visible()

    dashboard.get_by_role("button", name="Resultatside: offentliggjort").click()
    expect(link).to_be_hidden()
    page.reload()
    expect(page.get_by_role("status")).to_have_text("Resultaterne af denne workshop er ikke offentliggjort.")
    expect(body).not_to_contain_text("Fælles lånerkort")
    context.close()
    assert errors == []  # e.g. a CSP violation


def test_the_results_page_is_as_light_as_the_phone_page(finished, browser):
    running, facts, api = finished
    publish(running, facts, api, True)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    transferred = {"bytes": 0, "requests": 0}

    def finished_loading(event):
        transferred["bytes"] += event["encodedDataLength"]
        transferred["requests"] += 1

    cdp.on("Network.loadingFinished", finished_loading)
    page.goto(f"{running.url}/j/{facts['code']}/results")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="1. Hvem først?")).to_be_visible()
    context.close()
    print(f"\nresults page: first load {transferred['bytes']:,} bytes in {transferred['requests']} requests")
    assert transferred["bytes"] <= 60 * 1024

"""The whole live loop in a real browser: a facilitator opens a poll, two phones join by code and
vote, the screen shows both votes, and revealing the results shows them on the phones."""

import re

import pytest
from playwright.sync_api import expect

from facilitation.db import Database, sqlite_url
from facilitation.models import Activity, Workshop

from .conftest import LAPTOP, PHONE, PROJECTOR

pytestmark = pytest.mark.browser


def reset_poll_to_draft(instance):
    database = Database(sqlite_url(instance / "facilitation.db"))
    with database.transaction() as db:
        for workshop in db.query(Workshop):
            workshop.presented_activity_id = None
        for activity in db.query(Activity):
            activity.state = "draft"
    database.dispose()


@pytest.fixture
def draft_server(prepared_instance):
    from tests.server import ServerProcess

    instance, facts = prepared_instance
    reset_poll_to_draft(instance)
    with ServerProcess(instance) as running:
        yield running, facts


def join_by_code(page, code):
    page.get_by_label(re.compile("Kode|Code")).fill(code.lower())
    page.get_by_role("button", name=re.compile("Deltag|Join")).click()
    page.get_by_role("button", name=re.compile("Deltag|Join")).click()  # the join page: stay anonymous
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")


def test_live_loop(draft_server, open_page, artifacts):
    server, facts = draft_server
    url = server.url

    # The facilitator logs in and opens the dashboard.
    dashboard = open_page(f"{url}/login", **LAPTOP)
    dashboard.locator("#email").fill(facts["facilitator_email"])
    dashboard.locator("#password").fill("correct horse battery")
    dashboard.locator("form button[type=submit]").click()
    dashboard.get_by_role("link", name="Live").click()
    expect(dashboard.locator("#sel-prompt")).to_have_text("Hvem først?")

    # The facilitator opens the screen from the dashboard (so its presenter clicker steers; a
    # screen opened by its secret link only shows). It shows the join page with the code until
    # something is presented.
    screen = dashboard.context.new_page()
    screen.set_viewport_size(PROJECTOR["viewport"])
    screen.on("pageerror", lambda error: pytest.fail(f"screen: {error}"))
    screen.goto(f"{url}/workshops/{facts['workshop_id']}/screen")
    expect(screen.locator(".lobby-code")).to_have_text(facts["code"])

    # Two phones join by typing the code on the start page; the screen counts them.
    phones = [open_page(f"{url}/", **PHONE) for _ in range(2)]
    for phone in phones:
        join_by_code(phone, facts["code"])
        expect(phone.locator("#waiting")).to_be_visible()
    expect(screen.locator(".lobby-count .joined-count")).to_have_text("2")
    expect(dashboard.locator("#connected")).to_have_text("2")

    # Present and open the poll from the dashboard, with the keyboard shortcuts shown on the page.
    dashboard.keyboard.press("p")
    dashboard.keyboard.press("o")
    expect(dashboard.locator("#sel-state")).to_have_text(re.compile("Åben|Open"))

    # Both phones follow by themselves and vote; "saved" appears only after the acknowledgement.
    for phone, option in zip(phones, ["DDF", "KOMBIT"]):
        expect(phone.locator("#prompt")).to_have_text("Hvem først?")
        phone.get_by_text(option, exact=True).click()
        phone.get_by_role("button", name=re.compile("Send")).click()
        expect(phone.locator("#save-status")).to_have_attribute("data-state", "saved")
    phones[0].screenshot(path=artifacts / "phone-saved.png", full_page=True)

    # The screen counts both answers while the results are hidden, and shows no bars.
    expect(screen.locator("#answered-count")).to_have_text("2")
    expect(screen.locator("#screen-chart .bar-row")).to_have_count(0)
    expect(dashboard.locator("#sel-answered")).to_have_text(re.compile("2 (af|of) 2"))
    dashboard.screenshot(path=artifacts / "dashboard.png", full_page=True)

    # Reveal with the presenter's key on the screen: bars with numbers on screen and phones.
    screen.keyboard.press("b")
    values = screen.locator("#screen-chart .bar-value")
    expect(values).to_have_text(["1 (50 %)", "1 (50 %)", "0 (0 %)"])
    screen.wait_for_timeout(700)  # let the bars finish growing before the picture
    screen.screenshot(path=artifacts / "screen-results.png")
    for phone in phones:
        expect(phone.locator("#results")).to_be_visible()
        expect(phone.locator("#results .bar-value")).to_have_text(["1 (50 %)", "1 (50 %)", "0 (0 %)"])
    phones[1].screenshot(path=artifacts / "phone-results.png", full_page=True)

    # Closing is shown as closed on the phones.
    dashboard.keyboard.press("o")
    expect(phones[0].locator("#activity-state")).to_be_visible()
    expect(phones[0].get_by_role("button", name=re.compile("Send"))).to_be_hidden()

    # Stepping back with the clicker shows the join page again.
    screen.keyboard.press("PageUp")
    expect(screen.locator("#lobby")).to_be_visible()
    screen.screenshot(path=artifacts / "screen-join.png")

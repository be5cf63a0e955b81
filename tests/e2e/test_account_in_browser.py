"""Signing out everywhere in Chromium: a second browser holding a copy of the login cookie is
sent to the login page, and the dashboard's Socket.IO connection is refused too."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import LAPTOP, PHONE

pytestmark = pytest.mark.browser


def test_sign_out_everywhere_ends_a_copied_session(server, open_page, browser, artifacts):
    running, facts = server
    url = running.url
    laptop = open_page(f"{url}/login", **LAPTOP)
    laptop.locator("#email").fill(facts["facilitator_email"])
    laptop.locator("#password").fill("correct horse battery")
    laptop.locator("form button[type=submit]").click()
    expect(laptop).to_have_url(re.compile(r"/workshops$"))

    # Someone copies the cookie into another browser: it works, for now.
    copy = open_page(f"{url}/", **PHONE)
    copy.context.add_cookies(laptop.context.cookies())
    copy.goto(f"{url}/workshops/{facts['workshop_id']}")
    expect(copy.locator("h1")).to_contain_text("Live")
    before = copy.evaluate(
        """(workshop) => new Promise((resolve) => {
            const socket = io({ auth: { role: "facilitator", workshop }, transports: ["websocket"], reconnection: false });
            socket.on("connect", () => { socket.disconnect(); resolve("connected"); });
            socket.on("connect_error", () => resolve("refused"));
        })""",
        facts["workshop_id"],
    )
    assert before == "connected"

    laptop.get_by_role("link", name=re.compile("Konto|Account")).click()
    expect(laptop.locator("main")).to_contain_text(facts["facilitator_email"])
    laptop.screenshot(path=artifacts / "account-page.png", full_page=True)
    # The page and its top bar (now with the Account link) fit a 360-px phone without sideways scrolling.
    laptop.set_viewport_size({"width": 360, "height": 740})
    assert laptop.evaluate("document.documentElement.scrollWidth") <= 360
    laptop.set_viewport_size(LAPTOP["viewport"])
    laptop.get_by_role("button", name=re.compile("Log ud overalt|Sign out everywhere")).click()
    expect(laptop.locator("[role=status]")).to_contain_text(re.compile("logget ud i alle browsere|signed out in every browser"))
    laptop.screenshot(path=artifacts / "signed-out-everywhere.png", full_page=True)

    copy.goto(f"{url}/workshops/{facts['workshop_id']}")
    expect(copy).to_have_url(re.compile(r"/login\?next="))
    # The copied cookie opens no dashboard connection either (the page's own Socket.IO client).
    copy.add_script_tag(url=f"{url}/static/vendor/socket.io.min.js")
    outcome = copy.evaluate(
        """(workshop) => new Promise((resolve) => {
            const socket = io({ auth: { role: "facilitator", workshop }, transports: ["websocket"], reconnection: false });
            socket.on("connect", () => resolve("connected"));
            socket.on("connect_error", () => resolve("refused"));
        })""",
        facts["workshop_id"],
    )
    assert outcome == "refused"

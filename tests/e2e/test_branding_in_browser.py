"""Branding in a real browser: the phone and the screen show the organiser's logo and colour."""

import re

import pytest
from playwright.sync_api import expect

from facilitation import workshops
from facilitation.db import Database, sqlite_url
from facilitation.models import Workshop
from tests.server import ServerProcess
from tests.test_branding import LOGO_SVG

from .conftest import PHONE, PROJECTOR

pytestmark = pytest.mark.browser

ACCENT = "#8a2be2"
ACCENT_RGB = "rgb(138, 43, 226)"


@pytest.fixture
def branded_server(prepared_instance):
    instance, facts = prepared_instance
    database = Database(sqlite_url(instance / "facilitation.db"))
    with database.transaction() as db:
        workshop = db.get(Workshop, facts["workshop_id"])
        workshops.set_logo(db, workshop, LOGO_SVG)
        workshops.set_accent_color(db, workshop, ACCENT)
    database.dispose()
    with ServerProcess(instance) as running:
        yield running, facts


def drawn(page, selector: str) -> dict:
    """Whether the image was loaded and drawn, and its box."""
    return page.locator(selector).evaluate(
        "(img) => ({loaded: img.complete && img.naturalWidth > 0, box: img.getBoundingClientRect().toJSON()})")


def test_the_phone_and_the_screen_show_the_logo_and_the_colour(branded_server, open_page, artifacts):
    server, facts = branded_server
    phone = open_page(f"{server.url}/j/{facts['code']}", **PHONE)
    logo = drawn(phone, ".phone-logo")
    assert logo["loaded"] and logo["box"]["height"] > 20 and logo["box"]["right"] <= 360
    join = phone.get_by_role("button", name=re.compile("Deltag"))
    expect(join).to_have_css("background-color", ACCENT_RGB)
    join.click()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")
    assert drawn(phone, ".phone-logo")["loaded"]
    expect(phone.locator("#send")).to_have_css("background-color", ACCENT_RGB)
    expect(phone.locator("#send")).to_have_css("color", "rgb(255, 255, 255)")
    phone.screenshot(path=str(artifacts / "branded-phone.png"))

    screen = open_page(f"{server.url}/screen/{facts['screen_secret']}", **PROJECTOR)
    expect(screen.locator("#screen-prompt")).to_have_text("Hvem først?")
    strip_logo = drawn(screen, ".strip-logo")
    assert strip_logo["loaded"] and 0 < strip_logo["box"]["bottom"] <= 1080
    expect(screen.locator("body")).to_have_css("border-top-color", ACCENT_RGB)
    screen.screenshot(path=str(artifacts / "branded-screen.png"))

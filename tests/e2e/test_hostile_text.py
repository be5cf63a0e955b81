"""Text typed by people is shown as text, never run as HTML: on the phone, the dashboard and the
screen, in a real browser."""

import re

import pytest
import requests
from playwright.sync_api import expect

from .conftest import LAPTOP, PHONE, PROJECTOR

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script><b>fed</b> &amp; "citat"'


def make_hostile_workshop(url, token):
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {token}"
    workshop = api.post(f"{url}/api/v1/workshops", json={"title": "T " + HOSTILE, "language": "da"}).json()["workshop"]
    activity = api.post(
        f"{url}/api/v1/workshops/{workshop['id']}/activities",
        json={"kind": "poll", "prompt": "P " + HOSTILE, "config": {"options": ["O " + HOSTILE, "Helt almindelig"]}},
    ).json()["activity"]
    for step in ("open", "reveal"):
        api.post(f"{url}/api/v1/activities/{activity['id']}/{step}").raise_for_status()
    return workshop, activity, api


def assert_inert(page):
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("b", has_text="fed").count() == 0


def test_markup_and_script_show_literally_everywhere(server, open_page, artifacts):
    running, facts = server
    url = running.url
    workshop, activity, api = make_hostile_workshop(url, facts["token"])

    screen = open_page(workshop["screen_url"], **PROJECTOR)
    expect(screen.locator(".screen-title")).to_have_text("T " + HOSTILE)
    assert_inert(screen)

    phone = open_page(workshop["join_url"], **PHONE)
    phone.locator("#display_name").fill(HOSTILE[:40])
    phone.get_by_role("button", name=re.compile("Deltag|Join")).click()
    expect(phone.locator("#waiting")).to_be_visible()

    api.post(f"{url}/api/v1/workshops/{workshop['id']}/present", json={"activity_id": activity["id"]}).raise_for_status()
    expect(phone.locator("#prompt")).to_have_text("P " + HOSTILE)
    expect(phone.locator(".choice-label").first).to_have_text("O " + HOSTILE)
    phone.locator(".choice").first.click()
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator("#save-status")).to_have_attribute("data-state", "saved")
    expect(phone.locator("#results .bar-label").first).to_have_text("O " + HOSTILE)
    assert_inert(phone)
    phone.screenshot(path=artifacts / "hostile-phone.png", full_page=True)

    expect(screen.locator("#screen-prompt")).to_have_text("P " + HOSTILE)
    expect(screen.locator("#screen-chart .bar-label").first).to_have_text("O " + HOSTILE)
    assert_inert(screen)

    dashboard = open_page(f"{url}/login", **LAPTOP)
    dashboard.locator("#email").fill(facts["facilitator_email"])
    dashboard.locator("#password").fill("correct horse battery")
    dashboard.locator("form button[type=submit]").click()
    expect(dashboard.get_by_role("link", name="T " + HOSTILE)).to_be_visible()
    dashboard.goto(f"{url}/workshops/{workshop['id']}")
    expect(dashboard.locator(".workshop-bar h1")).to_have_text("T " + HOSTILE)
    expect(dashboard.locator(".agenda-prompt").first).to_have_text("P " + HOSTILE)
    expect(dashboard.locator("#sel-chart .bar-label").first).to_have_text("O " + HOSTILE)
    dashboard.goto(f"{url}/workshops/{workshop['id']}/activities/{activity['id']}/edit")
    expect(dashboard.locator("#prompt")).to_have_value("P " + HOSTILE)
    assert_inert(dashboard)
    # The printable report: the same texts, still only text.
    dashboard.goto(f"{url}/workshops/{workshop['id']}/report")
    expect(dashboard.get_by_text("P " + HOSTILE).first).to_be_visible()
    source = dashboard.content()
    assert "<script>window.__xss" not in source and "&lt;script&gt;window.__xss" in source
    assert_inert(dashboard)
    dashboard.screenshot(path=artifacts / "hostile-report.png", full_page=True)

"""Resetting an activity's answers in a real browser: the dashboard asks with the count, shows an
undo, and a phone that had answered is back to "not answered" at once; the undo brings the answer
back on both. Real server, real Chromium; screenshots in test-artifacts/."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser


def test_reset_with_confirmation_and_undo(server, open_page, artifacts):
    running, facts = server
    phone = open_page(f"{running.url}/j/{facts['code']}", **PHONE, locale="da-DK")
    phone.get_by_role("button", name=re.compile("Deltag|Join")).click()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")
    phone.get_by_label("KOMBIT").check()
    phone.locator("#send").click()
    expect(phone.locator("#save-status")).to_have_attribute("data-state", "saved")

    dashboard = log_in(open_page, running.url, facts)
    expect(dashboard.locator("#sel-answered")).to_have_text("1 af 1 har svaret")
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept()

    dashboard.once("dialog", answer)
    dashboard.get_by_role("button", name="Nulstil svar").click()
    undo = dashboard.get_by_role("button", name="Fortryd")
    expect(undo).to_be_visible()
    assert asked and asked[0].startswith("Fjern 1 svar fra “Hvem først?”?"), asked
    assert "60 sekunder" in asked[0]
    expect(dashboard.locator("#reset-undo")).to_contain_text("1 svar fjernet fra “Hvem først?”.")
    expect(dashboard.locator("#sel-answered")).to_have_text("0 af 1 har svaret")
    dashboard.screenshot(path=artifacts / "reset-undo-dashboard.png")

    # The phone is back to "not answered": nothing chosen, no "saved", ready to send again.
    expect(phone.get_by_label("KOMBIT")).not_to_be_checked()
    expect(phone.locator("#save-status")).to_have_text("")
    expect(phone.locator("#send")).to_be_enabled()
    phone.screenshot(path=artifacts / "reset-phone-unanswered.png")

    # Every dashboard offers the undo, also one opened (or reloaded) after the reset.
    dashboard.reload()
    expect(undo).to_be_visible()
    undo.click()
    expect(dashboard.locator("#reset-undo")).to_be_hidden()
    expect(dashboard.locator("#sel-answered")).to_have_text("1 af 1 har svaret")
    expect(phone.get_by_label("KOMBIT")).to_be_checked()
    expect(phone.locator("#save-status")).to_have_attribute("data-state", "saved")

    # Reset again and answer anew: the new answer counts.
    dashboard.once("dialog", lambda dialog: dialog.accept())
    dashboard.get_by_role("button", name="Nulstil svar").click()
    expect(phone.get_by_label("KOMBIT")).not_to_be_checked()
    phone.get_by_label("DDF").check()
    phone.locator("#send").click()
    expect(phone.locator("#save-status")).to_have_attribute("data-state", "saved")
    expect(dashboard.locator("#sel-answered")).to_have_text("1 af 1 har svaret")

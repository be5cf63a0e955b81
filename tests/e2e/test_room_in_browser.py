"""The dashboard's room controls in a real browser: a join burst is shown and removed, and
closing joining turns newcomers away while the phones inside keep voting."""

import re
import uuid
from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect

from facilitation.db import Database, sqlite_url
from facilitation.models import Participant
from facilitation.room import BURST_JOINS
from tests.server import join_cookie

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser


def test_a_join_burst_is_shown_and_its_participants_removed(server, open_page, prepared_instance, artifacts):
    running, facts = server
    instance, _ = prepared_instance
    dashboard = log_in(open_page, running.url, facts)
    expect(dashboard.locator("#room-summary")).to_have_text("åben, 0 tilmeldt")

    # A script's burst: all but one straight into the database, the last through the join form,
    # which tells the dashboard that people joined.
    database = Database(sqlite_url(instance / "facilitation.db"))
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with database.transaction() as db:
        db.add_all(Participant(workshop_id=facts["workshop_id"], public_id=uuid.uuid4().hex, joined_at=now)
                   for _ in range(BURST_JOINS - 1))
    database.dispose()
    join_cookie(running.url, facts["code"])

    alert = dashboard.locator("#join-burst")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(f"{BURST_JOINS} tilmeldte sig inden for 10 sekunder")
    dashboard.locator("#room-controls summary").click()
    dashboard.screenshot(path=artifacts / "dashboard-join-burst.png")
    dashboard.once("dialog", lambda dialog: dialog.accept())
    dashboard.locator("#join-burst-remove").click()
    expect(dashboard.locator("#room-saved")).to_have_text(f"Fjernet: {BURST_JOINS}.")
    expect(alert).to_be_hidden()
    expect(dashboard.locator("#joined")).to_have_text("0")


def test_closing_joining_turns_newcomers_away(server, open_page):
    running, facts = server
    inside = open_page(f"{running.url}/j/{facts['code']}", **PHONE)
    inside.get_by_role("button", name=re.compile("Deltag|Join")).click()
    expect(inside.locator("#prompt")).to_have_text("Hvem først?")

    dashboard = log_in(open_page, running.url, facts)
    dashboard.locator("#room-controls summary").click()
    dashboard.locator("#joining-toggle").click()
    expect(dashboard.locator("#joining-toggle")).to_have_attribute("aria-pressed", "false")
    expect(dashboard.locator("#room-summary")).to_have_text("lukket, 1 tilmeldt")

    late = open_page(f"{running.url}/j/{facts['code']}", **PHONE)
    expect(late.locator("main")).to_contain_text("Tilmeldingen til denne workshop er lukket")
    expect(late.get_by_role("button", name=re.compile("Deltag|Join"))).to_have_count(0)

    inside.get_by_text("DDF", exact=True).click()
    inside.get_by_role("button", name="Send").click()
    expect(inside.locator("#save-status")).to_have_attribute("data-state", "saved")

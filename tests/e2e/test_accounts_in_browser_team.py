"""A new server in Chromium: the first visit makes the first account (the admin), who invites a
facilitator and later disables the account; the team, invitation, account and admin pages pass
axe-core, also on a 360-px phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.server import ServerProcess

from .axe import violations
from .conftest import LAPTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def empty_server(tmp_path):
    """The real server on a migrated database with no account at all."""
    from facilitation.config import load_or_create_secret_key
    from facilitation.db import Database, sqlite_url

    instance = tmp_path / "instance"
    instance.mkdir()
    load_or_create_secret_key(instance)
    database = Database(sqlite_url(instance / "facilitation.db"))
    database.upgrade()
    database.dispose()
    with ServerProcess(instance) as running:
        yield running


def test_first_run_admin_and_team_pages(empty_server, open_page, artifacts):
    url = empty_server.url
    admin = open_page(f"{url}/login", **LAPTOP, locale="da-DK", bypass_csp=True)
    expect(admin).to_have_url(f"{url}/setup")
    assert violations(admin) == []
    admin.locator("#name").fill("Anna Admin")
    admin.locator("#email").fill("anna@bibliotek.dk")
    admin.locator("#password").fill("anna har en lang kode")
    admin.get_by_role("button", name="Opret kontoen").click()
    expect(admin).to_have_url(f"{url}/workshops")
    admin.locator("#title").fill("Strategidag")
    admin.get_by_role("button", name="Opret workshop").click()
    expect(admin.locator("#team-link")).to_be_visible()
    admin.locator("#team-link").click()
    admin.locator("#invite-email").fill("bo@bibliotek.dk")
    admin.locator("#invite-role").select_option("co_facilitator")
    admin.get_by_role("button", name="Lav et invitationslink").click()
    team_link = admin.locator("#invitation-link").input_value()
    assert violations(admin) == []

    # The colleague on a phone: the invitation page is readable at 360 px.
    colleague = open_page(team_link, **PHONE, locale="da-DK", bypass_csp=True)
    assert violations(colleague) == []
    widths = colleague.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]  # nothing sticks out sideways
    colleague.screenshot(path=artifacts / "team-invitation-phone.png", full_page=True)
    colleague.locator("#name").fill("Bo")
    colleague.locator("#password").fill("bo har en lang kode")
    colleague.locator("#make-account").click()
    expect(colleague.locator("#role-note")).to_have_count(0)  # a co-facilitator runs the room
    expect(colleague.locator("#new-kind")).to_be_visible()  # may add activities

    # The admin's pages: accounts, a new password, disabling Bo.
    admin.goto(f"{url}/account")
    assert violations(admin) == []
    admin.get_by_role("link", name="Facilitatorer på denne server").click()
    assert violations(admin) == []
    admin.locator("#invite-email").fill("ny@bibliotek.dk")
    admin.get_by_role("button", name="Lav et invitationslink").click()
    expect(admin.locator("#admin-link")).to_have_value(re.compile("/invitations/"))
    admin.get_by_role("button", name="Spær bo@bibliotek.dk").click()
    expect(admin.locator("#facilitators tr", has_text="bo@bibliotek.dk")).to_contain_text("Spærret")
    admin.screenshot(path=artifacts / "team-admin.png", full_page=True)
    expect(colleague.locator("#connection")).to_have_attribute("data-state", "refused")

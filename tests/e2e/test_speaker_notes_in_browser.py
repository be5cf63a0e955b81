"""Speaker notes on the dashboard, in a real browser; never on the screen."""

import pytest
import requests
from playwright.sync_api import expect

from .conftest import PROJECTOR, log_in

pytestmark = pytest.mark.browser

NOTES = "Fortæl om sidste års resultat.\nSpørg salen: hvem har en strategi?"


def test_the_dashboard_shows_the_notes_of_the_selected_activity_and_the_screen_does_not(server, open_page, artifacts):
    running, facts = server
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    api.patch(f"{running.url}/api/v1/activities/{facts['poll_id']}", json={"notes": NOTES}).raise_for_status()
    dashboard = log_in(open_page, running.url, facts)
    notes = dashboard.get_by_role("complementary", name="Talenoter")
    expect(notes).to_have_text(NOTES)
    # Kept as lines: the second sentence starts a line of its own.
    boxes = dashboard.evaluate("""() => { const range = document.createRange();
        const text = document.getElementById('sel-notes').firstChild; range.selectNodeContents(text);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size; }""")
    assert boxes >= 2
    dashboard.screenshot(path=artifacts / "dashboard-notes.png")
    screen = open_page(f"{running.url}/screen/{facts['screen_secret']}", **PROJECTOR)
    expect(screen.locator("#screen-prompt")).to_have_text("Hvem først?")
    expect(screen.locator("body")).not_to_contain_text("Fortæl om")

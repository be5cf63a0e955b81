"""What moved, in a real browser: a facilitator links this year's rating to last year's by
keyboard and reads the shifts; on a phone-sized window the table scrolls inside its own region."""

import pytest
from playwright.sync_api import expect

from tests.live.test_comparison_live import add_runs
from tests.server import ServerProcess

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_a_facilitator_links_last_years_run_and_reads_what_moved(prepared_instance, open_page, artifacts):
    instance, facts = prepared_instance
    _, activity_id = add_runs(instance, facts)
    # Nobody has answered this year's run yet: the figures say too few, not a shift of zero.
    with ServerProcess(instance) as server:
        page = log_in(open_page, server.url, facts)
        page.goto(f"{server.url}/workshops/{facts['workshop_id']}/activities/{activity_id}/edit")
        link = page.locator("#comparison-link")
        link.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Hvad har flyttet sig")).to_be_visible()
        # Clear the link first, so the test chooses it by keyboard.
        page.locator("#earlier-id").select_option("")
        page.get_by_role("button", name="Gem").click()
        expect(page.locator("#shifts")).to_have_count(0)
        choice = page.get_by_label("Sammenlign med en tidligere runde af samme spørgsmål")
        choice.focus()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        row = page.locator("#shifts tbody tr", has_text="KOMBIT")
        expect(row).to_contain_text("For få svar til at sammenligne")
        expect(row).to_contain_text("12 → 0")
        page.screenshot(path=artifacts / "comparison-laptop.png", full_page=True)
        page.set_viewport_size({"width": 360, "height": 740})
        # The page itself never scrolls sideways; the table does, in its region.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        region = page.get_by_role("region", name="Siden “I fjor” (Live)")
        expect(region).to_be_visible()

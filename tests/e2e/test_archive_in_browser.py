"""Last year's workshop brought to this year's laptop, in a real browser: the facilitator downloads
the workshop archive from last year's dashboard (one server), imports it on the import page of
this year's server (another instance folder, another database), and compares this year's rating
with the imported run."""

import pytest
from playwright.sync_api import expect

from facilitation import workshops
from facilitation.db import Database, sqlite_url
from facilitation.models import Workshop
from tests.server import ServerProcess, prepare_instance

from tests.conftest import POLL_CONFIG

from .conftest import log_in

pytestmark = pytest.mark.browser


def rating_in(instance, facts, title: str, values: list[int]) -> int:
    """The instance's workshop renamed `title`, with a rating of KOMBIT and Kulturarv that
    len(values) people answered (KOMBIT `value`, Kulturarv 3), closed; returns the rating's id."""
    database = Database(sqlite_url(instance / "facilitation.db"))
    with database.transaction() as db:
        workshop = db.get(Workshop, facts["workshop_id"])
        workshop.title = title
        themes = [workshops.add_theme(db, workshop, name) for name in ("KOMBIT", "Kulturarv")]
        rating = workshops.add_activity(db, workshop, "rating", "Hvor vigtigt er temaet?", {"themes": "all"})
        workshops.open_activity(db, rating)
        workshops.present(db, workshop, rating.id)
        for number, value in enumerate(values):
            person = workshops.join(db, workshop)
            db.flush()
            answer = {"ratings": {str(themes[0].id): value, str(themes[1].id): 3}}
            workshops.respond(db, person.id, workshop.id, rating.id, answer, f"r{number}")
        workshops.close_activity(db, rating)
        rating_id = rating.id
    database.dispose()
    return rating_id


def test_last_years_archive_is_imported_on_this_years_server_and_compared(tmp_path, open_page, artifacts):
    last_year, this_year = tmp_path / "laptop-2025", tmp_path / "laptop-2026"
    facts_2025 = prepare_instance(last_year, POLL_CONFIG)
    facts_2026 = prepare_instance(this_year, POLL_CONFIG)
    rating_in(last_year, facts_2025, "Strategidag 2025", [2, 3] * 6)
    rating_id = rating_in(this_year, facts_2026, "Strategidag 2026", [4, 5] * 6)

    with ServerProcess(last_year) as server:
        page = log_in(open_page, server.url, facts_2025, "Strategidag 2025")
        with page.expect_download() as download:
            page.get_by_role("link", name="Workshoparkiv (plan og svar, JSON)").click()
        archive = tmp_path / download.value.suggested_filename
        download.value.save_as(archive)
        page.context.close()  # last year's laptop is put away: its dashboard stops reconnecting
    assert archive.name == "strategidag-2025-arkiv.json"

    with ServerProcess(this_year) as server:
        page = log_in(open_page, server.url, facts_2026, "Strategidag 2026")
        page.goto(f"{server.url}/workshops/import")
        page.get_by_label("Planfil (højst 64 KiB) eller workshoparkiv (højst 20 MB)").set_input_files(archive)
        page.get_by_role("button", name="Importér plan").click()
        expect(page.get_by_role("heading", name="Strategidag 2025")).to_be_visible()
        page.screenshot(path=artifacts / "archive-imported-dashboard.png", full_page=True)

        page.goto(f"{server.url}/workshops/{facts_2026['workshop_id']}/activities/{rating_id}/comparison")
        page.get_by_label("Sammenlign med en tidligere runde af samme spørgsmål").select_option(
            label="Strategidag 2025 · Hvor vigtigt er temaet?")
        page.get_by_role("button", name="Gem").click()
        kombit = page.locator("#shifts tbody tr", has_text="KOMBIT")
        expect(kombit).to_contain_text("Flyttet op")
        expect(kombit).to_contain_text("12 → 12")
        expect(page.locator("#shifts tbody tr", has_text="Kulturarv")).to_contain_text("Inden for støjen")
        page.screenshot(path=artifacts / "archive-comparison.png", full_page=True)

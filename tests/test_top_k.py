"""A top-k ranking in the report as people read it: how many put each theme in their top k, from
zero; the Borda score still listed (the screen's browser test is tests/e2e/test_top_k_in_browser.py)."""

from facilitation import workshops
from facilitation.record import report
from facilitation.models import Workshop


def test_the_report_draws_a_top_k_from_zero_and_keeps_borda(database, facilitator):
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Strategidag", "da")
        ids = [str(workshops.add_theme(db, workshop, title).id) for title in ("Åbne", "Data", "Kultur", "Læring")]
        activity = workshops.add_activity(db, workshop, "ranking", "Top 2?", {"themes": "all", "top_k": 2})
        workshops.open_activity(db, activity)
        db.flush()
        workshops.present(db, workshop, activity.id)
        for number, order in enumerate([[1, 2], [1, 2], [2, 1], [2, 3]]):
            person = workshops.join(db, workshop)
            workshops.respond(db, person.id, workshop.id, activity.id, {"order": [ids[i] for i in order]}, f"r{number}")
        workshop_id = workshop.id
    with database.reading() as db:
        [ranked] = report.report_context(db, db.get(Workshop, workshop_id))["activities"]
    bars = ranked["bars"].bars
    assert [bar.label for bar in bars] == ["1. Kultur", "2. Data", "3. Læring", "4. Åbne"]
    assert [bar.fraction for bar in bars] == [1.0, 0.75, 0.25, 0.0]  # Åbne: nobody, an empty bar
    assert [bar.value for bar in bars] == ["4 of 4", "3 of 4", "1 of 4", "0 of 4"]
    assert bars[0].detail.startswith("place 1: 2 · place 2: 2 · Borda score")
    table = ranked["table"]
    assert table.headers[:4] == ["Rank", "Theme", "In the top 2", "Places 1–2"]
    assert "Borda score" in table.headers
    assert table.rows[3][:4] == ["4", "Åbne", "0", "0 · 0"]

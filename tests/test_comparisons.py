"""An activity compared with an earlier run of the same question (facilitation/comparisons.py),
on a real SQLite file, and its facilitator page."""

import pytest

from facilitation import comparisons, team, workshops
from facilitation.errors import InvalidInput
from facilitation.models import Activity, Workshop

from .conftest import csrf_token_from, make_facilitator


def rating_workshop(database, facilitator_id, title, theme_titles, ratings_by_person):
    """A workshop with the themes and a rating every person answered; returns the rating's id."""
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator_id, title, "da")
        themes = [workshops.add_theme(db, workshop, name) for name in theme_titles]
        rating = workshops.add_activity(db, workshop, "rating", "Hvor vigtigt?", {"themes": "all"})
        workshops.open_activity(db, rating)
        workshops.present(db, workshop, rating.id)
        for number, values in enumerate(ratings_by_person):
            person = workshops.join(db, workshop)
            db.flush()
            answer = {"ratings": {str(theme.id): value for theme, value in zip(themes, values) if value is not None}}
            workshops.respond(db, person.id, workshop.id, rating.id, answer, f"r{number}")
        workshops.close_activity(db, rating)
        return rating.id


@pytest.fixture
def two_years(database, facilitator):
    """Last year's rating (KOMBIT 2 or 3) and this year's (KOMBIT 4 or 5; DDF unchanged)."""
    last_year = rating_workshop(database, facilitator.id, "Strategidag 2025", ["KOMBIT", "DDF", "Kulturarv"],
                                [[2, 3, 5]] * 10 + [[3, 3, 5]] * 10)
    this_year = rating_workshop(database, facilitator.id, "Strategidag 2026", ["DDF", "kombit ", "Data"],
                                [[3, 4, 1]] * 10 + [[3, 5, 1]] * 10)
    return last_year, this_year


def test_a_rating_compared_with_last_years_shows_what_moved_by_theme_name(database, facilitator, two_years):
    last_year, this_year = two_years
    with database.transaction() as db:
        comparisons.compare_with(db, facilitator.id, db.get(Activity, this_year), str(last_year))
    with database.reading() as db:
        found = comparisons.comparison(db, db.get(Activity, this_year))
    assert found["earlier"]["workshop"] == "Strategidag 2025" and found["earlier"]["responses"] == 20
    rows = {row["label"]: row for row in found["rows"]}
    assert set(rows) == {"DDF", "kombit"}  # Kulturarv and Data were asked only once
    kombit = rows["kombit"]
    assert (kombit["before"], kombit["after"], kombit["difference"]) == (2.5, 4.5, 2.0)
    assert not kombit["within_noise"] and kombit["low"] > 0
    assert rows["DDF"]["difference"] == 0 and rows["DDF"]["within_noise"]


def test_only_the_same_kind_in_the_facilitators_own_workshops_can_be_chosen(database, facilitator, two_years):
    last_year, this_year = two_years
    stranger = make_facilitator(database, "fremmed@bibliotek.dk")
    theirs = rating_workshop(database, stranger.id, "Andres dag", ["KOMBIT"], [[4]])
    with database.transaction() as db:
        poll_workshop = db.get(Activity, last_year).workshop
        a_poll = workshops.add_activity(db, poll_workshop, "poll", "Hvem?", {"options": ["a", "b"]})
        db.flush()
        poll_id = a_poll.id
    with database.reading() as db:
        runs = comparisons.earlier_runs(db, facilitator.id, db.get(Activity, this_year))
        assert [run.id for run in runs] == [last_year]
        assert comparisons.earlier_runs(db, facilitator.id, db.get(Activity, poll_id)) == []
    for refused in (theirs, poll_id, this_year, "x", 10**9):
        with pytest.raises(InvalidInput):
            with database.transaction() as db:
                comparisons.compare_with(db, facilitator.id, db.get(Activity, this_year), str(refused))
    with database.reading() as db:
        assert db.get(Activity, this_year).compared_with_id is None


def test_a_team_member_can_compare_with_a_workshop_they_are_in(database, facilitator, two_years):
    last_year, this_year = two_years
    colleague = make_facilitator(database, "kollega@bibliotek.dk")
    with database.transaction() as db:
        team.add_member(db, db.get(Activity, this_year).workshop, colleague.id, team.CO_FACILITATOR)
    with database.reading() as db:
        # Not in last year's team: last year's run is not theirs to choose.
        assert comparisons.earlier_runs(db, colleague.id, db.get(Activity, this_year)) == []


def test_deleting_the_earlier_workshop_ends_the_comparison(database, facilitator, two_years):
    last_year, this_year = two_years
    with database.transaction() as db:
        comparisons.compare_with(db, facilitator.id, db.get(Activity, this_year), last_year)
    with database.transaction() as db:
        workshops.delete_workshop(db, db.get(Activity, last_year).workshop)
    with database.reading() as db:
        assert db.get(Activity, this_year).compared_with_id is None
        assert comparisons.comparison(db, db.get(Activity, this_year)) is None


def test_readable_rows_say_the_shift_its_interval_and_the_verdict():
    row = {"label": "KOMBIT", "figure": "mean", "before": 2.5, "after": 4.5, "difference": 2.0, "low": 1.7,
           "high": 2.3, "n_before": 20, "n_after": 20, "within_noise": False}
    text = comparisons.readable_row(row, lambda message: message, "da")
    assert (text["before"], text["after"], text["shift"], text["interval"], text["n"], text["verdict"]) == (
        "2,50", "4,50", "+2,00", "+1,70 … +2,30", "20 → 20", "Moved up")
    share = {**row, "figure": "top_k_share", "before": 0.25, "after": 0.2, "difference": -0.05, "low": -0.3,
             "high": 0.2, "within_noise": True}
    text = comparisons.readable_row(share, lambda message: message, "en", top_k=3)
    assert text["figure"] == "Share of ballots with it in their top 3"
    assert (text["before"], text["after"], text["shift"], text["interval"], text["verdict"]) == (
        "25 %", "20 %", "−5 percentage points", "−30 … +20", "Within the noise")
    few = {**row, "before": None, "after": None, "difference": None, "low": None, "high": None, "within_noise": True}
    assert comparisons.readable_row(few, lambda message: message)["verdict"] == "Too few answers to compare"
    # An end just above zero still says so: the interval does not include no change.
    barely = {**row, "low": 0.001, "high": 0.6, "difference": 0.3}
    assert comparisons.readable_row(barely, lambda message: message, "en")["interval"] == "+0.00 … +0.60"


def test_the_page_links_and_shows_the_shifts(app, database, facilitator, two_years):
    last_year, this_year = two_years
    with database.reading() as db:
        workshop_id = db.get(Activity, this_year).workshop_id
    client = app.test_client()
    page = client.post("/login", data={"email": facilitator.email, "password": facilitator.password,
                                       "csrf_token": csrf_token_from(client.get("/login").text)})
    assert page.status_code == 302
    address = f"/workshops/{workshop_id}/activities/{this_year}/comparison"
    page = client.get(address)
    assert page.status_code == 200 and "Strategidag 2025 · Hvor vigtigt?" in page.text
    assert 'id="shifts"' not in page.text
    saved = client.post(address, data={"earlier_id": str(last_year), "csrf_token": csrf_token_from(page.text)})
    assert saved.status_code == 302
    page = client.get(address)
    assert 'id="shifts"' in page.text and "Flyttet op" in page.text and "Inden for støjen" in page.text
    refused = client.post(address, data={"earlier_id": "999999", "csrf_token": csrf_token_from(page.text)})
    assert refused.status_code == 400
    with database.reading() as db:
        assert db.get(Activity, this_year).compared_with_id == last_year
        assert db.get(Workshop, workshop_id).title == "Strategidag 2026"

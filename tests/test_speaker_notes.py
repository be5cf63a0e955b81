"""Speaker notes: the facilitator's own words per activity, on the dashboard only."""

import pytest

from facilitation import plans, socketio, workshops
from facilitation.errors import InvalidInput
from facilitation.models import Activity, Workshop

from .conftest import join_as_participant

NOTES = "Fortæl om sidste års resultat.\n\nSpørg salen: hvem har en strategi?"


def test_notes_keep_their_lines_and_have_a_limit(database, workshop):
    with database.transaction() as db:
        poll = db.get(Activity, workshop.poll_id)
        workshops.update_activity(db, poll, notes="  Fortæl   om sidste års resultat.  \n\n\n\nSpørg salen: hvem har en strategi? ")
        assert poll.notes == NOTES
        workshops.update_activity(db, poll, notes="x" * workshops.MAX_NOTES_LENGTH)
        with pytest.raises(InvalidInput):
            workshops.update_activity(db, poll, notes="x" * (workshops.MAX_NOTES_LENGTH + 1))
        with pytest.raises(InvalidInput):
            workshops.update_activity(db, poll, notes=["not", "a", "text"])
        assert poll.notes == "x" * workshops.MAX_NOTES_LENGTH


def test_the_dashboard_gets_the_notes_and_the_screen_and_phones_never_do(app, database, workshop, facilitator):
    api = app.test_client()
    response = api.patch(f"/api/v1/activities/{workshop.poll_id}", headers=facilitator.headers, json={"notes": NOTES})
    assert response.status_code == 200 and response.json["activity"]["notes"] == NOTES
    with database.reading() as db:
        staff = workshops.staff_view(db, db.get(Workshop, workshop.id))
    assert staff["activities"][0]["notes"] == NOTES
    assert "notes" not in workshops.screen_view(staff)["activities"][0]
    http = app.test_client()
    join_as_participant(http, workshop.code)
    phone = socketio.test_client(app, flask_test_client=http, auth={"role": "participant", "workshop": workshop.code})
    view = phone.emit("sync", {}, callback=True)["view"]
    assert "Fortæl om" not in str(view)
    from .test_web import login

    browser = app.test_client()
    login(browser, facilitator)
    for path, shown in ((f"/activities/{workshop.poll_id}/export.csv", "DDF"), ("/report", "Hvem først?")):
        page = browser.get(f"/workshops/{workshop.id}{path}")
        assert page.status_code == 200 and shown in page.get_data(as_text=True)  # the export itself
        assert "Fortæl om" not in page.get_data(as_text=True)
    xlsx = browser.get(f"/workshops/{workshop.id}/export.xlsx")
    assert xlsx.status_code == 200
    import io, zipfile

    assert not any("Fortæl om".encode() in zipfile.ZipFile(io.BytesIO(xlsx.data)).read(name)
                   for name in zipfile.ZipFile(io.BytesIO(xlsx.data)).namelist())


def test_notes_travel_with_the_plan(database, facilitator, workshop):
    with database.transaction() as db:
        workshops.update_activity(db, db.get(Activity, workshop.poll_id), notes=NOTES)
        plan = plans.export_plan(db.get(Workshop, workshop.id))
        assert plan["activities"][0]["notes"] == NOTES
        copy = plans.import_plan(db, facilitator.id, plan)
        assert copy.activities[0].notes == NOTES
        duplicate = workshops.duplicate_activity(db, db.get(Activity, workshop.poll_id))
        assert duplicate.notes == NOTES

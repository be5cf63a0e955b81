"""Our next steps, set up by a facilitator: the editor form (the themes, one step of at most 200
characters by default, moderation), a refused form that keeps what was typed and stores nothing,
and a plan file naming the themes by title."""

from sqlalchemy import func, select

from facilitation import workshops
from facilitation.models import Activity, Workshop
from facilitation.plans import export_plan, import_plan, load_plan

from .conftest import csrf_token_from
from .test_web import login


def test_the_form_offers_the_defaults_and_saves_the_chosen_themes(client_factory, facilitator, workshop, database):
    with database.transaction() as db:
        owned = db.get(Workshop, workshop.id)
        kulturarv = workshops.add_theme(db, owned, "Kulturarv").id
        workshops.add_theme(db, owned, "Digital dannelse")
    client = client_factory()
    login(client, facilitator)
    form = client.get(f"/workshops/{workshop.id}/activities/new?kind=commitments")
    assert form.status_code == 200
    assert 'name="max_length" type="number" min="10" max="280" value="200"' in form.text
    assert 'name="per_participant" type="number" min="1" max="20" value="1"' in form.text
    assert "Kulturarv" in form.text and "Hvem der har skrevet et skridt, vises aldrig." in form.text
    response = client.post(f"/workshops/{workshop.id}/activities/new", data={
        "kind": "commitments", "prompt": "Hvad gør vi derhjemme?", "themes_mode": "chosen",
        "theme_ids": str(kulturarv), "max_length": "150", "per_participant": "2", "moderation": "approve",
        "csrf_token": csrf_token_from(form.text)})
    assert response.status_code == 302
    with database.reading() as db:
        activity = db.scalar(select(Activity).where(Activity.kind == "commitments"))
        assert activity.config == {"themes": [kulturarv], "shuffle": False, "max_length": 150, "per_participant": 2,
                                   "moderation": "approve"}
        activity_id = activity.id
    edit = client.get(f"/workshops/{workshop.id}/activities/{activity_id}/edit")
    assert 'value="150"' in edit.text and 'value="approve" checked' in edit.text


def test_a_bad_length_is_refused_with_the_form_kept(client_factory, facilitator, workshop, database):
    client = client_factory()
    login(client, facilitator)
    form = client.get(f"/workshops/{workshop.id}/activities/new?kind=commitments")
    response = client.post(f"/workshops/{workshop.id}/activities/new", data={
        "kind": "commitments", "prompt": "Vores næste skridt", "themes_mode": "all", "max_length": "5",
        "per_participant": "1", "csrf_token": csrf_token_from(form.text)})
    assert response.status_code == 400
    assert "Længdegrænsen" in response.text and "Vores næste skridt" in response.text
    with database.reading() as db:
        assert db.scalar(select(func.count(Activity.id)).where(Activity.kind == "commitments")) == 0


def test_a_plan_names_the_themes_by_title_and_round_trips(database, facilitator):
    plan = load_plan("""\
title: Afslutning
language: da
themes: [Kulturarv, Digital dannelse]
activities:
  - kind: commitments
    prompt: Hvad gør vi derhjemme?
    settings: {themes: [Digital dannelse], moderation: approve}
""")
    with database.transaction() as db:
        workshop = import_plan(db, facilitator.id, plan)
        (activity,) = workshop.activities
        assert activity.config == {"themes": [workshop.themes[1].id], "shuffle": False, "max_length": 200,
                                   "per_participant": 1, "moderation": "approve"}
        exported = export_plan(workshop)
    assert exported["activities"][0]["settings"] == {"themes": ["Digital dannelse"], "shuffle": False,
                                                     "max_length": 200, "per_participant": 1, "moderation": "approve"}

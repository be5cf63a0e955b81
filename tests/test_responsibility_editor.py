"""Who should lead, set up by a facilitator: the editor form (the national actors for a new
activity, the two fixed choices as checkboxes, a refused form that keeps what was typed and
stores nothing) and a plan file, where the actors are plain texts."""

from sqlalchemy import func, select

from facilitation import workshops
from facilitation.kinds import responsibility
from facilitation.models import Activity, Workshop
from facilitation.plans import export_plan, load_plan

from .conftest import csrf_token_from
from .test_web import login


def test_a_new_activity_starts_with_the_national_actors_and_saves_the_form(client_factory, facilitator, workshop,
                                                                          database):
    client = client_factory()
    login(client, facilitator)
    form = client.get(f"/workshops/{workshop.id}/activities/new?kind=responsibility")
    assert form.status_code == 200
    for actor in responsibility.DEFAULT_ACTORS:
        assert actor in form.text
    assert 'name="local" checked' in form.text and 'name="together" checked' in form.text
    response = client.post(f"/workshops/{workshop.id}/activities/new", data={
        "kind": "responsibility", "prompt": "Hvem går forrest?", "themes_mode": "all",
        "actors": "KOMBIT\r\n  Det Kgl.   Bibliotek \r\n\r\n", "together": "on",
        "csrf_token": csrf_token_from(form.text)})
    assert response.status_code == 302
    with database.reading() as db:
        activity = db.scalar(select(Activity).where(Activity.kind == "responsibility"))
        assert activity.config == {"themes": "all", "shuffle": False,
                                   "actors": [{"id": "a", "label": "KOMBIT"}, {"id": "b", "label": "Det Kgl. Bibliotek"}],
                                   "local": False, "together": True}
        activity_id = activity.id
    edit = client.get(f"/workshops/{workshop.id}/activities/{activity_id}/edit")
    assert "KOMBIT\nDet Kgl. Bibliotek\n</textarea>" in edit.text
    assert 'name="local" >' in edit.text and 'name="together" checked' in edit.text


def test_too_many_actors_are_refused_with_the_form_kept(client_factory, facilitator, workshop, database):
    client = client_factory()
    login(client, facilitator)
    form = client.get(f"/workshops/{workshop.id}/activities/new?kind=responsibility")
    thirteen = "\n".join(f"Aktør nummer {n}" for n in range(13))
    response = client.post(f"/workshops/{workshop.id}/activities/new", data={
        "kind": "responsibility", "prompt": "Hvem går forrest?", "themes_mode": "all", "actors": thirteen,
        "csrf_token": csrf_token_from(form.text)})
    assert response.status_code == 400
    assert "højst 12 aktører" in response.text and "Aktør nummer 12" in response.text
    with database.reading() as db:
        assert db.scalar(select(func.count(Activity.id)).where(Activity.kind == "responsibility")) == 0


def test_a_plan_names_the_actors_as_texts(database, facilitator):
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Ansvar", "da")
        workshops.add_theme(db, workshop, "Kulturarv")
        workshops.add_activity(db, workshop, "responsibility", "Hvem?", {"actors": ["KOMBIT", "Det Kgl. Bibliotek"]})
        workshop_id = workshop.id
    with database.reading() as db:
        plan = export_plan(db.get(Workshop, workshop_id))
    settings = plan["activities"][0]["settings"]
    assert settings == {"themes": "all", "shuffle": False, "actors": ["KOMBIT", "Det Kgl. Bibliotek"],
                        "local": True, "together": True}
    assert load_plan("title: Ansvar\nthemes: [Kulturarv]\nactivities:\n  - kind: responsibility\n    prompt: Hvem?\n"
                     "    settings: {actors: [KOMBIT, Det Kgl. Bibliotek]}\n")["activities"][0]["settings"] == settings

"""Strategy themes: edited by the facilitator, reused by the prioritisation activities."""

import pytest

from facilitation import workshops
from facilitation.errors import Conflict, InvalidInput
from facilitation.models import Theme, Workshop

from .test_web import login
from .conftest import csrf_token_from


def titles(database, workshop_id):
    with database.reading() as db:
        return [t.title for t in db.get(Workshop, workshop_id).themes]


def test_themes_are_added_moved_edited_and_deleted(database, workshop):
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        data = workshops.add_theme(db, w, "Data om brugerne")
        workshops.add_theme(db, w, "Kulturarv", "Det Kgl. Bibliotek")
        workshops.move_theme(db, data, -1)
    assert titles(database, workshop.id) == ["Data om brugerne", "Fælles infrastruktur", "Kulturarv"]
    with database.transaction() as db:
        theme = db.get(Theme, workshop.theme_id)
        workshops.update_theme(db, theme, "Fælles digital infrastruktur", "KOMBIT")
        workshops.move_theme(db, theme, 1)
    assert titles(database, workshop.id) == ["Data om brugerne", "Kulturarv", "Fælles digital infrastruktur"]
    with database.transaction() as db:
        workshops.delete_theme(db, db.get(Theme, workshop.theme_id))
    assert titles(database, workshop.id) == ["Data om brugerne", "Kulturarv"]


@pytest.mark.parametrize("title", ["", "   ", "x" * 121, None, 5])
def test_a_bad_theme_title_is_refused(database, workshop, title):
    with pytest.raises(InvalidInput):
        with database.transaction() as db:
            workshops.add_theme(db, db.get(Workshop, workshop.id), title)
    assert titles(database, workshop.id) == ["Fælles infrastruktur"]


def test_a_workshop_has_at_most_forty_themes(database, workshop):
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        for i in range(workshops.MAX_THEMES - 1):
            workshops.add_theme(db, w, f"Tema {i}")
    with pytest.raises(Conflict):
        with database.transaction() as db:
            workshops.add_theme(db, db.get(Workshop, workshop.id), "Én for meget")


def test_an_activity_on_all_themes_sees_themes_added_later(database, workshop):
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        activity = w.activities[0]
        activity.config = {**activity.config, "themes": "all"}
        first = workshops.resolved_config(activity)["items"]
        workshops.add_theme(db, w, "Nyt tema")
        db.flush()
        db.refresh(w)
        second = workshops.resolved_config(activity)["items"]
    assert [item["label"] for item in first] == ["Fælles infrastruktur"]
    assert [item["label"] for item in second] == ["Fælles infrastruktur", "Nyt tema"]


def test_an_activity_on_chosen_themes_sees_only_those(database, workshop):
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        other = workshops.add_theme(db, w, "Kun denne")
        activity = w.activities[0]
        activity.config = {**activity.config, "themes": [other.id]}
        assert [item["label"] for item in workshops.resolved_config(activity)["items"]] == ["Kun denne"]


def test_the_themes_api(client_factory, facilitator, workshop):
    api = client_factory()
    headers = facilitator.headers
    created = api.post(f"/api/v1/workshops/{workshop.id}/themes", json={"title": "Kompetencer"}, headers=headers)
    assert created.status_code == 201
    theme_id = created.json["theme"]["id"]
    assert api.patch(f"/api/v1/themes/{theme_id}", json={"description": "Personalet"}, headers=headers).status_code == 200
    assert api.post(f"/api/v1/themes/{theme_id}/move", json={"delta": -1}, headers=headers).status_code == 200
    listed = api.get(f"/api/v1/workshops/{workshop.id}/themes", headers=headers).json["themes"]
    assert [(t["title"], t["description"]) for t in listed] == [("Kompetencer", "Personalet"), ("Fælles infrastruktur", "Data og drift")]
    assert api.delete(f"/api/v1/themes/{theme_id}", headers=headers).status_code == 200
    assert len(api.get(f"/api/v1/workshops/{workshop.id}/themes", headers=headers).json["themes"]) == 1


def test_the_themes_page(client_factory, facilitator, workshop, database):
    client = client_factory()
    login(client, facilitator)
    page = client.get(f"/workshops/{workshop.id}/themes")
    assert page.status_code == 200 and "Fælles infrastruktur" in page.text
    token = csrf_token_from(page.text)
    client.post(f"/workshops/{workshop.id}/themes", data={"action": "add", "title": "Kulturarv", "csrf_token": token})
    client.post(f"/workshops/{workshop.id}/themes", data={"action": "up", "theme_id": str(workshop.theme_id + 1), "csrf_token": token})
    assert titles(database, workshop.id) == ["Kulturarv", "Fælles infrastruktur"]
    response = client.post(f"/workshops/{workshop.id}/themes", data={"action": "add", "title": "", "csrf_token": token})
    assert response.status_code == 400
    client.post(f"/workshops/{workshop.id}/themes", data={"action": "delete", "theme_id": str(workshop.theme_id), "csrf_token": token})
    assert titles(database, workshop.id) == ["Kulturarv"]


def test_a_deleted_themes_id_is_never_given_to_a_new_theme(database, workshop):
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        doomed = workshops.add_theme(db, w, "Kulturarv")
        doomed_id = doomed.id
        workshops.delete_theme(db, doomed)
        assert workshops.add_theme(db, w, "Helt nyt tema").id != doomed_id


def test_deleting_a_chosen_theme_takes_it_out_of_the_activities_that_chose_it(database, workshop):
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        other = workshops.add_theme(db, w, "Kulturarv")
        rating = workshops.add_activity(db, w, "rating", "Hvor vigtigt?", {"themes": [workshop.theme_id, other.id]})
        workshops.delete_theme(db, other)
        assert rating.config["themes"] == [workshop.theme_id]


@pytest.mark.parametrize("language, last", [("da", "Åbne biblioteker"), ("en", "Zoologi")])
def test_tied_ranking_themes_follow_the_workshops_alphabet(database, workshop, language, last):
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        w.language = language
        for title in ("Åbne biblioteker", "Ældre borgere", "Øresund", "Zoologi"):
            workshops.add_theme(db, w, title)
        activity = workshops.add_activity(db, w, "ranking", "Prioritér", {"themes": "all"})
        db.flush()
        db.refresh(w)
        labels = [t["label"] for t in workshops.results(db, activity)["themes"]]
    assert labels[-1] == last and len(labels) == 5

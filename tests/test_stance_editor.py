"""The stance's editor (templates/kinds/stance/editor.html) through the real pages: the three
names come prefilled in Danish, renamed names and chosen themes are stored, and a bad form shows
the Danish error, keeps what was typed and stores nothing."""

from sqlalchemy import func, select

from facilitation.models import Activity

from .conftest import csrf_token_from
from .test_web import login


def test_a_stance_is_made_with_the_facilitators_names_for_the_choices(client_factory, facilitator, workshop, database):
    client = client_factory()
    login(client, facilitator)
    form = client.get(f"/workshops/{workshop.id}/activities/new?kind=stance")
    assert form.status_code == 200
    for default in ('value="Ja"', 'value="Nej"', 'value="Ved ikke"'):
        assert default in form.text
    response = client.post(f"/workshops/{workshop.id}/activities/new", data={
        "kind": "stance", "prompt": "Skal vores bibliotek handle på temaet i 2027?", "themes_mode": "chosen",
        "theme_ids": str(workshop.theme_id), "yes_label": "Vi er med", "no_label": " Ikke  os ",
        "not_sure_label": "Ved ikke", "csrf_token": csrf_token_from(form.text)})
    assert response.status_code == 302
    with database.reading() as db:
        activity = db.scalar(select(Activity).where(Activity.kind == "stance"))
        assert activity.config == {"themes": [workshop.theme_id], "shuffle": False, "yes_label": "Vi er med",
                                   "no_label": "Ikke os", "not_sure_label": "Ved ikke"}
        activity_id = activity.id
    edit = client.get(f"/workshops/{workshop.id}/activities/{activity_id}/edit")
    assert 'value="Ikke os"' in edit.text


def test_two_choices_with_one_name_are_refused_in_danish_and_nothing_is_stored(client_factory, facilitator, workshop,
                                                                                database):
    client = client_factory()
    login(client, facilitator)
    with database.reading() as db:
        before = db.scalar(select(func.count(Activity.id)))
    form = client.get(f"/workshops/{workshop.id}/activities/new?kind=stance")
    response = client.post(f"/workshops/{workshop.id}/activities/new", data={
        "kind": "stance", "prompt": "Er vi med?", "themes_mode": "all", "yes_label": "Ja", "no_label": "ja",
        "not_sure_label": "<b>Måske</b>", "csrf_token": csrf_token_from(form.text)})
    assert response.status_code == 400
    assert "De tre valg skal have hvert sit navn." in response.text
    assert "&lt;b&gt;Måske&lt;/b&gt;" in response.text and "<b>Måske" not in response.text  # kept, escaped
    with database.reading() as db:
        assert db.scalar(select(func.count(Activity.id))) == before


def test_the_phone_gets_the_kinds_own_texts_in_danish(app):
    """A kind's CLIENT_STRINGS reach the scripts with the shared texts (facilitation/web/strings.py):
    the default names of the three choices, when the facilitator left them empty."""
    from flask_babel import force_locale

    from facilitation.web.strings import client_strings

    with app.test_request_context("/"), force_locale("da"):
        strings = client_strings()
    assert (strings["stance_yes"], strings["stance_no"], strings["stance_not_sure"]) == ("Ja", "Nej", "Ved ikke")
    assert strings["stance_at_least_one"] == "Tag stilling til mindst ét tema."
    assert strings["send"] == "Send"  # the shared ones are all still there

"""The landscape page of the dashboard, and putting the landscape on the screen: the Flask app
on a real SQLite file, the screen a Socket.IO test client on its secret link."""

import re
import uuid

from facilitation import socketio, team, workshops
from facilitation.models import Workshop

from .conftest import csrf_token_from, make_facilitator
from .test_authorization import logged_in
from .test_landscape_view import room  # noqa: F401 - the workshop with answers, as a fixture


def page_of(client, room, query=""):  # noqa: F811
    return client.get(f"/workshops/{room['workshop_id']}/landscape{query}")


def screen_of(app, database, room):  # noqa: F811
    with database.reading() as db:
        secret = db.get(Workshop, room["workshop_id"]).screen_secret
    return socketio.test_client(app, auth={"role": "screen", "workshop": room["workshop_id"], "key": secret})


def last_view(client):
    views = [message["args"][0] for message in client.get_received() if message["name"] == "workshop"]
    return views[-1] if views else None


def test_the_page_shows_every_theme_in_every_prioritisation_with_its_sentence(app, database, facilitator, room):  # noqa: F811
    client, _csrf = logged_in(app, database, facilitator)
    page = page_of(client, room)
    assert page.status_code == 200
    html = page.text
    assert html.count('class="landscape-theme') == 4
    assert f'data-activity="{room["rating"]}"' in html and f'data-activity="{room["points"]}"' in html
    # Points are not revealed: the page says they are not on the screen.
    assert html.count('class="not-on-screen"') == 1
    # Centralbibliotekerne: last in the rating, second in points; marked in a symbol and words.
    row = re.search(r'data-theme="%d">(.*?)</tbody>' % room["themes"][3], html, re.S).group(1)
    assert "3,0" in row and "30\u00a0%" in row and "≠" in row
    assert 'class="sentence"' in row and "Centralbibliotekerne:" in row
    assert 'id="landscape-show"' in html
    assert 'href="/workshops/%d/landscape"' % room["workshop_id"] in client.get(f"/workshops/{room['workshop_id']}").text


def test_the_groups_of_a_segment_question_and_those_held_back(app, database, facilitator, room):  # noqa: F811
    client, _csrf = logged_in(app, database, facilitator)
    html = page_of(client, room, "?split=Rolle").text
    groups = html.split('id="landscape-groups"')[1]
    assert "Leder" in groups and "Medarbejder" in groups and "Politiker" not in groups
    # Five held back in both prioritisations: one line says it for A and B.
    assert html.count('class="held-back"') == 1
    assert re.search(r'class="held-back">A, B · 5 ', html)
    refused = page_of(client, room, "?split=Region")
    assert refused.status_code == 400 and 'role="alert"' in refused.text
    assert 'id="landscape-groups"' not in refused.text


def test_empty_workshops_say_what_to_do(app, database, facilitator):
    client, _csrf = logged_in(app, database, facilitator)
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Tom", "da")
        workshop_id = workshop.id
    html = client.get(f"/workshops/{workshop_id}/landscape").text
    assert 'id="landscape-empty"' in html and f"/workshops/{workshop_id}/themes" in html
    with database.transaction() as db:
        workshop = db.get(Workshop, workshop_id)
        workshops.add_theme(db, workshop, "KOMBIT")
        workshops.add_activity(db, workshop, "rating", "Hvor vigtigt?", {"themes": "all"})
    html = client.get(f"/workshops/{workshop_id}/landscape").text
    assert 'id="landscape-empty"' in html and 'id="landscape-table"' not in html


def test_showing_it_on_the_screen_sends_only_what_the_room_may_see(app, database, facilitator, room):  # noqa: F811
    client, csrf = logged_in(app, database, facilitator)
    screen = screen_of(app, database, room)
    assert screen.emit("sync", {}, callback=True)["view"]["landscape"] is None
    response = client.post(f"/workshops/{room['workshop_id']}/landscape/screen",
                           data={"action": "show", "split": "Rolle", "csrf_token": csrf})
    assert response.status_code == 302
    shown = last_view(screen)["landscape"]
    assert [p["id"] for p in shown["prioritisations"]] == [room["rating"]]
    assert shown["split"]["question"] == "Rolle"
    assert [group["label"] for group in shown["split"]["groups"]] == ["Leder", "Medarbejder"]
    # The words are in the workshop's language (Danish), as on the rest of the screen.
    assert shown["themes"][0]["sentence"].startswith("Det Digitale Folkebibliotek: gennemsnitlig vurdering 3,4 på 1–5")
    assert screen.emit("sync", {}, callback=True)["view"]["landscape"] == shown
    assert 'id="landscape-on-screen"' in page_of(client, room).text
    # Presenting another activity takes it off the screen.
    with database.transaction() as db:
        workshops.present(db, db.get(Workshop, room["workshop_id"]), room["rating"])
    app.extensions["live"].announce_workshop(room["workshop_id"])
    assert last_view(screen)["landscape"] is None
    screen.disconnect()


def test_bad_input_changes_nothing_and_a_moderator_only_looks(app, database, facilitator, room):  # noqa: F811
    client, csrf = logged_in(app, database, facilitator)
    screen = screen_of(app, database, room)
    for data in ({"action": "show", "split": "Region"}, {"action": "dance"}):
        refused = client.post(f"/workshops/{room['workshop_id']}/landscape/screen", data={**data, "csrf_token": csrf})
        assert refused.status_code == 400 and 'role="alert"' in refused.text
    assert last_view(screen) is None
    assert screen.emit("sync", {}, callback=True)["view"]["landscape"] is None
    moderator = make_facilitator(database, "mona@bibliotek.dk")
    with database.transaction() as db:
        team.add_member(db, db.get(Workshop, room["workshop_id"]), moderator.id, team.MODERATOR)
    looking, moderator_csrf = logged_in(app, database, moderator)
    html = page_of(looking, room).text
    assert 'id="landscape-table"' in html and 'id="landscape-show"' not in html
    forbidden = looking.post(f"/workshops/{room['workshop_id']}/landscape/screen",
                             data={"action": "show", "csrf_token": moderator_csrf})
    assert forbidden.status_code == 403
    assert screen.emit("sync", {}, callback=True)["view"]["landscape"] is None
    screen.disconnect()


def test_the_screen_opened_by_the_facilitator_toggles_it_with_l(app, database, facilitator, room):  # noqa: F811
    client, _csrf = logged_in(app, database, facilitator)
    own_screen = socketio.test_client(app, flask_test_client=client,
                                      auth={"role": "screen", "workshop": room["workshop_id"]})
    link_screen = screen_of(app, database, room)
    refused = link_screen.emit("toggle_landscape", {}, callback=True)
    assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
    assert own_screen.emit("toggle_landscape", {}, callback=True) == {"ok": True, "landscape_shown": True}
    assert last_view(link_screen)["landscape"]["split"] is None
    assert own_screen.emit("toggle_landscape", {}, callback=True) == {"ok": True, "landscape_shown": False}
    assert last_view(link_screen)["landscape"] is None
    assert csrf_token_from  # the helper other tests here share


def test_the_screens_landscape_is_recomputed_only_for_votes_on_its_prioritisations_and_at_most_every_interval(app, database, facilitator, room):  # noqa: F811
    client, csrf = logged_in(app, database, facilitator)
    screen = screen_of(app, database, room)
    client.post(f"/workshops/{room['workshop_id']}/landscape/screen", data={"action": "show", "csrf_token": csrf})
    live = app.extensions["live"]
    live.flush()  # what setting the room up changed goes out first
    screen.get_received()
    live.phone_interval = 0.0  # until the interval is tried below

    def vote(activity_id, answer):
        with database.transaction() as db:
            workshop = db.get(Workshop, room["workshop_id"])
            person = workshops.join(db, workshop, segment_answers={"Rolle": "Leder"})
            db.flush()
            workshops.respond(db, person.id, workshop.id, activity_id, answer, uuid.uuid4().hex)
        live.flush()
        return [message["args"][0] for message in screen.get_received() if message["name"] == "landscape"]

    with database.reading() as db:
        poll_id = next(a.id for a in db.get(Workshop, room["workshop_id"]).activities if a.kind == "poll")
    # A vote on the poll, or on the points whose results are not revealed: not the screen's landscape.
    assert vote(poll_id, {"choices": ["a"]}) == []
    assert vote(room["points"], {"points": {str(room["themes"][0]): 10}}) == []
    sent = vote(room["rating"], {"ratings": {str(room["themes"][0]): 5}})
    assert len(sent) == 1 and sent[0]["prioritisations"][0]["responses"] == 15
    # At most one landscape per interval; the last change waits for the next turn, never dropped.
    live.phone_interval = 3600.0
    assert vote(room["rating"], {"ratings": {str(room["themes"][1]): 4}}) == []
    live.phone_interval = 0.0
    live.flush()
    later = [message["args"][0] for message in screen.get_received() if message["name"] == "landscape"]
    assert [landscape["prioritisations"][0]["responses"] for landscape in later] == [16]
    live.flush()
    assert [message for message in screen.get_received() if message["name"] == "landscape"] == []
    screen.disconnect()

"""A workshop's team: invitations from the web, roles, removing people (their dashboards end at
once), the moderation record, and the upgrade that makes every workshop's facilitator its owner."""

import re

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import select

from facilitation import socketio, team
from facilitation.db import Database, sqlite_url
from facilitation.models import Facilitator, Invitation, ModerationEvent, WorkshopMember, utcnow

from .conftest import csrf_token_from, make_facilitator
from .test_authorization import logged_in, team_workshop
from .test_web import login


@pytest.fixture
def people(database, facilitator):
    return {
        "owner": facilitator,
        "co_facilitator": make_facilitator(database, "cora@bibliotek.dk"),
        "moderator": make_facilitator(database, "mona@bibliotek.dk"),
        "other facilitator": make_facilitator(database, "bo@bibliotek.dk"),
    }


def invitation_link(client, workshop_id, email, role) -> str:
    page = client.get(f"/workshops/{workshop_id}/team")
    response = client.post(f"/workshops/{workshop_id}/team/invite",
                           data={"email": email, "role": role, "csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 200, response.text
    link = re.search(r'value="(http[^"]+/invitations/[^"]+)" id="invitation-link"', response.text)
    assert link, "the team page shows the new link"
    return link.group(1).split("://", 1)[1].split("/", 1)[1]


def test_a_colleague_joins_with_a_new_account_through_a_one_time_link(app, database, people):
    ids = team_workshop(database, people)
    owner, _ = logged_in(app, database, people["owner"])
    path = "/" + invitation_link(owner, ids["workshop_id"], "Nina@Bibliotek.dk ", "moderator")
    with database.reading() as db:
        stored = db.scalars(select(Invitation.token_hash)).all()
    assert path.rsplit("/", 1)[1] not in stored  # only the hash is kept

    colleague = app.test_client()
    page = colleague.get(path)
    assert "nina@bibliotek.dk" in page.text and "Strategidag" in page.text
    short = colleague.post(path, data={"name": "Nina", "password": "kort", "csrf_token": csrf_token_from(page.text)})
    assert short.status_code == 400
    with database.reading() as db:
        assert db.scalar(select(Facilitator).where(Facilitator.email == "nina@bibliotek.dk")) is None
    joined = colleague.post(path, data={"name": "Nina", "password": "lang nok adgangskode",
                                        "csrf_token": csrf_token_from(page.text)})
    assert joined.status_code == 302 and joined.location == f"/workshops/{ids['workshop_id']}"
    dashboard = colleague.get(joined.location)
    assert dashboard.status_code == 200 and 'id="role-note"' in dashboard.text
    with database.reading() as db:
        nina = db.scalar(select(Facilitator).where(Facilitator.email == "nina@bibliotek.dk"))
        assert nina.name == "Nina" and not nina.is_admin
        assert team.role_of(db, nina.id, ids["workshop_id"]) == "moderator"
    # The link works once.
    again = app.test_client().get(path)
    assert again.status_code == 404 and "allerede brugt" in again.text


def test_a_colleague_with_an_account_joins_with_it(app, database, people):
    ids = team_workshop(database, people)
    owner, _ = logged_in(app, database, people["owner"])
    path = "/" + invitation_link(owner, ids["workshop_id"], people["other facilitator"].email, "co_facilitator")
    colleague = app.test_client()
    page = colleague.get(path)
    assert f"/login?next=" in page.text  # the address has an account: log in first
    login(colleague, people["other facilitator"])
    page = colleague.get(path)
    assert 'id="join-team"' in page.text
    joined = colleague.post(path, data={"csrf_token": csrf_token_from(page.text)})
    assert joined.status_code == 302
    with database.reading() as db:
        assert team.role_of(db, people["other facilitator"].id, ids["workshop_id"]) == "co_facilitator"
    assert colleague.get(f"/workshops/{ids['workshop_id']}/export.xlsx").status_code == 200


def test_an_expired_invitation_is_refused(app, database, people):
    ids = team_workshop(database, people)
    owner, _ = logged_in(app, database, people["owner"])
    path = "/" + invitation_link(owner, ids["workshop_id"], "sent@bibliotek.dk", "moderator")
    with database.transaction() as db:
        for invitation in db.scalars(select(Invitation)):
            invitation.expires_at = utcnow()
    page = app.test_client().get(path)
    assert page.status_code == 404


def test_only_a_known_role_can_be_given(app, database, people):
    ids = team_workshop(database, people)
    owner, csrf = logged_in(app, database, people["owner"])
    response = owner.post(f"/workshops/{ids['workshop_id']}/team/invite",
                          data={"email": "x@bibliotek.dk", "role": "admin", "csrf_token": csrf})
    assert response.status_code == 400 and "Vælg en rolle" in response.text
    response = owner.post(f"/workshops/{ids['workshop_id']}/team/members/{ids['member_id']}/role",
                          data={"role": "superuser", "csrf_token": csrf})
    assert response.status_code == 400
    with database.reading() as db:
        assert db.get(WorkshopMember, ids["member_id"]).role == "moderator"


def test_the_last_owner_stays(app, database, people):
    ids = team_workshop(database, people)
    owner, csrf = logged_in(app, database, people["owner"])
    with database.reading() as db:
        own_id = db.scalar(select(WorkshopMember.id).where(WorkshopMember.facilitator_id == people["owner"].id,
                                                           WorkshopMember.workshop_id == ids["workshop_id"]))
    for action, data in (("role", {"role": "moderator"}), ("remove", {})):
        response = owner.post(f"/workshops/{ids['workshop_id']}/team/members/{own_id}/{action}",
                              data={**data, "csrf_token": csrf})
        assert response.status_code == 409 and "skal have en ejer" in response.text
    with database.reading() as db:
        assert db.get(WorkshopMember, own_id).role == "owner"


def _dashboard(app, http_client, workshop_id):
    return socketio.test_client(app, flask_test_client=http_client, auth={"role": "facilitator", "workshop": workshop_id})


def test_a_removed_member_is_disconnected_and_refused_at_once(app, database, people):
    ids = team_workshop(database, people)
    owner, csrf = logged_in(app, database, people["owner"])
    moderator, moderator_csrf = logged_in(app, database, people["moderator"])
    socket = _dashboard(app, moderator, ids["workshop_id"])
    assert socket.is_connected()
    owner_socket = _dashboard(app, owner, ids["workshop_id"])

    response = owner.post(f"/workshops/{ids['workshop_id']}/team/members/{ids['member_id']}/remove",
                          data={"csrf_token": csrf})
    assert response.status_code == 302
    assert not socket.is_connected()
    assert owner_socket.is_connected()  # only theirs
    assert not _dashboard(app, moderator, ids["workshop_id"]).is_connected()
    assert moderator.get(f"/workshops/{ids['workshop_id']}").status_code == 403
    refused = moderator.post(f"/api/v1/entries/{ids['entry_id']}/moderate", json={"status": "hidden"},
                             headers={"X-CSRFToken": moderator_csrf})
    assert refused.status_code == 403
    assert f"/workshops/{ids['workshop_id']}\"" not in moderator.get("/workshops").text


def test_a_changed_role_takes_effect_on_the_open_dashboard(app, database, people):
    ids = team_workshop(database, people)
    owner, csrf = logged_in(app, database, people["owner"])
    co, _ = logged_in(app, database, people["co_facilitator"])
    socket = _dashboard(app, co, ids["workshop_id"])
    assert socket.emit("step", {"delta": 1}, callback=True)["ok"]
    with database.reading() as db:
        co_member = db.scalar(select(WorkshopMember.id).where(WorkshopMember.facilitator_id == people["co_facilitator"].id))
    owner.post(f"/workshops/{ids['workshop_id']}/team/members/{co_member}/role", data={"role": "moderator", "csrf_token": csrf})
    assert not socket.is_connected()
    again = _dashboard(app, co, ids["workshop_id"])
    ack = again.emit("step", {"delta": -1}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"


def test_the_record_says_who_moderated(app, database, people):
    ids = team_workshop(database, people)
    moderator, csrf = logged_in(app, database, people["moderator"])
    for body in ({"status": "hidden"}, {"status": "visible"}):
        response = moderator.post(f"/api/v1/entries/{ids['entry_id']}/moderate", json=body, headers={"X-CSRFToken": csrf})
        assert response.status_code == 200
    with database.reading() as db:
        log = [(e.facilitator_email, e.action, e.entry_id) for e in team.moderation_log(db, ids["workshop_id"])]
    assert log == [("mona@bibliotek.dk", "hidden", ids["entry_id"]), ("mona@bibliotek.dk", "shown", ids["entry_id"])]


def test_the_upgrade_makes_every_workshops_facilitator_its_owner(tmp_path):
    database = Database(sqlite_url(tmp_path / "old.db"))
    command.upgrade(database.alembic_config(), "0009")
    with database.engine.begin() as connection:
        for number in (1, 2):
            connection.execute(sa.text(
                "INSERT INTO facilitators (email, name, password_hash, session_generation, created_at) "
                f"VALUES ('f{number}@bibliotek.dk', '', 'x', 0, '2026-01-01')"))
        connection.execute(sa.text(
            "INSERT INTO workshops (facilitator_id, title, language, join_code, screen_secret, pace, blocked_words, "
            "segments, joining_open, created_at) VALUES (2, 'Gammel', 'da', 'ABCDEF', 's', 'presenter', '[]', '[]', 1, "
            "'2026-01-01')"))
    database.upgrade()
    with database.reading() as db:
        assert [(m.workshop_id, m.facilitator_id, m.role) for m in db.scalars(select(WorkshopMember))] == [(1, 2, "owner")]
        assert [f.is_admin for f in db.scalars(select(Facilitator).order_by(Facilitator.id))] == [True, False]
        assert db.scalars(select(ModerationEvent)).all() == []
    database.dispose()


def test_the_workbook_says_who_moderated_and_no_participant_or_screen_learns_it(app, database, people):
    import io

    from openpyxl import load_workbook

    ids = team_workshop(database, people)
    fixture = ids["fixture"]
    moderator, csrf = logged_in(app, database, people["moderator"])
    moderator.post(f"/api/v1/entries/{ids['entry_id']}/moderate", json={"status": "hidden"}, headers={"X-CSRFToken": csrf})
    co, _ = logged_in(app, database, people["co_facilitator"])
    book = load_workbook(io.BytesIO(co.get(f"/workshops/{ids['workshop_id']}/export.xlsx").data))
    rows = list(book[book.sheetnames[-1]].iter_rows(values_only=True))
    assert rows[0][1:] == ("Aktivitet", "Idé eller spørgsmål", "Hvad blev gjort", "Af")
    assert rows[1][1:] == (2, "Fælles app", "skjult", "mona@bibliotek.dk")
    assert moderator.get(f"/workshops/{ids['workshop_id']}/export.xlsx").status_code == 403

    # Nothing a phone or a screen receives names who moderated (the ideas presented, revealed).
    from facilitation.models import Response

    owner, owner_csrf = logged_in(app, database, people["owner"])
    with database.reading() as db:
        ideas_id = db.get(Response, ids["entry_id"]).activity_id
    owner.post(f"/api/v1/workshops/{fixture.id}/present", json={"activity_id": ideas_id}, headers={"X-CSRFToken": owner_csrf})
    owner.post(f"/api/v1/activities/{ideas_id}/reveal", headers={"X-CSRFToken": owner_csrf})
    phone_http = app.test_client()
    from .conftest import join_as_participant

    join_as_participant(phone_http, fixture.code)
    phone = socketio.test_client(app, flask_test_client=phone_http, auth={"role": "participant", "workshop": fixture.code})
    screen = socketio.test_client(app, auth={"role": "screen", "workshop": fixture.id, "key": fixture.screen_secret})
    moderator.post(f"/api/v1/entries/{ids['entry_id']}/moderate", json={"status": "visible"}, headers={"X-CSRFToken": csrf})
    app.extensions["live"].flush()
    seen = repr(phone.emit("sync", {}, callback=True)) + repr(screen.emit("sync", {}, callback=True))
    seen += repr(phone.get_received()) + repr(screen.get_received())
    assert "Fælles app" in seen  # the idea itself is shown
    assert "@bibliotek.dk" not in seen  # no team member is named

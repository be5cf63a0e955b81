"""Accounts from the web: the first-run page, changing a password, and the server admin who
invites facilitators, disables accounts and resets passwords with a one-time link."""

import re

from sqlalchemy import select

from facilitation import socketio
from facilitation.models import Facilitator

from .conftest import csrf_token_from, make_facilitator, make_workshop
from .test_authorization import logged_in
from .test_web import login


def test_the_first_run_page_makes_the_first_account_an_admin_and_then_is_gone(app, database):
    client = app.test_client()
    assert client.get("/login").location == "/setup"
    page = client.get("/setup")
    short = client.post("/setup", data={"email": "chef@bibliotek.dk", "password": "kort",
                                        "csrf_token": csrf_token_from(page.text)})
    assert short.status_code == 400
    made = client.post("/setup", data={"email": "Chef@Bibliotek.dk", "name": "Chef", "password": "en lang adgangskode",
                                       "csrf_token": csrf_token_from(page.text)})
    assert made.status_code == 302 and made.location == "/workshops"
    assert client.get("/workshops").status_code == 200  # logged in
    with database.reading() as db:
        chef = db.scalar(select(Facilitator))
        assert (chef.email, chef.is_admin) == ("chef@bibliotek.dk", True)
    stranger = app.test_client()
    assert stranger.get("/setup").status_code == 404
    assert stranger.get("/login").status_code == 200
    again = stranger.post("/setup", data={"email": "ny@bibliotek.dk", "password": "en lang adgangskode",
                                          "csrf_token": csrf_token_from(stranger.get("/login").text)})
    assert again.status_code == 404
    with database.reading() as db:
        assert len(db.scalars(select(Facilitator)).all()) == 1


def test_a_new_password_needs_the_current_one_and_ends_the_other_sessions(app, database, facilitator):
    laptop, csrf = logged_in(app, database, facilitator)
    phone, _ = logged_in(app, database, facilitator)
    wrong = laptop.post("/account/password", data={"current_password": "forkert", "new_password": "helt ny kode 123",
                                                   "csrf_token": csrf})
    assert wrong.status_code == 400
    assert phone.get("/workshops").status_code == 200
    changed = laptop.post("/account/password", data={"current_password": facilitator.password,
                                                     "new_password": "helt ny kode 123", "csrf_token": csrf})
    assert changed.status_code == 302
    assert laptop.get("/workshops").status_code == 200
    assert phone.get("/workshops").location.startswith("/login")
    assert login(app.test_client(), facilitator).status_code == 401
    facilitator.password = "helt ny kode 123"
    assert login(app.test_client(), facilitator).status_code == 302


def test_a_disabled_account_is_shut_out_everywhere_at_once(app, database, facilitator):
    bo = make_facilitator(database, "bo@bibliotek.dk")
    workshop = make_workshop(database, bo.id)
    admin, csrf = logged_in(app, database, facilitator)
    bo_browser, _ = logged_in(app, database, bo)
    dashboard = socketio.test_client(app, flask_test_client=bo_browser, auth={"role": "facilitator", "workshop": workshop.id})
    assert dashboard.is_connected()

    assert admin.post(f"/admin/facilitators/{bo.id}/disable", data={"csrf_token": csrf}).status_code == 302
    assert not dashboard.is_connected()
    assert bo_browser.get("/workshops").location.startswith("/login")
    assert app.test_client().get("/api/v1/workshops", headers=bo.headers).status_code == 401
    assert login(app.test_client(), bo).status_code == 401
    refused = admin.post(f"/admin/facilitators/{facilitator.id}/disable", data={"csrf_token": csrf})
    assert refused.status_code == 409  # not yourself

    assert admin.post(f"/admin/facilitators/{bo.id}/enable", data={"csrf_token": csrf}).status_code == 302
    assert login(app.test_client(), bo).status_code == 302
    assert app.test_client().get("/api/v1/workshops", headers=bo.headers).status_code == 200


def _link_path(html: str) -> str:
    link = re.search(r'value="http[^"]+?(/invitations/[^"]+)" id="admin-link"', html)
    assert link, "the admin page shows the new link"
    return link.group(1)


def test_an_admin_resets_a_password_with_a_one_time_link(app, database, facilitator):
    bo = make_facilitator(database, "bo@bibliotek.dk")
    admin, csrf = logged_in(app, database, facilitator)
    bo_elsewhere, _ = logged_in(app, database, bo)
    path = _link_path(admin.post(f"/admin/facilitators/{bo.id}/reset", data={"csrf_token": csrf}).text)
    assert login(app.test_client(), bo).status_code == 302  # the old password works until the link is used
    browser = app.test_client()
    page = browser.get(path)
    assert "bo@bibliotek.dk" in page.text
    done = browser.post(path, data={"password": "bo's nye kode", "csrf_token": csrf_token_from(page.text)})
    assert done.status_code == 302
    assert browser.get("/workshops").status_code == 200
    assert bo_elsewhere.get("/workshops").location.startswith("/login")
    assert login(app.test_client(), bo).status_code == 401
    assert app.test_client().get(path).status_code == 404


def test_an_admin_invites_a_facilitator_to_the_server(app, database, facilitator):
    admin, csrf = logged_in(app, database, facilitator)
    path = _link_path(admin.post("/admin/facilitators/invite", data={"email": "ny@bibliotek.dk", "csrf_token": csrf}).text)
    taken = admin.post("/admin/facilitators/invite", data={"email": facilitator.email, "csrf_token": csrf})
    assert taken.status_code == 409
    browser = app.test_client()
    page = browser.get(path)
    made = browser.post(path, data={"name": "Ny", "password": "en lang adgangskode", "csrf_token": csrf_token_from(page.text)})
    assert made.status_code == 302 and made.location == "/workshops"
    with database.reading() as db:
        new = db.scalar(select(Facilitator).where(Facilitator.email == "ny@bibliotek.dk"))
        assert new.name == "Ny" and not new.is_admin


def test_the_command_line_makes_an_admin(app, database, facilitator):
    result = app.test_cli_runner().invoke(args=["create-facilitator", "it@bibliotek.dk", "--admin"],
                                          input="en lang adgangskode\nen lang adgangskode\n")
    assert result.exit_code == 0, result.output
    plain = app.test_cli_runner().invoke(args=["create-facilitator", "kollega@bibliotek.dk"],
                                         input="en lang adgangskode\nen lang adgangskode\n")
    assert plain.exit_code == 0, plain.output
    with database.reading() as db:
        admins = {f.email: f.is_admin for f in db.scalars(select(Facilitator))}
    assert admins == {facilitator.email: True, "it@bibliotek.dk": True, "kollega@bibliotek.dk": False}

"""Facilitator accounts: sessions that can be ended, passwords that can be changed, API tokens
that expire and can be revoked, and logins that neither lock the owner out nor reveal emails."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import update

from facilitation import accounts, socketio
from facilitation.models import Facilitator, FacilitatorToken, utcnow
from facilitation.ratelimit import RateLimiter

from .conftest import csrf_token_from


def login(client, account, password=None):
    token = csrf_token_from(client.get("/login").text)
    return client.post(
        "/login", data={"email": account.email, "password": password or account.password, "csrf_token": token}
    )


def copy_of_cookies(app, client):
    """A second browser holding a copy of the first one's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def dashboard_connects(app, http, workshop) -> bool:
    client = socketio.test_client(app, flask_test_client=http, auth={"role": "facilitator", "workshop": workshop.id})
    connected = client.is_connected()
    if connected:
        client.disconnect()
    return connected


# --- sessions ---------------------------------------------------------------------------------


def test_signing_out_everywhere_refuses_a_copied_cookie_over_http_and_socketio(app, facilitator, workshop):
    browser = app.test_client()
    assert login(browser, facilitator).status_code == 302
    thief = copy_of_cookies(app, browser)
    assert thief.get("/workshops").status_code == 200
    assert dashboard_connects(app, thief, workshop)

    page = browser.get("/account")
    assert page.status_code == 200
    response = browser.post("/account/sign-out-everywhere", data={"csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 302 and "signed_out=everywhere" in response.location

    assert thief.get("/workshops").status_code == 302  # to the login page
    assert thief.get(f"/api/v1/workshops/{workshop.id}").status_code == 401
    assert not dashboard_connects(app, thief, workshop)
    assert browser.get("/workshops").status_code == 302
    # Logging in again works, and the new session is good.
    assert login(browser, facilitator).status_code == 302
    assert browser.get("/workshops").status_code == 200
    assert dashboard_connects(app, browser, workshop)


def test_signing_out_everywhere_closes_the_open_dashboards_of_the_account(app, facilitator, other_facilitator, workshop):
    browser = app.test_client()
    login(browser, facilitator)
    thief = copy_of_cookies(app, browser)
    stolen = socketio.test_client(app, flask_test_client=thief, auth={"role": "facilitator", "workshop": workshop.id})
    other = make_other_workshop_dashboard(app, other_facilitator)
    assert stolen.is_connected() and other.is_connected()
    page = browser.get("/account")
    browser.post("/account/sign-out-everywhere", data={"csrf_token": csrf_token_from(page.text)})
    assert not stolen.is_connected()
    assert other.is_connected()  # another facilitator's dashboard is left alone
    other.disconnect()


def make_other_workshop_dashboard(app, account):
    from facilitation import workshops

    with app.extensions["database"].transaction() as db:
        workshop_id = workshops.create_workshop(db, account.id, "Anden workshop", "da").id
    return socketio.test_client(app, auth={"role": "facilitator", "workshop": workshop_id, "token": account.token})


def test_logging_out_ends_this_browsers_session_only(app, facilitator):
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, facilitator)
    login(phone, facilitator)
    token = csrf_token_from(laptop.get("/workshops").text)
    assert laptop.post("/logout", data={"csrf_token": token}).status_code == 302
    assert laptop.get("/workshops").status_code == 302
    assert phone.get("/workshops").status_code == 200


def test_logging_out_refuses_a_copy_of_the_cookie_over_http_and_socketio(app, facilitator, workshop):
    """The venue PC: the facilitator logged in there to open the screen, someone copied the
    cookie, the facilitator logged out. The copy is worthless; their own laptop stays logged in."""
    venue_pc, laptop = app.test_client(), app.test_client()
    login(venue_pc, facilitator)
    login(laptop, facilitator)
    thief = copy_of_cookies(app, venue_pc)
    assert thief.get("/workshops").status_code == 200 and dashboard_connects(app, thief, workshop)
    venue_pc.post("/logout", data={"csrf_token": csrf_token_from(venue_pc.get("/workshops").text)})
    assert thief.get("/workshops").status_code == 302
    assert thief.get(f"/api/v1/workshops/{workshop.id}").status_code == 401
    assert not dashboard_connects(app, thief, workshop)
    assert laptop.get("/workshops").status_code == 200 and dashboard_connects(app, laptop, workshop)


def test_a_session_expires_after_a_week(app, facilitator, database):
    from facilitation.models import FacilitatorSession

    browser = app.test_client()
    login(browser, facilitator)
    with database.transaction() as db:
        db.execute(update(FacilitatorSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert browser.get("/workshops").status_code == 302


def test_the_cli_signs_out_everywhere(app, facilitator):
    browser = app.test_client()
    login(browser, facilitator)
    result = app.test_cli_runner().invoke(args=["sign-out-everywhere", facilitator.email])
    assert result.exit_code == 0, result.output
    assert browser.get("/workshops").status_code == 302


def test_a_new_password_ends_every_session_and_only_the_new_one_works(app, facilitator, database):
    browser = app.test_client()
    login(browser, facilitator)
    result = app.test_cli_runner().invoke(
        args=["set-password", facilitator.email], input="a brand new secret\na brand new secret\n"
    )
    assert result.exit_code == 0, result.output
    assert browser.get("/workshops").status_code == 302
    assert login(app.test_client(), facilitator).status_code == 401
    assert login(app.test_client(), facilitator, "a brand new secret").status_code == 302


def test_a_too_short_new_password_changes_nothing(app, facilitator):
    browser = app.test_client()
    login(browser, facilitator)
    result = app.test_cli_runner().invoke(args=["set-password", facilitator.email], input="short\nshort\n")
    assert result.exit_code != 0 and "at least 8" in result.output
    assert browser.get("/workshops").status_code == 200
    assert login(app.test_client(), facilitator).status_code == 302


# --- API tokens -------------------------------------------------------------------------------


def test_api_tokens_expire(app, facilitator, workshop, database):
    api = app.test_client()
    assert api.get(f"/api/v1/workshops/{workshop.id}", headers=facilitator.headers).status_code == 200
    with database.transaction() as db:
        record = accounts.api_tokens(db, db.get(Facilitator, facilitator.id))[0]
        assert timedelta(days=89) < record.expires_at - utcnow() <= timedelta(days=90)
        db.execute(update(FacilitatorToken).where(FacilitatorToken.id == record.id).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = api.get(f"/api/v1/workshops/{workshop.id}", headers=facilitator.headers)
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"
    assert not socketio.test_client(app, auth={"role": "facilitator", "workshop": workshop.id, "token": facilitator.token}).is_connected()


def test_api_tokens_are_created_with_their_expiry_listed_and_revoked_from_the_cli(app, facilitator, workshop):
    runner = app.test_cli_runner()
    created = runner.invoke(args=["create-api-token", facilitator.email, "--days", "7"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert token.startswith("fct_") and "Valid until" in created.stderr
    api = app.test_client()
    assert api.get(f"/api/v1/workshops/{workshop.id}", headers={"Authorization": f"Bearer {token}"}).status_code == 200

    listing = runner.invoke(args=["list-api-tokens", facilitator.email]).output.splitlines()
    assert len(listing) == 2 and all("valid" in line for line in listing)
    newest_id = listing[-1].split("\t")[0]
    assert runner.invoke(args=["revoke-api-token", facilitator.email, newest_id]).exit_code == 0
    assert api.get(f"/api/v1/workshops/{workshop.id}", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    # The other token still works; someone else's token id cannot be revoked through this account.
    assert api.get(f"/api/v1/workshops/{workshop.id}", headers=facilitator.headers).status_code == 200
    assert runner.invoke(args=["revoke-api-token", "nobody@bibliotek.dk", listing[0].split("\t")[0]]).exit_code != 0


def test_a_token_cannot_be_revoked_through_another_account(app, facilitator, other_facilitator, workshop):
    runner = app.test_cli_runner()
    own_id = runner.invoke(args=["list-api-tokens", facilitator.email]).output.split("\t")[0]
    result = runner.invoke(args=["revoke-api-token", other_facilitator.email, own_id])
    assert result.exit_code != 0 and "no such API token" in result.output
    assert app.test_client().get(f"/api/v1/workshops/{workshop.id}", headers=facilitator.headers).status_code == 200


# --- login ------------------------------------------------------------------------------------


def test_the_right_password_gets_in_after_many_wrong_guesses(app, facilitator):
    app.extensions["rate_limiter"] = RateLimiter(rules={"login_account": "3 per 5 minutes"})
    guesser = app.test_client()
    statuses = [login(guesser, facilitator, "guess").status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 429, 429]  # wrong guesses against the account are slowed down
    owner = app.test_client()
    assert login(owner, facilitator).status_code == 302
    assert owner.get("/workshops").status_code == 200


def test_the_address_limit_still_applies_to_the_right_password(app, facilitator):
    app.extensions["rate_limiter"] = RateLimiter(rules={"login_address": "3 per 5 minutes"})
    client = app.test_client()
    statuses = [login(client, facilitator, "guess").status_code for _ in range(3)]
    assert statuses == [401, 401, 401]
    response = login(client, facilitator)
    assert response.status_code == 429
    assert "for hurtigt" in response.text or "too fast" in response.text


def test_an_unknown_email_costs_one_password_hash_like_a_known_one(app, facilitator, monkeypatch):
    """The answer must not come faster for an unknown email (timing would reveal who has an
    account): both check one password hash, and the stand-in hash for unknown emails is of the
    kind the app makes for real accounts (scrypt). Counted, not timed. (Tests give their own
    accounts cheap hashes, tests/conftest.py, so the method is checked on its own.)"""
    from werkzeug.security import generate_password_hash

    calls = []
    real_check = accounts.check_password_hash

    def counting_check(stored, password):
        calls.append(stored.split(":", 1)[0])
        return real_check(stored, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting_check)
    client = app.test_client()
    token = csrf_token_from(client.get("/login").text)
    for email in (facilitator.email, "nobody@bibliotek.dk"):
        calls.clear()
        response = client.post("/login", data={"email": email, "password": "guess", "csrf_token": token})
        assert response.status_code == 401
        assert len(calls) == 1, email
    assert calls == ["scrypt"]  # the unknown email's stand-in
    assert generate_password_hash("x").startswith("scrypt:")  # what real accounts get outside tests


def test_a_next_target_with_line_breaks_is_ignored(app, facilitator):
    client = app.test_client()
    token = csrf_token_from(client.get("/login").text)
    for target in ("/workshops\r\nSet-Cookie: x=1", "/x%0d%0aSet-Cookie:x=1", "/\\evil.example", "\t//evil.example"):
        response = client.post(
            "/login", query_string={"next": target.replace("%0d%0a", "\r\n")},
            data={"email": facilitator.email, "password": facilitator.password, "csrf_token": token},
        )
        assert response.status_code == 302, target
        assert response.location == "/workshops", target


def test_upgrading_gives_old_api_tokens_an_expiry_and_keeps_their_sessions_valid(tmp_path):
    """Migration 0005 on a database made before it: tokens that never expired now expire in 90
    days, and every account starts at session generation 0."""
    from alembic import command
    from sqlalchemy import text

    from facilitation.db import Database, sqlite_url

    database = Database(sqlite_url(tmp_path / "old.db"))
    command.upgrade(database.alembic_config(), "0004")
    with database.engine.begin() as connection:
        connection.execute(text("INSERT INTO facilitators (email, name, password_hash, created_at) "
                                "VALUES ('anna@bibliotek.dk', '', 'x', '2026-01-01 00:00:00')"))
        connection.execute(text("INSERT INTO facilitator_tokens (facilitator_id, purpose, token_hash, created_at) "
                                "VALUES (1, 'api', :hash, '2026-01-01 00:00:00')"),
                           {"hash": hashlib.sha256(b"fct_old").hexdigest()})
    database.upgrade()
    with database.reading() as db:
        facilitator = accounts.facilitator_for_api_token(db, "fct_old")
        assert facilitator is not None and facilitator.session_generation == 0
        [token] = accounts.api_tokens(db, facilitator)
        assert timedelta(days=89) < token.expires_at - utcnow() <= timedelta(days=90)
    database.dispose()


def test_an_api_token_is_revoked_from_the_account_page(app, facilitator, other_facilitator, workshop, database):
    browser = app.test_client()
    login(browser, facilitator)
    page = browser.get("/account")
    with database.reading() as db:
        [token] = accounts.api_tokens(db, db.get(Facilitator, facilitator.id))
    assert f"/account/api-tokens/{token.id}/revoke" in page.text
    # Another facilitator cannot revoke it.
    intruder = app.test_client()
    login(intruder, other_facilitator)
    intruder_page = intruder.get("/account")
    assert f"/account/api-tokens/{token.id}/revoke" not in intruder_page.text
    response = intruder.post(f"/account/api-tokens/{token.id}/revoke", data={"csrf_token": csrf_token_from(intruder_page.text)})
    assert response.status_code == 404
    assert app.test_client().get(f"/api/v1/workshops/{workshop.id}", headers=facilitator.headers).status_code == 200
    # Its owner can.
    response = browser.post(f"/account/api-tokens/{token.id}/revoke", data={"csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 302
    assert "Tokenet er tilbagekaldt" in browser.get(response.location).text
    assert app.test_client().get(f"/api/v1/workshops/{workshop.id}", headers=facilitator.headers).status_code == 401

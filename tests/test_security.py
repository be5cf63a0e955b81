"""Web security: cookies, rate limits and login throttling, secrets."""

import secrets

import pytest

from facilitation import create_app, socketio
from facilitation.config import parse_rate_limits
from facilitation.ratelimit import RateLimiter

from .conftest import csrf_token_from, join_as_participant, join_form, vote


def set_cookie_header(response, name="session"):
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "="))


def test_the_session_cookie_is_httponly_and_samesite(app, workshop):
    client = app.test_client()
    page = client.get(f"/j/{workshop.code}")
    response = client.post(f"/j/{workshop.code}", data=join_form(page.text))
    cookie = set_cookie_header(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http on a laptop in the hall


def test_cookies_are_secure_behind_https(tmp_path, migrated_database_file, workshop_factory):
    import shutil

    instance = tmp_path / "tls"
    instance.mkdir()
    shutil.copy(migrated_database_file, instance / "facilitation.db")
    app = create_app({"INSTANCE_PATH": str(instance), "ASYNC_MODE": "threading", "SECRET_KEY": secrets.token_hex(8),
                      "PUBLIC_URL": "https://poll.example.dk"})
    code = workshop_factory(app.extensions["database"]).code
    client = app.test_client()
    page = client.get(f"/j/{code}", base_url="https://poll.example.dk")
    response = client.post(
        f"/j/{code}", data=join_form(page.text), base_url="https://poll.example.dk",
        headers={"Referer": f"https://poll.example.dk/j/{code}"},  # over https the CSRF check wants it
    )
    assert "Secure" in set_cookie_header(response)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_plain_http_sends_no_hsts(app, workshop):
    assert "Strict-Transport-Security" not in app.test_client().get(f"/j/{workshop.code}").headers


def test_the_database_and_its_folder_are_private(tmp_path):
    import os
    import stat

    old = os.umask(0o022)  # the usual umask: new files would be world-readable
    try:
        instance = tmp_path / "fresh" / "instance"
        app = create_app({"INSTANCE_PATH": str(instance), "ASYNC_MODE": "threading"})
        database = app.extensions["database"]
        database.upgrade()
        from facilitation import accounts

        with database.transaction() as db:
            accounts.create_facilitator(db, "anna@bibliotek.dk", "correct horse battery")
        files = [instance / "facilitation.db"] + [p for p in instance.iterdir() if p.name.startswith("facilitation.db-")]
        assert oct(stat.S_IMODE(instance.stat().st_mode)) == "0o700"
        assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {p.name: "0o600" for p in files}
        database.dispose()
    finally:
        os.umask(old)


def test_the_secret_key_is_generated_outside_git_with_private_permissions(app):
    from pathlib import Path

    key_file = Path(app.instance_path) / "secret_key"
    # The fixture passes a SECRET_KEY; a second app without one generates the file.
    other = create_app({"INSTANCE_PATH": app.instance_path, "ASYNC_MODE": "threading"})
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert other.config["SECRET_KEY"] == key_file.read_text().strip()
    assert "instance/" in (Path(__file__).parent.parent / ".gitignore").read_text()


def test_password_guessing_is_slowed_down(app, facilitator):
    app.extensions["rate_limiter"] = RateLimiter(rules={"login_account": "3 per 5 minutes"})
    client = app.test_client()
    token = csrf_token_from(client.get("/login").text)
    statuses = [
        client.post("/login", data={"email": facilitator.email, "password": "guess", "csrf_token": token}).status_code
        for _ in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    assert "for hurtigt" in client.post(
        "/login", data={"email": facilitator.email, "password": "guess", "csrf_token": token}
    ).text
    # The right password is not locked out (tests/test_accounts.py).


def test_a_participant_voting_faster_than_a_person_is_told_to_wait(app, workshop, phone, database):
    app.extensions["rate_limiter"] = RateLimiter(rules={"respond_participant": "5 per 10 seconds"})
    client = phone()
    acks = [vote(client, workshop.poll_id, ["a" if i % 2 else "b"]) for i in range(7)]
    assert [ack["ok"] for ack in acks] == [True] * 5 + [False] * 2
    assert acks[-1]["error"]["code"] == "rate_limited"
    assert acks[-1]["error"]["message"]
    # The last accepted answer stands; the refused ones changed nothing.
    assert client.emit("sync", {}, callback=True)["ok"]
    with database.reading() as db:
        from sqlalchemy import select

        from facilitation.models import Response

        assert db.scalars(select(Response.answer)).all() == [acks[4]["answer"]]


def test_one_address_cannot_join_without_limit(app, workshop):
    app.extensions["rate_limiter"] = RateLimiter(rules={"join_address": "3 per minute"})
    statuses = []
    for _ in range(4):
        client = app.test_client()
        page = client.get(f"/j/{workshop.code}")
        statuses.append(client.post(f"/j/{workshop.code}", data=join_form(page.text)).status_code)
    assert statuses == [302, 302, 302, 429]


def test_rate_limit_rules_can_be_set_from_the_environment():
    assert parse_rate_limits("respond_participant=30 per 10 seconds; join_address = 5 per minute") == {
        "respond_participant": "30 per 10 seconds",
        "join_address": "5 per minute",
    }


def test_guessing_join_codes_is_slowed_down(app, workshop):
    app.extensions["rate_limiter"] = RateLimiter(rules={"wrong_code_address": "3 per minute"})
    client = app.test_client()
    statuses = [client.get(f"/join?code=ZZZZZ{i}").status_code for i in range(3)]
    assert statuses == [404, 404, 404]
    # Over the limit, no code is looked up for this address, a right one neither: otherwise the
    # guessing would simply go on, with a different error for the wrong codes.
    assert client.get("/join?code=ZZZZZZ").status_code == 429
    assert client.get(f"/join?code={workshop.code}").status_code == 429


@pytest.mark.parametrize("entry", ["/join?code={code}", "/j/{code}", "/j/{code}/qr.svg"])
def test_every_way_in_counts_wrong_codes(app, workshop, entry):
    app.extensions["rate_limiter"] = RateLimiter(rules={"wrong_code_address": "3 per minute"})
    client = app.test_client()
    assert [client.get(entry.format(code=f"ZZZZZ{i}")).status_code for i in range(3)] == [404] * 3
    assert client.get(entry.format(code=workshop.code)).status_code == 429


def test_a_phones_connection_counts_wrong_codes(app, workshop):
    app.extensions["rate_limiter"] = RateLimiter(rules={"wrong_code_address": "3 per minute"})
    http = app.test_client()
    join_as_participant(http, workshop.code)
    for i in range(3):
        guess = socketio.test_client(app, flask_test_client=http, auth={"role": "participant", "workshop": f"ZZZZZ{i}"})
        assert not guess.is_connected()
    assert app.test_client().get(f"/j/{workshop.code}").status_code == 429  # a stranger at that address
    # A phone that already joined keeps its way in: reloading its page and reconnecting.
    assert http.get(f"/j/{workshop.code}").status_code == 200
    phone = socketio.test_client(app, flask_test_client=http, auth={"role": "participant", "workshop": workshop.code})
    assert phone.is_connected()


def test_trusting_x_forwarded_for_on_an_open_port_is_warned_about():
    from facilitation.serve import proxy_warning

    assert "HOST=127.0.0.1" in proxy_warning("0.0.0.0", 1)
    assert proxy_warning("127.0.0.1", 1) is None
    assert proxy_warning("0.0.0.0", 0) is None


def test_a_bogus_bearer_header_does_not_skip_the_csrf_check(app, facilitator, workshop, database):
    from facilitation.models import Workshop

    from .test_web import login

    browser = app.test_client()
    login(browser, facilitator)
    bogus = {"Authorization": "Bearer not-a-token"}
    attempts = [
        browser.post(f"/workshops/{workshop.id}/delete", headers=bogus),
        browser.post(f"/workshops/{workshop.id}/settings", data={"segments": "Rolle: A, B"}, headers=bogus),
        browser.post("/workshops", data={"title": "Forged"}, headers=bogus),
        # A page acts as the cookie's facilitator: even a valid token does not excuse it.
        browser.post(f"/workshops/{workshop.id}/delete", headers=facilitator.headers),
    ]
    assert [response.status_code for response in attempts] == [400, 400, 400, 400]
    with database.reading() as db:
        kept = db.get(Workshop, workshop.id)
        assert kept is not None and kept.segments == []
        assert [w.title for w in db.query(Workshop)] == ["Strategidag"]
    # A valid token is still enough on its own (scripts send no cookie and no CSRF token).
    api = app.test_client()
    response = api.post(f"/api/v1/activities/{workshop.poll_id}/close", headers=facilitator.headers)
    assert response.status_code == 200


def test_every_api_error_is_json(app, facilitator, workshop):
    client = app.test_client()
    cases = [
        (client.get(f"/api/v1/workshops/{workshop.id}"), 401, "unauthorized"),
        (client.get("/api/v1/workshops", headers={"Authorization": "Bearer fct_expired"}), 401, "unauthorized"),
        (client.get("/api/v1/no-such-thing", headers=facilitator.headers), 404, "not_found"),
        (client.delete("/api/v1/workshops", headers=facilitator.headers), 405, "method_not_allowed"),
    ]
    for response, status, code in cases:
        assert response.status_code == status
        assert response.mimetype == "application/json", response.text
        assert response.json["error"]["code"] == code and response.json["error"]["message"]
    # Pages keep their HTML error pages.
    assert client.get("/no-such-page").mimetype == "text/html"

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
    # Even the right password waits until the window has passed.
    response = client.post("/login", data={"email": facilitator.email, "password": facilitator.password, "csrf_token": token})
    assert response.status_code == 429
    assert "for hurtigt" in response.text or "too fast" in response.text


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

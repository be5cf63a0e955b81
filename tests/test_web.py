"""HTTP routes through Flask's test client: pages, login, and the JSON API."""

import json
from urllib.parse import urlparse

import pytest
from sqlalchemy import func, select

from facilitation import accounts
from facilitation.models import Activity, Participant, Workshop

from .conftest import csrf_token_from, join_form


def page_data(html: str) -> dict:
    """The JSON a page hands to its script."""
    start = html.index('id="page-data">') + len('id="page-data">')
    return json.loads(html[start:html.index("</script>", start)])


def login(client, account):
    page = client.get("/login")
    return client.post(
        "/login",
        data={"email": account.email, "password": account.password, "csrf_token": csrf_token_from(page.text)},
    )


# --- participants ----------------------------------------------------------------------------


def test_the_join_page_says_participation_is_anonymous(client_factory, workshop):
    page = client_factory().get(f"/j/{workshop.code}")
    assert page.status_code == 200
    assert "anonym" in page.text.lower()
    assert '<html lang="da">' in page.text  # the workshop's language is the phones' default


def test_a_wrong_join_code_gets_a_clear_error(client_factory):
    page = client_factory().get("/join?code=QQQQQQ")
    assert page.status_code == 404
    assert "Ingen workshop har den kode" in page.text or "No workshop has that code" in page.text


def test_a_typed_code_leads_to_the_workshop(client_factory, workshop):
    response = client_factory().get(f"/join?code={workshop.code.lower()}")
    assert response.status_code == 302
    assert response.location.endswith(f"/j/{workshop.code}")


def test_joining_twice_from_one_browser_is_one_participant(client_factory, workshop, database):
    client = client_factory()
    form = join_form(client.get(f"/j/{workshop.code}").text, display_name="Ida")
    for _ in range(2):  # a double tap on "Join"
        client.post(f"/j/{workshop.code}", data=form)
    page = client.get(f"/j/{workshop.code}")
    assert 'id="page-data"' in page.text  # the phone page, not the join form
    with database.reading() as db:
        assert db.scalar(select(func.count(Participant.id))) == 1


def test_joining_without_the_csrf_token_is_refused(client_factory, workshop, database):
    response = client_factory().post(f"/j/{workshop.code}", data={"display_name": "x"})
    assert response.status_code == 400
    with database.reading() as db:
        assert db.scalar(select(func.count(Participant.id))) == 0


def test_an_oversized_display_name_is_refused(client_factory, workshop, database):
    client = client_factory()
    page = client.get(f"/j/{workshop.code}")
    response = client.post(f"/j/{workshop.code}", data=join_form(page.text, display_name="x" * 41))
    assert response.status_code == 400
    with database.reading() as db:
        assert db.scalar(select(func.count(Participant.id))) == 0


def test_a_participant_can_switch_language(client_factory, workshop):
    client = client_factory()
    client.get(f"/lang/en?next=/j/{workshop.code}")
    assert '<html lang="en">' in client.get(f"/j/{workshop.code}").text
    assert client.get("/lang/da?next=https://evil.example/").location == "/"


def test_pages_forbid_inline_script(client_factory, workshop):
    page = client_factory().get(f"/j/{workshop.code}")
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_qr_code_is_an_svg_of_the_join_link(client_factory, workshop):
    response = client_factory().get(f"/j/{workshop.code}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.data.startswith(b"<svg")


# --- facilitators --------------------------------------------------------------------------


def test_login_with_a_wrong_password_fails(client_factory, facilitator):
    client = client_factory()
    page = client.get("/login")
    response = client.post("/login", data={"email": facilitator.email, "password": "nope", "csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 401
    assert client.get("/workshops").status_code == 302


def test_login_and_logout(client_factory, facilitator, workshop):
    client = client_factory()
    assert login(client, facilitator).status_code == 302
    assert client.get(f"/workshops/{workshop.id}").status_code == 200
    page = client.get("/workshops")
    client.post("/logout", data={"csrf_token": csrf_token_from(page.text)})
    assert client.get(f"/workshops/{workshop.id}").status_code == 302


def test_a_login_link_works_once(client_factory, facilitator, database):
    with database.transaction() as db:
        token = accounts.create_login_token(db, db.get(accounts.Facilitator, facilitator.id), 15)
    client = client_factory()
    assert client.get(f"/login/{token}").status_code == 302
    assert client.get("/workshops").status_code == 200
    assert client_factory().get(f"/login/{token}").status_code == 401


def test_a_facilitator_cannot_open_another_facilitators_dashboard(client_factory, other_facilitator, workshop):
    client = client_factory()
    login(client, other_facilitator)
    assert client.get(f"/workshops/{workshop.id}").status_code == 403
    assert client.get(f"/workshops/{workshop.id}/screen").status_code == 403


def test_creating_a_workshop_and_a_poll_through_the_pages(client_factory, facilitator, database):
    client = client_factory()
    login(client, facilitator)
    page = client.get("/workshops")
    response = client.post("/workshops", data={"title": "Vingsted 2026", "language": "da", "csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 302
    dashboard_url = response.location
    workshop_id = int(dashboard_url.rsplit("/", 1)[1])
    form = client.get(f"/workshops/{workshop_id}/activities/new?kind=poll")
    response = client.post(
        f"/workshops/{workshop_id}/activities/new",
        data={"kind": "poll", "prompt": "Hvad først?", "options": "Data\nInfrastruktur\n", "max_choices": "1",
              "csrf_token": csrf_token_from(form.text)},
    )
    assert response.status_code == 302
    with database.reading() as db:
        activity = db.scalar(select(Activity).where(Activity.workshop_id == workshop_id))
        assert [o["label"] for o in activity.config["options"]] == ["Data", "Infrastruktur"]
    assert page_data(client.get(dashboard_url).text)["view"]["activities"][0]["prompt"] == "Hvad først?"


def test_a_bad_poll_form_shows_the_error_and_stores_nothing(client_factory, facilitator, workshop, database):
    client = client_factory()
    login(client, facilitator)
    form = client.get(f"/workshops/{workshop.id}/activities/new?kind=poll")
    response = client.post(
        f"/workshops/{workshop.id}/activities/new",
        data={"kind": "poll", "prompt": "Kun én mulighed", "options": "Ja", "csrf_token": csrf_token_from(form.text)},
    )
    assert response.status_code == 400
    assert "Kun én mulighed" in response.text  # what was typed is kept
    with database.reading() as db:
        assert db.scalar(select(func.count(Activity.id))) == 1


def test_renewing_the_screen_link_retires_the_old_one(client_factory, facilitator, workshop):
    client = client_factory()
    assert client.get(f"/screen/{workshop.screen_secret}").status_code == 200
    response = client.post(f"/api/v1/workshops/{workshop.id}/screen-link", headers=facilitator.headers)
    new_url = response.json["workshop"]["screen_url"]
    assert client.get(f"/screen/{workshop.screen_secret}").status_code == 404
    # The test client calls itself localhost; the link given out uses an address phones can reach.
    assert client.get(urlparse(new_url).path).status_code == 200


# --- the JSON API ---------------------------------------------------------------------------


def test_the_api_runs_a_poll_from_start_to_results(client_factory, facilitator):
    api = client_factory()
    headers = facilitator.headers
    workshop = api.post("/api/v1/workshops", json={"title": "API-workshop", "language": "en"}, headers=headers)
    assert workshop.status_code == 201
    workshop = workshop.json["workshop"]
    assert workshop["join_url"].endswith(f"/j/{workshop['code']}")
    activity = api.post(
        f"/api/v1/workshops/{workshop['id']}/activities",
        json={"kind": "poll", "prompt": "Which?", "config": {"options": ["A", "B"]}},
        headers=headers,
    ).json["activity"]
    assert api.post(f"/api/v1/activities/{activity['id']}/open", headers=headers).json["activity"]["state"] == "open"
    assert api.post(f"/api/v1/workshops/{workshop['id']}/present", json={"activity_id": activity["id"]}, headers=headers).status_code == 200
    assert api.post(f"/api/v1/activities/{activity['id']}/reveal", headers=headers).json["activity"]["results_revealed"] is True
    results = api.get(f"/api/v1/activities/{activity['id']}/results", headers=headers).json
    assert results["results"] == {"responses": 0, "counts": {"a": 0, "b": 0}}
    listing = api.get("/api/v1/workshops", headers=headers).json["workshops"]
    assert [w["id"] for w in listing] == [workshop["id"]]


def test_the_api_refuses_strangers(client_factory, workshop):
    api = client_factory()
    response = api.post(f"/api/v1/activities/{workshop.poll_id}/close")
    assert response.status_code in (400, 401)  # no CSRF token, and no login either
    assert api.get(f"/api/v1/workshops/{workshop.id}").status_code == 401
    assert api.get(f"/api/v1/workshops/{workshop.id}", headers={"Authorization": "Bearer fct_wrong"}).status_code == 401


def test_a_logged_in_browser_needs_the_csrf_token_for_api_actions(client_factory, facilitator, workshop, database):
    client = client_factory()
    login(client, facilitator)
    assert client.post(f"/api/v1/activities/{workshop.poll_id}/close").status_code == 400
    page = client.get(f"/workshops/{workshop.id}")
    token = csrf_token_from(page.text)
    assert client.post(f"/api/v1/activities/{workshop.poll_id}/close", headers={"X-CSRFToken": token}).status_code == 200
    with database.reading() as db:
        assert db.get(Activity, workshop.poll_id).state == "closed"


def test_another_facilitator_cannot_act_on_the_workshop(client_factory, other_facilitator, workshop, database):
    api = client_factory()
    headers = other_facilitator.headers
    attempts = [
        api.post(f"/api/v1/activities/{workshop.poll_id}/close", headers=headers),
        api.post(f"/api/v1/activities/{workshop.poll_id}/reveal", headers=headers),
        api.patch(f"/api/v1/activities/{workshop.poll_id}", json={"prompt": "Hacked"}, headers=headers),
        api.post(f"/api/v1/workshops/{workshop.id}/present", json={"activity_id": None}, headers=headers),
        api.post(f"/api/v1/workshops/{workshop.id}/activities", json={"kind": "poll", "prompt": "x", "config": {"options": ["a", "b"]}}, headers=headers),
        api.get(f"/api/v1/activities/{workshop.poll_id}/results", headers=headers),
        api.post(f"/api/v1/workshops/{workshop.id}/screen-link", headers=headers),
    ]
    for response in attempts:
        assert response.status_code == 403
        assert response.json["error"]["code"] == "forbidden"
        assert response.json["error"]["message"]
    with database.reading() as db:
        activity = db.get(Activity, workshop.poll_id)
        assert (activity.state, activity.results_revealed, activity.prompt) == ("open", False, "Hvem først?")
        assert db.get(Workshop, workshop.id).presented_activity_id == workshop.poll_id
        assert db.get(Workshop, workshop.id).screen_secret == workshop.screen_secret


@pytest.mark.parametrize(
    "body, content_type",
    [("not json", "application/json"), ("[1, 2]", "application/json"), ("title=x", "application/x-www-form-urlencoded")],
    ids=["malformed", "not an object", "form data"],
)
def test_the_api_rejects_non_json_bodies(client_factory, facilitator, body, content_type):
    response = client_factory().post("/api/v1/workshops", data=body, content_type=content_type, headers=facilitator.headers)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid"


def test_the_api_rejects_oversized_requests(client_factory, facilitator):
    response = client_factory().post("/api/v1/workshops", json={"title": "x" * 70000}, headers=facilitator.headers)
    assert response.status_code == 413


def test_api_errors_are_translated(client_factory, facilitator):
    api = client_factory()
    danish = api.post("/api/v1/workshops", json={"title": ""}, headers={**facilitator.headers, "Accept-Language": "da"})
    english = api.post("/api/v1/workshops", json={"title": ""}, headers={**facilitator.headers, "Accept-Language": "en"})
    assert danish.status_code == english.status_code == 400
    assert english.json["error"]["message"] == "Title is required."
    assert danish.json["error"]["message"] != english.json["error"]["message"]


def test_presenting_an_activity_of_another_workshop_is_refused(client_factory, facilitator, workshop, database):
    from .conftest import make_workshop

    other = make_workshop(database, facilitator.id, open_poll=False)
    response = client_factory().post(f"/api/v1/workshops/{other.id}/present", json={"activity_id": workshop.poll_id}, headers=facilitator.headers)
    assert response.status_code == 404


def test_links_for_phones_never_point_at_localhost(client_factory, facilitator, workshop):
    """Opened on localhost without PUBLIC_URL, the API gives out the machine's network address,
    where it has one; public_base_url decides this for the dashboard, the screen and the QR code."""
    from facilitation.serve import lan_address
    from facilitation.web.common import is_loopback

    client = client_factory()
    for host in ("localhost", "127.0.0.1:5000", "[::1]:5000"):
        view = client.get(f"/api/v1/workshops/{workshop.id}", headers={**facilitator.headers, "Host": host}).json
        join_host = urlparse(view["workshop"]["join_url"]).hostname
        assert is_loopback(join_host) == is_loopback(lan_address()), (host, view["workshop"]["join_url"])
    view = client.get(f"/api/v1/workshops/{workshop.id}", headers={**facilitator.headers, "Host": "poll.example.dk"}).json
    assert view["workshop"]["join_url"].startswith("http://poll.example.dk/j/")
    assert is_loopback("localhost") and is_loopback("127.0.0.2") and is_loopback("::1")
    assert not is_loopback("192.168.1.20") and not is_loopback("poll.example.dk")

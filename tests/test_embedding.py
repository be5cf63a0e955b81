"""The screen inside slides and streams: which sites may frame it, checked strictly."""

import pytest

from facilitation import embedding, workshops
from facilitation.errors import InvalidInput
from facilitation.models import Workshop

from .conftest import csrf_token_from
from .test_web import login


@pytest.mark.parametrize("raw, origin", [
    ("https://docs.google.com", "https://docs.google.com"),
    ("  HTTPS://OneDrive.Live.com/ ", "https://onedrive.live.com"),
    ("https://slides.example.org:8443", "https://slides.example.org:8443"),
    ("http://localhost:8080", "http://localhost:8080"),
    ("http://127.0.0.1", "http://127.0.0.1"),
    ("http://[::1]:3000", "http://[::1]:3000"),
    ("https://xn--bibliotek-z9a.dk", "https://xn--bibliotek-z9a.dk"),
    ("https://*.officeapps.live.com", "https://*.officeapps.live.com"),
])
def test_an_origin_is_scheme_host_and_port(raw, origin):
    assert embedding.parse_origin(raw) == origin


@pytest.mark.parametrize("raw", [
    "docs.google.com",                       # no scheme
    "http://docs.google.com",                # plain http outside this machine
    "https://docs.google.com/presentation",  # a path
    "https://*.com",                         # a wildcard over a whole top-level domain
    "https://*",
    "https://a.*.google.com",                # a wildcard inside a name
    "http://*.localhost",                    # a wildcard over plain http
    "https://*.[::1]",
    "https://a.example; script-src *",       # another directive smuggled in
    "https://user@example.org",              # a user name
    "https://example.org?x=1",
    "https://example.org#top",
    "ftp://example.org",
    "javascript:alert(1)",
    "'self'",
    "*",
    "https://-bad-.example",
    "https://example.org:99999",
    "https://example.org:0",
    "https://" + "a" * 190 + ".dk",          # too long
])
def test_anything_else_is_refused_with_its_name(raw):
    with pytest.raises(InvalidInput) as refused:
        embedding.parse_origin(raw)
    assert "origin" in refused.value.params or "max" in refused.value.params


def test_a_list_is_deduplicated_and_limited():
    assert embedding.parse_origins("https://a.dk\nhttps://b.dk, https://A.dk") == ["https://a.dk", "https://b.dk"]
    assert embedding.parse_origins("") == []
    with pytest.raises(InvalidInput):
        embedding.parse_origins(" ".join(f"https://s{n}.dk" for n in range(embedding.MAX_ORIGINS + 1)))
    with pytest.raises(InvalidInput):
        embedding.parse_origins("x" * (embedding.MAX_ORIGINS_TEXT + 1))
    with pytest.raises(InvalidInput):
        embedding.parse_origins(["https://a.dk", 3])


def test_a_refused_list_changes_nothing(database, workshop):
    with database.transaction() as db:
        workshops.set_embed_origins(db, db.get(Workshop, workshop.id), "https://docs.google.com")
    with database.transaction() as db:
        with pytest.raises(InvalidInput):
            workshops.set_embed_origins(db, db.get(Workshop, workshop.id), "https://ok.dk\nhttp://evil.example")
    with database.reading() as db:
        assert db.get(Workshop, workshop.id).embed_origins == ["https://docs.google.com"]


def _frame_ancestors(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    return [part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors")][0]


def test_only_the_screen_link_may_be_framed_and_only_by_the_listed_sites(app, database, workshop, facilitator):
    browser = app.test_client()
    login(browser, facilitator)
    assert _frame_ancestors(browser.get(f"/screen/{workshop.screen_secret}")) == "frame-ancestors 'none'"
    settings = browser.get(f"/workshops/{workshop.id}/settings")
    saved = browser.post(f"/workshops/{workshop.id}/settings/embedding", data={
        "csrf_token": csrf_token_from(settings.text),
        "embed_origins": "https://docs.google.com\nhttp://localhost:8080"})
    assert saved.status_code == 302
    screen = app.test_client().get(f"/screen/{workshop.screen_secret}")
    assert _frame_ancestors(screen) == "frame-ancestors https://docs.google.com http://localhost:8080"
    # The rest of the policy is the app's own.
    assert "script-src 'self'" in screen.headers["Content-Security-Policy"]
    # Every other page still refuses every frame: the facilitator's own screen (it can steer),
    # the phone, the dashboard, the settings.
    for path in (f"/workshops/{workshop.id}/screen", f"/workshops/{workshop.id}", f"/j/{workshop.code}",
                 f"/workshops/{workshop.id}/settings", "/"):
        assert _frame_ancestors(browser.get(path)) == "frame-ancestors 'none'", path


def test_a_refused_site_is_named_on_the_settings_page_and_nothing_is_saved(app, database, workshop, facilitator):
    browser = app.test_client()
    login(browser, facilitator)
    settings = browser.get(f"/workshops/{workshop.id}/settings")
    refused = browser.post(f"/workshops/{workshop.id}/settings/embedding", data={
        "csrf_token": csrf_token_from(settings.text), "embed_origins": "https://ok.dk\nhttp://stream.example"})
    assert refused.status_code == 400
    assert "http://stream.example" in refused.text and "https" in refused.text
    assert 'aria-invalid="true"' in refused.text
    with database.reading() as db:
        assert db.get(Workshop, workshop.id).embed_origins == []


def test_the_dashboard_shows_the_clean_screen_link(app, workshop, facilitator):
    browser = app.test_client()
    login(browser, facilitator)
    dashboard = browser.get(f"/workshops/{workshop.id}").text
    assert f"/screen/{workshop.screen_secret}?clean=1" in dashboard


def test_the_clean_screen_has_no_join_strip(app, workshop):
    plain = app.test_client().get(f"/screen/{workshop.screen_secret}").text
    clean = app.test_client().get(f"/screen/{workshop.screen_secret}?clean=1").text
    assert '<footer class="join-strip">' in plain
    assert '<footer class="join-strip" hidden>' in clean

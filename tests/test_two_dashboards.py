"""Two dashboards at once: what one team member does reaches the other's dashboard at once, and
two edits of the same activity or theme never silently overwrite each other (a version check;
the later one is told)."""

from facilitation import socketio
from facilitation.models import Activity, Theme

from .test_authorization import logged_in, team_workshop
from .test_stale_saves import hidden_version
from .test_team import people  # noqa: F401 - the team's accounts


def test_a_stale_theme_edit_from_another_dashboard_is_refused(app, database, people):  # noqa: F811
    ids = team_workshop(database, people)
    owner, _ = logged_in(app, database, people["owner"])
    co, _ = logged_in(app, database, people["co_facilitator"])
    url = f"/workshops/{ids['workshop_id']}/themes"
    owner_page, co_page = owner.get(url).text, co.get(url).text

    def save(client, page, title):
        from .conftest import csrf_token_from

        return client.post(url, data={"csrf_token": csrf_token_from(page), "action": "save", "theme_id": ids["theme_id"],
                                      "version": hidden_version(page), "title": title, "description": ""})

    assert save(co, co_page, "Fælles drift").status_code == 302
    refused = save(owner, owner_page, "Fælles infrastruktur og data")
    assert refused.status_code == 409
    assert "en anden fane" in refused.text and "Genindlæs siden" in refused.text
    assert 'value="Fælles drift"' in refused.text  # the page shows what the other saved
    with database.reading() as db:
        assert db.get(Theme, ids["theme_id"]).title == "Fælles drift"


def test_the_api_checks_a_version_when_one_is_sent(app, database, people):  # noqa: F811
    ids = team_workshop(database, people)
    owner, csrf = logged_in(app, database, people["owner"])
    headers = {"X-CSRFToken": csrf}
    view = owner.get(f"/api/v1/workshops/{ids['workshop_id']}", headers=headers).json
    theme_version = view["themes"][0]["version"]
    poll_version = next(a for a in view["activities"] if a["id"] == ids["activity_id"])["version"]

    first = owner.patch(f"/api/v1/themes/{ids['theme_id']}", json={"title": "Ny", "version": theme_version}, headers=headers)
    assert first.status_code == 200 and first.json["theme"]["version"] != theme_version
    stale = owner.patch(f"/api/v1/themes/{ids['theme_id']}", json={"title": "Gammel", "version": theme_version},
                        headers=headers)
    assert stale.status_code == 409 and stale.json["error"]["code"] == "conflict"
    assert owner.patch(f"/api/v1/activities/{ids['activity_id']}", json={"prompt": "Ny?", "version": poll_version},
                       headers=headers).status_code == 200
    stale = owner.patch(f"/api/v1/activities/{ids['activity_id']}", json={"prompt": "Gammel?", "version": poll_version},
                        headers=headers)
    assert stale.status_code == 409
    with database.reading() as db:
        assert db.get(Theme, ids["theme_id"]).title == "Ny"
        assert db.get(Activity, ids["activity_id"]).prompt == "Ny?"
    # A script that sends no version is not checked.
    assert owner.patch(f"/api/v1/themes/{ids['theme_id']}", json={"title": "Script"}, headers=headers).status_code == 200


def test_what_one_dashboard_does_reaches_the_other(app, database, people):  # noqa: F811
    ids = team_workshop(database, people)
    owner_http, owner_csrf = logged_in(app, database, people["owner"])
    moderator_http, moderator_csrf = logged_in(app, database, people["moderator"])
    owner = socketio.test_client(app, flask_test_client=owner_http, auth={"role": "facilitator", "workshop": ids["workshop_id"]})
    moderator = socketio.test_client(app, flask_test_client=moderator_http,
                                     auth={"role": "facilitator", "workshop": ids["workshop_id"]})
    app.extensions["live"].flush()  # the answers of setting the workshop up go out first
    owner.get_received(), moderator.get_received()

    # The owner presents: the moderator's dashboard hears it at once.
    owner_http.post(f"/api/v1/workshops/{ids['workshop_id']}/present", json={"activity_id": None},
                    headers={"X-CSRFToken": owner_csrf})
    views = [m["args"][0] for m in moderator.get_received() if m["name"] == "workshop"]
    assert views and views[-1]["workshop"]["presented_activity_id"] is None

    # The moderator hides an idea: the owner's dashboard has it in the hidden list on the next tick.
    moderator_http.post(f"/api/v1/entries/{ids['entry_id']}/moderate", json={"status": "hidden"},
                        headers={"X-CSRFToken": moderator_csrf})
    app.extensions["live"].flush()
    results = [m["args"][0] for m in owner.get_received() if m["name"] == "results"]
    assert [r["results"]["moderation"]["hidden"][0]["id"] for r in results] == [ids["entry_id"]]

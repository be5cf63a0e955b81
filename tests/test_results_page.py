"""The participants' results page: off by default, published and unpublished by the facilitator,
the report's figures for the activities that were opened, never what moderation hid, a draft
or the speaker notes. Real app, real database file."""

import pytest

from facilitation import workshops
from facilitation.models import Workshop

from .conftest import join_as_participant, vote

HIDDEN_IDEA = "skjult idé om chefen QX9"
SHOWN_IDEA = "Fælles lånerkort"
DRAFT_PROMPT = "Udkast der aldrig blev vist"
NOTES = "Husk at takke KOMBIT"


@pytest.fixture
def finished_workshop(app, database, workshop, phone, facilitator):
    """A workshop after the event: an answered poll (with speaker notes), ideas of which one is
    hidden, and a draft nobody saw."""
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        workshops.update_activity(db, db.get(workshops.Activity, workshop.poll_id), notes=NOTES)
        ideas = workshops.add_activity(db, target, "ideas", "Idéer til næste år?", {})
        workshops.add_activity(db, target, "poll", DRAFT_PROMPT, {"options": ["a", "b"]})
        ideas_id = ideas.id
    alice, bob = phone(), phone()
    vote(alice, workshop.poll_id, ["a"])
    vote(bob, workshop.poll_id, ["b"])
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        workshops.open_activity(db, db.get(workshops.Activity, ideas_id))
        workshops.present(db, target, ideas_id)
    entries = {}
    for text in (SHOWN_IDEA, HIDDEN_IDEA):
        ack = alice.emit("respond", {"activity_id": ideas_id, "answer": {"text": text}, "request_id": text[:10]},
                         callback=True)
        entries[text] = ack["answer"]["id"]
    response = app.test_client().post(f"/api/v1/entries/{entries[HIDDEN_IDEA]}/moderate",
                                      headers=facilitator.headers, json={"status": "hidden"})
    assert response.status_code == 200
    return workshop


def publish(app, facilitator, workshop, published=True):
    response = app.test_client().post(f"/api/v1/workshops/{workshop.id}/results-page",
                                      headers=facilitator.headers, json={"published": published})
    assert response.status_code == 200, response.text
    return response


def test_the_results_page_is_off_by_default(app, finished_workshop):
    page = app.test_client().get(f"/j/{finished_workshop.code}/results")
    assert page.status_code == 404
    assert "ikke offentliggjort" in page.text
    assert "Hvem først?" not in page.text
    # The join link is the join form, as before.
    assert 'name="join_nonce"' in app.test_client().get(f"/j/{finished_workshop.code}").text


def test_published_it_shows_the_reports_figures_of_opened_activities_only(app, facilitator, finished_workshop):
    publish(app, facilitator, finished_workshop)
    page = app.test_client().get(f"/j/{finished_workshop.code}/results")
    assert page.status_code == 200
    text = page.text
    assert "Hvem først?" in text and "Idéer til næste år?" in text
    assert SHOWN_IDEA in text
    assert "1 (50 %)" in text  # the poll's figures, as the report writes them
    for secret in (HIDDEN_IDEA, DRAFT_PROMPT, NOTES):
        assert secret not in text
    assert "<script" not in text


def test_the_join_link_shows_the_results_to_visitors_and_still_lets_them_join(app, facilitator, finished_workshop):
    publish(app, facilitator, finished_workshop)
    visitor = app.test_client()
    landing = visitor.get(f"/j/{finished_workshop.code}")
    assert SHOWN_IDEA in landing.text and 'name="join_nonce"' not in landing.text
    assert 'name="join_nonce"' in visitor.get(f"/j/{finished_workshop.code}?join=1").text


def test_a_joined_phone_gets_a_link_that_follows_publishing(app, facilitator, finished_workshop, phone):
    http = app.test_client()
    join_as_participant(http, finished_workshop.code)
    assert 'id="results-link" class="results-link" hidden' in http.get(f"/j/{finished_workshop.code}").text
    watcher = phone()
    watcher.get_received()
    publish(app, facilitator, finished_workshop)
    states = [m["args"][0] for m in watcher.get_received() if m["name"] == "state"]
    assert states and states[-1]["results_published"] is True
    assert 'id="results-link" class="results-link" hidden' not in http.get(f"/j/{finished_workshop.code}").text


def test_unpublishing_takes_the_page_down_again(app, facilitator, finished_workshop):
    publish(app, facilitator, finished_workshop)
    described = app.test_client().get(f"/api/v1/workshops/{finished_workshop.id}", headers=facilitator.headers).json
    assert described["workshop"]["results_published"] is True
    assert described["workshop"]["results_url"].endswith(f"/j/{finished_workshop.code}/results")
    publish(app, facilitator, finished_workshop, published=False)
    assert app.test_client().get(f"/j/{finished_workshop.code}/results").status_code == 404


def test_publishing_needs_a_yes_or_no(app, facilitator, finished_workshop, database):
    response = app.test_client().post(f"/api/v1/workshops/{finished_workshop.id}/results-page",
                                      headers=facilitator.headers, json={"published": "yes"})
    assert response.status_code == 400
    with database.reading() as db:
        assert db.get(Workshop, finished_workshop.id).results_published is False


def test_segment_splits_follow_the_small_group_rule_of_the_report(app, database, facilitator, workshop):
    from facilitation import public_results
    from facilitation.record import report

    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        workshops.set_segments(db, target, [{"question": "Rolle", "options": ["Leder", "Medarbejder", "Frivillig"],
                                             "required": False}])
        roles = ["Leder"] + ["Medarbejder"] * 4 + ["Frivillig"] * 4
        for number, role in enumerate(roles):
            person = workshops.join(db, target, None, {"Rolle": role})
            db.flush()
            workshops.respond(db, person.id, target.id, workshop.poll_id, {"choices": ["a"]}, f"r{number}")
    with database.reading() as db:
        target = db.get(Workshop, workshop.id)
        record = report.report_context(db, target)["activities"][0]["segments"]
        shown = public_results.results_context(db, target)["activities"][0]["segments"]
    assert shown == record and shown  # the same splits as the record, whatever its rule
    headers = " ".join(shown[0]["table"].headers)
    assert "Medarbejder" in headers and "Leder" not in headers  # a group of 1 is never shown on its own
    publish(app, facilitator, workshop)
    text = app.test_client().get(f"/j/{workshop.code}/results").text
    # Counted in steps of MIN_GROUP_SIZE (docs/aggregation.md): 4 Medarbejdere show as 3.
    assert "Medarbejder (n\u00a0=\u00a03)" in text and "Leder (n" not in text


def test_the_page_is_built_once_per_interval_and_anew_after_it(app, database, finished_workshop, facilitator):
    """Every phone may open it at once: within RESULTS_PAGE_SECONDS they get the page built for
    the first; after it, the current figures. Unpublishing takes effect at once."""
    publish(app, facilitator, finished_workshop)
    first = app.test_client().get(f"/j/{finished_workshop.code}/results").text
    with database.transaction() as db:
        db.get(Workshop, finished_workshop.id).title = "Strategidagen, ny titel"
    assert app.test_client().get(f"/j/{finished_workshop.code}/results").text == first
    app.config["RESULTS_PAGE_SECONDS"] = 0
    assert "Strategidagen, ny titel" in app.test_client().get(f"/j/{finished_workshop.code}/results").text
    app.config["RESULTS_PAGE_SECONDS"] = 3600
    publish(app, facilitator, finished_workshop, published=False)
    assert app.test_client().get(f"/j/{finished_workshop.code}/results").status_code == 404

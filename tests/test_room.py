"""Who is in the room: single-use join forms, closing joining, a size limit, join bursts, and
removing the participants of a burst with everything they sent."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from facilitation import room, socketio, workshops
from facilitation.errors import Conflict, InvalidInput
from facilitation.models import Participant, Response, Upvote, Workshop

from .conftest import join_as_participant, join_form, vote


def participant_count(database) -> int:
    with database.reading() as db:
        return db.scalar(select(func.count(Participant.id)))


def test_fifty_posts_of_one_join_form_make_one_participant(app, workshop, database):
    """A script replaying the pre-join cookie and its form, as in the ballot-stuffing attack."""
    browser = app.test_client()
    form = join_form(browser.get(f"/j/{workshop.code}").text)
    cookie = browser.get_cookie("session").value
    statuses = []
    for _ in range(50):
        replay = app.test_client()
        replay.set_cookie("session", cookie)
        statuses.append(replay.post(f"/j/{workshop.code}", data=form).status_code)
    assert set(statuses) == {302}
    assert participant_count(database) == 1


def test_a_join_form_without_its_token_or_with_a_forged_one_makes_no_one(app, workshop, database):
    browser = app.test_client()
    form = join_form(browser.get(f"/j/{workshop.code}").text)
    for nonce in ("", "made-up", form["join_nonce"][:-2] + "xx"):
        response = browser.post(f"/j/{workshop.code}", data={**form, "join_nonce": nonce})
        assert response.status_code == 400 and "Prøv igen" in response.text
    assert participant_count(database) == 0


def test_a_join_form_of_one_workshop_does_not_open_another(app, database, workshop, workshop_factory):
    other = workshop_factory(database)
    browser = app.test_client()
    form = join_form(browser.get(f"/j/{workshop.code}").text)
    assert browser.post(f"/j/{other.code}", data=form).status_code == 400
    assert participant_count(database) == 0


def test_closed_joining_refuses_newcomers_and_keeps_those_who_joined(app, workshop, database, facilitator):
    inside = app.test_client()
    join_as_participant(inside, workshop.code)
    slow = app.test_client()
    form_loaded_before = join_form(slow.get(f"/j/{workshop.code}").text)
    response = app.test_client().post(f"/api/v1/workshops/{workshop.id}/joining", headers=facilitator.headers,
                                      json={"joining_open": False, "max_participants": None})
    assert response.status_code == 200 and response.json["room"]["joining_open"] is False
    page = app.test_client().get(f"/j/{workshop.code}")
    assert "lukket" in page.text and "join_nonce" not in page.text  # no form to fill in
    refused = slow.post(f"/j/{workshop.code}", data=form_loaded_before)
    assert refused.status_code == 409 and "lukket" in refused.text
    assert participant_count(database) == 1
    phone = socketio.test_client(app, flask_test_client=inside, auth={"role": "participant", "workshop": workshop.code})
    assert vote(phone, workshop.poll_id, ["a"])["ok"]


def test_a_room_size_limit_admits_exactly_that_many(app, workshop, database, facilitator):
    app.test_client().post(f"/api/v1/workshops/{workshop.id}/joining", headers=facilitator.headers,
                           json={"joining_open": True, "max_participants": 2})
    for _ in range(2):
        join_as_participant(app.test_client(), workshop.code)
    third = app.test_client()
    assert third.post(f"/j/{workshop.code}", data=join_form(third.get(f"/j/{workshop.code}").text)).status_code == 409
    assert participant_count(database) == 2


@pytest.mark.parametrize("limit", [0, -1, 100_001, 2.5, "10", True])
def test_a_room_size_limit_must_be_a_whole_number_in_range(database, workshop, limit):
    with database.transaction() as db:
        with pytest.raises(InvalidInput):
            room.set_joining(db, db.get(Workshop, workshop.id), True, limit)


def test_the_room_size_limit_boundaries(database, workshop):
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        assert room.set_joining(db, target, True, 1).max_participants == 1
        assert room.set_joining(db, target, True, room.MAX_ROOM_SIZE).max_participants == room.MAX_ROOM_SIZE
        assert room.set_joining(db, target, True, "").max_participants is None
        with pytest.raises(InvalidInput):
            room.set_joining(db, target, "yes", None)


def test_joining_again_with_the_same_nonce_returns_the_same_participant(database, workshop):
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        first = workshops.join(db, target, "Ida", None, join_nonce="n" * 64)
        again = workshops.join(db, target, "Someone else", None, join_nonce="n" * 64)
        assert again.id == first.id and again.display_name == "Ida"
        target.joining_open = False
        assert workshops.join(db, target, None, None, join_nonce="n" * 64).id == first.id  # a double tap
        with pytest.raises(Conflict):
            workshops.join(db, target, None, None, join_nonce="m" * 64)


def test_a_burst_is_shown_to_the_dashboard_only_from_its_threshold(database, workshop):
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        for _ in range(room.BURST_JOINS - 1):
            workshops.join(db, target)
        assert room.room_view(db, target)["burst"] is False
        workshops.join(db, target)
        view = room.room_view(db, target)
        assert view["burst"] is True and view["recent_joins"] == room.BURST_JOINS
        # Joins older than the window do not count.
        db.execute(update(Participant).values(joined_at=Participant.joined_at - timedelta(seconds=room.BURST_SECONDS + 1)))
        assert room.room_view(db, target) | {"recent_first": None, "recent_last": None} == {
            "joining_open": True, "max_participants": None, "burst": False, "recent_joins": 0,
            "recent_first": None, "recent_last": None,
        }


def test_removing_a_burst_removes_its_participants_answers_and_upvotes(app, database, workshop, facilitator, phone):
    honest = phone()
    assert vote(honest, workshop.poll_id, ["a"])["ok"]
    with database.transaction() as db:  # the honest participant joined a minute before the burst
        db.execute(update(Participant).values(joined_at=Participant.joined_at - timedelta(minutes=1)))
    stuffers = [phone() for _ in range(3)]
    for client in stuffers:
        assert vote(client, workshop.poll_id, ["c"])["ok"]
    with database.reading() as db:
        view = room.room_view(db, db.get(Workshop, workshop.id))
    assert view["recent_joins"] == 3
    response = app.test_client().post(
        f"/api/v1/workshops/{workshop.id}/participants/remove", headers=facilitator.headers,
        json={"joined_from": view["recent_first"], "joined_to": view["recent_last"]},
    )
    assert response.json == {"removed": 3}
    with database.reading() as db:
        assert db.scalar(select(func.count(Participant.id))) == 1
        assert workshops.results(db, db.get(workshops.Activity, workshop.poll_id))["counts"] == {"a": 1, "b": 0, "c": 0}
    assert honest.is_connected()
    assert not any(client.is_connected() for client in stuffers)


def test_removing_takes_upvotes_with_it(database, workshop):
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        qa = workshops.add_activity(db, target, "qa", "Spørgsmål?", {})
        workshops.open_activity(db, qa)
        workshops.present(db, target, qa.id)
        asker = workshops.join(db, target)
        question = workshops.respond(db, asker.id, target.id, qa.id, {"text": "Hvem betaler?"}, "q1")
        asker.joined_at -= timedelta(minutes=1)
        voters = [workshops.join(db, target) for _ in range(3)]
        for voter in voters:
            workshops.upvote(db, voter.id, target.id, question["id"], True)
        first, last = min(v.joined_at for v in voters), max(v.joined_at for v in voters)
        assert room.remove_joined_between(db, target, first.isoformat(), last.isoformat()) == 3
        assert db.scalar(select(func.count(Upvote.id))) == 0
        assert db.scalar(select(func.count(Response.id))) == 1


@pytest.mark.parametrize("first, last", [("", "2026-01-01T00:00:00"), ("yesterday", "today"),
                                         ("2026-01-02T00:00:00", "2026-01-01T00:00:00"), (None, None)])
def test_a_removal_needs_a_real_time_span(database, workshop, first, last):
    with database.transaction() as db:
        with pytest.raises(InvalidInput):
            room.remove_joined_between(db, db.get(Workshop, workshop.id), first, last)


def test_participants_cannot_use_the_room_controls(app, workshop, phone):
    http = app.test_client()
    join_as_participant(http, workshop.code)
    for path, body in (("joining", {"joining_open": False}), ("participants/remove",
                       {"joined_from": "2000-01-01T00:00:00", "joined_to": "2100-01-01T00:00:00"})):
        assert http.post(f"/api/v1/workshops/{workshop.id}/{path}", json=body).status_code in (400, 401)

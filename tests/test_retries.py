"""Retries in every order: a late retry of an older request never overwrites a newer answer."""

from sqlalchemy import func, select

from facilitation import workshops
from facilitation.models import Activity, AnswerRequest, Response, Workshop


def test_an_old_retry_after_a_newer_answer_changes_nothing(database, workshop):
    with database.transaction() as db:
        participant = workshops.join(db, db.get(Workshop, workshop.id))
        vote = lambda choice, request_id: workshops.respond(  # noqa: E731
            db, participant.id, workshop.id, workshop.poll_id, {"choices": [choice]}, request_id)
        assert vote("a", "r1") == {"choices": ["a"]}
        assert vote("b", "r2") == {"choices": ["b"]}
        # r1 arrives again (a phone that lost its connection resends it late): the answer stored
        # now is what it gets back, and nothing changes.
        assert vote("a", "r1") == {"choices": ["b"]}
        assert workshops.results(db, db.get(Activity, workshop.poll_id))["counts"] == {"a": 0, "b": 1, "c": 0}
        assert vote("b", "r2") == {"choices": ["b"]}
        assert db.scalar(select(func.count(Response.id))) == 1
        assert db.scalar(select(func.count(AnswerRequest.id))) == 2


def test_an_old_retry_is_answered_after_the_activity_closed(database, workshop):
    with database.transaction() as db:
        participant = workshops.join(db, db.get(Workshop, workshop.id))
        workshops.respond(db, participant.id, workshop.id, workshop.poll_id, {"choices": ["a"]}, "r1")
        workshops.respond(db, participant.id, workshop.id, workshop.poll_id, {"choices": ["c"]}, "r2")
        workshops.close_activity(db, db.get(Activity, workshop.poll_id))
        assert workshops.respond(db, participant.id, workshop.id, workshop.poll_id, {"choices": ["a"]}, "r1") == {
            "choices": ["c"]}


def test_request_ids_are_remembered_per_participant_and_activity(database, workshop):
    """Another participant may use the same request id (ids are random per phone, but nothing
    may depend on that), and so may the same participant on another activity."""
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        first, second = workshops.join(db, target), workshops.join(db, target)
        workshops.respond(db, first.id, workshop.id, workshop.poll_id, {"choices": ["a"]}, "same")
        workshops.respond(db, first.id, workshop.id, workshop.poll_id, {"choices": ["b"]}, "later")
        assert workshops.respond(db, second.id, workshop.id, workshop.poll_id, {"choices": ["c"]}, "same") == {
            "choices": ["c"]}
        other = workshops.add_activity(db, target, "poll", "Og så?", {"options": ["x", "y"], "max_choices": 1})
        workshops.open_activity(db, other)
        workshops.present(db, target, other.id)
        assert workshops.respond(db, first.id, workshop.id, other.id, {"choices": ["b"]}, "same") == {"choices": ["b"]}


def test_upgrading_keeps_the_request_ids_of_answers_stored_before(tmp_path):
    from alembic import command

    from facilitation import accounts
    from facilitation.db import Database, sqlite_url

    database = Database(sqlite_url(tmp_path / "old.db"))
    database.upgrade()
    with database.transaction() as db:
        facilitator = accounts.create_facilitator(db, "ida@bibliotek.dk", "correct horse battery")
        workshop = workshops.create_workshop(db, facilitator.id, "W", "da")
        poll = workshops.add_activity(db, workshop, "poll", "Q?", {"options": ["a", "b"], "max_choices": 1})
        workshops.open_activity(db, poll)
        workshops.present(db, workshop, poll.id)
        participant = workshops.join(db, workshop)
        workshops.respond(db, participant.id, workshop.id, poll.id, {"choices": ["a"]}, "before-upgrade")
        ids = (participant.id, workshop.id, poll.id)
    command.downgrade(database.alembic_config(), "0007")
    database.upgrade()
    with database.transaction() as db:
        participant_id, workshop_id, poll_id = ids
        workshops.respond(db, participant_id, workshop_id, poll_id, {"choices": ["b"]}, "after-upgrade")
        assert workshops.respond(db, participant_id, workshop_id, poll_id, {"choices": ["a"]}, "before-upgrade") == {
            "choices": ["b"]}
    database.dispose()


def test_a_request_id_is_a_retry_only_for_its_own_participant_and_activity(database, workshop):
    """The latest request id of one participant's answer, reused by another participant or on
    another activity, stores a new answer there (ids are random per phone, but nothing may depend
    on that); an old retry gets back this participant's answer to this activity."""
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        other = workshops.add_activity(db, target, "poll", "Og så?", {"options": ["x", "y"], "max_choices": 1})
        workshops.open_activity(db, other)
        target.pace = "self_paced"
        second = workshops.join(db, target)  # joined first: its rows come first in the indexes
        first = workshops.join(db, target)
        respond = lambda who, activity, choice, request_id: workshops.respond(  # noqa: E731
            db, who.id, workshop.id, activity, {"choices": [choice]}, request_id)
        # Rows a careless lookup would meet first: the second participant's answer to this poll,
        # and the first participant's answer to the other poll, both stored before.
        respond(second, workshop.poll_id, "c", "second-early")
        respond(first, other.id, "a", "first-other")
        respond(first, workshop.poll_id, "a", "first-old")
        respond(first, workshop.poll_id, "b", "first-latest")
        assert respond(second, workshop.poll_id, "c", "first-latest") == {"choices": ["c"]}
        assert respond(first, other.id, "a", "first-latest") == {"choices": ["a"]}
        assert respond(first, workshop.poll_id, "c", "first-old") == {"choices": ["b"]}
        assert respond(first, other.id, "a", "first-old") == {"choices": ["a"]}
        counts = workshops.results(db, db.get(Activity, workshop.poll_id))["counts"]
        assert counts == {"a": 0, "b": 1, "c": 1}
        assert workshops.results(db, other)["counts"] == {"a": 1, "b": 0}


def test_an_idea_sent_again_after_its_activity_closed_is_acknowledged_with_its_entry(database, workshop):
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        wall = workshops.add_activity(db, target, "ideas", "Idéer?", {})
        workshops.open_activity(db, wall)
        workshops.present(db, target, wall.id)
        author = workshops.join(db, target)
        sent = workshops.respond(db, author.id, workshop.id, wall.id, {"text": "Fælles app"}, "idea-1")
        workshops.close_activity(db, wall)
        assert workshops.respond(db, author.id, workshop.id, wall.id, {"text": "Fælles app"}, "idea-1") == sent
        assert db.scalar(select(func.count(Response.id)).where(Response.activity_id == wall.id)) == 1

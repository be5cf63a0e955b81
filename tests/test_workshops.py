"""Domain actions on a real SQLite file, without Flask in the way."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from facilitation import workshops
from facilitation.errors import Conflict, Forbidden, InvalidInput, NotFound
from facilitation.models import Activity, Response, Workshop

from .conftest import POLL_CONFIG, make_workshop
from .danish import in_danish


@pytest.fixture
def participant_id(database, workshop):
    with database.transaction() as db:
        return workshops.join(db, db.get(Workshop, workshop.id)).id


def respond(database, workshop, participant_id, choices, request_id, activity_id=None):
    with database.transaction() as db:
        return workshops.respond(
            db, participant_id, workshop.id, activity_id or workshop.poll_id, {"choices": choices}, request_id
        )


def results(database, activity_id):
    with database.reading() as db:
        return workshops.results(db, db.get(Activity, activity_id))


def test_the_database_is_a_real_sqlite_file_in_wal_mode(database):
    assert database.url.startswith("sqlite:///") and database.url.endswith(".db")
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_join_codes_are_easy_to_read_aloud(database, facilitator):
    with database.transaction() as db:
        codes = {workshops.create_workshop(db, facilitator.id, f"W{i}").join_code for i in range(50)}
    assert len(codes) == 50
    for code in codes:
        assert len(code) == 6
        assert not set(code) & set("0O1IL")


def test_a_typed_code_is_found_whatever_its_case_and_spacing(database, workshop):
    messy = workshop.code[:3].lower() + " - " + workshop.code[3:]
    with database.reading() as db:
        assert workshops.workshop_by_code(db, messy).id == workshop.id
        with pytest.raises(NotFound):
            workshops.workshop_by_code(db, "ZZZZZZ")


def test_a_changed_answer_replaces_the_first(database, workshop, participant_id):
    respond(database, workshop, participant_id, ["a"], "r1")
    respond(database, workshop, participant_id, ["b"], "r2")
    assert results(database, workshop.poll_id) == {"responses": 1, "counts": {"a": 0, "b": 1, "c": 0}}


def test_a_retried_request_is_counted_once_and_does_not_undo_a_later_answer(database, workshop, participant_id):
    respond(database, workshop, participant_id, ["a"], "r1")
    assert respond(database, workshop, participant_id, ["a"], "r1") == {"choices": ["a"]}
    assert results(database, workshop.poll_id)["responses"] == 1


def test_a_retry_of_an_acknowledged_vote_succeeds_even_after_closing(database, workshop, participant_id):
    respond(database, workshop, participant_id, ["c"], "r1")
    with database.transaction() as db:
        workshops.close_activity(db, db.get(Activity, workshop.poll_id))
    assert respond(database, workshop, participant_id, ["c"], "r1") == {"choices": ["c"]}
    with pytest.raises(Conflict):
        respond(database, workshop, participant_id, ["b"], "r2")
    assert results(database, workshop.poll_id)["counts"]["c"] == 1


def test_the_database_itself_refuses_a_second_response(database, workshop, participant_id):
    respond(database, workshop, participant_id, ["a"], "r1")
    with pytest.raises(IntegrityError):
        with database.transaction() as db:
            db.add(Response(activity_id=workshop.poll_id, participant_id=participant_id, answer={"choices": ["b"]}, request_id="sneaky"))
    assert results(database, workshop.poll_id)["counts"] == {"a": 1, "b": 0, "c": 0}


@pytest.mark.parametrize(
    "change, error",
    [
        (lambda db, w, a: workshops.close_activity(db, a), Conflict),
        (lambda db, w, a: setattr(a, "state", "draft"), Conflict),
        (lambda db, w, a: workshops.present(db, w, None), Conflict),
    ],
    ids=["closed", "draft", "not presented"],
)
def test_votes_are_refused_unless_the_activity_is_open_and_presented(database, workshop, participant_id, change, error):
    with database.transaction() as db:
        change(db, db.get(Workshop, workshop.id), db.get(Activity, workshop.poll_id))
    with pytest.raises(error):
        respond(database, workshop, participant_id, ["a"], "r1")
    assert results(database, workshop.poll_id)["responses"] == 0


@pytest.mark.parametrize(
    "activity_id, answer, request_id, error",
    [
        (999, {"choices": ["a"]}, "r", NotFound),
        ("1", {"choices": ["a"]}, "r", InvalidInput),
        (None, {"choices": ["a"]}, "r", InvalidInput),
        ("poll", {"choices": ["z"]}, "r", InvalidInput),
        ("poll", {"choices": ["a", "b"]}, "r", InvalidInput),
        ("poll", {"choices": ["a"], "padding": "x" * 5000}, "r", InvalidInput),
        ("poll", {"choices": ["a"]}, "", InvalidInput),
        ("poll", {"choices": ["a"]}, "r" * 65, InvalidInput),
        ("poll", {"choices": ["a"]}, 7, InvalidInput),
    ],
    ids=["unknown activity", "id as text", "no id", "unknown option", "too many choices",
         "oversized answer", "empty request id", "oversized request id", "request id not text"],
)
def test_bad_votes_change_nothing(database, workshop, participant_id, activity_id, answer, request_id, error):
    target = workshop.poll_id if activity_id == "poll" else activity_id
    with pytest.raises(error) as refused:
        with database.transaction() as db:
            workshops.respond(db, participant_id, workshop.id, target, answer, request_id)
    in_danish(refused.value)  # a Danish phone reads why, in Danish
    with database.reading() as db:
        assert db.scalar(select(func.count(Response.id))) == 0


def test_a_participant_cannot_vote_in_another_workshop(database, workshop, participant_id, facilitator):
    other = make_workshop(database, facilitator.id)
    with pytest.raises(NotFound):
        respond(database, workshop, participant_id, ["a"], "r1", activity_id=other.poll_id)


def test_only_the_owner_gets_the_workshop(database, workshop, facilitator, other_facilitator):
    with database.reading() as db:
        assert workshops.workshop_for_facilitator(db, facilitator.id, workshop.id).id == workshop.id
        with pytest.raises(Forbidden):
            workshops.workshop_for_facilitator(db, other_facilitator.id, workshop.id)
        with pytest.raises(Forbidden):
            workshops.activity_for_facilitator(db, other_facilitator.id, workshop.poll_id)
        with pytest.raises(NotFound):
            workshops.workshop_for_facilitator(db, facilitator.id, 12345)


def test_stepping_walks_the_agenda_from_the_join_page(database, facilitator):
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Agenda")
        ids = [workshops.add_activity(db, workshop, "poll", f"Q{i}", POLL_CONFIG).id for i in range(3)]
        seen = []
        for delta in (1, 1, 1, 1, -1, -1, -1, -1):
            workshops.step_presented(db, workshop, delta)
            seen.append(workshop.presented_activity_id)
    assert seen == [ids[0], ids[1], ids[2], ids[2], ids[1], ids[0], None, None]


def test_options_cannot_change_after_people_answered(database, workshop, participant_id):
    respond(database, workshop, participant_id, ["a"], "r1")
    with pytest.raises(Conflict):
        with database.transaction() as db:
            workshops.update_activity(db, db.get(Activity, workshop.poll_id), config={"options": ["X", "Y"]})
    with database.transaction() as db:
        workshops.update_activity(db, db.get(Activity, workshop.poll_id), prompt="Ny formulering")
    with database.reading() as db:
        assert db.get(Activity, workshop.poll_id).prompt == "Ny formulering"


def test_the_phone_view_hides_results_until_revealed(database, workshop, participant_id):
    respond(database, workshop, participant_id, ["b"], "r1")
    with database.reading() as db:
        from facilitation.models import Participant

        view = workshops.phone_view(db, db.get(Participant, participant_id))
        assert view["results"] == {}
        assert view["answers"] == {str(workshop.poll_id): {"choices": ["b"]}}
    with database.transaction() as db:
        workshops.set_results_revealed(db, db.get(Activity, workshop.poll_id), True)
    with database.reading() as db:
        view = workshops.phone_view(db, db.get(Participant, participant_id))
        assert view["results"][str(workshop.poll_id)]["counts"]["b"] == 1


@pytest.mark.parametrize(
    "title, language",
    [("", "da"), ("   ", "da"), ("x" * 201, "da"), (None, "da"), ("Ok", "de"), (42, "da")],
)
def test_bad_workshop_settings_are_refused(database, facilitator, title, language):
    with pytest.raises(InvalidInput):
        with database.transaction() as db:
            workshops.create_workshop(db, facilitator.id, title, language)
    with database.reading() as db:
        assert db.scalar(select(func.count(Workshop.id))) == 0

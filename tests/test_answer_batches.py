"""Many answers in one transaction (facilitation/answers.py) and the writer that gathers them
(facilitation/answer_writer.py), on a real SQLite file.

A batch must store exactly what the same submissions would have stored one at a time, in the
order they came: a retry counts once, the later answer of a participant wins, a refused answer
changes nothing and keeps no one else's from being stored, and nothing is acknowledged that was
not committed.
"""

from __future__ import annotations

import queue
import sqlite3
import threading

import pytest
from sqlalchemy import func, select

from facilitation import answers, workshops
from facilitation.answer_writer import AnswerWriter, Concurrency
from facilitation.answers import Answer, Vote
from facilitation.db import Database
from facilitation.errors import Conflict, DomainError, InvalidInput, NotFound
from facilitation.models import Activity, AnswerRequest, Participant, Response, Upvote, Workshop

from .test_answer_path import make_questions, make_room, stored


def store(database, *submissions):
    """Store the submissions as one batch; the outcomes in order."""
    with database.transaction() as db:
        if isinstance(submissions[0], Vote):
            return answers.store_votes(db, list(submissions))
        return answers.store_answers(db, list(submissions))


def poll(room, who, choice, request_id, activity="poll"):
    return Answer(room[who], room["workshop"], room[activity], {"choices": [choice]}, request_id)


def idea(room, who, text, request_id, wall="wall"):
    return Answer(room[who], room["workshop"], room[wall], {"text": text}, request_id)


def tally(database, room, activity="poll"):
    with database.reading() as db:
        return workshops.results(db, db.get(Activity, room[activity]))["counts"]


@pytest.fixture
def room(database):
    return make_room(database)


# --- answers -------------------------------------------------------------------------------------


def test_two_retries_of_one_request_in_one_batch_count_once(database, room):
    outcomes = store(database, poll(room, "p", "a", "r1"), poll(room, "p", "a", "r1"), poll(room, "q", "b", "s1"))
    assert outcomes == [{"choices": ["a"]}, {"choices": ["a"]}, {"choices": ["b"]}]
    assert tally(database, room) == {"a": 1, "b": 1, "c": 0}
    with database.reading() as db:
        assert db.scalar(select(func.count(AnswerRequest.id))) == 2


def test_two_answers_of_one_participant_in_one_batch_the_later_wins(database, room):
    outcomes = store(database, poll(room, "p", "a", "r1"), poll(room, "p", "c", "r2"))
    assert outcomes == [{"choices": ["a"]}, {"choices": ["c"]}]
    [answer] = stored(database, room["poll"], room["p"])
    assert (answer.answer, answer.request_id) == ({"choices": ["c"]}, "r2")
    assert tally(database, room) == {"a": 0, "b": 0, "c": 1}


def test_an_older_request_resent_after_a_newer_one_in_one_batch_changes_nothing(database, room):
    outcomes = store(database, poll(room, "p", "a", "r1"), poll(room, "p", "b", "r2"), poll(room, "p", "a", "r1"))
    assert outcomes[2] == {"choices": ["b"]}  # what is stored now, not what r1 once stored
    assert tally(database, room) == {"a": 0, "b": 1, "c": 0}
    # And in the next batch, against what the database holds.
    assert store(database, poll(room, "p", "a", "r1")) == [{"choices": ["b"]}]
    assert tally(database, room) == {"a": 0, "b": 1, "c": 0}


def test_a_refused_answer_changes_nothing_and_the_rest_of_the_batch_is_stored(database, room):
    with database.transaction() as db:
        workshops.close_activity(db, db.get(Activity, room["second_poll"]))
    outcomes = store(
        database,
        poll(room, "p", "a", "r1"),
        poll(room, "q", "a", "closed", activity="second_poll"),
        poll(room, "q", "z", "no-such-option"),
        Answer(room["q"], room["workshop"], room["poll"], {"choices": ["b"]}, ""),
        Answer(room["q"], room["workshop"] + 1, room["poll"], {"choices": ["b"]}, "other-workshop"),
        poll(room, "q", "b", "s1"),
    )
    assert outcomes[0] == {"choices": ["a"]} and outcomes[5] == {"choices": ["b"]}
    assert [type(o) for o in outcomes[1:5]] == [Conflict, InvalidInput, InvalidInput, NotFound]
    assert tally(database, room) == {"a": 1, "b": 1, "c": 0}
    assert stored(database, room["second_poll"], room["q"]) == []
    with database.reading() as db:  # a refused request id is not remembered as a retry
        assert db.scalar(select(func.count(AnswerRequest.id))) == 2


def test_ideas_in_one_batch_are_numbered_and_counted_against_the_limit(database, room):
    outcomes = store(database, *[idea(room, "p", f"Idé {n}", f"i{n}") for n in range(1, 5)], idea(room, "p", "Idé 2", "i2"))
    entries = stored(database, room["wall"], room["p"])
    assert [(e.slot, e.answer["text"]) for e in entries] == [(1, "Idé 1"), (2, "Idé 2"), (3, "Idé 3")]
    assert [o["id"] for o in outcomes[:3]] == [e.id for e in entries]
    assert isinstance(outcomes[3], Conflict)  # the fourth is over the limit of 3
    assert outcomes[4] == outcomes[1]  # the resent second idea is the same entry, with its id


# --- votes for questions ------------------------------------------------------------------------


def test_votes_in_one_batch_count_once_and_the_later_wins(database, room):
    first, second = make_questions(database, room)
    outcomes = store(
        database,
        Vote(room["q"], room["workshop"], first, True),
        Vote(room["q"], room["workshop"], first, True),  # a retry
        Vote(room["r"], room["workshop"], first, True),
        Vote(room["r"], room["workshop"], second, True),
        Vote(room["r"], room["workshop"], second, False),  # taken back in the same batch
        Vote(room["p"], room["workshop"], first, True),  # P's own question
    )
    assert [o["votes"] for o in outcomes[:5]] == [2, 2, 2, 0, 0]
    assert isinstance(outcomes[5], Conflict)
    with database.reading() as db:
        assert sorted(db.execute(select(Upvote.response_id, Upvote.participant_id)).all()) == [
            (first, room["q"]), (first, room["r"])]


# --- the writer ---------------------------------------------------------------------------------


def threads_concurrency() -> Concurrency:
    """The writer's primitives with plain threads (the threading async mode)."""

    def start(target):
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        return thread

    return Concurrency(start_background_task=start, create_queue=queue.Queue, queue_empty=queue.Empty,
                       create_event=threading.Event, run_in_thread=lambda function, *args: function(*args))


@pytest.fixture
def writer(app, database):
    return AnswerWriter(Database(database.url), threads_concurrency())


def submit_all(writer, submissions) -> list:
    """Submit each from its own thread (as handlers do); what each got, in order."""
    results = [None] * len(submissions)

    def send(index, submission):
        try:
            results[index] = writer.submit(submission)
        except Exception as error:  # the test looks at what each got
            results[index] = error

    threads = [threading.Thread(target=send, args=(i, s)) for i, s in enumerate(submissions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def holding_the_write_lock(database):
    """Another connection that holds SQLite's write lock until released: the writer waits."""
    holder = sqlite3.connect(database.url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def wait_until_storing(writer, count):
    while writer.storing != count:
        threading.Event().wait(0.01)


def many_participants(database, room, count):
    with database.transaction() as db:
        w = db.get(Workshop, room["workshop"])
        return [workshops.join(db, w).id for _ in range(count)]


def test_answers_that_come_while_a_commit_runs_share_the_next_commit(writer, database, room):
    people = many_participants(database, room, 20)
    holder = holding_the_write_lock(database)
    first = threading.Thread(target=writer.submit, args=(poll(room, "p", "a", "first"),))
    first.start()
    wait_until_storing(writer, 1)  # the writer took the first alone, and waits for the lock
    rest = [Answer(person, room["workshop"], room["poll"], {"choices": ["b"]}, f"r{person}") for person in people]
    results = {}
    sender = threading.Thread(target=lambda: results.update(got=submit_all(writer, rest)))
    sender.start()
    while writer._queue.qsize() < len(rest):
        threading.Event().wait(0.01)
    holder.close()
    sender.join(30)
    first.join(30)
    assert results["got"] == [{"choices": ["b"]}] * len(rest)
    assert writer.batches == 2
    assert tally(database, room) == {"a": 1, "b": 20, "c": 0}


def test_a_batch_that_cannot_be_stored_acknowledges_none_of_it(writer, database, room):
    holder = holding_the_write_lock(database)
    with writer.database.engine.connect() as connection:  # the writer's engine gives up at once
        connection.exec_driver_sql("PRAGMA busy_timeout=0")
    try:
        results = submit_all(writer, [poll(room, "p", "a", "r1"), poll(room, "q", "b", "s1")])
    finally:
        holder.close()
    assert all(not isinstance(r, dict) for r in results)
    assert {type(r).__name__ for r in results} == {"OperationalError"}
    assert tally(database, room) == {"a": 0, "b": 0, "c": 0}
    # Sent again once the database can be written: stored, once.
    assert submit_all(writer, [poll(room, "p", "a", "r1"), poll(room, "q", "b", "s1")]) == [
        {"choices": ["a"]}, {"choices": ["b"]}]
    assert tally(database, room) == {"a": 1, "b": 1, "c": 0}


def test_an_answer_that_breaks_a_constraint_is_refused_alone(writer, database, room):
    """A participant removed while their answer was on its way: the batch's upsert fails on the
    foreign key; each answer is then stored on its own, and only that one is refused."""
    [gone] = many_participants(database, room, 1)
    with database.transaction() as db:
        db.delete(db.get(Participant, gone))
    holder = holding_the_write_lock(database)
    first = threading.Thread(target=writer.submit, args=(poll(room, "p", "a", "r1"),))
    first.start()
    wait_until_storing(writer, 1)
    results = {}
    batch = [poll(room, "q", "b", "s1"), Answer(gone, room["workshop"], room["poll"], {"choices": ["c"]}, "g1")]
    sender = threading.Thread(target=lambda: results.update(got=submit_all(writer, batch)))
    sender.start()
    while writer._queue.qsize() < 2:
        threading.Event().wait(0.01)
    holder.close()
    sender.join(30)
    first.join(30)
    assert results["got"][0] == {"choices": ["b"]}
    assert isinstance(results["got"][1], DomainError)
    assert tally(database, room) == {"a": 1, "b": 1, "c": 0}


def test_a_join_is_committed_by_the_writer_and_a_refused_job_is_refused_alone(writer, database, room):
    from facilitation.answer_writer import Job

    def join(db):
        return workshops.join(db, db.get(Workshop, room["workshop"]), "Mette")

    def refused(db):
        db.add(Participant(workshop_id=room["workshop"], public_id="half-made"))
        raise NotFound("There is no such workshop.")

    joined, refusal, answer = submit_all(writer, [Job(join), Job(refused), poll(room, "p", "a", "r1")])
    assert isinstance(refusal, NotFound) and answer == {"choices": ["a"]}
    with database.reading() as db:
        assert db.get(Participant, joined.id).display_name == "Mette"
        assert db.scalar(select(func.count()).where(Participant.public_id == "half-made")) == 0


def test_a_refused_vote_keeps_no_later_vote_of_the_batch_from_counting(database, room):
    first, second = make_questions(database, room)
    outcomes = store(
        database,
        Vote(room["p"], room["workshop"], first, True),  # P's own question: refused
        Vote(room["q"], room["workshop"], first, True),
        Vote(room["r"], room["workshop"], first, True),
        Vote(room["q"], room["workshop"], second, True),
    )
    assert isinstance(outcomes[0], Conflict)
    # Each question's own count, whichever came last in the batch.
    assert [(o["entry_id"], o["votes"]) for o in outcomes[1:]] == [(first, 2), (first, 2), (second, 1)]

"""The path every answer takes (workshops.respond and its helpers), on a real SQLite file.

Each test states what a participant or facilitator would notice if the path counted wrong:
an idea counted against the wrong activity, a request id from another activity taken for a
retry, a second tab overwriting someone else's answer. The two-tab tests really race two
writes: two threads, two database sessions, one file.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, select

from facilitation import workshops
from facilitation.db import Database
from facilitation.errors import Conflict, InvalidInput, NotFound
from facilitation.models import Activity, Response, Workshop

from .conftest import POLL_CONFIG, make_facilitator, make_workshop
from .danish import in_danish
from .test_postgres import URL as POSTGRES_URL
from .test_postgres import drop_all_tables


def make_room(database) -> dict:
    """A self-paced workshop with two open polls and two open idea walls (limit 3), and two
    participants, P and Q (P joined first). Returns a dict of their ids."""
    workshop = make_workshop(database, make_facilitator(database, "anna@bibliotek.dk").id)
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        workshops.set_pace(db, w, "self_paced")
        second_poll = workshops.add_activity(db, w, "poll", "Hvem bagefter?", POLL_CONFIG)
        walls = [
            workshops.add_activity(db, w, "ideas", f"Idéer {n}", {"per_participant": 3}) for n in (1, 2)
        ]
        for activity in (second_poll, *walls):
            workshops.open_activity(db, activity)
        return {
            "workshop": w.id,
            "poll": workshop.poll_id,
            "second_poll": second_poll.id,
            "wall": walls[0].id,
            "second_wall": walls[1].id,
            "p": workshops.join(db, w).id,
            "q": workshops.join(db, w).id,
        }


@pytest.fixture
def room(database) -> dict:
    return make_room(database)


@pytest.fixture
def racing_database():
    """The PostgreSQL database named by TEST_POSTGRES_URL (emptied and migrated; skipped when it
    is not set, as in tests/test_postgres.py). Two transactions can both read before either
    writes only there: on SQLite a writing transaction takes the write lock when it begins, so
    the second waits for the first (test_on_sqlite_two_tabs_at_once_take_turns)."""
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set: no PostgreSQL to race on")
    drop_all_tables(POSTGRES_URL)
    postgres = Database(POSTGRES_URL)
    postgres.upgrade()
    yield postgres
    postgres.dispose()
    drop_all_tables(POSTGRES_URL)


def answer(database, room, who, activity, answer, request_id):
    with database.transaction() as db:
        return workshops.respond(db, room[who], room["workshop"], room[activity], answer, request_id)


def idea(database, room, who, wall, text, request_id):
    return answer(database, room, who, wall, {"text": text}, request_id)


def stored(database, activity_id, participant_id):
    """What one participant has stored for one activity, oldest first."""
    with database.reading() as db:
        return db.scalars(
            select(Response)
            .where(Response.activity_id == activity_id, Response.participant_id == participant_id)
            .order_by(Response.id)
        ).all()


# --- limits of collecting kinds ------------------------------------------------------------------


def test_a_participants_fourth_idea_is_refused_at_a_limit_of_3(database, room):
    for n in range(3):
        idea(database, room, "p", "wall", f"Idé {n}", f"r{n}")
    with pytest.raises(Conflict) as refused:
        idea(database, room, "p", "wall", "Idé 4", "r4")
    in_danish(refused.value)
    assert refused.value.params == {"max": 3}
    assert len(stored(database, room["wall"], room["p"])) == 3


def test_ideas_on_another_wall_or_from_another_participant_do_not_count_towards_the_limit(database, room):
    for n in range(3):
        idea(database, room, "p", "second_wall", f"Andet sted {n}", f"other-{n}")
        idea(database, room, "q", "wall", f"Fra Q {n}", f"q-{n}")
    for n in range(3):
        idea(database, room, "p", "wall", f"Idé {n}", f"r{n}")
    assert [r.answer["text"] for r in stored(database, room["wall"], room["p"])] == ["Idé 0", "Idé 1", "Idé 2"]


def test_a_participants_ideas_are_numbered_1_2_3_in_the_order_sent(database, room):
    idea(database, room, "q", "wall", "Fra Q", "q1")
    for n in range(3):
        idea(database, room, "p", "wall", f"Idé {n}", f"r{n}")
    assert [r.slot for r in stored(database, room["wall"], room["p"])] == [1, 2, 3]


def test_a_new_idea_or_answer_was_last_changed_when_it_was_made(database, room):
    idea(database, room, "p", "wall", "Idé", "r1")
    answer(database, room, "p", "poll", {"choices": ["a"]}, "r2")
    for activity in ("wall", "poll"):
        [response] = stored(database, room[activity], room["p"])
        assert response.created_at is not None and response.updated_at == response.created_at
    answer(database, room, "p", "poll", {"choices": ["b"]}, "r3")
    [response] = stored(database, room["poll"], room["p"])
    assert response.updated_at > response.created_at


def test_an_idea_shows_its_id_and_status_and_a_poll_answer_only_the_answer(database, room):
    sent = idea(database, room, "p", "wall", "  Fælles   app ", "r1")
    [entry] = stored(database, room["wall"], room["p"])
    assert sent == {"text": "Fælles app", "id": entry.id, "status": "visible"}
    assert answer(database, room, "p", "poll", {"choices": ["a"]}, "r2") == {"choices": ["a"]}


# --- retries ------------------------------------------------------------------------------------


def test_a_request_id_used_on_another_activity_is_not_a_retry(database, room):
    answer(database, room, "p", "poll", {"choices": ["a"]}, "same")
    assert answer(database, room, "p", "second_poll", {"choices": ["b"]}, "same") == {"choices": ["b"]}
    idea(database, room, "p", "wall", "Første", "same-idea")
    assert idea(database, room, "p", "second_wall", "Anden", "same-idea")["text"] == "Anden"
    assert [r.answer for r in stored(database, room["second_poll"], room["p"])] == [{"choices": ["b"]}]
    assert [r.answer for r in stored(database, room["second_wall"], room["p"])] == [{"text": "Anden"}]


def test_another_participants_request_id_is_not_a_retry(database, room):
    answer(database, room, "q", "poll", {"choices": ["a"]}, "same")
    assert answer(database, room, "p", "poll", {"choices": ["c"]}, "same") == {"choices": ["c"]}
    assert [r.answer for r in stored(database, room["poll"], room["p"])] == [{"choices": ["c"]}]


def test_a_retried_idea_returns_the_idea_it_stored(database, room):
    first = idea(database, room, "p", "wall", "Fælles app", "r1")
    again = idea(database, room, "p", "wall", "Fælles app", "r1")
    assert again == first and again["id"] == stored(database, room["wall"], room["p"])[0].id


@pytest.mark.parametrize("length, accepted", [(1, True), (64, True), (65, False), (0, False)])
def test_a_request_id_has_1_to_64_characters(database, room, length, accepted):
    if accepted:
        assert answer(database, room, "p", "poll", {"choices": ["a"]}, "r" * length) == {"choices": ["a"]}
    else:
        with pytest.raises(InvalidInput) as raised:
            answer(database, room, "p", "poll", {"choices": ["a"]}, "r" * length)
        in_danish(raised.value)
        assert stored(database, room["poll"], room["p"]) == []


def test_an_answer_of_exactly_the_size_limit_is_taken_and_one_byte_more_is_not(database, room):
    def of_size(size):
        # A poll keeps only the choices, so padding makes a valid answer of any size.
        padded = {"choices": ["a"], "padding": ""}
        padded["padding"] = "x" * (size - workshops._json_size(padded))
        assert workshops._json_size(padded) == size
        return padded

    assert answer(database, room, "p", "poll", of_size(workshops.MAX_ANSWER_BYTES), "r1") == {"choices": ["a"]}
    with pytest.raises(InvalidInput) as refused:
        answer(database, room, "p", "second_poll", of_size(workshops.MAX_ANSWER_BYTES + 1), "r2")
    in_danish(refused.value)
    assert refused.value.message == "The answer is too large."
    assert stored(database, room["second_poll"], room["p"]) == []


# --- which activities take answers --------------------------------------------------------------


def set_state(database, activity_id, state):
    with database.transaction() as db:
        db.get(Activity, activity_id).state = state


def test_a_closed_activity_says_so_and_a_draft_says_it_is_not_open_yet(database, room):
    set_state(database, room["second_poll"], "closed")
    with pytest.raises(Conflict) as closed:
        answer(database, room, "p", "second_poll", {"choices": ["a"]}, "r1")
    in_danish(closed.value)
    assert "closed" in closed.value.message
    set_state(database, room["second_poll"], "draft")
    with pytest.raises(Conflict) as draft:
        answer(database, room, "p", "second_poll", {"choices": ["a"]}, "r2")
    in_danish(draft.value)
    assert "not open yet" in draft.value.message
    assert stored(database, room["second_poll"], room["p"]) == []


def test_a_presented_workshop_takes_answers_only_for_the_presented_activity(database, room):
    with database.transaction() as db:
        w = db.get(Workshop, room["workshop"])
        workshops.set_pace(db, w, "presenter")
        workshops.present(db, w, room["second_poll"])
    with pytest.raises(Conflict) as refused:
        answer(database, room, "p", "poll", {"choices": ["a"]}, "r1")
    in_danish(refused.value)
    assert "not being presented" in refused.value.message
    assert answer(database, room, "p", "second_poll", {"choices": ["a"]}, "r2") == {"choices": ["a"]}


def test_an_activity_of_another_workshop_is_not_found(database, room, workshop_factory):
    other = workshop_factory(database)
    with database.transaction() as db:
        with pytest.raises(NotFound) as raised:
            workshops.respond(db, room["p"], room["workshop"], other.poll_id, {"choices": ["a"]}, "r1")
        in_danish(raised.value)


# --- two tabs at once ---------------------------------------------------------------------------


def race(database, first, second, table="responses"):
    """Run `first(session)` and `second(session)` in two threads, each in its own transaction on
    its own connection, so that both read before either has committed a row of `table` and both
    then insert one: two tabs of one phone answering at once.

    Listeners on the engine's statements order the two: the second starts once the first has
    inserted, and the first holds its savepoint open until the second is about to insert. The
    database does everything else. Returns what each got: its result, or the error it raised.
    """
    first_inserted, second_inserting = threading.Event(), threading.Event()
    insert = f"INSERT INTO {table.upper()} "
    results = {}

    def before(conn, cursor, statement, parameters, context, executemany):
        name, text = threading.current_thread().name, statement.lstrip().upper()
        if name == "second" and text.startswith(insert):
            second_inserting.set()
        elif name == "first" and text.startswith("RELEASE SAVEPOINT") and first_inserted.is_set():
            second_inserting.wait(10)

    def after(conn, cursor, statement, parameters, context, executemany):
        if threading.current_thread().name == "first" and statement.lstrip().upper().startswith(insert):
            first_inserted.set()

    def run(name, action):
        try:
            if name == "second":
                assert first_inserted.wait(10), "the first tab never wrote"
            with database.transaction() as db:
                results[name] = action(db)
        except Exception as error:  # the test looks at what each tab got
            results[name] = error
        finally:
            first_inserted.set()
            second_inserting.set()

    event.listen(database.engine, "before_cursor_execute", before)
    event.listen(database.engine, "after_cursor_execute", after)
    try:
        threads = [threading.Thread(target=run, args=(name, action), name=name)
                   for name, action in (("first", first), ("second", second))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        event.remove(database.engine, "before_cursor_execute", before)
        event.remove(database.engine, "after_cursor_execute", after)
    return results["first"], results["second"]


def tab(room, activity, answer, request_id, who="p"):
    return lambda db: workshops.respond(db, room[who], room["workshop"], room[activity], answer, request_id)


def test_two_tabs_answering_a_poll_at_once_leave_one_answer_the_newer(racing_database):
    database, room = racing_database, make_room(racing_database)
    # Answers a careless fallback could pick up instead: Q's own on another poll, P's on this
    # one (P joined first, so an unfiltered lookup would meet P's answer first).
    answer(database, room, "q", "second_poll", {"choices": ["c"]}, "q-other")
    answer(database, room, "p", "poll", {"choices": ["c"]}, "p-here")
    first, second = race(
        database,
        tab(room, "poll", {"choices": ["a"]}, "tab-1", who="q"),
        tab(room, "poll", {"choices": ["b"]}, "tab-2", who="q"),
    )
    assert first == {"choices": ["a"]} and second == {"choices": ["b"]}
    [mine] = stored(database, room["poll"], room["q"])
    assert (mine.answer, mine.request_id) == ({"choices": ["b"]}, "tab-2")
    assert [r.answer for r in stored(database, room["second_poll"], room["q"])] == [{"choices": ["c"]}]
    assert [r.answer for r in stored(database, room["poll"], room["p"])] == [{"choices": ["c"]}]
    with database.reading() as db:
        assert workshops.results(db, db.get(Activity, room["poll"]))["counts"] == {"a": 0, "b": 1, "c": 1}


def test_a_resent_idea_racing_the_original_is_one_idea(racing_database):
    database, room = racing_database, make_room(racing_database)
    # The same request id elsewhere: Q's own on another wall, P's on this one.
    idea(database, room, "q", "second_wall", "Andet sted", "resent")
    idea(database, room, "p", "wall", "Fra P", "resent")
    send = tab(room, "wall", {"text": "Fælles app"}, "resent", who="q")
    first, second = race(database, send, send)
    [entry] = stored(database, room["wall"], room["q"])
    assert first == second == {"text": "Fælles app", "id": entry.id, "status": "visible"}


def test_two_different_ideas_at_once_are_both_kept(racing_database):
    database, room = racing_database, make_room(racing_database)
    first, second = race(
        database, tab(room, "wall", {"text": "Fælles app"}, "tab-1"), tab(room, "wall", {"text": "Mere data"}, "tab-2")
    )
    assert first["text"] == "Fælles app" and second["text"] == "Mere data"
    assert [(r.slot, r.answer["text"]) for r in stored(database, room["wall"], room["p"])] == [
        (1, "Fælles app"), (2, "Mere data")]


def test_on_sqlite_two_tabs_at_once_take_turns(database, room):
    """The first tab's transaction holds the write lock from its start; the second tab's waits
    for it, then reads what the first stored: its resend is the same idea, its answer is newer."""
    first_has_written, results = threading.Event(), {}

    def first_tab():
        with database.transaction() as db:
            results["idea"] = workshops.respond(db, room["p"], room["workshop"], room["wall"], {"text": "Fælles app"}, "i1")
            results["poll"] = workshops.respond(db, room["p"], room["workshop"], room["poll"], {"choices": ["a"]}, "p1")
            first_has_written.set()
            threading.Event().wait(0.3)  # the second tab starts meanwhile and must wait

    thread = threading.Thread(target=first_tab)
    thread.start()
    assert first_has_written.wait(10)
    with database.transaction() as db:
        resent = workshops.respond(db, room["p"], room["workshop"], room["wall"], {"text": "Fælles app"}, "i1")
        newer = workshops.respond(db, room["p"], room["workshop"], room["poll"], {"choices": ["b"]}, "p2")
    thread.join(10)
    assert resent == results["idea"] and newer == {"choices": ["b"]}
    assert [r.answer for r in stored(database, room["wall"], room["p"])] == [{"text": "Fælles app"}]
    assert [r.answer for r in stored(database, room["poll"], room["p"])] == [{"choices": ["b"]}]


# --- votes for questions (workshops.upvote) -----------------------------------------------------


@pytest.fixture
def questions(database, room):
    return make_questions(database, room)


def make_questions(database, room):
    """An open Q&A in the room with two questions by P; R is a third participant."""
    with database.transaction() as db:
        w = db.get(Workshop, room["workshop"])
        qa = workshops.add_activity(db, w, "qa", "Spørgsmål", {})
        workshops.open_activity(db, qa)
        room.update(qa=qa.id, r=workshops.join(db, w).id)
    first = answer(database, room, "p", "qa", {"text": "Hvem betaler?"}, "q1")["id"]
    second = answer(database, room, "p", "qa", {"text": "Hvornår?"}, "q2")["id"]
    return first, second


def upvote(database, room, who, entry_id, up=True):
    with database.transaction() as db:
        return workshops.upvote(db, room[who], room["workshop"], entry_id, up)


def test_each_participant_votes_once_per_question_and_can_take_it_back(database, room, questions):
    first, second = questions
    assert upvote(database, room, "q", first) == {"entry_id": first, "up": True, "votes": 1}
    assert upvote(database, room, "q", first)["votes"] == 1
    assert upvote(database, room, "r", first)["votes"] == 2
    # Votes for the other question are its own.
    assert upvote(database, room, "q", second)["votes"] == 1
    assert upvote(database, room, "q", first, up=False) == {"entry_id": first, "up": False, "votes": 1}
    assert upvote(database, room, "q", first, up=False)["votes"] == 1
    assert upvote(database, room, "r", first, up=False)["votes"] == 0


def test_only_visible_questions_of_others_get_votes(database, room, questions):
    first, _ = questions
    with pytest.raises(Conflict) as own:
        upvote(database, room, "p", first)
    in_danish(own.value)
    assert "own question" in own.value.message
    poll_answer = answer(database, room, "q", "poll", {"choices": ["a"]}, "r1")
    idea_id = idea(database, room, "q", "wall", "Fælles app", "r2")["id"]
    with pytest.raises(InvalidInput) as not_a_question:
        upvote(database, room, "r", idea_id)
    in_danish(not_a_question.value)
    assert not_a_question.value.message == "Only questions can get votes."
    [poll_response] = stored(database, room["poll"], room["q"])
    assert poll_answer == {"choices": ["a"]}
    with pytest.raises(NotFound) as raised:
        upvote(database, room, "r", poll_response.id)
    in_danish(raised.value)
    for status in ("hidden", "pending"):
        with database.transaction() as db:
            db.get(Response, first).status = status
        with pytest.raises(NotFound) as hidden:
            upvote(database, room, "q", first)
        in_danish(hidden.value)
        assert hidden.value.message == "There is no such question."
    for bad in ({"entry_id": "1", "up": True}, {"entry_id": first, "up": "yes"}, {"entry_id": True, "up": True}):
        with pytest.raises(InvalidInput) as refused:
            upvote(database, room, "q", bad["entry_id"], bad["up"])
        in_danish(refused.value)
        assert "entry_id" in refused.value.message


def test_a_closed_qa_takes_no_votes(database, room, questions):
    first, _ = questions
    set_state(database, room["qa"], "closed")
    with pytest.raises(Conflict) as raised:
        upvote(database, room, "q", first)
    in_danish(raised.value)


def test_two_tabs_voting_at_once_count_once(racing_database):
    database, room = racing_database, make_room(racing_database)
    first, _ = make_questions(database, room)
    upvote(database, room, "r", first)  # another participant's vote, there before
    vote_from_q = lambda db: workshops.upvote(db, room["q"], room["workshop"], first, True)  # noqa: E731
    one, other = race(database, vote_from_q, vote_from_q, table="upvotes")
    assert one == {"entry_id": first, "up": True, "votes": 2}
    assert other == {"entry_id": first, "up": True, "votes": 2}

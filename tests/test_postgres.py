"""DATABASE_URL really selects PostgreSQL: the migrations build the models' schema there, go down
and up again, and the real handlers run a workshop on it (votes, retries, the unique constraints,
themes, moderation, upvotes, deleting a workshop).

Runs when TEST_POSTGRES_URL names a PostgreSQL database that the tests may wipe, e.g.
postgresql+psycopg://facilitation:facilitation@127.0.0.1:5432/facilitation_test as printed by
`sh scripts/ensure-postgres` (as root; .ci/run does this). Skipped otherwise.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from facilitation import create_app, socketio, workshops
from facilitation.db import Database
from facilitation.models import (
    Activity,
    Base,
    Facilitator,
    FacilitatorToken,
    Participant,
    Response,
    Theme,
    Upvote,
    Workshop,
)

from .conftest import POLL_CONFIG, join_as_participant, make_facilitator, make_workshop, vote

URL = os.environ.get("TEST_POSTGRES_URL", "")

pytestmark = pytest.mark.skipif(
    not URL,
    reason="TEST_POSTGRES_URL is not set: no PostgreSQL to test on "
    "(CI sets it; locally run `sudo sh scripts/ensure-postgres` and export the URL it prints)",
)


# --- the database ------------------------------------------------------------------------------


def drop_all_tables(url: str) -> None:
    """Empty the schema: every table, alembic_version included (their sequences go with them)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in inspect(connection).get_table_names():
            connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    engine.dispose()


@pytest.fixture
def empty_postgres():
    assert URL.startswith("postgresql"), f"TEST_POSTGRES_URL is not a PostgreSQL URL: {URL!r}"
    drop_all_tables(URL)
    yield URL
    drop_all_tables(URL)


def schema_differences(database: Database) -> list:
    with database.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def table_names(database: Database) -> set[str]:
    return set(inspect(database.engine).get_table_names())


def test_migrations_build_the_models_schema_and_go_down_and_up_again(empty_postgres):
    database = Database(empty_postgres)
    assert database.engine.dialect.name == "postgresql"
    assert table_names(database) == set()

    database.upgrade()
    assert schema_differences(database) == []
    assert table_names(database) == set(Base.metadata.tables) | {"alembic_version"}

    command.downgrade(database.alembic_config(), "base")
    assert table_names(database) == {"alembic_version"}

    database.upgrade()
    assert schema_differences(database) == []
    database.upgrade()  # upgrading twice is harmless
    assert database.is_empty()
    database.dispose()


# --- the app on PostgreSQL ---------------------------------------------------------------------


@pytest.fixture
def postgres_app(empty_postgres, tmp_path):
    schema = Database(empty_postgres)
    schema.upgrade()
    schema.dispose()
    instance = tmp_path / "instance"
    instance.mkdir()
    app = create_app(
        {
            "DATABASE_URL": empty_postgres,
            "ASYNC_MODE": "threading",
            "SECRET_KEY": "x",
            "INSTANCE_PATH": str(instance),
            "TESTING": True,
            # Flushed by hand, so what the broadcaster sends is deterministic.
            "BROADCAST_INTERVAL": 3600.0,
        }
    )
    clients: list = []
    app.extensions["test_clients"] = clients
    yield app
    for client in clients:
        if client.is_connected():
            client.disconnect()
    # Before the tables are dropped: no pooled connection may hold a lock on them.
    app.extensions["database"].dispose()


def received(client, name):
    return [message["args"][0] for message in client.get_received() if message["name"] == name]


def connect(app, auth, http=None):
    client = socketio.test_client(app, flask_test_client=http or app.test_client(), auth=auth)
    assert client.is_connected(), auth
    app.extensions["test_clients"].append(client)
    return client


def join_phone(app, code):
    """A phone that joined through the join page (CSRF token and all) and then connected."""
    http = app.test_client()
    join_as_participant(http, code)
    return connect(app, {"role": "participant", "workshop": code}, http)


def send(client, activity_id, answer, request_id):
    return client.emit(
        "respond", {"activity_id": activity_id, "answer": answer, "request_id": request_id}, callback=True
    )


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.get_json()


def test_the_app_runs_a_workshop_on_postgresql(postgres_app):
    app = postgres_app
    database: Database = app.extensions["database"]
    live = app.extensions["live"]
    api = app.test_client()

    # DATABASE_URL selected PostgreSQL, and no SQLite file was made on the side.
    assert database.url == URL and database.engine.dialect.name == "postgresql"
    with database.engine.connect() as connection:
        assert connection.scalar(text("SELECT version()")).startswith("PostgreSQL")
    assert not list(Path(app.instance_path).glob("*.db"))

    facilitator = make_facilitator(database, "anna@bibliotek.dk")
    workshop = make_workshop(database, facilitator.id)
    headers = facilitator.headers
    dashboard = connect(app, {"role": "facilitator", "workshop": workshop.id, "token": facilitator.token})
    dashboard.get_received()

    # --- a poll: phones join, vote, retry and change their minds --------------------------------
    phones = [join_phone(app, workshop.code) for _ in range(4)]
    first = vote(phones[0], workshop.poll_id, ["a"], "same-id")
    assert first == {"ok": True, "activity_id": workshop.poll_id, "answer": {"choices": ["a"]}}
    assert vote(phones[0], workshop.poll_id, ["a"], "same-id") == first  # a retry, counted once
    assert vote(phones[1], workshop.poll_id, ["a"])["ok"]
    assert vote(phones[2], workshop.poll_id, ["b"])["ok"]
    assert vote(phones[3], workshop.poll_id, ["b"])["ok"]
    assert vote(phones[3], workshop.poll_id, ["c"])["ok"]  # changed: the newer answer counts
    live.flush()
    expected = {"responses": 4, "counts": {"a": 2, "b": 1, "c": 1}}
    assert received(dashboard, "results") == [{"activity_id": workshop.poll_id, "results": expected}]
    assert ok(api.get(f"/api/v1/activities/{workshop.poll_id}/results", headers=headers))["results"] == expected
    assert [option["label"] for option in workshop_view(api, workshop.id, headers)["activities"][0]["config"]["options"]] \
        == POLL_CONFIG["options"]

    # A second answer from the same participant is refused by the database itself, and the
    # transaction goes on after the savepoint (PostgreSQL aborts a transaction on an error).
    with database.transaction() as db:
        stored = db.scalars(select(Response).where(Response.activity_id == workshop.poll_id).order_by(Response.id)).first()
        with pytest.raises(IntegrityError, match="uq_responses_activity_id_participant_id_slot"):
            with db.begin_nested():
                db.add(Response(activity_id=workshop.poll_id, participant_id=stored.participant_id, slot=0,
                                answer={"choices": ["b"]}, request_id="another"))
        with pytest.raises(IntegrityError, match="uq_responses_activity_id_participant_id_request_id"):
            with db.begin_nested():
                db.add(Response(activity_id=workshop.poll_id, participant_id=stored.participant_id, slot=7,
                                answer={"choices": ["b"]}, request_id=stored.request_id))
        assert db.scalar(select(func.count(Response.id)).where(Response.activity_id == workshop.poll_id)) == 4
    two_tabs_racing_count_once(database, workshop)
    assert ok(api.get(f"/api/v1/activities/{workshop.poll_id}/results", headers=headers))["results"] == {
        "responses": 5, "counts": {"a": 2, "b": 2, "c": 1}}

    # --- rating the workshop's themes ---------------------------------------------------------------
    theme_ids = [workshop.theme_id] + [
        ok(api.post(f"/api/v1/workshops/{workshop.id}/themes", json={"title": title}, headers=headers), 201)["theme"]["id"]
        for title in ("KOMBIT", "Kulturarv")
    ]
    t = [str(theme_id) for theme_id in theme_ids]
    rating_id = add_and_present(api, workshop.id, headers, "rating", "Hvor vigtigt?",
                                {"themes": "all", "scale_min": 1, "scale_max": 5, "allow_dont_know": True})
    live.flush()  # the racing answers above go out first
    dashboard.get_received()
    assert send(phones[0], rating_id, {"ratings": {t[0]: 5, t[1]: 2, t[2]: "dont_know"}}, "r1")["ok"]
    assert send(phones[1], rating_id, {"ratings": {t[0]: 4, t[1]: 2, t[2]: 3}}, "r1")["ok"]
    refused = send(phones[2], rating_id, {"ratings": {t[0]: 6}}, "r1")
    assert refused["ok"] is False and refused["error"]["code"] == "invalid"
    live.flush()
    [message] = received(dashboard, "results")
    assert message["activity_id"] == rating_id and message["results"]["responses"] == 2
    rows = {row["label"]: row for row in message["results"]["themes"]}
    assert list(rows) == ["Fælles infrastruktur", "KOMBIT", "Kulturarv"]
    assert (rows["Fælles infrastruktur"]["n"], rows["Fælles infrastruktur"]["distribution"], rows["Fælles infrastruktur"]["mean"]) \
        == (2, {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1}, 4.5)
    assert (rows["KOMBIT"]["n"], rows["KOMBIT"]["distribution"]["2"], rows["KOMBIT"]["mean"]) == (2, 2, 2)
    assert (rows["Kulturarv"]["n"], rows["Kulturarv"]["dont_know"], rows["Kulturarv"]["mean"]) == (1, 1, 3)

    # --- ideas with moderation ----------------------------------------------------------------------
    assert ok(api.put(f"/api/v1/workshops/{workshop.id}/blocked-words", json={"words": ["Lort"]}, headers=headers)) \
        == {"words": ["lort"]}
    ideas_id = add_and_present(api, workshop.id, headers, "ideas", "Hvad skal vi gøre sammen?",
                               {"per_participant": 2, "display": "cloud"})
    shown = send(phones[0], ideas_id, {"text": "Fælles app"}, "i1")
    assert shown["ok"] and shown["answer"]["status"] == "visible"
    assert send(phones[0], ideas_id, {"text": "Fælles app"}, "i1") == shown  # a retry is one idea
    held = send(phones[1], ideas_id, {"text": "Sikke noget LORT"}, "i1")
    assert held["answer"]["status"] == "pending"
    assert send(phones[0], ideas_id, {"text": "Data"}, "i2")["ok"]
    over = send(phones[0], ideas_id, {"text": "En for meget"}, "i3")
    assert over["ok"] is False and over["error"]["code"] == "conflict"
    ok(api.post(f"/api/v1/entries/{held['answer']['id']}/moderate", json={"status": "hidden"}, headers=headers))
    results = ok(api.get(f"/api/v1/activities/{ideas_id}/results", headers=headers))["results"]
    assert [idea["text"] for idea in results["ideas"]] == ["Fælles app", "Data"]
    assert results["moderation"] == {"pending": [], "hidden": [{"id": held["answer"]["id"], "text": "Sikke noget LORT"}]}
    mine = phones[1].emit("sync", {}, callback=True)["view"]["entries"][str(ideas_id)]
    assert [(entry["text"], entry["status"]) for entry in mine] == [("Sikke noget LORT", "hidden")]

    # --- questions with upvotes ---------------------------------------------------------------------
    qa_id = add_and_present(api, workshop.id, headers, "qa", "Spørgsmål til panelet", {})
    question = send(phones[0], qa_id, {"text": "Hvem betaler?"}, "q1")["answer"]["id"]
    up = {"entry_id": question, "up": True}
    assert phones[1].emit("upvote", up, callback=True) == {"ok": True, "entry_id": question, "up": True, "votes": 1}
    assert phones[1].emit("upvote", up, callback=True)["votes"] == 1  # twice counts once
    assert phones[2].emit("upvote", up, callback=True)["votes"] == 2
    own = phones[0].emit("upvote", up, callback=True)
    assert own["ok"] is False and own["error"]["code"] == "conflict"
    with database.transaction() as db:
        voter = db.scalars(select(Upvote).where(Upvote.response_id == question)).first()
        with pytest.raises(IntegrityError, match="uq_upvotes_response_id_participant_id"):
            with db.begin_nested():
                db.add(Upvote(response_id=question, participant_id=voter.participant_id))
    ok(api.post(f"/api/v1/entries/{question}/highlight", json={"highlighted": True}, headers=headers))
    results = ok(api.get(f"/api/v1/activities/{qa_id}/results", headers=headers))["results"]
    assert [(q["text"], q["votes"], q["highlighted"]) for q in results["questions"]] == [("Hvem betaler?", 2, True)]

    # --- everything is in PostgreSQL, and deleting the workshop deletes it all -----------------------
    tables = (Workshop, Activity, Theme, Participant, Response, Upvote)
    assert counts(tables) == {"workshops": 1, "activities": 4, "themes": 3, "participants": 5,
                              "responses": 5 + 2 + 3 + 1, "upvotes": 2}
    for client in list(app.extensions["test_clients"]):
        client.disconnect()
    assert ok(api.delete(f"/api/v1/workshops/{workshop.id}", headers=headers)) == {"deleted": workshop.id}
    assert counts(tables) == {table.__tablename__: 0 for table in tables}
    assert counts((Facilitator, FacilitatorToken)) == {"facilitators": 1, "facilitator_tokens": 1}


def workshop_view(api, workshop_id, headers) -> dict:
    return ok(api.get(f"/api/v1/workshops/{workshop_id}", headers=headers))


def add_and_present(api, workshop_id, headers, kind, prompt, config) -> int:
    """Add an activity through the API, open it and present it."""
    body = {"kind": kind, "prompt": prompt, "config": config}
    activity_id = ok(api.post(f"/api/v1/workshops/{workshop_id}/activities", json=body, headers=headers), 201)["activity"]["id"]
    ok(api.post(f"/api/v1/activities/{activity_id}/open", headers=headers))
    assert ok(api.post(f"/api/v1/workshops/{workshop_id}/present", json={"activity_id": activity_id}, headers=headers)) \
        == {"presented_activity_id": activity_id}
    return activity_id


def counts(models) -> dict[str, int]:
    """Row counts read straight from PostgreSQL, on a connection of its own."""
    engine = create_engine(URL)
    with engine.connect() as connection:
        result = {model.__tablename__: connection.scalar(select(func.count()).select_from(model)) for model in models}
    engine.dispose()
    return result


def two_tabs_racing_count_once(database: Database, workshop) -> None:
    """One participant answers from two tabs at once. The second tab's insert waits on the first
    one's uncommitted row, then hits the unique constraint when the first commits; respond()
    catches that in its savepoint and updates the first answer. One response, the newer answer."""
    with database.transaction() as db:
        participant_id = workshops.join(db, db.get(Workshop, workshop.id)).id
    first_tab = database.sessionmaker()
    outcome: dict = {}

    def second_tab():
        try:
            with database.transaction() as db:
                outcome["answer"] = workshops.respond(db, participant_id, workshop.id, workshop.poll_id,
                                                      {"choices": ["b"]}, "tab-2")
        except Exception as error:  # reported by the assertion below
            outcome["error"] = error

    thread = threading.Thread(target=second_tab, daemon=True)
    try:
        workshops.respond(first_tab, participant_id, workshop.id, workshop.poll_id, {"choices": ["a"]}, "tab-1")
        thread.start()
        waited = wait_for_a_lock_wait(database)
    finally:
        first_tab.commit()
        first_tab.close()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert waited, "the second tab never waited for the first one's row"
    assert outcome == {"answer": {"choices": ["b"]}}
    with database.reading() as db:
        rows = db.execute(select(Response.answer, Response.request_id).where(Response.participant_id == participant_id)).all()
    assert [tuple(row) for row in rows] == [({"choices": ["b"]}, "tab-2")]


def wait_for_a_lock_wait(database: Database, seconds: float = 10.0) -> bool:
    """True once some session of this database waits for a lock (the second tab's insert)."""
    deadline = time.monotonic() + seconds
    with database.engine.connect() as connection:
        while time.monotonic() < deadline:
            waiting = connection.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))
            connection.rollback()
            if waiting:
                return True
            time.sleep(0.05)
    return False


def test_a_countdown_is_ended_by_one_of_two_processes_at_once(empty_postgres):
    """Two server processes' broadcasters end the same countdown at the same moment: the second
    one's UPDATE waits for the first one's row, and then finds nothing left to end, so only the
    first announces it (and closes the activity once)."""
    database = Database(empty_postgres)
    database.upgrade()
    try:
        workshop = make_workshop(database, make_facilitator(database, "timer@bibliotek.dk").id)
        with database.transaction() as db:
            activity = db.get(Activity, workshop.poll_id)
            workshops.start_timer(db, activity, 60, closes=True)
            activity.timer_ends_at = activity.timer_ends_at - timedelta(seconds=120)  # due now
        first = database.sessionmaker()
        outcome: dict = {}

        def second_process():
            with database.transaction() as db:
                outcome["ended"] = workshops.expire_timers(db)

        thread = threading.Thread(target=second_process, daemon=True)
        try:
            assert workshops.expire_timers(first) == {workshop.id}
            thread.start()
            waited = wait_for_a_lock_wait(database)
        finally:
            first.commit()
            first.close()
        thread.join(timeout=30)
        assert waited, "the second process never waited for the first one's row"
        assert outcome == {"ended": set()}
        with database.reading() as db:
            activity = db.get(Activity, workshop.poll_id)
            assert (activity.state, activity.timer_ends_at, activity.timer_closes) == ("closed", None, False)
    finally:
        database.dispose()

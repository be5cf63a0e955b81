"""Fixtures for tests against a real server process."""

import pytest

from facilitation import accounts, workshops
from facilitation.config import load_or_create_secret_key
from facilitation.db import Database, sqlite_url
from tests.conftest import POLL_CONFIG
from tests.server import ServerProcess


@pytest.fixture
def prepared_instance(tmp_path):
    """An instance folder with a migrated database: one facilitator (with an API token) and a
    workshop whose poll is open and presented."""
    instance = tmp_path / "instance"
    load_or_create_secret_key(instance)
    database = Database(sqlite_url(instance / "facilitation.db"))
    database.upgrade()
    with database.transaction() as db:
        facilitator = accounts.create_facilitator(db, "live@bibliotek.dk", "correct horse battery")
        token = accounts.create_api_token(db, facilitator)
        workshop = workshops.create_workshop(db, facilitator.id, "Live", "da")
        poll = workshops.add_activity(db, workshop, "poll", "Hvem først?", POLL_CONFIG)
        workshops.open_activity(db, poll)
        workshops.present(db, workshop, poll.id)
        facts = {"token": token, "workshop_id": workshop.id, "code": workshop.join_code,
                 "poll_id": poll.id, "screen_secret": workshop.screen_secret,
                 "facilitator_email": facilitator.email}
    database.dispose()
    return instance, facts


@pytest.fixture
def live_server(prepared_instance):
    instance, facts = prepared_instance
    server = ServerProcess(instance).start()
    yield server, facts
    server.stop()

"""Fixtures shared by the suite: a real app on a real SQLite file, accounts, workshops, phones.

Nothing of ours is mocked: the test client and Flask-SocketIO's test client drive the real
handlers, which write to a real database file in a temporary folder.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import shutil
from dataclasses import dataclass

import pytest
from hypothesis import settings
from werkzeug.security import generate_password_hash

from facilitation import accounts, create_app, socketio, workshops
from facilitation.db import MIGRATIONS, Database, sqlite_url
from facilitation.kinds import stats

# Under `make mutate` every mutant is a pytest session forked from one process: without a fixed
# seed and without the shared example database, a property test would kill different mutants
# from one run to the next (docs/testing.md).
settings.register_profile("mutation", database=None, derandomize=True)
if "MUTANT_UNDER_TEST" in os.environ:
    settings.load_profile("mutation")


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hash():
    """Tests hash passwords with one round of PBKDF2 instead of the app's scrypt: a scrypt hash
    costs a third of a second, and many tests make a facilitator. The app itself is unchanged;
    checking a password reads the method from the stored hash."""
    cheap = functools.partial(generate_password_hash, method="pbkdf2:sha256:1")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "generate_password_hash", cheap)
        yield


@pytest.fixture(autouse=True)
def fresh_agreement_cache():
    """No test sees agreement values cached before it ran: by another test, or under
    `make mutate` by the unmutated code in the process every mutant's run is forked from."""
    stats._cached_pattern_agreement.cache_clear()


def _migrations_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(MIGRATIONS.rglob("*.py")):
        digest.update(path.relative_to(MIGRATIONS).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def migrated_database_file(tmp_path_factory):
    """A database file with the schema applied once; each test gets a copy (migrating per test is slow).

    The file is kept beside pytest's numbered temporary folders, named after the migrations, so
    later sessions (each mutant of `make mutate` is one) reuse it while the migrations are the same.
    """
    path = tmp_path_factory.getbasetemp().parent / f"template-{_migrations_digest()}.db"
    if not path.exists():
        building = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        database = Database(sqlite_url(building))
        database.upgrade()
        database.dispose()
        os.replace(building, path)  # whole or not at all, should two sessions build it at once
    return path


@pytest.fixture
def app(tmp_path, migrated_database_file):
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copy(migrated_database_file, instance / "facilitation.db")
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            # Never a DATABASE_URL from the developer's environment: tests write their own file.
            "DATABASE_URL": sqlite_url(instance / "facilitation.db"),
            "ASYNC_MODE": "threading",
            "SECRET_KEY": secrets.token_hex(16),
            "TESTING": True,
            # Tests flush the broadcaster by hand, so what it sends is deterministic.
            "BROADCAST_INTERVAL": 3600.0,
        }
    )
    yield app
    app.extensions["database"].dispose()


@pytest.fixture
def client_factory(app):
    """Each call is a separate browser with its own cookies."""
    return app.test_client


@pytest.fixture
def database(app) -> Database:
    return app.extensions["database"]


@dataclass
class FacilitatorAccount:
    id: int
    email: str
    password: str
    token: str

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}


def make_facilitator(database: Database, email: str) -> FacilitatorAccount:
    password = "correct horse battery"
    with database.transaction() as db:
        facilitator = accounts.create_facilitator(db, email, password)
        token = accounts.create_api_token(db, facilitator)
        return FacilitatorAccount(facilitator.id, email, password, token)


@pytest.fixture
def facilitator(database) -> FacilitatorAccount:
    return make_facilitator(database, "anna@bibliotek.dk")


@pytest.fixture
def other_facilitator(database) -> FacilitatorAccount:
    return make_facilitator(database, "bo@bibliotek.dk")


POLL_CONFIG = {"options": ["DDF", "KOMBIT", "Det Kgl. Bibliotek"], "max_choices": 1}


@dataclass
class WorkshopFixture:
    id: int
    code: str
    screen_secret: str
    poll_id: int
    theme_id: int


def make_workshop(database: Database, facilitator_id: int, open_poll=True) -> WorkshopFixture:
    """A workshop with one poll, opened and presented unless open_poll is False."""
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator_id, "Strategidag", "da")
        theme = workshops.add_theme(db, workshop, "Fælles infrastruktur", "Data og drift")
        poll = workshops.add_activity(db, workshop, "poll", "Hvem først?", POLL_CONFIG)
        if open_poll:
            workshops.open_activity(db, poll)
            workshops.present(db, workshop, poll.id)
        return WorkshopFixture(workshop.id, workshop.join_code, workshop.screen_secret, poll.id, theme.id)


@pytest.fixture
def workshop_factory():
    """Make a facilitator and an open, presented poll in any database."""

    def make(database: Database) -> WorkshopFixture:
        return make_workshop(database, make_facilitator(database, f"{secrets.token_hex(4)}@bibliotek.dk").id)

    return make


@pytest.fixture
def workshop(database, facilitator) -> WorkshopFixture:
    return make_workshop(database, facilitator.id)


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def join_form(html: str, **fields) -> dict:
    """The hidden fields of a join page (CSRF token, the form's single-use join token), plus
    `fields`: what a browser would send."""
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    assert "csrf_token" in hidden and "join_nonce" in hidden, "the page has no join form"
    return {**hidden, **fields}


def join_as_participant(client, code: str, name: str = "") -> None:
    """Join through the real join page, CSRF token and all; the client keeps the cookie."""
    page = client.get(f"/j/{code}")
    response = client.post(f"/j/{code}", data=join_form(page.text, display_name=name))
    assert response.status_code == 302, response.text


@pytest.fixture
def phone(app, workshop):
    """A factory of joined phones: each is a Socket.IO test client with its own cookie."""
    clients = []

    def make(code=None):
        http = app.test_client()
        join_as_participant(http, code or workshop.code)
        client = socketio.test_client(
            app, flask_test_client=http, auth={"role": "participant", "workshop": code or workshop.code}
        )
        assert client.is_connected()
        clients.append(client)
        return client

    yield make
    for client in clients:
        if client.is_connected():
            client.disconnect()


def vote(client, activity_id, choices, request_id=None):
    return client.emit(
        "respond",
        {"activity_id": activity_id, "answer": {"choices": choices}, "request_id": request_id or secrets.token_hex(8)},
        callback=True,
    )

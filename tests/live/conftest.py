"""Fixtures for tests against a real server process."""

import pytest

from tests.conftest import POLL_CONFIG
from tests.server import ServerProcess, prepare_instance


@pytest.fixture
def prepared_instance(tmp_path):
    """An instance folder with a migrated database: one facilitator (with an API token) and a
    workshop whose poll is open and presented."""
    instance = tmp_path / "instance"
    return instance, prepare_instance(instance, POLL_CONFIG)


@pytest.fixture
def live_server(prepared_instance):
    instance, facts = prepared_instance
    server = ServerProcess(instance).start()
    yield server, facts
    server.stop()

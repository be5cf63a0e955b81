"""A real cluster for the tests: Redis, two `python app.py` processes on PostgreSQL, and HAProxy
in front, started with the same code as `make cluster` (facilitation/local_cluster.py).

Needs redis-server, haproxy and a PostgreSQL database in TEST_CLUSTER_POSTGRES_URL (its tables
are dropped); `.ci/run` installs and sets them all. Without them the tests skip and say why.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

import pytest
from sqlalchemy import create_engine, inspect, text

from facilitation import local_cluster
from tests.conftest import POLL_CONFIG
from tests.server import ServerProcess, free_port, prepare_instance

URL = os.environ.get("TEST_CLUSTER_POSTGRES_URL", "")


def _missing() -> str | None:
    if not URL:
        return ("TEST_CLUSTER_POSTGRES_URL is not set (CI sets it; locally, as root: "
                "export TEST_CLUSTER_POSTGRES_URL=$(POSTGRES_DATABASE=facilitation_cluster_test sh scripts/ensure-postgres))")
    for program in ("redis-server", "haproxy"):
        try:
            local_cluster.find_program(program)
        except local_cluster.Missing as missing:
            return str(missing)
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


def drop_all_tables(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in inspect(connection).get_table_names():
            connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    engine.dispose()


@pytest.fixture
def cluster_database():
    """The cluster tests' PostgreSQL URL, emptied before and after (for a test that starts its own
    cluster, such as the benchmark's); skips where the cluster's tools are missing."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    drop_all_tables(URL)
    yield URL
    drop_all_tables(URL)


@dataclass
class Cluster:
    proxy_url: str
    servers: list[ServerProcess]
    facts: dict
    database_url: str
    redis_url: str
    restart_redis: Callable[[], None]


@pytest.fixture
def cluster(tmp_path):
    """Redis, two server processes (eventlet) sharing it and PostgreSQL, HAProxy in front; a
    workshop whose poll is open and presented."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    drop_all_tables(URL)
    instance = tmp_path / "instance"
    facts = prepare_instance(instance, POLL_CONFIG, database_url=URL)
    processes = []
    servers: list[ServerProcess] = []
    log = open(tmp_path / "infrastructure.log", "ab")
    try:
        redis_port = free_port()
        processes.append(local_cluster.start_redis(tmp_path / "redis", redis_port, log))
        redis_url = f"redis://127.0.0.1:{redis_port}"
        proxy_port = free_port()
        proxy_url = f"http://127.0.0.1:{proxy_port}"
        for _ in range(2):
            servers.append(ServerProcess(instance, extra_env={
                "DATABASE_URL": URL,
                "MESSAGE_QUEUE": f"{redis_url}/0",
                "RATE_LIMIT_STORAGE": f"{redis_url}/1",
                "PROXY_COUNT": "1",
                "PUBLIC_URL": proxy_url,
            }).start())
        processes.append(local_cluster.start_haproxy(tmp_path / "haproxy", "127.0.0.1", proxy_port,
                                                     [server.port for server in servers], log))
        def restart_redis() -> None:
            """Stop Redis (losing all it held) and start it again on the same port."""
            local_cluster.stop([processes[0]])
            processes[0] = local_cluster.start_redis(tmp_path / "redis", redis_port, log)

        yield Cluster(proxy_url, servers, facts, URL, redis_url, restart_redis)
    finally:
        for server in servers:
            server.stop()
        local_cluster.stop(processes)
        log.close()
        drop_all_tables(URL)

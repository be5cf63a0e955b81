"""Two server processes sharing Redis and PostgreSQL behind HAProxy (tests/cluster/conftest.py):
what one process learns reaches the clients of the other, exactly. docs/deploy.md."""

from __future__ import annotations

import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
import requests
import socketio

from facilitation.cluster import CHANNEL
from tests.cluster.clients import Dashboard, connect_phone
from tests.server import join_cookie

pytestmark = pytest.mark.live

PHONES = 60


def test_votes_sent_through_process_a_reach_a_dashboard_on_process_b_exactly(cluster):
    a, b = cluster.servers
    facts = cluster.facts
    dashboard = Dashboard(b.url, facts["workshop_id"], facts["token"])
    # Two thirds of the phones on A, the rest on B; only those on A vote.
    servers = [a, a, b] * (PHONES // 3)
    with ThreadPoolExecutor(max_workers=10) as pool:
        cookies = list(pool.map(lambda _: join_cookie(a.url, facts["code"]), range(PHONES)))
        phones = list(pool.map(lambda pair: connect_phone(pair[0].url, pair[1], facts["code"]), zip(servers, cookies)))
    voters = [phone for phone, server in zip(phones, servers) if server is a]
    try:
        # Presence is shared: the dashboard on B counts the phones on both processes.
        assert dashboard.wait(lambda: dashboard.presence.get("connected") == PHONES), dashboard.presence
        choices = [random.choice("abc") for _ in voters]
        with ThreadPoolExecutor(max_workers=10) as pool:
            acks = list(pool.map(
                lambda pair: pair[0].call("respond", {"activity_id": facts["poll_id"],
                                                      "answer": {"choices": [pair[1]]},
                                                      "request_id": f"vote-{pair[2]}"}, timeout=20),
                [(phone, choice, index) for index, (phone, choice) in enumerate(zip(voters, choices))]))
        assert all(ack["ok"] for ack in acks), [ack for ack in acks if not ack["ok"]][:3]
        expected = {"responses": len(voters), "counts": {option: choices.count(option) for option in "abc"}}
        poll = facts["poll_id"]
        assert dashboard.wait(lambda: dashboard.tallies.get(poll, {}).get("responses") == len(voters)), dashboard.tallies
        tally = dashboard.tallies[poll]
        assert {"responses": tally["responses"], "counts": tally["counts"]} == expected

        # Phones leaving A are counted out on B too.
        for phone in voters[:10]:
            phone.disconnect()
        assert dashboard.wait(lambda: dashboard.presence.get("connected") == PHONES - 10), dashboard.presence
    finally:
        for phone in phones:
            phone.disconnect()
        dashboard.client.disconnect()


def test_renewing_the_screen_link_on_process_a_disconnects_link_screens_on_process_b(cluster):
    a, b = cluster.servers
    facts = cluster.facts
    screen = socketio.Client(reconnection=False)
    gone = threading.Event()
    screen.on("disconnect", lambda *_: gone.set())
    screen.connect(b.url, auth={"role": "screen", "workshop": facts["workshop_id"], "key": facts["screen_secret"]},
                   transports=["websocket"], wait_timeout=10)
    try:
        response = requests.post(f"{a.url}/api/v1/workshops/{facts['workshop_id']}/screen-link", json={},
                                 headers={"Authorization": f"Bearer {facts['token']}"}, timeout=10)
        assert response.status_code == 200, response.text
        assert gone.wait(15), "the screen on process B kept its connection after the link was renewed"
    finally:
        screen.disconnect()


def test_a_participants_connections_are_capped_over_both_processes(cluster):
    """SOCKETS_PER_PARTICIPANT (4): the fifth connection ends the oldest, wherever it is."""
    a, b = cluster.servers
    facts = cluster.facts
    cookie = join_cookie(a.url, facts["code"])
    clients, closed = [], []
    try:
        for index, server in enumerate([a, b, a, b, b]):
            client = connect_phone(server.url, cookie, facts["code"])
            client.on("disconnect", lambda *_, index=index: closed.append(index))
            clients.append(client)
        deadline = time.monotonic() + 15
        while not closed and time.monotonic() < deadline:
            time.sleep(0.1)
        assert closed == [0], f"connections closed: {closed} (expected only the oldest, on process A)"
        assert [client.connected for client in clients] == [False, True, True, True, True]
    finally:
        for client in clients:
            client.disconnect()


def test_three_hundred_phones_join_at_once_with_shared_rate_limits(cluster):
    """RATE_LIMIT_STORAGE on Redis: a hall joining at once waits for a pooled connection instead
    of failing with "Too many connections"."""
    facts = cluster.facts

    def join(_):
        http = requests.Session()
        url = f"{cluster.proxy_url}/j/{facts['code']}"
        try:
            page = http.get(url, timeout=60)
            form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
            response = http.post(url, data=form, timeout=60, allow_redirects=False)
        except requests.RequestException as error:
            return repr(error)
        return True if response.status_code == 302 else f"{response.status_code}: {response.text[:300]}"

    with ThreadPoolExecutor(max_workers=300) as pool:
        outcomes = list(pool.map(join, range(300)))
    failures = [outcome for outcome in outcomes if outcome is not True]
    assert not failures, f"{len(failures)} of 300 joins failed: {failures[:3]}"


def test_presence_is_right_again_after_redis_restarts(cluster):
    """Redis restarted empty: each process writes its connected participants again (heartbeat),
    so the count includes the phones that stayed connected, not only those that came since."""
    a, b = cluster.servers
    facts = cluster.facts
    dashboard = Dashboard(b.url, facts["workshop_id"], facts["token"])
    phones = [connect_phone(server.url, join_cookie(a.url, facts["code"]), facts["code"]) for server in (a, a, b)]
    try:
        assert dashboard.wait(lambda: dashboard.presence.get("connected") == 3), dashboard.presence
        cluster.restart_redis()
        # Both processes listen again, and have written their participants again.
        store = redis.Redis.from_url(f"{cluster.redis_url}/0")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            listening = dict(store.pubsub_numsub(CHANNEL)).get(CHANNEL.encode(), 0)
            written = store.keys(f"presence:{facts['workshop_id']}:*")
            if listening == 2 and len(written) >= 3:  # the processes' set, one set per process
                break
            time.sleep(0.2)
        store.close()
        phones.append(connect_phone(a.url, join_cookie(a.url, facts["code"]), facts["code"]))
        assert dashboard.wait(lambda: dashboard.presence.get("connected") == 4), dashboard.presence
    finally:
        for phone in phones:
            phone.disconnect()
        dashboard.client.disconnect()

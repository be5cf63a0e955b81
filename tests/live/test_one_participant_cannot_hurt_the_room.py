"""One participant's socket against the real server: floods, binary attachments, malformed
packets and unknown events end that connection, and the rest of the room keeps voting.

No wall-clock assertions: bench/flood.py measures how fast; these tests say what happens.
"""

import threading
import time

import pytest
import requests
import socketio

from tests.live.raw import RawSocket
from tests.server import ServerProcess, join_cookie

pytestmark = pytest.mark.live


def honest_phone(server, facts):
    client = socketio.Client(reconnection=False)
    client.connect(server.url, headers={"Cookie": join_cookie(server.url, facts["code"])},
                   auth={"role": "participant", "workshop": facts["code"]}, transports=["websocket"], wait_timeout=10)
    return client


def flood(raw: RawSocket, frame, seconds: float = 10.0, limit: int = 1_000_000) -> bool:
    """Send `frame` as fast as possible; True if the server cut the connection off (a send
    failed) before a bounded time or count passed."""
    sent, deadline = 0, time.monotonic() + seconds
    while sent < limit and time.monotonic() < deadline:
        if not raw.send(frame):
            return True
        sent += 1
    return False


@pytest.mark.parametrize("async_mode", ["eventlet", "gevent"])
def test_a_flooding_participant_is_disconnected_and_the_room_keeps_voting(prepared_instance, async_mode):
    instance, facts = prepared_instance
    with ServerProcess(instance, async_mode=async_mode) as server:
        flood_while_another_votes(server, facts)


def flood_while_another_votes(server, facts):
    honest = honest_phone(server, facts)
    raw = RawSocket(server.url, join_cookie(server.url, facts["code"]), facts["code"])
    assert raw.connected
    acks, stop = [], threading.Event()

    def keep_voting():
        for number in range(1000):
            if stop.is_set():
                return
            acks.append(honest.call("respond", {"activity_id": facts["poll_id"], "answer": {"choices": ["ab"[number % 2]]},
                                                "request_id": f"honest-{number}"}, timeout=30))
            time.sleep(0.5)  # a person changing their mind twice a second, within their own limit

    voter = threading.Thread(target=keep_voting)
    voter.start()
    frame = raw.event("respond", {"activity_id": facts["poll_id"], "answer": {"choices": ["c"]}, "request_id": "x"}, 1)
    cut_off = flood(raw, frame)
    stop.set()
    voter.join(60)
    assert cut_off  # while it was still flooding, not only once it stopped
    assert acks and all(ack["ok"] for ack in acks), [ack for ack in acks if not ack["ok"]][:3]
    assert requests.get(server.url + "/", timeout=30).status_code == 200
    assert "disconnected a connection that sent more than its budget" in server.log()
    assert "Traceback" not in server.log()
    honest.disconnect()


@pytest.mark.parametrize("frames", [
    [b"\x00" * 60_000] * 20,                                              # binary frames
    ['451-["respond",{"_placeholder":true,"num":0}]'] + [b"\x00" * 60_000] * 20,  # a binary event's attachments
    ['42["respond", {broken'],                                            # a malformed packet
    ['9nonsense'],                                                        # an unknown packet type
])
def test_binary_and_malformed_frames_end_the_connection(live_server, frames):
    server, facts = live_server
    raw = RawSocket(server.url, join_cookie(server.url, facts["code"]), facts["code"])
    for frame in frames:
        if not raw.send(frame):
            break
    assert raw.closed_by_server()
    assert requests.get(server.url + "/", timeout=30).status_code == 200


def test_many_malformed_packets_write_a_few_log_lines_not_a_traceback_each(live_server):
    server, facts = live_server
    cookie = join_cookie(server.url, facts["code"])
    for _ in range(20):
        raw = RawSocket(server.url, cookie, facts["code"])
        raw.send('42["respond", {broken')
        assert raw.closed_by_server()
    log = server.log()
    assert "Traceback" not in log
    assert 1 <= log.count("malformed packet") <= 3


def test_unknown_events_count_against_the_budget(live_server):
    server, facts = live_server
    raw = RawSocket(server.url, join_cookie(server.url, facts["code"]), facts["code"])
    assert flood(raw, raw.event("no-such-event", {}))


def test_one_participant_holds_a_few_connections_at_most_the_newest(live_server):
    server, facts = live_server
    cookie = join_cookie(server.url, facts["code"])
    sockets = [RawSocket(server.url, cookie, facts["code"]) for _ in range(6)]
    assert all(raw.connected for raw in sockets)
    # The two oldest were closed to make room; the four newest stay.
    assert [raw.closed_by_server(timeout=1.5 if index >= 2 else 10) for index, raw in enumerate(sockets)] == [
        True, True, False, False, False, False]


@pytest.mark.parametrize("async_mode", ["eventlet", "gevent"])
def test_a_silent_connection_is_closed(prepared_instance, async_mode):
    """A half-open TCP connection (a phone that vanished, or a script holding sockets) is closed."""
    import socket

    instance, _ = prepared_instance
    with ServerProcess(instance, async_mode=async_mode, extra_env={"IDLE_CONNECTION_TIMEOUT": "1"}) as server:
        silent = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        silent.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # a request that never ends
        said = b""
        while chunk := silent.recv(1024):  # until the server closes it (not our 30 s timeout)
            said += chunk
        assert said == b"" or said.startswith(b"HTTP/1.1 400")  # gevent says "Bad Request" first
        silent.close()
        assert requests.get(server.url + "/", timeout=30).status_code == 200

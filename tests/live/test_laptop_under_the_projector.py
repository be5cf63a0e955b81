"""The faults of a laptop under the projector, with real server processes: a second server on a
busy port, a database from a newer version, a backup while phones vote."""

import os
import subprocess
import sys
import threading
import time

import pytest
import requests

from tests.live.test_live_server import connect_phone
from tests.server import ROOT, ServerProcess, free_port, prepare_instance

pytestmark = pytest.mark.live

POLL = {"options": ["DDF", "KOMBIT"], "max_choices": 1}


def start_app(instance, port, async_mode="eventlet", timeout=60):
    """`python app.py` as `make run` starts it; returns the finished process (it should exit)."""
    env = {**os.environ, "INSTANCE_PATH": str(instance), "HOST": "127.0.0.1", "PORT": str(port),
           "ASYNC_MODE": async_mode, "LOAD_DEMO": "0"}
    return subprocess.run([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.mark.parametrize("async_mode", ["eventlet", "gevent"])
def test_a_second_server_on_a_busy_port_exits_with_a_message(tmp_path, async_mode):
    facts = prepare_instance(tmp_path / "first", POLL)
    with ServerProcess(tmp_path / "first", async_mode=async_mode) as first:
        prepare_instance(tmp_path / "second", POLL, title="Anden")
        second = start_app(tmp_path / "second", first.port, async_mode)
        assert second.returncode == 2
        assert f"Port {first.port} on 127.0.0.1 is already in use" in second.stderr
        assert "running" not in second.stdout  # no links printed for a server that is not there
        assert [requests.get(f"{first.url}/j/{facts['code']}", timeout=10).status_code for _ in range(10)] == [200] * 10


def test_a_database_from_a_newer_version_stops_the_start_with_a_message(tmp_path):
    from facilitation.db import Database, sqlite_url
    from sqlalchemy import text

    prepare_instance(tmp_path / "instance", POLL)
    database = Database(sqlite_url(tmp_path / "instance" / "facilitation.db"))
    with database.transaction() as db:
        db.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    database.dispose()
    started = start_app(tmp_path / "instance", free_port())
    assert started.returncode == 2
    assert "schema revision 0099" in started.stderr and "Traceback" not in started.stderr


def test_a_backup_while_phones_vote_holds_every_answer_acked_before_it(live_server, tmp_path):
    server, facts = live_server
    phones = [connect_phone(server.url, facts["code"]) for _ in range(5)]
    acked, stop = [], threading.Event()

    def vote(phone, index):
        for number in range(10_000):
            if stop.is_set():
                return
            request_id = f"p{index}-{number}"
            choice = "ab"[number % 2]
            ack = phone.call("respond", {"activity_id": facts["poll_id"], "answer": {"choices": [choice]},
                                         "request_id": request_id}, timeout=30)
            if ack["ok"]:
                acked.append((time.monotonic(), index, request_id))
            time.sleep(0.6)

    voters = [threading.Thread(target=vote, args=(phone, i)) for i, phone in enumerate(phones)]
    for voter in voters:
        voter.start()
    time.sleep(2)
    began = time.monotonic()
    copy = tmp_path / "backup.db"
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "facilitation", "backup", str(copy)],
                            cwd=ROOT, env={**os.environ, "INSTANCE_PATH": str(server.instance_path)},
                            capture_output=True, text=True, timeout=60)
    time.sleep(1)
    stop.set()
    for voter in voters:
        voter.join(60)
    assert result.returncode == 0 and "Backup written" in result.stdout, result.stderr
    assert any(when < began for when, _, _ in acked)  # the phones were voting before it began
    # Each phone's newest answer acked before the backup began is the one the copy holds (or a
    # newer one, acked while the copy was being made).
    import sqlite3

    stored = dict(sqlite3.connect(copy).execute("SELECT request_id, 1 FROM responses").fetchall())
    newest_before = {}
    for when, index, request_id in sorted(acked):
        if when < began:
            newest_before[index] = request_id
    later = {request_id for when, _, request_id in acked if when >= began}
    assert len(stored) == len(phones)
    for index, request_id in newest_before.items():
        assert request_id in stored or stored.keys() & {r for r in later if r.startswith(f"p{index}-")}
    assert sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    for phone in phones:
        phone.disconnect()


def test_the_health_checks_of_the_real_server(live_server):
    server, _ = live_server
    assert requests.get(server.url + "/healthz", timeout=10).json() == {"status": "ok"}
    assert requests.get(server.url + "/readyz", timeout=10).json() == {"status": "ready"}


class Dashboard:
    """A facilitator's Socket.IO client that records the `storage` messages."""

    def __init__(self, url, workshop_id, token):
        import socketio

        self.messages = []
        self.client = socketio.Client(reconnection=False)
        self.client.on("storage", lambda message: self.messages.append((time.monotonic(), message)))
        self.client.connect(url, auth={"role": "facilitator", "workshop": workshop_id, "token": token},
                            transports=["websocket"], wait_timeout=10)


class FileSizeLimit:
    """The server's file size limit (RLIMIT_FSIZE, set with prlimit on the running process) drops
    to 4 KiB, so no write past that offset succeeds (SQLite: "disk I/O error"); then it is lifted."""

    kind = "io_error"

    def __init__(self, tmp_path):
        self.instance = tmp_path / "instance"

    def fill(self, pid):
        import resource

        self.pid, self.unlimited = pid, resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (4096, self.unlimited[1]))

    def free(self):
        import resource

        resource.prlimit(self.pid, resource.RLIMIT_FSIZE, self.unlimited)

    def close(self):
        pass


class FullFileSystem:
    """The instance folder on a small tmpfs of its own, filled up with a file, then emptied again
    (SQLite: "database or disk is full"). Needs the right to mount (root, as CI runs)."""

    kind = "disk_full"

    def __init__(self, tmp_path):
        self.mount = tmp_path / "small-disk"
        self.mount.mkdir()
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(self.mount)],
                                 capture_output=True, text=True)
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
        self.instance = self.mount / "instance"
        self.filler = self.mount / "filler"

    def fill(self, pid):
        try:
            with open(self.filler, "wb", buffering=0) as filler:
                while True:
                    filler.write(b"\0" * 4096)
        except OSError:  # no space left: that is the point
            pass

    def free(self):
        self.filler.unlink()

    def close(self):
        subprocess.run(["umount", "-l", str(self.mount)], check=False)


@pytest.mark.parametrize("fault", [FileSizeLimit, FullFileSystem])
def test_a_full_disk_loses_no_acked_answer_and_the_facilitator_is_told(tmp_path, fault):
    """A real fault while phones vote throughout, keeping a refused answer and resending it, as
    static/js/phone.js does. Its figures are printed for the record."""
    fault = fault(tmp_path)
    try:
        storage_fault_while_phones_vote(fault)
    finally:
        fault.close()


def storage_fault_while_phones_vote(fault):
    instance = fault.instance
    facts = prepare_instance(instance, POLL)
    port = free_port()
    env = {**os.environ, "INSTANCE_PATH": str(instance), "HOST": "127.0.0.1", "PORT": str(port),
           "LOAD_DEMO": "0", "PRINT_LINKS": "0", "PUBLIC_URL": f"http://127.0.0.1:{port}"}
    # The log goes to a pipe, which no file size limit applies to, so it can be counted.
    process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    log_lines = []
    reader = threading.Thread(target=lambda: log_lines.extend(process.stdout), daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        dashboard = Dashboard(url, facts["workshop_id"], facts["token"])
        phones = [connect_phone(url, facts["code"]) for _ in range(10)]
        acked, refused, stop = {}, [], threading.Event()

        def vote(phone, index):
            number, pending = 0, None
            while not stop.is_set() or pending:
                if pending is None:
                    number += 1
                    pending = (f"p{index}-{number}", "ab"[number % 2])
                request_id, choice = pending
                ack = phone.call("respond", {"activity_id": facts["poll_id"], "answer": {"choices": [choice]},
                                             "request_id": request_id}, timeout=30)
                if ack["ok"]:
                    acked[index], pending = (request_id, choice), None
                elif ack["error"]["code"] == "storage_unavailable":
                    refused.append(ack["error"]["message"])
                else:
                    raise AssertionError(ack)
                time.sleep(0.6)

        voters = [threading.Thread(target=vote, args=(phone, i)) for i, phone in enumerate(phones)]
        for voter in voters:
            voter.start()
        time.sleep(2)
        full_at = time.monotonic()
        fault.fill(process.pid)
        time.sleep(5)
        fault.free()
        freed_at = time.monotonic()
        time.sleep(4)
        stop.set()
        for voter in voters:
            voter.join(60)
        ready = requests.get(url + "/readyz", timeout=10).json()
        for phone in phones:
            phone.disconnect()
        dashboard.client.disconnect()
    finally:
        process.terminate()
        process.wait(20)
        reader.join(10)

    import sqlite3

    stored = set(sqlite3.connect(instance / "facilitation.db").execute(
        "SELECT request_id, json_extract(answer, '$.choices[0]') FROM responses").fetchall())
    assert stored == set(acked.values())  # every phone's last acknowledged answer, nothing lost
    assert refused and all("kept on your phone" in message or "gemt på din telefon" in message for message in refused)
    failing = [when for when, message in dashboard.messages if message["failing"]]
    cleared = [when for when, message in dashboard.messages if not message["failing"]]
    assert failing and cleared and min(failing) >= full_at and max(cleared) >= freed_at
    assert dashboard.messages[-1][1] == {"failing": False}
    assert dashboard.messages[0][1]["kind"] == fault.kind
    assert ready == {"status": "ready"}
    text = "".join(log_lines)
    assert "Traceback" not in text, text
    assert 1 <= text.count("could not store") <= 3  # a line per kind per 10 s, not one per answer
    print(f"\n{type(fault).__name__}: {len(acked)} phones, answers refused {len(refused)}, lost 0; banner after "
          f"{min(failing) - full_at:.2f} s, cleared {max(cleared) - freed_at:.2f} s after the space came back; "
          f"{text.count(chr(10))} log lines")

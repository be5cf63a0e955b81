"""A real server process for live tests, browser tests and benchmarks.

The caller prepares the database file (schema, accounts, workshops) in its own process, then
starts `python app.py` on it: the same entry point `make run` uses, in the chosen async mode.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    """`python app.py` on 127.0.0.1 with the given instance folder (database + secret key)."""

    def __init__(self, instance_path: Path, async_mode: str = "gevent", port: int | None = None,
                 extra_env: dict | None = None, log_path: Path | None = None):
        self.instance_path = Path(instance_path)
        self.async_mode = async_mode
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_env = extra_env or {}
        self.log_path = log_path or self.instance_path / f"server-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> "ServerProcess":
        env = {
            **os.environ,
            "INSTANCE_PATH": str(self.instance_path),
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "ASYNC_MODE": self.async_mode,
            "LOAD_DEMO": "0",
            "PRINT_LINKS": "0",
            "PUBLIC_URL": self.url,
            **self.extra_env,
        }
        with open(self.log_path, "ab") as log:  # the child keeps its own handle
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited early; see {self.log_path}:\n{self.log()[-3000:]}")
            try:
                if requests.get(self.url + "/", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not answer within {timeout} s; see {self.log_path}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """Stop the process the hard way (SIGKILL), as a crash would."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def join_cookie(base_url: str, code: str, http: requests.Session | None = None) -> str:
    """Join a workshop through its real join page; return the Cookie header of the new participant."""
    http = http or requests.Session()
    page = http.get(f"{base_url}/j/{code}", timeout=30)
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    response = http.post(f"{base_url}/j/{code}", data=form, timeout=30, allow_redirects=False)
    response.raise_for_status()
    return "; ".join(f"{name}={value}" for name, value in http.cookies.items())


def prepare_instance(instance: Path, poll_config: dict, email: str = "live@bibliotek.dk",
                     title: str = "Live", database_url: str | None = None) -> dict:
    """An instance folder with a migrated database (the SQLite file in it, or `database_url`):
    one facilitator (with an API token) and a workshop whose poll is open and presented. Returns
    what clients need to know about it."""
    from facilitation import accounts, workshops
    from facilitation.config import load_or_create_secret_key
    from facilitation.db import Database, sqlite_url

    load_or_create_secret_key(instance)
    database = Database(database_url or sqlite_url(instance / "facilitation.db"))
    database.upgrade()
    with database.transaction() as db:
        facilitator = accounts.create_facilitator(db, email, "correct horse battery")
        token = accounts.create_api_token(db, facilitator)
        workshop = workshops.create_workshop(db, facilitator.id, title, "da")
        poll = workshops.add_activity(db, workshop, "poll", "Hvem først?", poll_config)
        workshops.open_activity(db, poll)
        workshops.present(db, workshop, poll.id)
        facts = {"token": token, "workshop_id": workshop.id, "code": workshop.join_code,
                 "poll_id": poll.id, "screen_secret": workshop.screen_secret,
                 "facilitator_email": facilitator.email}
    database.dispose()
    return facts

"""The servers bench/load.py measures: the app (any checkout, either async mode) and the echo
baseline, each a subprocess on a free port of 127.0.0.1; and what /proc says about them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from tests.server import free_port  # noqa: E402


def rss_kib(pid: int, field: str = "VmRSS") -> int | None:
    """VmRSS of a process in KiB (or another field of /proc/<pid>/status, e.g. VmHWM, the peak
    RSS), or None if it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a process has used so far, from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def prepare_instance(app_root: Path, instance: Path, kind: str, database_url: str | None = None) -> dict:
    """Make an instance folder with `app_root`'s own code (bench/prepare_instance.py), its
    database in it (SQLite) or at `database_url`; its facts."""
    command = [sys.executable, str(BENCH / "prepare_instance.py"), str(app_root), str(instance), kind]
    done = subprocess.run(command + ([database_url] if database_url else []),
                          cwd=app_root, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"preparing the instance failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class Server:
    """A server subprocess: `command` run in `cwd` with `env`, ready when GET / answers 200."""

    name = "server"

    def __init__(self, command: list[str], cwd: Path, log_path: Path, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [part.replace("{port}", str(self.port)) for part in command]
        self.cwd = cwd
        self.log_path = log_path
        self.env = {**os.environ, **(env or {})}
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    # What bench/load.py reads of any server it measures (bench/cluster.py has the same).
    @property
    def screen_urls(self) -> list[str]:
        return [self.url]

    @property
    def server_pids(self) -> list[int]:
        return [self.pid]

    def helper_cpu(self) -> dict:
        return {}

    def start(self, timeout: float = 60.0):
        """Start it and wait until it answers; raise RuntimeError (with its log's tail) if not."""
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=out,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, size: int = 2000) -> str:
        return self.log_path.read_text(errors="replace")[-size:] if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def app_server(app_root: Path, mode: str, instance: Path, log_path: Path, extra_env: dict) -> Server:
    """`python app.py` of `app_root` on `instance`, as tests/server.py starts it."""
    server = Server([sys.executable, str(app_root / "app.py")], app_root, log_path, extra_env)
    server.env.update({"INSTANCE_PATH": str(instance), "HOST": "127.0.0.1", "PORT": str(server.port),
                       "ASYNC_MODE": mode, "LOAD_DEMO": "0", "PRINT_LINKS": "0", "PUBLIC_URL": server.url})
    server.name = f"the app ({mode})"
    return server


def echo_server(mode: str, log_path: Path) -> Server:
    """bench/echo_server.py in `mode`."""
    server = Server([sys.executable, str(BENCH / "echo_server.py"), "{port}", mode], ROOT, log_path)
    server.name = f"the echo server ({mode})"
    return server

"""The cluster bench/load.py measures with --servers N: a private Redis, N `python app.py`
processes of this checkout on one PostgreSQL database, and HAProxy in front, started with the
code of `make cluster` (facilitation/local_cluster.py); and what /proc says about its processes.

Every run starts a cluster afresh on an emptied database and stops all of it afterwards, also
when the run fails or is interrupted (`with BenchCluster(...) as cluster:`).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from servers import ROOT, cpu_seconds, prepare_instance

from facilitation import local_cluster  # noqa: E402 - servers.py put the checkout on sys.path


def empty_database(url: str) -> None:
    """Drop every table of the database at `url` (the benchmark's own database)."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for table in inspect(connection).get_table_names():
                connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    finally:
        engine.dispose()


def postgres_cpu() -> float | None:
    """User + system CPU seconds of every PostgreSQL process of the machine (with the reaped
    backends' time, which the postmaster's children fields hold); None if there is none."""
    total, found = 0.0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            comm, fields = stat.read_text().split(" (", 1)[1].rsplit(")", 1)
        except (OSError, IndexError, ValueError):
            continue
        if comm != "postgres":
            continue
        values = fields.split()
        total += sum(int(v) for v in values[11:15]) / os.sysconf("SC_CLK_TCK")
        found = True
    return total if found else None


class BenchCluster:
    """Redis, `servers` app processes in `mode` on `database_url`, HAProxy; a workshop of `kind`.

    After `start()`: `url` (HAProxy, where the phones join), `screen_urls` (each process
    directly, where a screen attaches), `server_pids`, `helper_pids` (HAProxy, Redis) and
    `facts` (bench/prepare_instance.py's)."""

    def __init__(self, folder: Path, database_url: str, servers: int, mode: str, kind: str, extra_env: dict):
        self.folder = folder
        self.database_url = database_url
        self.servers = servers
        self.mode = mode
        self.kind = kind
        self.extra_env = extra_env
        self.log_path = folder / "cluster.log"
        self.processes: list[subprocess.Popen] = []  # Redis, the servers, HAProxy: stopped in reverse
        self.server_processes: list[subprocess.Popen] = []
        self.url = ""
        self.screen_urls: list[str] = []
        self.facts: dict = {}
        self.name = f"the cluster of {servers} ({mode})"

    def start(self) -> "BenchCluster":
        """Start it all and wait until HAProxy reaches every process; stop what started and
        raise if any part fails."""
        self.folder.mkdir(parents=True, exist_ok=True)
        empty_database(self.database_url)
        self.facts = prepare_instance(ROOT, self.folder / "instance", self.kind, self.database_url)
        try:
            with open(self.log_path, "ab") as log:  # every child keeps its own handle
                redis_port = local_cluster.free_port()
                self.processes.append(local_cluster.start_redis(self.folder / "redis", redis_port, log))
                proxy_port = local_cluster.free_port()
                self.url = f"http://127.0.0.1:{proxy_port}"
                ports = [local_cluster.free_port() for _ in range(self.servers)]
                for port in ports:
                    env = local_cluster.server_environment(port, f"redis://127.0.0.1:{redis_port}",
                                                           self.database_url, self.url, self.folder / "instance")
                    env.update({"ASYNC_MODE": self.mode, **self.extra_env})
                    process = local_cluster.start_server(env, log, load_demo=False, print_links=False)
                    self.processes.append(process)
                    self.server_processes.append(process)
                self.screen_urls = [f"http://127.0.0.1:{port}" for port in ports]
                self.processes.append(local_cluster.start_haproxy(self.folder / "haproxy", "127.0.0.1",
                                                                  proxy_port, ports, log))
        except BaseException:
            self.stop()
            raise
        return self

    @property
    def server_pids(self) -> list[int]:
        return [process.pid for process in self.server_processes]

    @property
    def helper_pids(self) -> dict[str, int]:
        """The pids of HAProxy and Redis (once started)."""
        names = {"redis-server": "Redis", "haproxy": "HAProxy"}
        return {names[Path(p.args[0]).name]: p.pid for p in self.processes
                if p not in self.server_processes and Path(p.args[0]).name in names}

    def helper_cpu(self) -> dict[str, float | None]:
        """CPU seconds so far of HAProxy, Redis and every PostgreSQL process."""
        return {**{name: cpu_seconds(pid) for name, pid in self.helper_pids.items()}, "PostgreSQL": postgres_cpu()}

    def log_tail(self, size: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-size:] if self.log_path.exists() else ""

    def stop(self) -> None:
        """Stop every process it started (HAProxy first, Redis last)."""
        local_cluster.stop(list(reversed(self.processes)))
        self.processes = []

    def __enter__(self) -> "BenchCluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


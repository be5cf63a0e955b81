"""A cluster on one machine, for trying it out (`make cluster`) and for the tests: Redis, several
`python app.py` processes on PostgreSQL, and HAProxy in front (docs/deploy.md).

Stickiness: HAProxy balances round-robin and sets a cookie (FSRV) naming the process that answered
first; a browser then keeps reaching that process, which is what Socket.IO's long-polling fallback
needs. A whole venue shares one address, so balancing by address (nginx's ip_hash) would send the
room to one process. When a process dies, HAProxy's health check takes it out and sends its
clients (cookie and all) to a live one (`option redispatch`); they reconnect and resend.

Every program runs in the foreground as a child of this process and is stopped with it.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from .db import PROJECT_ROOT


class Missing(Exception):
    """A program the cluster needs is not installed."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_program(name: str) -> str:
    """The path of a program (also in /usr/sbin, where Debian puts haproxy); raises Missing."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin:/sbin")
    if found is None:
        raise Missing(f"{name} is not installed (as root: sh scripts/ensure-cluster-tools)")
    return found


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 30.0) -> None:
    """Wait until something listens on 127.0.0.1:port; raise if `process` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited early (exit code {process.returncode})")
        with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout} s")


def start_redis(folder: Path, port: int, log) -> subprocess.Popen:
    """A private redis-server on 127.0.0.1:port that keeps nothing on disk."""
    folder.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [find_program("redis-server"), "--bind", "127.0.0.1", "--port", str(port), "--save", "",
         "--appendonly", "no", "--dir", str(folder), "--maxclients", "10000"],
        stdout=log, stderr=subprocess.STDOUT)
    wait_for_port(port, process, "redis-server")
    return process


def haproxy_config(bind: str, port: int, backend_ports: list[int]) -> str:
    """HAProxy's configuration: cookie stickiness, health checks, websockets kept open."""
    servers = "\n".join(
        f"    server app{index} 127.0.0.1:{backend} check inter 1s fall 2 rise 2 cookie app{index}"
        for index, backend in enumerate(backend_ports, start=1))
    # Two file descriptors per proxied connection, within what this machine allows a process.
    maxconn = max(256, min(20000, (resource.getrlimit(resource.RLIMIT_NOFILE)[1] - 100) // 2))
    return f"""global
    maxconn {maxconn}

defaults
    mode http
    option http-server-close
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # An open websocket is a tunnel; the app pings it every 20 s.
    timeout tunnel 1h
    # A process busy with a hall joining at once may answer its health check late; that is not
    # a dead process (one that died refuses connections at once).
    timeout check 5s
    # A dead process's clients go to a live one, even with its cookie.
    option redispatch
    retries 3

frontend web
    bind {bind}:{port}
    default_backend app

backend app
    balance roundrobin
    cookie FSRV insert indirect nocache httponly
    option forwardfor
    option httpchk GET /healthz
{servers}
"""


def start_haproxy(folder: Path, bind: str, port: int, backend_ports: list[int], log) -> subprocess.Popen:
    """HAProxy in the foreground on bind:port in front of the given app ports."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "haproxy.cfg"
    config.write_text(haproxy_config(bind, port, backend_ports))
    process = subprocess.Popen([find_program("haproxy"), "-db", "-f", str(config)], stdout=log,
                               stderr=subprocess.STDOUT)
    wait_for_port(port, process, "haproxy")
    wait_until_balanced(port, len(backend_ports), process)
    return process


def wait_until_balanced(port: int, servers: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    """Wait until HAProxy's health checks passed for every server: round-robin requests come
    back with every server's cookie. Until then it may answer 503 "No server is available"."""
    import urllib.error
    import urllib.request

    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < servers:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"haproxy did not reach all {servers} servers (reached {sorted(seen)})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                cookie = response.headers.get("Set-Cookie", "")
                if cookie.startswith("FSRV="):
                    seen.add(cookie.split(";", 1)[0])
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)


def server_environment(port: int, redis_url: str, database_url: str, public_url: str,
                       instance_path: Path) -> dict:
    """The settings of one app process of the cluster (docs/deploy.md explains each)."""
    return {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "INSTANCE_PATH": str(instance_path),  # shared: one SECRET_KEY for every process
        "DATABASE_URL": database_url,
        "MESSAGE_QUEUE": f"{redis_url}/0",
        "RATE_LIMIT_STORAGE": f"{redis_url}/1",
        "PUBLIC_URL": public_url,
        "PROXY_COUNT": "1",
    }


def start_server(env: dict, log, load_demo: bool, print_links: bool) -> subprocess.Popen:
    """`python app.py` with these settings; returns once it listens."""
    process = subprocess.Popen(
        [sys.executable, str(PROJECT_ROOT / "app.py")], cwd=PROJECT_ROOT,
        env={**env, "LOAD_DEMO": "1" if load_demo else "0", "PRINT_LINKS": "1" if print_links else "0"},
        stdout=None if print_links else log, stderr=None if print_links else subprocess.STDOUT)
    wait_for_port(int(env["PORT"]), process, f"the server on port {env['PORT']}", timeout=60)
    return process


def stop(processes: list[subprocess.Popen]) -> None:
    """Stop every process (SIGTERM, then SIGKILL after 10 s)."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def main() -> int:
    """`make cluster`: Redis, SERVERS app processes (default 2) on DATABASE_URL (PostgreSQL) and
    HAProxy on PORT (default 5000); prints the same links as `make run`; Ctrl+C stops it all."""
    from .serve import lan_address

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgresql"):
        print("Set DATABASE_URL to a PostgreSQL database (make cluster does, with scripts/ensure-postgres).",
              file=sys.stderr)
        return 2
    servers = int(os.environ.get("SERVERS", "2"))
    port = int(os.environ.get("PORT", "5000"))
    folder = PROJECT_ROOT / "instance" / "cluster"
    folder.mkdir(parents=True, exist_ok=True)
    log = open(folder / "cluster.log", "ab")
    public_url = os.environ.get("PUBLIC_URL") or f"http://{lan_address()}:{port}"
    processes: list[subprocess.Popen] = []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        redis_port = free_port()
        processes.append(start_redis(folder / "redis", redis_port, log))
        redis_url = f"redis://127.0.0.1:{redis_port}"
        ports = [free_port() for _ in range(servers)]
        for index, server_port in enumerate(ports):
            env = server_environment(server_port, redis_url, database_url, public_url,
                                     PROJECT_ROOT / "instance")
            # The first process upgrades the database and loads the demo before the others start.
            processes.append(start_server(env, log, load_demo=index == 0, print_links=index == 0))
        processes.append(start_haproxy(folder, os.environ.get("HOST", "0.0.0.0"), port, ports, log))
        print(f"  Cluster: {servers} server processes (ports {', '.join(map(str, ports))}), Redis on "
              f"port {redis_port}, HAProxy on port {port}. Logs: {folder / 'cluster.log'}. Ctrl+C stops it.",
              flush=True)
        # A server process may be killed to try what the room notices (docs/deploy.md); the
        # cluster goes on while Redis and HAProxy run.
        reported = set()
        while processes[0].poll() is None and processes[-1].poll() is None:
            for process in processes[1:-1]:
                if process.poll() is not None and process.pid not in reported:
                    reported.add(process.pid)
                    print(f"  A server process (pid {process.pid}) stopped; the others go on.", flush=True)
            time.sleep(0.5)
        print("Redis or HAProxy stopped; stopping the cluster.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    except (Missing, RuntimeError) as problem:
        print(problem, file=sys.stderr)
        return 1
    finally:
        stop(list(reversed(processes)))


if __name__ == "__main__":
    sys.exit(main())

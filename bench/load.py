"""Load benchmark: N phones vote at once against the real server, compared with a bare echo server.

    .venv/bin/python bench/load.py [--phones 1000] [--concurrency 50] [--timeout 120] ...

Phase 1 (app): prepares an instance folder in a temp dir (one facilitator with an API token, one
workshop whose 4-option poll is open and presented), starts `python app.py` on it with eventlet
(tests/server.py), connects a facilitator "screen" client listening to `results`, then N
simulated phones: each joins over HTTP (the real join form with its CSRF token, keeping the
`session` cookie) and opens a Socket.IO WebSocket as a participant. When every phone is connected
they all send `respond` at once; the benchmark measures each acknowledgement's latency, the
throughput of that burst, the time from the last acknowledgement until the screen shows a tally
exactly equal to the acknowledged votes, and the server's memory.

Phase 2 (baseline): the same number of clients connect to bench/echo_server.py (Flask-SocketIO
on eventlet whose `respond` acks at once, no database) and send the same burst.

Everything runs on 127.0.0.1. Exit status: 0 when the screen's tally became exactly the
acknowledged votes; 1 when it did not (an acknowledged vote missing, or extra votes); 2 when a
phase could not run at all (server did not start, no phone connected).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import socketio  # noqa: E402
from yarl import URL  # noqa: E402

from tests.server import ServerProcess, free_port  # noqa: E402
from tests.server import prepare_instance as prepare_app_instance  # noqa: E402

POLL_CONFIG = {"options": ["A", "B", "C", "D"], "max_choices": 1}
OPTION_IDS = ["a", "b", "c", "d"]
HIDDEN_FIELD = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def raise_open_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def rss_kib(pid: int) -> int | None:
    """VmRSS of a process in KiB, or None if it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def cpu_seconds(pid: int) -> tuple[float, float] | None:
    """(user, system) CPU seconds a process has used so far, from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return int(fields[11]) / ticks, int(fields[12]) / ticks
    except (OSError, ValueError, IndexError):
        return None


# --- the instance and the servers ----------------------------------------------------------


def prepare_instance(instance: Path) -> dict:
    """A facilitator with an API token and a workshop whose poll is open and presented."""
    return prepare_app_instance(instance, POLL_CONFIG, "bench@example.org", "Load benchmark")


class EchoServer:
    """bench/echo_server.py as a subprocess on a free port."""

    def __init__(self, log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> "EchoServer":
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "bench" / "echo_server.py"), str(self.port)],
                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the echo server exited early; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the echo server did not answer within {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


# --- clients -------------------------------------------------------------------------------


@dataclass
class Phone:
    index: int
    choice: str
    http: aiohttp.ClientSession | None = None
    client: socketio.AsyncClient | None = None
    connected: bool = False
    setup_error: str | None = None
    latency: float | None = None  # seconds, for an ok ack
    acked_at: float | None = None
    error: str | None = None

    def open_http(self) -> aiohttp.ClientSession:
        # Its own cookie jar (unsafe=True: cookies from 127.0.0.1 are kept). force_close: the join
        # requests do not leave a keep-alive socket behind next to the WebSocket.
        self.http = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(force_close=True),
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            timeout=aiohttp.ClientTimeout(total=30),
        )
        return self.http

    async def close(self) -> None:
        try:
            if self.client is not None and self.client.connected:
                await self.client.disconnect()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
        if self.http is not None and not self.http.closed:
            await self.http.close()


async def join_over_http(http: aiohttp.ClientSession, url: str, code: str) -> str:
    """The real join: GET the form, POST it with its CSRF token; return the `session` cookie."""
    async with http.get(f"{url}/j/{code}") as page:
        if page.status != 200:
            raise RuntimeError(f"GET /j/{code}: HTTP {page.status}")
        form = dict(HIDDEN_FIELD.findall(await page.text()))
    if "csrf_token" not in form:
        raise RuntimeError("no csrf_token field on the join page")
    async with http.post(f"{url}/j/{code}", data=form, allow_redirects=False) as response:
        if response.status not in (302, 303):
            raise RuntimeError(f"POST /j/{code}: HTTP {response.status}")
    cookie = http.cookie_jar.filter_cookies(URL(url)).get("session")
    if cookie is None:
        raise RuntimeError("the join did not set a session cookie")
    return cookie.value


async def set_up_phone(phone: Phone, url: str, code: str | None, gate: asyncio.Semaphore,
                       timeout: float) -> None:
    """Join (when `code` is given: the app) and connect one phone, at most `gate` at a time."""
    async with gate:
        try:
            http = phone.open_http()
            headers = {}
            auth = {"role": "participant", "workshop": code or "echo"}
            if code is not None:
                headers["Cookie"] = f"session={await join_over_http(http, url, code)}"
            phone.client = socketio.AsyncClient(reconnection=False, http_session=http,
                                                request_timeout=timeout)
            await phone.client.connect(url, headers=headers, auth=auth, transports=["websocket"],
                                       wait_timeout=timeout)
            phone.connected = True
        except Exception as error:  # noqa: BLE001 - every failure is counted and reported
            phone.setup_error = f"{type(error).__name__}: {error}"[:200]


async def vote(phone: Phone, activity_id: int, ack_timeout: float) -> None:
    payload = {"activity_id": activity_id, "answer": {"choices": [phone.choice]},
               "request_id": f"bench-{phone.index}-{uuid.uuid4().hex[:16]}"}
    started = time.perf_counter()
    try:
        ack = await phone.client.call("respond", payload, timeout=ack_timeout)
    except socketio.exceptions.TimeoutError:
        phone.error = "ack timeout"
        return
    except Exception as error:  # noqa: BLE001
        phone.error = f"{type(error).__name__}: {error}"[:200]
        return
    finished = time.perf_counter()
    if isinstance(ack, dict) and ack.get("ok") is True:
        phone.latency, phone.acked_at = finished - started, finished
    elif isinstance(ack, dict) and isinstance(ack.get("error"), dict):
        phone.error = f"ok=false: {ack['error'].get('code')}"
    else:
        phone.error = f"unexpected ack: {ack!r}"[:200]


class Screen:
    """The facilitator's Socket.IO client: every `results` message of the poll, with its arrival time."""

    def __init__(self, activity_id: int):
        self.activity_id = activity_id
        self.client = socketio.AsyncClient(reconnection=False)
        self.history: list[tuple[float, dict]] = []
        self.changed = asyncio.Event()
        self.client.on("results", self._on_results)

    async def _on_results(self, message) -> None:
        if isinstance(message, dict) and message.get("activity_id") == self.activity_id:
            self.history.append((time.perf_counter(), message.get("results")))
            self.changed.set()

    async def connect(self, url: str, workshop_id: int, token: str, timeout: float) -> None:
        await self.client.connect(url, auth={"role": "facilitator", "workshop": workshop_id, "token": token},
                                  transports=["websocket"], wait_timeout=timeout)

    async def wait_for_exact(self, expected: dict, timeout: float) -> tuple[float, dict] | None:
        """The first (arrival time, tally) equal to `expected`, or None after `timeout` seconds."""
        deadline = time.perf_counter() + timeout
        while True:
            for arrived, tally in self.history:
                if tally == expected:
                    return arrived, tally
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return None
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), remaining)
            except asyncio.TimeoutError:
                return None

    def last_tally(self) -> dict | None:
        return self.history[-1][1] if self.history else None


# --- one phase -----------------------------------------------------------------------------


@dataclass
class Figures:
    name: str
    phones: int
    connected: int = 0
    connect_seconds: float = 0.0
    ok: int = 0
    errors: dict = field(default_factory=dict)
    setup_errors: dict = field(default_factory=dict)
    latencies_ms: list = field(default_factory=list)
    votes_per_second: float | None = None
    burst_seconds: float | None = None
    tally_ms: float | None = None
    server_cpu_seconds: tuple[float, float] | None = None  # (user, system)
    client_cpu_seconds: float | None = None
    rss_idle_kib: int | None = None
    rss_after_kib: int | None = None
    problems: list = field(default_factory=list)

    def percentile(self, q: float) -> float | None:
        if not self.latencies_ms:
            return None
        if len(self.latencies_ms) == 1:
            return self.latencies_ms[0]
        return statistics.quantiles(self.latencies_ms, n=1000, method="inclusive")[round(q * 1000) - 1]


def count(messages) -> dict:
    totals: dict[str, int] = {}
    for message in messages:
        if message:
            totals[message] = totals.get(message, 0) + 1
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


async def run_phase(name: str, url: str, server_pid: int, phones_wanted: int, args,
                    join_code: str | None = None, screen_facts: dict | None = None,
                    activity_id: int = 1) -> Figures:
    """Connect the phones (and the screen), send the burst, wait for the exact tally, measure."""
    figures = Figures(name, phones_wanted)
    figures.rss_idle_kib = rss_kib(server_pid)
    rng = random.Random(args.seed)
    phones = [Phone(i, rng.choice(OPTION_IDS)) for i in range(phones_wanted)]
    screen = Screen(activity_id) if screen_facts else None
    try:
        if screen is not None:
            await asyncio.wait_for(
                screen.connect(url, screen_facts["workshop_id"], screen_facts["token"], args.timeout),
                args.timeout)

        log(f"{name}: connecting {phones_wanted} phones ({args.concurrency} at a time)")
        gate = asyncio.Semaphore(args.concurrency)
        started = time.perf_counter()
        setups = [asyncio.ensure_future(set_up_phone(p, url, join_code, gate, args.timeout)) for p in phones]
        done, pending = await asyncio.wait(setups, timeout=args.timeout)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        figures.connect_seconds = time.perf_counter() - started
        for phone in phones:
            if not phone.connected and phone.setup_error is None:
                phone.setup_error = f"not connected within the {args.timeout:.0f} s phase timeout"
        ready = [p for p in phones if p.connected and p.client is not None and p.client.connected]
        figures.connected = len(ready)
        figures.setup_errors = count(p.setup_error for p in phones if p not in ready)
        log(f"{name}: {len(ready)} connected in {figures.connect_seconds:.1f} s")
        if not ready:
            figures.problems.append("no phone connected")
            return figures

        await asyncio.sleep(args.settle)  # let the connect-time presence broadcasts pass
        log(f"{name}: {len(ready)} phones vote at once")
        server_cpu_before, client_cpu_before = cpu_seconds(server_pid), time.process_time()
        burst_started = time.perf_counter()
        votes = [asyncio.ensure_future(vote(p, activity_id, args.ack_timeout)) for p in ready]
        done, pending = await asyncio.wait(votes, timeout=args.timeout)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        server_cpu_after, client_cpu_after = cpu_seconds(server_pid), time.process_time()
        if server_cpu_before is not None and server_cpu_after is not None:
            figures.server_cpu_seconds = (server_cpu_after[0] - server_cpu_before[0],
                                          server_cpu_after[1] - server_cpu_before[1])
        figures.client_cpu_seconds = client_cpu_after - client_cpu_before
        for phone in ready:
            if phone.latency is None and phone.error is None:
                phone.error = f"no ack within the {args.timeout:.0f} s phase timeout"
        acked = [p for p in ready if p.latency is not None]
        figures.ok = len(acked)
        figures.errors = count(p.error for p in ready)
        figures.latencies_ms = sorted(p.latency * 1000 for p in acked)
        last_ack = max((p.acked_at for p in acked), default=None)
        if last_ack is not None:
            figures.burst_seconds = last_ack - burst_started
            figures.votes_per_second = len(acked) / figures.burst_seconds
        log(f"{name}: {figures.ok} acked ok, {len(ready) - figures.ok} errors")

        if screen is not None:
            expected = {"responses": len(acked),
                        "counts": {o: sum(1 for p in acked if p.choice == o) for o in OPTION_IDS}}
            found = await screen.wait_for_exact(expected, args.tally_timeout)
            if found is not None and last_ack is not None:
                figures.tally_ms = (found[0] - last_ack) * 1000
            elif found is None:
                figures.problems.append(describe_tally_problem(expected, screen.last_tally(),
                                                               args.tally_timeout, len(ready) - len(acked)))
        figures.rss_after_kib = rss_kib(server_pid)
        return figures
    finally:
        log(f"{name}: disconnecting")
        closing = [p.close() for p in phones]
        if screen is not None and screen.client.connected:
            closing.append(screen.client.disconnect())
        try:
            await asyncio.wait_for(asyncio.gather(*closing, return_exceptions=True), args.timeout)
        except asyncio.TimeoutError:
            log(f"{name}: disconnecting took over {args.timeout:.0f} s; going on")


def describe_tally_problem(expected: dict, last: dict | None, timeout: float, unacked: int) -> str:
    if last is None:
        return f"the screen received no tally within {timeout:.0f} s of the last ack"
    missing = {o: expected["counts"][o] - last.get("counts", {}).get(o, 0) for o in OPTION_IDS}
    parts = [f"the screen's tally never became exact within {timeout:.0f} s",
             f"expected {expected}", f"last seen {last}"]
    if any(v > 0 for v in missing.values()) or last.get("responses", 0) < expected["responses"]:
        parts.append("ACKNOWLEDGED VOTES ARE MISSING from the tally: "
                     + ", ".join(f"{o}: {n}" for o, n in missing.items() if n > 0))
    elif last.get("responses", 0) > expected["responses"]:
        parts.append(f"the tally has {last['responses'] - expected['responses']} more votes than were "
                     f"acknowledged ({unacked} votes got no ok ack; a vote whose ack timed out may still "
                     "have been stored)")
    return "; ".join(parts)


# --- output --------------------------------------------------------------------------------


def fmt(value, digits: int = 1, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value}{unit}"
    return f"{value:,.{digits}f}{unit}"


def ratio(a, b) -> str:
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.2f}x"


def cpu(user_system) -> str:
    if user_system is None:
        return "-"
    user, system = user_system
    return f"{user + system:.2f} (usr {user:.2f} sys {system:.2f})"


def mib(kib) -> str:
    return "-" if kib is None else f"{kib / 1024:.1f} MiB"


def print_report(app: Figures, base: Figures | None, args) -> None:
    skipped = base is None
    base = base or Figures("baseline", 0)
    rows = [
        ("phones connected", f"{app.connected} / {app.phones}", f"{base.connected} / {base.phones}", ""),
        ("connect phase (s)", fmt(app.connect_seconds), fmt(base.connect_seconds), ""),
        ("votes acked (ok)", fmt(app.ok), fmt(base.ok), ""),
        ("errors", fmt(sum(app.errors.values())), fmt(sum(base.errors.values())), ""),
        ("ack latency min (ms)", fmt(min(app.latencies_ms, default=None)),
         fmt(min(base.latencies_ms, default=None)), ""),
        ("ack latency p50 (ms)", fmt(app.percentile(0.50)), fmt(base.percentile(0.50)),
         ratio(app.percentile(0.50), base.percentile(0.50))),
        ("ack latency p95 (ms)", fmt(app.percentile(0.95)), fmt(base.percentile(0.95)),
         ratio(app.percentile(0.95), base.percentile(0.95))),
        ("ack latency p99 (ms)", fmt(app.percentile(0.99)), fmt(base.percentile(0.99)),
         ratio(app.percentile(0.99), base.percentile(0.99))),
        ("ack latency max (ms)", fmt(max(app.latencies_ms, default=None)),
         fmt(max(base.latencies_ms, default=None)),
         ratio(max(app.latencies_ms, default=None), max(base.latencies_ms, default=None))),
        ("burst duration (s)", fmt(app.burst_seconds, 2), fmt(base.burst_seconds, 2), ""),
        ("votes/s over the burst", fmt(app.votes_per_second), fmt(base.votes_per_second),
         ratio(app.votes_per_second, base.votes_per_second)),
        ("server CPU in burst (s)", cpu(app.server_cpu_seconds), cpu(base.server_cpu_seconds), ""),
        ("bench client CPU in burst (s)", fmt(app.client_cpu_seconds, 2), fmt(base.client_cpu_seconds, 2), ""),
        ("last ack -> exact tally (ms)", fmt(app.tally_ms), "n/a", ""),
        ("server RSS idle", mib(app.rss_idle_kib), mib(base.rss_idle_kib), ""),
        ("server RSS after run", mib(app.rss_after_kib), mib(base.rss_after_kib), ""),
    ]
    rows = [tuple("-" if cell is None else cell for cell in row) for row in rows]
    if skipped:
        rows = [(r[0], r[1], "skipped" if i == 0 else "-", "") for i, r in enumerate(rows)]
    headers = ("", "app", "baseline (echo)", "app/baseline")
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(4)]
    line = "+".join("-" * (w + 2) for w in widths)
    print()
    print(f"Load benchmark: {args.phones} phones, one 4-option poll, websocket transport, "
          f"{args.concurrency} concurrent connection setups, 127.0.0.1")
    print(line)
    print(" | ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths))))
    print(line)
    for row in rows:
        print(" | ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    print(line)
    if not skipped:
        print(f"ratios app/baseline: p50 {ratio(app.percentile(0.50), base.percentile(0.50))}, "
              f"p95 {ratio(app.percentile(0.95), base.percentile(0.95))}, "
              f"p99 {ratio(app.percentile(0.99), base.percentile(0.99))}, "
              f"votes/s {ratio(app.votes_per_second, base.votes_per_second)}")
    for figures in (app, base):
        if figures.setup_errors:
            print(f"{figures.name} connection failures: {figures.setup_errors}")
        if figures.errors:
            print(f"{figures.name} vote errors: {figures.errors}")
    if app.tally_ms is not None and app.tally_ms < 0:
        print("(the exact tally reached the screen before the last ack reached its phone)")


# --- main ----------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--phones", type=int, default=1000, help="simulated phones (and baseline clients)")
    parser.add_argument("--concurrency", type=int, default=50,
                        help="phones joining/connecting at the same time during setup")
    parser.add_argument("--timeout", type=float, default=120.0, help="limit of each phase, seconds")
    parser.add_argument("--ack-timeout", type=float, default=30.0, help="limit of one vote's ack, seconds")
    parser.add_argument("--tally-timeout", type=float, default=30.0,
                        help="how long to wait after the last ack for the exact tally, seconds")
    parser.add_argument("--settle", type=float, default=1.0,
                        help="pause between connecting and voting, seconds")
    parser.add_argument("--seed", type=int, default=1, help="seed of the phones' random choices")
    parser.add_argument("--no-baseline", action="store_true", help="skip the echo-server baseline")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, server logs)")
    args = parser.parse_args(argv)
    if args.phones < 1 or args.concurrency < 1:
        parser.error("--phones and --concurrency must be at least 1")
    return args


# All phones come from 127.0.0.1, so the app's per-address join limit (facilitation/ratelimit.py:
# join_address 2000 per minute) applies to the whole crowd.
# Up to this many phones the defaults are kept; above it they are raised (the limiter still runs).
DEFAULT_LIMITS_SUFFICE_UP_TO = 1000


def rate_limit_env(phones: int) -> dict:
    if phones <= DEFAULT_LIMITS_SUFFICE_UP_TO or os.environ.get("RATE_LIMITS"):
        return {}
    rules = f"join_address={2 * phones} per minute"
    log(f"app: {phones} phones share one address; raising its join limit: RATE_LIMITS={rules}")
    return {"RATE_LIMITS": rules}


def main(argv=None) -> int:
    args = parse_args(argv)
    limit = raise_open_file_limit()
    if limit < 2 * args.phones + 100:
        log(f"warning: this process may open only {limit} files; {args.phones} phones need about {args.phones + 100}")
    workdir = Path(tempfile.mkdtemp(prefix="facilitation-bench-"))
    app_figures: Figures | None = None
    base_figures: Figures | None = None
    status = 0
    try:
        instance = workdir / "instance"
        facts = prepare_instance(instance)
        server = ServerProcess(instance, async_mode="eventlet", log_path=workdir / "app-server.log",
                               extra_env=rate_limit_env(args.phones))
        log(f"app: starting the server on {server.url} (eventlet)")
        try:
            server.start()
            app_figures = asyncio.run(run_phase(
                "app", server.url, server.process.pid, args.phones, args,
                join_code=facts["code"], screen_facts=facts, activity_id=facts["poll_id"]))
        finally:
            server.stop()

        if not args.no_baseline:
            echo = EchoServer(workdir / "echo-server.log")
            log(f"baseline: starting the echo server on {echo.url}")
            try:
                echo.start()
                base_figures = asyncio.run(run_phase("baseline", echo.url, echo.process.pid, args.phones, args))
            finally:
                echo.stop()
    except Exception as error:  # noqa: BLE001 - report, clean up, exit 2
        log(f"FAILED: {type(error).__name__}: {error}")
        for server_log in sorted(workdir.glob("*.log")):
            tail = server_log.read_text(errors="replace")[-2000:]
            log(f"last lines of {server_log.name}:\n{tail}")
        status = 2
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    if app_figures is not None:
        print_report(app_figures, base_figures, args)
        if app_figures.connected == 0:
            status = 2
        elif app_figures.problems:
            status = max(status, 1)
        for problem in app_figures.problems:
            print(f"FAIL: {problem}")
        if not app_figures.problems and status == 0:
            print(f"OK: the screen showed exactly the {app_figures.ok} acknowledged votes.")
    if base_figures is not None and base_figures.problems:
        print(f"baseline: {'; '.join(base_figures.problems)}")
    return status


if __name__ == "__main__":
    sys.exit(main())

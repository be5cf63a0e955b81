"""Soak benchmark: N phones keep voting against the real server for M minutes (not a test).

    .venv/bin/python bench/soak.py [--minutes 10] [--phones 300] [--seed 1] [--keep]

Prepares an instance folder in a temp dir (one facilitator with an API token, one workshop whose
4-option poll is open and presented, as tests/live/conftest.py `prepared_instance`), starts the
real server (`python app.py`, eventlet, tests/server.py) on 127.0.0.1, connects a facilitator
client that listens to `results`, then N simulated phones (tests/live/phones.py: they join through
the real join page, reconnect by themselves and resend a pending answer with the same request
id). Each phone answers at a human pace: a first answer within the first 15 s, then a new answer
5-15 s after the previous one was acknowledged, a different option each time, a new request id
each time (well inside the per-participant limit of 20 per 10 s).

Every minute one line: server RSS and its change since the end of minute 1 (warm-up), acked
votes, errors (refused acks by code, ack timeouts, disconnects) and ack latency percentiles for
that minute. At the end: totals, latency over the whole run, a verdict on memory (levels off /
still growing) and a check of the final tally over the HTTP API against the phones' last
acknowledged answers. See bench/SOAK.md.

Exit status: 0 when the final tally is exactly the phones' last acknowledged answers, 1 when it
is not, 2 when the run could not be done (server did not start, phones could not connect, the
overall timeout of minutes + 3 minutes passed).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import socketio  # noqa: E402

from tests.live.phones import Disconnected, Phone, close_all, connect_all, join_many, wait_until  # noqa: E402
from tests.server import ServerProcess  # noqa: E402
from servers import cpu_seconds, rss_kib  # noqa: E402  (bench/ is the script's folder)
from tests.server import prepare_instance as prepare_app_instance  # noqa: E402

POLL_CONFIG = {"options": ["A", "B", "C", "D"], "max_choices": 1}
OPTION_IDS = ["a", "b", "c", "d"]
EXTRA_MINUTES = 3  # the overall timeout is --minutes plus this
LAST_ANSWER_GRACE = 45.0  # seconds after the end for the last answers' acks (with resends)
MIB = 1024.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def say(line: str = "") -> None:
    print(line, flush=True)


def raise_open_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def rss_mib(pid: int) -> float | None:
    """VmRSS of a process in MiB, or None if it cannot be read (bench/servers.py reads /proc)."""
    kib = rss_kib(pid)
    return None if kib is None else kib / MIB


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of an already sorted list (None when empty)."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * q // 1))  # ceil(n * q), at least 1
    return sorted_values[min(len(sorted_values), int(rank)) - 1]


def prepare_instance(instance: Path) -> dict:
    """A facilitator with an API token and a workshop whose poll is open and presented."""
    return prepare_app_instance(instance, POLL_CONFIG, "soak@example.org", "Soak benchmark")


# --- what happened, with timestamps ------------------------------------------------------------


@dataclass
class Recorder:
    """Every `respond` request's outcome: (monotonic time it ended, outcome, latency in ms).
    Outcomes: "ok", "refused:<code>", "timeout" (no ack within ACK_TIMEOUT while connected),
    "interrupted" (the connection dropped while the ack was awaited, or the emit failed)."""

    outcomes: list = field(default_factory=list)
    loop_lag: list = field(default_factory=list)  # (time, seconds the bench's own loop was late)

    def record(self, outcome: str, latency_ms: float | None) -> None:
        self.outcomes.append((time.monotonic(), outcome, latency_ms))


class SoakPhone(Phone):
    """A tests/live/phones.py Phone that records every `respond` request it makes (first sends
    and resends alike) with its acknowledgement latency."""

    def __init__(self, *args, recorder: Recorder, **kwargs):
        super().__init__(*args, **kwargs)
        self.recorder = recorder
        self.never_acked: dict | None = None  # an answer still unacknowledged at the deadline

    async def _request(self, event: str, payload: dict, timeout: float) -> dict:
        if event != "respond":
            return await super()._request(event, payload, timeout)
        started = time.perf_counter()
        try:
            ack = await super()._request(event, payload, timeout)
        except asyncio.TimeoutError:
            self.recorder.record("timeout", None)
            raise
        except (Disconnected, socketio.exceptions.SocketIOError):
            self.recorder.record("interrupted", None)
            raise
        latency_ms = (time.perf_counter() - started) * 1000
        if isinstance(ack, dict) and ack.get("ok") is True:
            self.recorder.record("ok", latency_ms)
        else:
            error = ack.get("error") if isinstance(ack, dict) else None
            code = error.get("code") if isinstance(error, dict) else f"malformed ack {ack!r}"[:60]
            self.recorder.record(f"refused:{code}", latency_ms)
        return ack


class Facilitator:
    """The facilitator's Socket.IO client (API token): every `results` of the poll, and its
    disconnects. It reconnects by itself, as the dashboard does."""

    def __init__(self, activity_id: int):
        self.activity_id = activity_id
        self.client = socketio.AsyncClient(reconnection=True, reconnection_attempts=0,
                                           reconnection_delay=0.5, reconnection_delay_max=5.0,
                                           logger=False, engineio_logger=False)
        self.tallies: list[tuple[float, dict]] = []
        self.disconnects: list[float] = []
        self.client.on("results", self._on_results)
        self.client.on("disconnect", self._on_disconnect)

    async def _on_results(self, message) -> None:
        if isinstance(message, dict) and message.get("activity_id") == self.activity_id:
            self.tallies.append((time.monotonic(), message.get("results")))

    async def _on_disconnect(self, *_reason) -> None:
        self.disconnects.append(time.monotonic())

    async def connect(self, url: str, workshop_id: int, token: str) -> None:
        await self.client.connect(url, auth={"role": "facilitator", "workshop": workshop_id, "token": token},
                                  transports=["websocket"], wait_timeout=20)

    def last_tally(self) -> dict | None:
        return self.tallies[-1][1] if self.tallies else None

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown(), 10)
        except Exception:  # noqa: BLE001 - cleanup is best effort
            pass


# --- the phones' behaviour ---------------------------------------------------------------------


async def vote_continuously(phone: SoakPhone, rng: random.Random, args, stop_at: float,
                            answer_deadline: float) -> None:
    """Answer at a human pace until stop_at: a different option each time, a new request id each
    time (Phone.answer), then think for pause_min..pause_max seconds after the acknowledgement."""
    first = rng.uniform(0, args.pause_max)
    if time.monotonic() + first >= stop_at:
        return
    await asyncio.sleep(first)
    previous = None
    while time.monotonic() < stop_at:
        choice = rng.choice([option for option in OPTION_IDS if option != previous])
        previous = choice
        try:
            await phone.answer({"choices": [choice]}, answer_deadline)
        except TimeoutError:
            phone.never_acked = phone.pending
            return
        pause = rng.uniform(args.pause_min, args.pause_max)
        if time.monotonic() + pause >= stop_at:
            return
        await asyncio.sleep(pause)


async def watch_loop_lag(recorder: Recorder, step: float = 0.1) -> None:
    """How late the bench's own event loop wakes up: large values mean the measuring side, not
    the server, is the bottleneck."""
    while True:
        before = time.monotonic()
        await asyncio.sleep(step)
        recorder.loop_lag.append((time.monotonic(), time.monotonic() - before - step))


# --- the per-minute report ----------------------------------------------------------------------


@dataclass
class Minute:
    number: int
    rss: float | None
    acked: int
    refused: Counter
    timeouts: int
    interrupted: int
    disconnects: int
    facilitator_disconnects: int
    latencies: list
    cpu_percent: float | None
    tallies: int
    lag_max_ms: float


HEADER = (f"{'min':>3} {'RSS MiB':>8} {'Δ MiB':>7} {'acked':>6} {'refused':>7} {'timeout':>7} "
          f"{'disconn':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>8} "
          f"{'srv CPU%':>8} {'tallies':>7} {'lag ms':>6}  notes")


def fmt(value, digits: int = 1, width: int = 7) -> str:
    return f"{'-' if value is None else f'{value:.{digits}f}':>{width}}"


def minute_line(minute: Minute, rss_reference: float | None) -> str:
    if minute.number == 1 or rss_reference is None or minute.rss is None:
        delta = f"{'ref' if minute.number == 1 else '-':>7}"
    else:
        delta = f"{minute.rss - rss_reference:>+7.1f}"
    lat = sorted(minute.latencies)
    notes = []
    if minute.refused:
        notes.append("refused " + ", ".join(f"{code}={n}" for code, n in sorted(minute.refused.items())))
    if minute.interrupted:
        notes.append(f"{minute.interrupted} sends interrupted by a disconnect")
    if minute.facilitator_disconnects:
        notes.append(f"facilitator disconnected {minute.facilitator_disconnects}x")
    return (f"{minute.number:>3} {fmt(minute.rss, 1, 8)} {delta} {minute.acked:>6} "
            f"{sum(minute.refused.values()):>7} {minute.timeouts:>7} {minute.disconnects:>7} "
            f"{fmt(percentile(lat, 0.50))} {fmt(percentile(lat, 0.95))} {fmt(percentile(lat, 0.99))} "
            f"{fmt(lat[-1] if lat else None, 1, 8)} {fmt(minute.cpu_percent, 1, 8)} {minute.tallies:>7} "
            f"{minute.lag_max_ms:>6.0f}  {'; '.join(notes)}").rstrip()


def summarize(number: int, start: float, end: float, rss: float | None, cpu_percent: float | None,
              recorder: Recorder, phones: list[SoakPhone], facilitator: Facilitator) -> Minute:
    """Everything that happened in [start, end)."""
    outcomes = [o for o in recorder.outcomes if start <= o[0] < end]
    return Minute(
        number=number,
        rss=rss,
        acked=sum(1 for _, outcome, _ in outcomes if outcome == "ok"),
        refused=Counter(outcome.split(":", 1)[1] for _, outcome, _ in outcomes if outcome.startswith("refused:")),
        timeouts=sum(1 for _, outcome, _ in outcomes if outcome == "timeout"),
        interrupted=sum(1 for _, outcome, _ in outcomes if outcome == "interrupted"),
        disconnects=sum(1 for phone in phones for t in phone.disconnects if start <= t < end),
        facilitator_disconnects=sum(1 for t in facilitator.disconnects if start <= t < end),
        latencies=[latency for _, outcome, latency in outcomes if outcome == "ok"],
        cpu_percent=cpu_percent,
        tallies=sum(1 for t, _ in facilitator.tallies if start <= t < end),
        lag_max_ms=max((lag for t, lag in recorder.loop_lag if start <= t < end), default=0.0) * 1000,
    )


# --- the run ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    minutes: list = field(default_factory=list)
    rss_idle: float | None = None
    rss_connected: float | None = None
    recorder: Recorder = field(default_factory=Recorder)
    phones: list = field(default_factory=list)
    facilitator: Facilitator | None = None
    api_tally: dict | None = None
    screen_matches: bool | None = None
    voting_seconds: float = 0.0
    phone_failures: list = field(default_factory=list)


async def api_results(url: str, facts: dict) -> dict:
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {facts['token']}"}) as http:
        async with http.get(f"{url}/api/v1/activities/{facts['poll_id']}/results",
                            timeout=aiohttp.ClientTimeout(total=30)) as response:
            body = await response.text()
            if response.status != 200:
                raise RuntimeError(f"GET results: HTTP {response.status}: {body[:300]}")
            return (await response.json())["results"]


async def soak(server: ServerProcess, facts: dict, args, outcome: Outcome) -> None:
    pid = server.process.pid
    recorder = outcome.recorder
    outcome.rss_idle = rss_mib(pid)
    facilitator = outcome.facilitator = Facilitator(facts["poll_id"])
    lag_task = None
    phones: list[SoakPhone] = []
    try:
        await facilitator.connect(server.url, facts["workshop_id"], facts["token"])
        started = time.monotonic()
        cookies = await asyncio.to_thread(join_many, server.url, facts["code"], args.phones)
        joined = time.monotonic()
        phones = outcome.phones = [
            SoakPhone(i, server.url, facts["code"], cookie, facts["poll_id"], recorder=recorder)
            for i, cookie in enumerate(cookies)
        ]
        await connect_all(phones, timeout=120)
        log(f"{len(phones)} phones joined in {joined - started:.1f} s and connected in "
            f"{time.monotonic() - joined:.1f} s")
        await asyncio.sleep(2)  # let the connect-time presence broadcasts pass
        outcome.rss_connected = rss_mib(pid)

        say(f"Soak: {args.phones} phones for {args.minutes} min against the real server (eventlet, "
            f"pid {pid}, {server.url}); a new answer every {args.pause_min:g}-{args.pause_max:g} s per phone")
        say(f"server RSS idle {fmt(outcome.rss_idle, 1, 0)} MiB, with {args.phones} phones connected "
            f"{fmt(outcome.rss_connected, 1, 0)} MiB")
        say(HEADER)

        lag_task = asyncio.ensure_future(watch_loop_lag(recorder))
        t0 = time.monotonic()
        stop_at = t0 + args.minutes * 60
        tasks = [
            asyncio.ensure_future(vote_continuously(phone, random.Random(args.seed * 100003 + phone.index),
                                                    args, stop_at, stop_at + LAST_ANSWER_GRACE))
            for phone in phones
        ]
        cpu_before, wall_before = cpu_seconds(pid), time.monotonic()
        rss_reference = None
        for number in range(1, args.minutes + 1):
            boundary = t0 + number * 60
            window_end = boundary
            if number < args.minutes:
                await asyncio.sleep(max(0.0, boundary - time.monotonic()))
            else:
                # the last minute also takes the acks of answers still in flight at the end
                await asyncio.sleep(max(0.0, boundary - time.monotonic()))
                done, pending = await asyncio.wait(tasks, timeout=LAST_ANSWER_GRACE + 5)
                for task in pending:
                    task.cancel()
                window_end = float("inf")
                outcome.voting_seconds = time.monotonic() - t0
                for task in done:
                    if not task.cancelled() and task.exception() is not None:
                        outcome.phone_failures.append(repr(task.exception())[:200])
                if pending:
                    outcome.phone_failures.append(f"{len(pending)} phones still busy after the grace period")
            rss = rss_mib(pid)
            cpu_now, wall_now = cpu_seconds(pid), time.monotonic()
            cpu_percent = (None if cpu_now is None or cpu_before is None
                           else 100.0 * (cpu_now - cpu_before) / (wall_now - wall_before))
            cpu_before, wall_before = cpu_now, wall_now
            minute = summarize(number, boundary - 60, window_end, rss, cpu_percent, recorder, phones, facilitator)
            outcome.minutes.append(minute)
            if number == 1:
                rss_reference = rss
            say(minute_line(minute, rss_reference))

        outcome.api_tally = await api_results(server.url, facts)
        outcome.screen_matches = await wait_until(lambda: facilitator.last_tally() == outcome.api_tally, 5.0)
    finally:
        if lag_task is not None:
            lag_task.cancel()
        await close_all(phones)
        await facilitator.close()


# --- the final report ---------------------------------------------------------------------------


def expected_tally(phones: list[SoakPhone]) -> tuple[dict, list[int]]:
    """The tally the phones' last acknowledged answers make, and the phones without any."""
    counts = Counter({option: 0 for option in OPTION_IDS})
    without = []
    for phone in phones:
        last = phone.last_acked
        if last is None:
            without.append(phone.index)
        else:
            counts[last["answer"]["choices"][0]] += 1
    return {"responses": len(phones) - len(without), "counts": dict(counts)}, without


def memory_verdict(minutes: list[Minute]) -> str:
    rss = {m.number: m.rss for m in minutes}
    last = max(rss) if rss else 0
    if last < 2:
        return "memory: not judged (the verdict needs at least 2 minutes; run without --minutes 1)"
    if any(rss[n] is None for n in rss):
        return "memory: not judged (the server's RSS could not be read every minute)"
    middle = max(1, last // 2)
    reference, growth = rss[1], rss[last] - rss[middle]
    share = 100.0 * growth / reference if reference else float("inf")
    figures = (f"RSS minute 1 {reference:.1f} MiB, "
               + (f"minute {middle} {rss[middle]:.1f} MiB, " if middle != 1 else "")
               + f"minute {last} {rss[last]:.1f} MiB; second half (minutes {middle}-{last}) {growth:+.1f} MiB "
               f"= {share:+.1f} % of minute 1; whole run after warm-up {rss[last] - reference:+.1f} MiB")
    if growth < 10.0 or share < 5.0:
        return f"memory: levels off ({figures})"
    per_minute = growth / (last - middle)
    return f"memory: STILL GROWING ({figures}; about {per_minute:+.2f} MiB per minute)"


def report(outcome: Outcome, args) -> int:
    recorder, phones = outcome.recorder, outcome.phones
    ok = sorted(latency for _, result, latency in recorder.outcomes if result == "ok")
    refused = Counter(result.split(":", 1)[1] for _, result, _ in recorder.outcomes if result.startswith("refused:"))
    timeouts = sum(1 for _, result, _ in recorder.outcomes if result == "timeout")
    interrupted = sum(1 for _, result, _ in recorder.outcomes if result == "interrupted")
    disconnects = sum(m.disconnects for m in outcome.minutes)
    resends = sum(n - 1 for phone in phones for n in phone.sends.values() if n > 1)
    answers = sum(len(phone.answers_sent) for phone in phones)
    never_acked = [phone.index for phone in phones if phone.never_acked is not None]
    wrong_echo = [phone.index for phone in phones for _, message, ack in phone.acks
                  if ack.get("answer") != message["answer"]]
    seconds = outcome.voting_seconds or args.minutes * 60

    say()
    say(f"totals over {len(outcome.minutes)} min: {len(phones)} phones made {answers} answers; "
        f"{len(ok)} acked ({len(ok) / seconds:.1f}/s); refused {sum(refused.values())}"
        + (f" ({', '.join(f'{c}={n}' for c, n in sorted(refused.items()))})" if refused else "")
        + f"; ack timeouts {timeouts}; phone disconnects {disconnects}; "
        f"sends interrupted {interrupted}; resends (same request id) {resends}; "
        f"never acknowledged {len(never_acked)}; facilitator disconnects "
        f"{sum(m.facilitator_disconnects for m in outcome.minutes)}; tallies received "
        f"{sum(m.tallies for m in outcome.minutes)}")
    say(f"ack latency over the run (ms, n={len(ok)}): p50 {fmt(percentile(ok, 0.50), 1, 0)}, "
        f"p95 {fmt(percentile(ok, 0.95), 1, 0)}, p99 {fmt(percentile(ok, 0.99), 1, 0)}, "
        f"max {fmt(ok[-1] if ok else None, 1, 0)}")
    lags = sorted(lag for _, lag in recorder.loop_lag)
    say(f"bench event loop lag (ms): p99 {fmt((percentile(lags, 0.99) or 0) * 1000, 0, 0)}, "
        f"max {fmt((lags[-1] if lags else 0) * 1000, 0, 0)}")
    say(memory_verdict(outcome.minutes))
    for failure in outcome.phone_failures:
        say(f"phone task problem: {failure}")

    expected, without = expected_tally(phones)
    problems = []
    if outcome.api_tally != expected:
        problems.append(f"GET results {outcome.api_tally} != the phones' last acknowledged answers {expected}")
    if outcome.api_tally is not None and outcome.api_tally.get("responses") != args.phones:
        problems.append(f"responses {outcome.api_tally.get('responses')} != --phones {args.phones}")
    if without:
        problems.append(f"{len(without)} phones have no acknowledged answer (e.g. {without[:5]})")
    if never_acked:
        problems.append(f"{len(never_acked)} phones' last answers were never acknowledged (e.g. {never_acked[:5]})")
    if wrong_echo:
        problems.append(f"{len(wrong_echo)} acks carried another answer than the one sent (e.g. phone {wrong_echo[0]})")
    if problems:
        say("final tally: FAIL: " + "; ".join(problems))
    else:
        say(f"final tally: OK: GET /api/v1/activities/<id>/results has exactly {args.phones} responses and "
            f"counts {outcome.api_tally['counts']} = the phones' last acknowledged answers")
    say(f"facilitator's last `results`: {'equal to' if outcome.screen_matches else 'NOT equal to'} the final tally"
        + ("" if outcome.screen_matches else f" (last seen {outcome.facilitator.last_tally() if outcome.facilitator else None})"))
    return 1 if problems else 0


def server_log_summary(server: ServerProcess) -> str:
    text = server.log()
    tracebacks = text.count("Traceback (most recent call last)")
    errors = sum(1 for line in text.splitlines() if " ERROR " in line or line.startswith("ERROR"))
    return f"server log: {len(text.splitlines())} lines, {tracebacks} tracebacks, {errors} ERROR lines"


# --- main ----------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--minutes", type=int, default=10, help="how long the phones keep voting")
    parser.add_argument("--phones", type=int, default=300, help="simulated phones")
    parser.add_argument("--pause-min", type=float, default=5.0, help="shortest think time between answers, s")
    parser.add_argument("--pause-max", type=float, default=15.0, help="longest think time between answers, s")
    parser.add_argument("--seed", type=int, default=1, help="seed of the phones' timing and choices")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, server log)")
    args = parser.parse_args(argv)
    if args.minutes < 1 or args.phones < 1:
        parser.error("--minutes and --phones must be at least 1")
    if not 0 < args.pause_min <= args.pause_max:
        parser.error("need 0 < --pause-min <= --pause-max")
    if args.pause_min < 0.5:
        parser.error("--pause-min below 0.5 s would exceed the per-participant limit of 20 per 10 s")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    budget = (args.minutes + EXTRA_MINUTES) * 60
    program_started = time.monotonic()
    limit = raise_open_file_limit()
    if limit < args.phones + 100:
        log(f"warning: this process may open only {limit} files; {args.phones} phones need about {args.phones + 100}")
    workdir = Path(tempfile.mkdtemp(prefix="facilitation-soak-"))
    server: ServerProcess | None = None
    log_summary = None

    def out_of_time(*_):
        # The backstop of the backstop: asyncio.wait_for below should have ended the run already.
        log(f"FAILED: the overall timeout of {budget / 60:.0f} min passed; stopping the server and exiting")
        if server is not None:
            server.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        os._exit(2)

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(int(budget) + 60)
    outcome = Outcome()
    status = 0
    try:
        instance = workdir / "instance"
        facts = prepare_instance(instance)
        server = ServerProcess(instance, async_mode="eventlet", log_path=workdir / "server.log")
        log(f"starting the server on {server.url} (eventlet)")
        server.start()
        remaining = budget - (time.monotonic() - program_started)
        try:
            asyncio.run(asyncio.wait_for(soak(server, facts, args, outcome), remaining))
        except asyncio.TimeoutError:
            log(f"FAILED: the overall timeout of {budget / 60:.0f} min passed")
            status = 2
        if server.process.poll() is not None:
            log(f"FAILED: the server exited during the run (status {server.process.returncode})")
            status = 2
    except Exception as error:  # noqa: BLE001 - report, clean up, exit 2
        log(f"FAILED: {type(error).__name__}: {error}")
        status = 2
    finally:
        if server is not None:
            server.stop()
            log_summary = server_log_summary(server)
            if status:
                log("server log tail:\n" + server.log()[-2000:])
        signal.alarm(0)
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    if outcome.minutes and outcome.api_tally is not None:
        status = max(status, report(outcome, args))
    elif status == 0:
        status = 2
    if log_summary:
        say(log_summary)
    return status


if __name__ == "__main__":
    sys.exit(main())

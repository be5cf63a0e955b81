"""Load benchmark: what a room of phones does to the real server, beside a bare echo server.

    .venv/bin/python bench/load.py [--scenario burst,spread,ratings,qa] [--modes eventlet,gevent]
                                   [--quick] [--app-root DIR] [--workers 4] ...

Each scenario runs against four servers, one after the other, in the same run: the app in each
async mode and bench/echo_server.py (Flask-SocketIO with no database) in each mode. The phones
are spread over --workers processes (bench/crowd.py), each with one asyncio loop; they start
together at a moment the parent gives them. Scenarios:

- burst:   N phones (1,000 and 2,000) vote in a 4-option poll at the same instant;
- spread:  2,000 phones vote once each, spread evenly over 10 s (200 votes/s offered);
- ratings: 300 phones rate 9 themes, then again 1–4 s after each ack, for 60 s;
- qa:      300 phones each ask one question, then upvote random other questions every 1–4 s for
           60 s; what every phone receives is counted (bytes per phone per second).

A facilitator client of the app (the "screen") records every `results` message; after the last
ack the benchmark waits until one equals what the acknowledged answers make (the exact tally).
Exit status: 0 when every app run's tally became exact; 1 when one did not (an answer lost or
counted twice, or an answer whose ack never came); 2 when a run could not be made. See
bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import socketio

import crowd
from servers import ROOT, app_server, cpu_seconds, echo_server, prepare_instance, rss_kib

from cluster import BenchCluster  # noqa: E402 - after servers.py put the checkout on sys.path

SCENARIOS = ("burst", "spread", "ratings", "qa")
MODES = ("eventlet", "gevent")
KIND_OF = {"burst": "poll", "spread": "poll", "ratings": "rating", "qa": "qa"}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Run:
    """The figures of one scenario against one server."""

    scenario: str
    target: str  # "app", "before" (the --before checkout) or "echo"
    mode: str
    phones: int
    connected: int = 0
    connect_seconds: float | None = None
    setup_errors: dict = field(default_factory=dict)
    ok: dict = field(default_factory=dict)  # what -> acked count
    errors: dict = field(default_factory=dict)
    latencies: dict = field(default_factory=dict)  # what -> sorted ms
    rate: float | None = None  # acked answers (votes, ratings, upvotes) per second
    rate_seconds: float | None = None
    server_cpu: float | None = None
    client_cpu: float | None = None
    rss_connected_kib: int | None = None
    rss_after_kib: int | None = None
    tally_ms: float | None = None  # last ack -> exact tally on the screen
    bytes_per_phone_second: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    failed: str | None = None
    load_average: float | None = None  # of the machine (1 minute), when the run began
    servers: int | None = None  # --servers: the processes behind HAProxy (None: the app alone)
    # Per server process: {"pid", "phones", "cpu" (in the scenario), "rss_connected_kib", "peak_rss_kib"}.
    processes: list = field(default_factory=list)
    helpers_cpu: dict = field(default_factory=dict)  # HAProxy, Redis, PostgreSQL: CPU s in the scenario
    tally_ms_per_screen: list = field(default_factory=list)  # one screen per server process

    def percentile(self, what: str, q: float) -> float | None:
        values = self.latencies.get(what) or []
        if len(values) < 2:
            return values[0] if values else None
        return statistics.quantiles(values, n=1000, method="inclusive")[round(q * 1000) - 1]


# --- the screen ----------------------------------------------------------------------------


class Screen:
    """The facilitator's Socket.IO client: every `results` of the activity, with its arrival."""

    def __init__(self, activity_id: int):
        self.activity_id = activity_id
        self.client = socketio.AsyncClient(reconnection=False)
        self.history: list[tuple[float, dict]] = []
        self.changed = asyncio.Event()
        self.client.on("results", self._on_results)

    async def _on_results(self, message) -> None:
        if isinstance(message, dict) and message.get("activity_id") == self.activity_id:
            self.history.append((time.monotonic(), message.get("results")))
            self.changed.set()

    async def connect(self, url: str, facts: dict, timeout: float) -> None:
        await self.client.connect(url, auth={"role": "facilitator", "workshop": facts["workshop_id"],
                                             "token": facts["token"]},
                                  transports=["websocket"], wait_timeout=timeout)

    async def wait_for(self, matches, timeout: float) -> float | None:
        """The arrival time of the first tally for which `matches(tally)`, or None after `timeout`."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for arrived, tally in self.history[seen:]:
                if isinstance(tally, dict) and matches(tally):
                    return arrived
            seen = len(self.history)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), remaining)
            except asyncio.TimeoutError:
                return None

    def last(self) -> dict | None:
        return self.history[-1][1] if self.history else None


def expected_tally(scenario: str, finals: dict, facts: dict, asked: dict):
    """A predicate: does a tally show exactly the acknowledged answers? And its description."""
    if scenario in ("burst", "spread"):
        counts = {o: sum(1 for c in finals.values() if c == o) for o in crowd.OPTION_IDS}
        answered = sum(counts.values())
        return (lambda t: t.get("responses") == answered and t.get("counts") == counts,
                f"{answered} votes {counts}")
    if scenario == "ratings":
        rated = [r for r in finals.values() if r]
        want = {}
        for theme in facts["theme_ids"]:
            want[theme] = {str(s): 0 for s in range(crowd.SCALE[0], crowd.SCALE[1] + 1)}
            for ratings in rated:
                want[theme][str(ratings[str(theme)])] += 1
        return (lambda t: t.get("responses") == len(rated)
                and {row["id"]: row["distribution"] for row in t.get("themes", [])} == want,
                f"{len(rated)} phones' ratings of {len(want)} themes")
    votes = {entry: 0 for entry in asked.values()}
    for voted in finals.values():
        for entry in voted or ():
            votes[entry] = votes.get(entry, 0) + 1
    return (lambda t: {q["id"]: q["votes"] for q in t.get("questions", [])} == votes,
            f"{len(votes)} questions with {sum(votes.values())} upvotes")


# --- one run -------------------------------------------------------------------------------


def receive(pipe, timeout: float):
    """The next message of a load worker; TimeoutError after `timeout` s, RuntimeError if it failed."""
    if not pipe.poll(timeout):
        raise TimeoutError(f"a load worker said nothing for {timeout:.0f} s")
    message = pipe.recv()
    if "failed" in message:
        raise RuntimeError(f"a load worker failed: {message['failed']}")
    return message


async def from_all(pipes, timeout: float) -> list[dict]:
    """The next message of every load worker, waited for in threads so the screen keeps listening."""
    return await asyncio.gather(*(asyncio.to_thread(receive, pipe, timeout) for pipe in pipes))


def cpu_of(pids: list[int]) -> list[float | None]:
    """The CPU seconds each process has used so far (None where /proc cannot tell)."""
    return [cpu_seconds(pid) for pid in pids]


def cpu_spent(before: dict | list, after: dict | list):
    """Per process (a list or a dict of them), the CPU seconds between two readings."""
    if isinstance(before, dict):
        return {name: cpu_spent([before[name]], [after.get(name)])[0] for name in before}
    return [None if a is None or b is None else b - a for a, b in zip(before, after)]


async def drive(run: Run, server, facts: dict | None, args) -> None:
    """Start the workers, connect the phones (and a screen on every server process), run the
    scenario, measure. `server` is a bench/servers.py Server or a bench/cluster.py BenchCluster."""
    scenario, is_app = run.scenario, facts is not None
    screens = [Screen(facts["activity_id"]) for _ in server.screen_urls] if is_app else []
    for screen, url in zip(screens, server.screen_urls):
        await screen.connect(url, facts, args.timeout)
    pids = server.server_pids
    workers = min(args.workers, run.phones)
    job = {"url": server.url, "code": facts["code"] if is_app else None, "scenario": scenario,
           "phones": run.phones, "activity_id": facts["activity_id"] if is_app else 1,
           "theme_ids": facts["theme_ids"] if is_app else list(range(1, 10)),
           "concurrency": max(1, args.concurrency // workers), "timeout": args.timeout,
           "connect_timeout": args.connect_timeout,
           "ack_timeout": args.ack_timeout, "seed": args.seed, "duration": args.duration,
           "spread": args.spread_seconds if scenario == "spread" else 0}
    context = multiprocessing.get_context("spawn")
    pipes, processes = [], []
    for w in range(workers):
        parent, child = context.Pipe()
        share = {**job, "indices": list(range(w, run.phones, workers))}
        process = context.Process(target=crowd.work, args=(child, share), daemon=True)
        process.start()
        pipes.append(parent)
        processes.append(process)
    try:
        log(f"{run.scenario} {run.target} {run.mode}: connecting {run.phones} phones over {workers} processes")
        ready = await from_all(pipes, args.connect_timeout + 60)
        run.connected = sum(r["connected"] for r in ready)
        run.connect_seconds = max(r["connect_seconds"] for r in ready)
        for r in ready:
            for reason, n in r["setup_errors"].items():
                run.setup_errors[reason] = run.setup_errors.get(reason, 0) + n
        backends: dict = {}
        for r in ready:
            for backend, n in r.get("backends", {}).items():
                backends[backend] = backends.get(backend, 0) + n
        # HAProxy names the processes app1, app2, ... in the order of server_pids.
        run.processes = [{"pid": pid, "phones": backends.get(f"app{n}", 0) if run.servers else run.connected,
                          "rss_connected_kib": rss_kib(pid)} for n, pid in enumerate(pids, start=1)]
        run.rss_connected_kib = sum_or_none([p["rss_connected_kib"] for p in run.processes])
        log(f"{run.scenario} {run.target} {run.mode}: {run.connected} connected in {run.connect_seconds:.1f} s"
            + (f" ({', '.join(str(p['phones']) for p in run.processes)} per process)" if run.servers else ""))
        if run.connected == 0:
            run.failed = "no phone connected"
            for pipe in pipes:
                pipe.send({"stop": True})
            return
        await asyncio.sleep(args.settle)  # the connect-time presence broadcasts pass
        cpu_before, helpers_before = cpu_of(pids), server.helper_cpu()
        t0 = time.monotonic() + 0.5
        for pipe in pipes:
            pipe.send({"go": t0})
        asked: dict = {}
        vote_from = t0
        if scenario == "qa":
            for message in await from_all(pipes, args.timeout + 10):
                asked.update(message["asked"])
            vote_from = time.monotonic() + 0.5
            for pipe in pipes:
                pipe.send({"entries": sorted(asked.values()), "vote_from": vote_from})
        limit = args.timeout + args.duration + args.spread_seconds + 30
        results = await from_all(pipes, limit)
        for process, cpu in zip(run.processes, cpu_spent(cpu_before, cpu_of(pids))):
            process["cpu"] = cpu
        run.server_cpu = sum_or_none([p["cpu"] for p in run.processes])
        run.helpers_cpu = cpu_spent(helpers_before, server.helper_cpu())
        run.client_cpu = sum(r["client_cpu"] for r in results)
        samples = [s for r in results for s in r["samples"]]
        finals = {int(k): v for r in results for k, v in r["final"].items()}
        uncertain = sum(r["uncertain"] for r in results)
        for r in results:
            for reason, n in r["errors"].items():
                run.errors[reason] = run.errors.get(reason, 0) + n
            run.bytes_per_phone_second += r["bytes_per_second"]
        for what, latency, _ in samples:
            run.ok[what] = run.ok.get(what, 0) + 1
            run.latencies.setdefault(what, []).append(latency)
        for values in run.latencies.values():
            values.sort()
        rated = {"burst": "vote", "spread": "vote", "ratings": "rating", "qa": "upvote"}[scenario]
        acks = [at for what, _, at in samples if what == rated]
        last_ack = max((at for _, _, at in samples), default=None)
        if acks:
            start = vote_from if scenario == "qa" else t0
            if scenario in ("ratings", "qa"):
                end = t0 + args.duration
                run.rate_seconds = end - start
                run.rate = sum(1 for at in acks if at <= end) / run.rate_seconds
            else:
                run.rate_seconds = max(acks) - start
                run.rate = len(acks) / run.rate_seconds if run.rate_seconds > 0 else None
        if screens:
            matches, description = expected_tally(scenario, finals, facts, asked)
            for number, screen in enumerate(screens, start=1):
                found = await screen.wait_for(matches, args.tally_timeout)
                if found is not None and last_ack is not None:
                    run.tally_ms_per_screen.append((found - last_ack) * 1000)
                elif found is None:
                    where = f" (on process {number})" if run.servers else ""
                    problem = (f"the screen's tally{where} never became exactly the acknowledged answers "
                               f"({description}) within {args.tally_timeout:.0f} s of the last ack")
                    if uncertain:
                        problem += f"; {uncertain} phones sent an answer whose ack never came (it may be stored)"
                    run.problems.append(problem)
            if run.tally_ms_per_screen:
                run.tally_ms = max(run.tally_ms_per_screen)
        if run.servers and (run.connected < run.phones or run.errors):
            run.problems.append(f"{run.phones - run.connected} phones did not connect and "
                                f"{sum(run.errors.values())} answers were not acknowledged")
        for process in run.processes:
            process["peak_rss_kib"] = rss_kib(process["pid"], "VmHWM")
        run.rss_after_kib = sum_or_none([rss_kib(pid) for pid in pids])
        for pipe in pipes:
            pipe.send({"close": True})
        await from_all(pipes, args.timeout + 10)
    finally:
        for process in processes:
            process.join(15)
            if process.is_alive():
                process.kill()
        for screen in screens:
            if screen.client.connected:
                await screen.client.disconnect()


def sum_or_none(values: list) -> float | int | None:
    """The sum, or None if a value is missing."""
    return None if not values or any(v is None for v in values) else sum(values)


def measure(scenario: str, phones: int, target: str, mode: str, args, workdir: Path,
            servers: int | None = None) -> Run:
    """One scenario against one freshly started server, or (`servers`) a fresh cluster of that
    many processes behind HAProxy on args.database_url."""
    run = Run(scenario, target, mode, phones, load_average=os.getloadavg()[0], servers=servers)
    name = f"{scenario}-{phones}-{target}-{mode}" + (f"-{servers}-servers" if servers else "")
    facts = None
    try:
        if servers:
            server = BenchCluster(workdir / name, args.database_url, servers, mode, KIND_OF[scenario],
                                  rate_limit_env(phones))
            log(f"{name}: starting {server.name}")
            with server:
                asyncio.run(drive(run, server, server.facts, args))
            return run
        if target in ("app", "before"):
            root = args.app_root if target == "app" else args.before
            facts = prepare_instance(root, workdir / name, KIND_OF[scenario])
            server = app_server(root, mode, workdir / name, workdir / f"{name}.log", rate_limit_env(phones))
        else:
            server = echo_server(mode, workdir / f"{name}.log")
        server.start()
        try:
            asyncio.run(drive(run, server, facts, args))
        finally:
            server.stop()
    except Exception as error:  # noqa: BLE001 - reported in the table and the exit status
        run.failed = f"{type(error).__name__}: {error}"[:500]
        log(f"{name} FAILED: {run.failed}")
        if "server" in locals():
            log(f"last lines of {name}'s log:\n{server.log_tail()}")
    return run


# All phones come from 127.0.0.1, so the app's per-address join limit (join_address, 2,000 per
# minute) applies to the whole crowd. Above 1,000 phones it is raised; the limiter still runs.
def rate_limit_env(phones: int) -> dict:
    """The app's extra environment for this many phones joining from one address."""
    if phones <= 1000 or os.environ.get("RATE_LIMITS"):
        return {}
    return {"RATE_LIMITS": f"join_address={2 * phones} per minute"}


# --- output --------------------------------------------------------------------------------


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def ratio(a, b) -> str:
    return "-" if a is None or b is None or b == 0 else f"{a / b:.2f}x"


def mib(kib) -> str:
    return "-" if kib is None else f"{kib / 1024:.0f} MiB"


def rows_of(scenario: str) -> list[tuple[str, object, bool]]:
    """(label, how to get the value from a Run, whether an app/echo ratio means something)."""
    what = {"burst": "vote", "spread": "vote", "ratings": "rating", "qa": "upvote"}[scenario]
    rate_label = {"burst": "votes/s over the burst", "spread": "sustained votes/s",
                  "ratings": "ratings acked/s", "qa": "upvotes acked/s"}[scenario]
    rows = [
        ("phones connected", lambda r: f"{r.connected:,} / {r.phones:,}", False),
        ("connect phase (s)", lambda r: fmt(r.connect_seconds), False),
        (f"{what}s acked", lambda r: fmt(r.ok.get(what, 0)), False),
        ("errors", lambda r: fmt(sum(r.errors.values())), False),
    ]
    if scenario == "qa":
        rows.append(("question ack p95 (ms)", lambda r: r.percentile("question", 0.95), True))
    for q in (0.50, 0.95, 0.99):
        rows.append((f"{what} ack p{round(q * 100)} (ms)", lambda r, q=q: r.percentile(what, q), True))
    rows.append((f"{what} ack max (ms)", lambda r: max(r.latencies.get(what) or [None], key=lambda v: v or 0), True))
    rows.append((rate_label, lambda r: r.rate, True))
    if scenario == "qa":
        rows.append(("bytes/phone/s received, mean",
                     lambda r: statistics.mean(r.bytes_per_phone_second) if r.bytes_per_phone_second else None, False))
        rows.append(("bytes/phone/s received, max",
                     lambda r: max(r.bytes_per_phone_second, default=None), False))
    rows += [
        ("last ack -> exact tally (ms)", lambda r: r.tally_ms if r.target != "echo" else "n/a", False),
        ("server CPU in the scenario (s)", lambda r: r.server_cpu, False),
        ("load generator CPU (s)", lambda r: r.client_cpu, False),
        ("server RSS, phones connected", lambda r: mib(r.rss_connected_kib), False),
        ("server RSS after", lambda r: mib(r.rss_after_kib), False),
        ("machine load average at start", lambda r: r.load_average, False),
    ]
    return rows


def print_table(scenario: str, phones: int, runs: dict, modes: list[str], args) -> None:
    """One scenario's table: per mode the app (and --before), the echo server and the ratios;
    then each run's failures, errors and whether its tally became exact."""
    # Per mode: app, [before,] echo, app/echo[, before/echo].
    headers = [""]
    for mode in modes:
        headers += [f"app {mode}"] + ([f"before {mode}"] if args.before else []) + [f"echo {mode}", "app/echo"]
        headers += ["before/echo"] if args.before else []
    table = []
    for label, get, ratio_too in rows_of(scenario):
        row = [label]
        for mode in modes:
            apps = [runs.get((target, mode)) for target in (("app", "before") if args.before else ("app",))]
            echo = runs.get(("echo", mode))
            values = [get(r) if r is not None and not r.failed else None for r in apps + [echo]]
            row += [v if isinstance(v, str) else fmt(v) for v in values]
            for value in values[:-1]:
                both = all(isinstance(v, (int, float)) for v in (value, values[-1]))
                row.append(ratio(value, values[-1]) if ratio_too and both else "")
        table.append(row)
    titles = {"burst": f"{phones:,} phones vote at the same instant (4-option poll)",
              "spread": f"{phones:,} phones vote once, spread evenly over {args.spread_seconds:g} s",
              "ratings": f"{phones:,} phones re-rate 9 themes every 1-4 s for {args.duration:g} s",
              "qa": f"Q&A: {phones:,} phones ask one question each, then upvote every 1-4 s for {args.duration:g} s"}
    print_rows(f"{scenario}: {titles[scenario]}", headers, table)
    report_runs(runs.values(), lambda run: f"{run.target} {run.mode}")


def print_cluster_table(scenario: str, phones: int, runs: dict, modes: list[str], args) -> None:
    """With --servers N, one scenario's table: per mode one process and N processes behind
    HAProxy (same database and queue, same run) and N/1; then per server process its phones,
    CPU and peak RSS, and the CPU of HAProxy, Redis and PostgreSQL; then each run's outcome."""
    n = args.servers
    headers = [""]
    for mode in modes:
        headers += [f"1 process {mode}", f"{n} processes {mode}", f"{n}/1"]
    rows = [row for row in rows_of(scenario) if not row[0].startswith("server RSS")]
    renamed = {"server CPU in the scenario (s)": "servers' CPU in the scenario, all processes (s)",
               "last ack -> exact tally (ms)": "last ack -> exact tally on the slowest screen (ms)"}
    rows = [(renamed.get(label, label), get, ratio_too) for label, get, ratio_too in rows]
    rows.append(("last ack -> exact tally, per screen (ms)",
                 lambda r: " / ".join(fmt(v, 0) for v in r.tally_ms_per_screen) or "-", False))
    for number in range(1, n + 1):
        def of(r, key, number=number):
            return r.processes[number - 1].get(key) if len(r.processes) >= number else None
        rows += [
            (f"process {number}: phones", lambda r, of=of: of(r, "phones"), False),
            (f"process {number}: CPU in the scenario (s)", lambda r, of=of: of(r, "cpu"), False),
            (f"process {number}: RSS, phones connected", lambda r, of=of: mib(of(r, "rss_connected_kib")), False),
            (f"process {number}: peak RSS", lambda r, of=of: mib(of(r, "peak_rss_kib")), False),
        ]
    for helper in ("HAProxy", "Redis", "PostgreSQL"):
        rows.append((f"{helper} CPU in the scenario (s)", lambda r, helper=helper: r.helpers_cpu.get(helper), False))
    table = []
    for label, get, ratio_too in rows:
        row = [label]
        for mode in modes:
            values = [get(r) if r is not None and not r.failed else None
                      for r in (runs.get((1, mode)), runs.get((n, mode)))]
            row += [v if isinstance(v, str) else fmt(v) for v in values]
            both = all(isinstance(v, (int, float)) for v in values)
            row.append(ratio(values[1], values[0]) if ratio_too and both else "")
        table.append(row)
    title = {"burst": f"{phones:,} phones vote at the same instant (4-option poll)",
             "spread": f"{phones:,} phones vote once, spread evenly over {args.spread_seconds:g} s",
             "ratings": f"{phones:,} phones re-rate 9 themes every 1-4 s for {args.duration:g} s",
             "qa": f"Q&A: {phones:,} phones ask one question each, then upvote every 1-4 s for {args.duration:g} s"}
    print_rows(f"{scenario}: {title[scenario]}; behind HAProxy, PostgreSQL and Redis", headers, table)
    report_runs(runs.values(), lambda run: f"{run.servers} process{'es' if run.servers > 1 else ''} {run.mode}")


def print_rows(title: str, headers: list[str], table: list[list]) -> None:
    """A plain-text table: the first column left-aligned, the others right-aligned."""
    widths = [max(len(str(r[i])) for r in table + [headers]) for i in range(len(headers))]
    rule = "-+-".join("-" * w for w in widths)
    print()
    print(f"== {title}")
    print(rule)
    print(" | ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths))))
    print(rule)
    for row in table:
        print(" | ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    print(rule)


def report_runs(runs, label_of) -> None:
    """Under a table: each run's failures, errors, and whether its tally became exact."""
    for run in runs:
        label = label_of(run)
        if run.failed:
            print(f"{label}: COULD NOT RUN: {run.failed}")
        if run.setup_errors:
            print(f"{label}: connection failures: {run.setup_errors}")
        if run.errors:
            print(f"{label}: errors: {run.errors}")
        for problem in run.problems:
            print(f"{label}: FAIL: {problem}")
        if run.target != "echo" and not run.failed and not run.problems:
            within = "within" if run.tally_ms is not None and run.tally_ms <= 1000 else "NOT within"
            # With --servers, an unacknowledged answer or a phone not connected is a problem.
            acked = "every phone connected, every answer acked, " if run.servers else ""
            where = "on every process's screen" if (run.servers or 1) > 1 else "on the screen"
            print(f"{label}: OK, {acked}exactly the acknowledged answers {where}, {within} 1 s of the last ack")


# --- main ----------------------------------------------------------------------------------


def parse_args(argv=None):
    """The options (bench/README.md), checked; --quick shrinks the scenarios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--scenario", default=",".join(SCENARIOS), help="comma-separated: " + ",".join(SCENARIOS))
    parser.add_argument("--modes", help="async modes, comma-separated (default: eventlet,gevent; "
                                         "with --servers the app's default, gevent)")
    parser.add_argument("--quick", action="store_true",
                        help="a short run: a burst of 1,000, 1,000 phones over 5 s, 100 phones for 20 s")
    parser.add_argument("--app-root", type=Path, default=ROOT,
                        help="the checkout of the app to measure (e.g. a worktree of an older commit)")
    parser.add_argument("--before", type=Path,
                        help="a second checkout (e.g. a worktree of an older commit), measured right after "
                             "the app in every scenario and mode, in columns of its own")
    parser.add_argument("--burst-phones", default="1000,2000", help="sizes of the burst, comma-separated")
    parser.add_argument("--spread-phones", type=int, default=2000)
    parser.add_argument("--spread-seconds", type=float, default=10.0)
    parser.add_argument("--room-phones", type=int, default=300, help="phones of the ratings and Q&A scenarios")
    parser.add_argument("--duration", type=float, default=60.0, help="length of the ratings and Q&A scenarios, s")
    parser.add_argument("--workers", type=int, default=4, help="load-generator processes")
    parser.add_argument("--concurrency", type=int, default=50, help="phones joining/connecting at the same time")
    parser.add_argument("--connect-timeout", type=float, default=600.0,
                        help="limit of joining and connecting all the phones, s")
    parser.add_argument("--timeout", type=float, default=120.0, help="limit of each other phase, s")
    parser.add_argument("--ack-timeout", type=float, default=30.0, help="limit of one ack, s")
    parser.add_argument("--tally-timeout", type=float, default=30.0, help="wait for the exact tally, s")
    parser.add_argument("--settle", type=float, default=1.0, help="pause between connecting and starting, s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-baseline", action="store_true", help="skip the echo servers")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (databases, server logs)")
    parser.add_argument("--servers", type=int,
                        help="instead of the app and the echo server: N server processes behind HAProxy "
                             "with PostgreSQL and Redis, beside one process behind the same (bench/README.md)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="with --servers: a PostgreSQL database of the benchmark's own, whose tables are "
                             "dropped (default: $BENCH_DATABASE_URL, which make bench sets)")
    args = parser.parse_args(argv)
    if args.modes is None:
        args.modes = "gevent" if args.servers else ",".join(MODES)
    args.scenarios = [s for s in args.scenario.split(",") if s]
    args.mode_list = [m for m in args.modes.split(",") if m]
    if not set(args.scenarios) <= set(SCENARIOS) or not set(args.mode_list) <= set(MODES):
        parser.error(f"scenarios are {', '.join(SCENARIOS)}; modes are {', '.join(MODES)}")
    args.app_root = args.app_root.resolve()
    if not (args.app_root / "app.py").exists():
        parser.error(f"no app.py in {args.app_root}")
    if args.before is not None:
        args.before = args.before.resolve()
        if not (args.before / "app.py").exists():
            parser.error(f"no app.py in {args.before}")
    if args.servers is not None:
        if args.servers < 1:
            parser.error("--servers must be 1 or more")
        if not (args.database_url or "").startswith("postgresql"):
            parser.error("--servers needs a PostgreSQL database whose tables may be dropped: --database-url "
                         "or BENCH_DATABASE_URL (make bench sets it with scripts/ensure-postgres)")
        if args.before is not None or args.app_root != ROOT:
            parser.error("--servers measures this checkout only (no --before or --app-root)")
    args.burst_sizes = [int(n) for n in args.burst_phones.split(",") if n]
    if args.quick:
        args.burst_sizes, args.spread_phones, args.spread_seconds = [1000], 1000, 5.0
        args.room_phones, args.duration = 100, 20.0
    return args


def main(argv=None) -> int:
    """Run every chosen scenario against every server, print the tables; the exit status."""
    args = parse_args(argv)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    # A SIGTERM ends the run as Ctrl+C does: every server, cluster and worker it started is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = Path(tempfile.mkdtemp(prefix="facilitation-bench-"))
    started = time.monotonic()
    cluster = f", {args.servers} processes behind HAProxy beside one" if args.servers else ""
    log(f"measuring {args.app_root} ({', '.join(args.scenarios)}; {', '.join(args.mode_list)}{cluster}); load from "
        f"{args.workers} processes on {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    tables = []
    try:
        for scenario in args.scenarios:
            sizes = {"burst": args.burst_sizes, "spread": [args.spread_phones]}.get(scenario, [args.room_phones])
            for phones in sizes:
                runs = {}
                for mode in args.mode_list:
                    if args.servers:
                        for servers in sorted({1, args.servers}):
                            runs[(servers, mode)] = measure(scenario, phones, "app", mode, args, workdir, servers)
                        continue
                    runs[("app", mode)] = measure(scenario, phones, "app", mode, args, workdir)
                    if args.before:
                        runs[("before", mode)] = measure(scenario, phones, "before", mode, args, workdir)
                    if not args.no_baseline:
                        runs[("echo", mode)] = measure(scenario, phones, "echo", mode, args, workdir)
                if args.servers:
                    print_cluster_table(scenario, phones, runs, args.mode_list, args)
                else:
                    print_table(scenario, phones, runs, args.mode_list, args)
                sys.stdout.flush()
                tables.append((scenario, phones, runs))
    finally:  # also after Ctrl+C or SIGTERM, once every server it started is stopped
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    minutes = (time.monotonic() - started) / 60
    print(f"\n{len(tables)} tables in {minutes:.1f} minutes; load average now {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps({"app_root": str(args.app_root), "before": str(args.before), "minutes": minutes, "runs": [
            asdict(run) for _, _, runs in tables for run in runs.values()]}, indent=1))
    every = [run for _, _, runs in tables for run in runs.values()]
    if any(run.failed for run in every):
        return 2
    return 1 if any(run.problems for run in every) else 0


if __name__ == "__main__":
    sys.exit(main())

"""One load-generator process of bench/load.py: its share of the phones, in one asyncio loop.

`work(pipe, job)` runs in a child process. It joins and connects its phones, then follows the
parent's orders over `pipe`:

    -> {"connected", "setup_errors", "connect_seconds", "backends"}      after connecting
    <- {"go": t0}            start the scenario at t0 (time.monotonic(), the same clock in every
                             process on Linux); {"stop": True} instead ends the worker
    -> {"asked": {phone: entry id}}                          Q&A only, after the questions
    <- {"entries": [entry ids], "vote_from": t1}             Q&A only: upvote from t1 on
    -> {"samples", "errors", "final", "uncertain", "bytes_per_second", "client_cpu"}
    <- {"close": True}       disconnect; -> {"closed": True}

Every phone is a python-socketio AsyncClient on the WebSocket transport. A phone of the app
joins through the real join page first (GET the form, POST it with its CSRF token) and connects
with its cookies (`session`, and behind HAProxy `FSRV`, which names the process the join reached,
so the phone's WebSocket goes there too; "backends" counts the connected phones per FSRV); a
phone of the echo server connects at once.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
import uuid
from dataclasses import dataclass, field

import aiohttp
import socketio
from yarl import URL

HIDDEN_FIELD = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
OPTION_IDS = ["a", "b", "c", "d"]
SCALE = (1, 5)


@dataclass
class Phone:
    index: int  # over the whole crowd, not just this process's share
    rng: random.Random
    http: aiohttp.ClientSession | None = None
    client: socketio.AsyncClient | None = None
    setup_error: str | None = None
    final: object = None  # the last acknowledged answer (or the set of upvoted entries)
    uncertain: bool = False  # an answer was sent whose fate is unknown (no ack)
    counting: bool = False
    bytes_received: int = 0
    entry_id: int | None = None
    backend: str | None = None  # HAProxy's FSRV cookie: the server process it reaches

    @property
    def connected(self) -> bool:
        return self.client is not None and self.client.connected

    def count_bytes(self) -> None:
        """Count the size of every WebSocket message this phone receives from now on (the
        engine.io packets as text, before decoding: what the server sent, uncompressed)."""
        ws = self.client.eio.ws
        receive = ws.receive

        async def counting_receive(*args, **kwargs):
            message = await receive(*args, **kwargs)
            if self.counting and isinstance(message.data, (str, bytes)):
                data = message.data
                self.bytes_received += len(data.encode() if isinstance(data, str) else data)
            return message

        ws.receive = counting_receive

    async def close(self) -> None:
        try:
            if self.connected:
                await self.client.disconnect()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
        if self.http is not None and not self.http.closed:
            await self.http.close()


async def join_over_http(http: aiohttp.ClientSession, url: str, code: str) -> dict[str, str]:
    """The real join: GET the form, POST it with its CSRF token; return the cookies it set
    (`session`, and `FSRV` behind HAProxy)."""
    async with http.get(f"{url}/j/{code}") as page:
        if page.status != 200:
            raise RuntimeError(f"GET /j/{code}: HTTP {page.status}")
        form = dict(HIDDEN_FIELD.findall(await page.text()))
    if "csrf_token" not in form:
        raise RuntimeError("no csrf_token field on the join page")
    async with http.post(f"{url}/j/{code}", data=form, allow_redirects=False) as response:
        if response.status not in (302, 303):
            raise RuntimeError(f"POST /j/{code}: HTTP {response.status}")
    cookies = {name: morsel.value for name, morsel in http.cookie_jar.filter_cookies(URL(url)).items()}
    if "session" not in cookies:
        raise RuntimeError("the join did not set a session cookie")
    return cookies


async def set_up(phone: Phone, job: dict, gate: asyncio.Semaphore) -> None:
    """Join (the app only) and connect one phone, at most `gate` at a time."""
    url, code, timeout = job["url"], job["code"], job["timeout"]
    async with gate:
        try:
            # Its own cookie jar (unsafe: cookies of 127.0.0.1 are kept); force_close: the join
            # requests leave no keep-alive socket beside the WebSocket.
            phone.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True),
                                               cookie_jar=aiohttp.CookieJar(unsafe=True),
                                               timeout=aiohttp.ClientTimeout(total=timeout))
            headers = {}
            if code is not None:
                cookies = await join_over_http(phone.http, url, code)
                headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
                phone.backend = cookies.get("FSRV")
            phone.client = socketio.AsyncClient(reconnection=False, http_session=phone.http,
                                                request_timeout=timeout)
            await phone.client.connect(url, headers=headers, transports=["websocket"], wait_timeout=timeout,
                                       auth={"role": "participant", "workshop": code or "echo"})
            phone.count_bytes()
        except Exception as error:  # noqa: BLE001 - every failure is counted and reported
            phone.setup_error = f"{type(error).__name__}: {error}"[:160]


class Recorder:
    """Every acknowledged request as (what, latency ms, acked at), and the failures by reason."""

    def __init__(self, ack_timeout: float):
        self.ack_timeout = ack_timeout
        self.samples: list[tuple[str, float, float]] = []
        self.errors: dict[str, int] = {}

    async def call(self, phone: Phone, what: str, event: str, payload: dict) -> dict | None:
        """Send one event and wait for its ack; the ack when it is ok, else None (counted)."""
        started = time.monotonic()
        try:
            ack = await phone.client.call(event, payload, timeout=self.ack_timeout)
        except socketio.exceptions.TimeoutError:
            return self._failed(phone, f"{what}: ack timeout")
        except Exception as error:  # noqa: BLE001
            return self._failed(phone, f"{what}: {type(error).__name__}")
        finished = time.monotonic()
        if isinstance(ack, dict) and ack.get("ok") is True:
            self.samples.append((what, (finished - started) * 1000, finished))
            return ack
        code = ack["error"].get("code") if isinstance(ack, dict) and isinstance(ack.get("error"), dict) else ack
        self.errors[f"{what}: refused ({code})"] = self.errors.get(f"{what}: refused ({code})", 0) + 1
        return None

    def _failed(self, phone: Phone, reason: str) -> None:
        phone.uncertain = True  # stored or not: nobody knows
        self.errors[reason] = self.errors.get(reason, 0) + 1
        return None


async def sleep_until(moment: float) -> None:
    """Sleep until `moment` on the time.monotonic() clock (at once if it has passed)."""
    delay = moment - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)


def answer_request(job: dict, answer: dict) -> dict:
    """A `respond` payload for the job's activity, with a new request id."""
    return {"activity_id": job["activity_id"], "answer": answer, "request_id": f"bench-{uuid.uuid4().hex}"}


async def vote_once(phone: Phone, job: dict, recorder: Recorder, at: float) -> None:
    """Burst and spread: one poll vote at `at`."""
    await sleep_until(at)
    choice = phone.rng.choice(OPTION_IDS)
    if await recorder.call(phone, "vote", "respond", answer_request(job, {"choices": [choice]})):
        phone.final = choice


async def rate_continuously(phone: Phone, job: dict, recorder: Recorder, t0: float) -> None:
    """Ratings: rate every theme, then again 1–4 s after each ack, until the scenario ends."""
    end = t0 + job["duration"]
    await sleep_until(t0 + phone.rng.uniform(0, 1))
    while time.monotonic() < end and phone.connected:
        ratings = {str(theme): phone.rng.randint(*SCALE) for theme in job["theme_ids"]}
        if await recorder.call(phone, "rating", "respond", answer_request(job, {"ratings": ratings})):
            phone.final = ratings
        await asyncio.sleep(phone.rng.uniform(1, 4))


async def ask(phone: Phone, job: dict, recorder: Recorder, t0: float) -> None:
    """Q&A, first part: one question within the first 2 s."""
    await sleep_until(t0 + phone.rng.uniform(0, 2))
    text = f"Spørgsmål {phone.index}: hvordan når vi de borgere, der ikke kommer på biblioteket?"
    ack = await recorder.call(phone, "question", "respond", answer_request(job, {"text": text}))
    if ack:
        phone.entry_id = ack["answer"]["id"]


async def upvote_continuously(phone: Phone, job: dict, recorder: Recorder, entries: list[int],
                              vote_from: float, end: float) -> None:
    """Q&A, second part: every 1–4 s upvote a random other question (or take back a vote
    already given to it), until the scenario ends."""
    others = [entry for entry in entries if entry != phone.entry_id]
    voted: set[int] = set()
    phone.final = voted
    await sleep_until(vote_from + phone.rng.uniform(0, 1))
    while others and time.monotonic() < end and phone.connected:
        entry = phone.rng.choice(others)
        up = entry not in voted
        if await recorder.call(phone, "upvote", "upvote", {"entry_id": entry, "up": up}):
            (voted.add if up else voted.discard)(entry)
        await asyncio.sleep(phone.rng.uniform(1, 4))


async def until_all_done(tasks: list, limit: float) -> None:
    """Wait for the tasks for at most `limit` seconds, then cancel what is still running."""
    done, pending = await asyncio.wait(tasks, timeout=limit) if tasks else (set(), set())
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


async def run(pipe, job: dict) -> None:
    """Connect this share of the phones, then follow the parent's orders (the module's docstring)."""
    loop = asyncio.get_running_loop()
    receive = lambda: loop.run_in_executor(None, pipe.recv)  # noqa: E731
    phones = [Phone(index, random.Random(job["seed"] * 100_003 + index)) for index in job["indices"]]
    started = time.monotonic()
    gate = asyncio.Semaphore(job["concurrency"])
    await until_all_done([asyncio.ensure_future(set_up(p, job, gate)) for p in phones], job["connect_timeout"])
    errors: dict[str, int] = {}
    for phone in phones:
        if not phone.connected:
            reason = phone.setup_error or "not connected within the phase timeout"
            errors[reason] = errors.get(reason, 0) + 1
    ready = [p for p in phones if p.connected]
    backends: dict[str, int] = {}
    for phone in ready:
        if phone.backend:
            backends[phone.backend] = backends.get(phone.backend, 0) + 1
    pipe.send({"connected": len(ready), "setup_errors": errors, "connect_seconds": time.monotonic() - started,
               "backends": backends})
    try:
        order = await receive()
        if "go" not in order:
            return
        t0, scenario = order["go"], job["scenario"]
        recorder = Recorder(job["ack_timeout"])
        cpu_before = time.process_time()
        window = None
        if scenario in ("burst", "spread"):
            spacing = job.get("spread", 0) / job["phones"]
            tasks = [vote_once(p, job, recorder, t0 + p.index * spacing) for p in ready]
            await until_all_done([asyncio.ensure_future(t) for t in tasks], job["timeout"] + job.get("spread", 0))
        elif scenario == "ratings":
            tasks = [rate_continuously(p, job, recorder, t0) for p in ready]
            await until_all_done([asyncio.ensure_future(t) for t in tasks], job["duration"] + job["timeout"])
        elif scenario == "qa":
            await until_all_done([asyncio.ensure_future(ask(p, job, recorder, t0)) for p in ready], job["timeout"])
            pipe.send({"asked": {p.index: p.entry_id for p in ready if p.entry_id is not None}})
            order = await receive()
            vote_from, end = order["vote_from"], t0 + job["duration"]
            await sleep_until(vote_from)
            for phone in ready:
                phone.counting = True
            tasks = [upvote_continuously(p, job, recorder, order["entries"], vote_from, end) for p in ready]
            await until_all_done([asyncio.ensure_future(t) for t in tasks], end - vote_from + job["timeout"])
            for phone in ready:
                phone.counting = False
            window = time.monotonic() - vote_from
        pipe.send({
            "samples": recorder.samples,
            "errors": recorder.errors,
            "final": {p.index: (sorted(p.final) if isinstance(p.final, set) else p.final) for p in ready},
            "uncertain": sum(1 for p in ready if p.uncertain),
            "bytes_per_second": [p.bytes_received / window for p in ready] if window else [],
            "client_cpu": time.process_time() - cpu_before,
        })
        await receive()  # close
    finally:
        await asyncio.wait_for(asyncio.gather(*(p.close() for p in phones), return_exceptions=True), job["timeout"])
        pipe.send({"closed": True})


def work(pipe, job: dict) -> None:
    """The child process's entry point (see the module's docstring)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    try:
        asyncio.run(run(pipe, job))
    except Exception as error:  # noqa: BLE001 - the parent reports it
        try:
            pipe.send({"failed": f"{type(error).__name__}: {error}"})
        except OSError:
            pass

"""Simulated phones for the crash and reconnect tests: python-socketio AsyncClients that behave like
static/js/phone.js, many of them in one asyncio loop.

A phone keeps its latest answer as `pending` until the server acknowledges it. On an ack timeout or
a disconnect it keeps the pending answer and, once it is connected again (and has synced, as
phone.js does), resends it with the same request id until it is acknowledged. Every new answer gets
a new request id. The client reconnects by itself, with the library's jittered exponential backoff.

Every phone records what happened (connection attempts, connects, disconnects, sends per request
id, acknowledgements) with `time.monotonic()` timestamps, for the tests to check.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import socketio

from tests.server import join_cookie

# The backoff of the simulated phones (python-socketio's names): the first retry after
# delay ± factor seconds, then doubling up to delay_max. (The real phones, static/js/common.js,
# use 1 s, 10 s and 0.5.)
RECONNECTION_DELAY = 0.5
RECONNECTION_DELAY_MAX = 5.0
RANDOMIZATION_FACTOR = 0.5
ACK_TIMEOUT = 8.0  # as phone.js
SYNC_TIMEOUT = 10.0


class Disconnected(Exception):
    """The connection dropped while an acknowledgement was awaited."""


class _CountingClient(socketio.AsyncClient):
    """An AsyncClient that reports every connection attempt, the first one and every automatic
    reconnection attempt alike (the reconnect loop calls `connect` for each attempt)."""

    def __init__(self, on_attempt, **kwargs):
        super().__init__(**kwargs)
        self._on_attempt = on_attempt

    async def connect(self, *args, **kwargs):
        self._on_attempt()
        return await super().connect(*args, **kwargs)


class Phone:
    """One participant's phone (see the module docstring)."""

    def __init__(self, index: int, url: str, code: str, cookie: str, activity_id: int):
        self.index = index
        self.url = url
        self.code = code
        self.cookie = cookie
        self.activity_id = activity_id
        self.client = _CountingClient(
            self._record_attempt,
            reconnection=True,
            reconnection_attempts=0,  # forever, as a phone does
            reconnection_delay=RECONNECTION_DELAY,
            reconnection_delay_max=RECONNECTION_DELAY_MAX,
            randomization_factor=RANDOMIZATION_FACTOR,
            logger=False,
            engineio_logger=False,
        )
        self.ready = asyncio.Event()  # connected and synced, as phone.js before it resends
        self.attempts: list[float] = []
        self.connects: list[float] = []
        self.disconnects: list[float] = []
        self.connect_errors: list[tuple[float, object]] = []
        self.sends: Counter = Counter()  # request id -> how often it was emitted
        self.send_log: list[tuple[float, str]] = []
        self.acks: list[tuple[float, dict, dict]] = []  # (time, message, ack) for every ok ack
        self.errors: list[tuple[dict, dict]] = []  # (message, ack) for every refused answer
        self.answers_sent: list[dict] = []  # every answer this phone made, in order
        self.pending: dict | None = None
        self.online = False  # between the connect and disconnect events (client.connected
        # only turns true after the connect handlers ran)
        self.synced_answers: dict = {}  # the phone's own answers in the newest sync view
        self._waiters: set[asyncio.Future] = set()
        self._sync_task: asyncio.Task | None = None
        self.client.on("connect", self._on_connect)
        self.client.on("disconnect", self._on_disconnect)
        self.client.on("connect_error", self._on_connect_error)

    # --- connection ------------------------------------------------------------------------

    def _record_attempt(self) -> None:
        self.attempts.append(time.monotonic())

    def _headers(self) -> dict:
        # A function, not a dict: the client takes the Cookie header out of a dict it is given
        # (into a cookie jar it drops on disconnect), so a reconnect would arrive without it.
        return {"Cookie": self.cookie}

    async def connect(self, timeout: float = 20.0) -> None:
        """Connect for the first time, retrying a refused or slow first attempt until timeout."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                await self.client.connect(
                    self.url,
                    headers=self._headers,
                    auth={"role": "participant", "workshop": self.code},
                    transports=["websocket"],
                    wait_timeout=10,
                )
                return
            except socketio.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)

    async def _on_connect(self):
        self.connects.append(time.monotonic())
        self.online = True
        self._sync_task = asyncio.ensure_future(self._sync_after_connect())

    async def _on_disconnect(self, *_reason):
        self.disconnects.append(time.monotonic())
        self.online = False
        self.ready.clear()
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_exception(Disconnected())

    async def _on_connect_error(self, data=None):
        self.connect_errors.append((time.monotonic(), data))

    async def _sync_after_connect(self) -> None:
        """As phone.js: sync after every connect; only then resend a pending answer."""
        while self.online:
            try:
                ack = await self._request("sync", {}, SYNC_TIMEOUT)
            except (Disconnected, asyncio.TimeoutError, socketio.exceptions.SocketIOError):
                await asyncio.sleep(2.0)
                continue
            if ack.get("ok"):
                self.synced_answers = ack["view"].get("answers") or {}
            # phone.js resends its pending answer after any sync acknowledgement
            self.ready.set()
            return

    @property
    def connected(self) -> bool:
        return self.online

    async def close(self) -> None:
        """Disconnect and stop reconnecting, whatever the state."""
        if self._sync_task is not None:
            self._sync_task.cancel()
        try:
            await asyncio.wait_for(self.client.shutdown(), 10)
        except Exception:  # cleanup must go on for the other phones
            pass

    # --- requests --------------------------------------------------------------------------

    async def _request(self, event: str, payload: dict, timeout: float) -> dict:
        """Emit with an acknowledgement; the ack, or TimeoutError, or Disconnected."""
        waiter = asyncio.get_running_loop().create_future()

        def on_ack(*args):
            if not waiter.done():
                waiter.set_result(args[0] if args else None)

        self._waiters.add(waiter)
        try:
            await self.client.emit(event, payload, callback=on_ack)
            return await asyncio.wait_for(waiter, timeout)
        finally:
            self._waiters.discard(waiter)

    async def answer(self, answer: dict, deadline: float) -> dict:
        """Make a new answer (new request id) and deliver it: resend it with the same request id
        after an ack timeout or a reconnect, until it is acknowledged or the deadline passes."""
        message = {"activity_id": self.activity_id, "answer": answer, "request_id": uuid.uuid4().hex}
        self.answers_sent.append(message)
        self.pending = message
        while time.monotonic() < deadline:
            try:
                await asyncio.wait_for(self.ready.wait(), max(0.01, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                break
            self.sends[message["request_id"]] += 1
            self.send_log.append((time.monotonic(), message["request_id"]))
            try:
                ack = await self._request("respond", message, ACK_TIMEOUT)
            except (Disconnected, socketio.exceptions.SocketIOError):
                continue  # wait for the reconnect (and sync), then resend
            except asyncio.TimeoutError:
                # still connected but no ack: phone.js retries after 3-6 s
                await asyncio.sleep(1.0)
                continue
            if self.pending is message:
                self.pending = None
            if ack.get("ok"):
                self.acks.append((time.monotonic(), message, ack))
            else:
                self.errors.append((message, ack))
            return ack
        raise TimeoutError(f"phone {self.index}: answer {message['request_id']} was never acknowledged")

    @property
    def last_acked(self) -> dict | None:
        return self.acks[-1][1] if self.acks else None


# --- joining and connecting many phones ---------------------------------------------------------


def join_many(url: str, code: str, count: int, workers: int = 8) -> list[str]:
    """Join `count` participants through the real join page; their Cookie headers."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda _: join_cookie(url, code), range(count)))


async def connect_all(phones: list[Phone], concurrency: int = 25, timeout: float = 60.0) -> None:
    gate = asyncio.Semaphore(concurrency)

    async def one(phone: Phone):
        async with gate:
            await phone.connect()

    await asyncio.wait_for(asyncio.gather(*(one(phone) for phone in phones)), timeout)
    await wait_until(lambda: all(phone.ready.is_set() for phone in phones), timeout)


async def close_all(phones: list[Phone]) -> None:
    await asyncio.gather(*(phone.close() for phone in phones), return_exceptions=True)


async def wait_until(predicate, timeout: float, step: float = 0.05) -> bool:
    """Poll predicate until it is true or timeout seconds passed; whether it became true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(step)
    return predicate()


async def http_get_status(url: str, timeout: float = 30.0) -> int:
    async with aiohttp.ClientSession() as http:
        async with http.get(url, timeout=aiohttp.ClientTimeout(total=timeout)) as response:
            await response.read()
            return response.status


def max_attempts_with_backoff(window: float, delay: float = RECONNECTION_DELAY,
                              delay_max: float = RECONNECTION_DELAY_MAX,
                              factor: float = RANDOMIZATION_FACTOR) -> int:
    """The most reconnection attempts python-socketio's backoff can make within `window` seconds
    after a disconnect: attempt n starts after the sum of the first n delays, each at least
    min(delay * 2**k, delay_max) - factor (the jitter is ± factor seconds)."""
    attempts, elapsed, current = 0, 0.0, delay
    while True:
        elapsed += max(0.0, min(current, delay_max) - factor)
        if elapsed > window:
            return attempts
        attempts += 1
        current *= 2


def spread(times: list[float]) -> float:
    return statistics.pstdev(times) if len(times) > 1 else 0.0

"""Rate limits for what people send: votes, ideas, upvotes, joins, logins. Flask-free.

Rules are written as the `limits` library parses them ("20 per 10 seconds") and work as moving
windows. With one server process the hit times live in this process, one short deque per
identity: the `limits` library's own memory storage re-scans every key every 10 ms, which
measured as about 40 % of the server's CPU at 1,000 phones (bench/README.md). With several
processes (RATE_LIMIT_STORAGE=redis://…) the `limits` library and Redis keep the counts.

The limits are generous for people and tight for scripts: a hall of 300 phones behind one
venue NAT address stays well inside the per-address limits.
"""

from __future__ import annotations

import time
from collections import deque

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .errors import DomainError, N_

DEFAULT_RULES = {
    # A person changes an answer a few times a minute, not twenty times in ten seconds.
    # Limits per participant decide; a limit per address (a whole venue behind one NAT address
    # shares it) is only a backstop, far above what one participant's own limits let through.
    "respond_participant": "20 per 10 seconds",
    "sync_participant": "30 per 10 seconds",
    "upvote_participant": "30 per 10 seconds",
    # Connections a participant opens: a phone on flaky Wi-Fi reconnects a few times a minute.
    "connect_participant": "30 per minute",
    "join_address": "2000 per minute",
    # Wrong join codes: a person mistypes a few; a script guessing codes hits this quickly, and
    # then no code is looked up for that address until the window passes, except for phones
    # that already joined (see web/common.py, workshop_for_code).
    "wrong_code_address": "60 per minute",
    "login_address": "30 per 5 minutes",
    "login_account": "10 per 5 minutes",
}


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


class LocalWindows:
    """Moving windows in this process: for each identity, the times of its recent hits."""

    PRUNE_EVERY = 10_000

    def __init__(self):
        self.hits: dict[tuple, deque] = {}
        self.since_prune = 0

    def hit(self, key: tuple, amount: int, seconds: float) -> bool:
        """Count a hit unless `amount` hits already fell within the last `seconds`."""
        now = time.monotonic()
        self.since_prune += 1
        if self.since_prune >= self.PRUNE_EVERY:
            self._prune(now)
        if self.full(key, amount, seconds, now):
            return False
        self.hits.setdefault(key, deque()).append(now)
        return True

    def full(self, key: tuple, amount: int, seconds: float, now: float | None = None) -> bool:
        """Whether `amount` hits already fell within the last `seconds` (counts nothing)."""
        now = time.monotonic() if now is None else now
        times = self.hits.get(key)
        if not times:
            return False
        while times and times[0] <= now - seconds:
            times.popleft()
        return len(times) >= amount

    def _prune(self, now: float) -> None:
        """Forget identities whose hits are all older than any rule's window (an hour at most)."""
        self.since_prune = 0
        for key in [key for key, times in self.hits.items() if not times or times[-1] <= now - 3600]:
            del self.hits[key]


def shared_storage(url: str):
    """The `limits` storage at `url`. For Redis, on a pool that waits for a free connection:
    the library's default pool fails with "Too many connections" when 300 phones join at once."""
    if url.split(":", 1)[0] in ("redis", "rediss"):
        from .cluster import redis_client

        return storage_from_string(url, connection_pool=redis_client(url).connection_pool)
    return storage_from_string(url)


class RateLimiter:
    """Counts hits per (rule, identity) and refuses those over the rule's limit."""

    def __init__(self, storage_url: str = "memory://", rules: dict[str, str] | None = None):
        self.rules = {name: parse(text) for name, text in {**DEFAULT_RULES, **(rules or {})}.items()}
        if storage_url.startswith("memory://"):
            self.local, self.shared = LocalWindows(), None
        else:
            self.local, self.shared = None, MovingWindowRateLimiter(shared_storage(storage_url))

    def check(self, rule: str, *identity) -> None:
        """Count one hit; raise RateLimited if this identity is over the rule's limit."""
        item = self.rules[rule]
        if self.local is not None:
            allowed = self.local.hit((rule, *identity), item.amount, item.get_expiry())
        else:
            allowed = self.shared.hit(item, rule, *map(str, identity))
        if not allowed:
            raise RateLimited(N_("You are sending too fast. Wait a moment and try again."))

    def exceeded(self, rule: str, *identity) -> bool:
        """Whether this identity is over the rule's limit now, without counting a hit."""
        item = self.rules[rule]
        if self.local is not None:
            return self.local.full((rule, *identity), item.amount, item.get_expiry())
        return not self.shared.test(item, rule, *map(str, identity))

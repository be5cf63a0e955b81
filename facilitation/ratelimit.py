"""Rate limits for what people send: votes, joins, logins. Flask-free.

Built on the `limits` library (moving windows). Storage is in memory for one process, or Redis
(RATE_LIMIT_STORAGE=redis://…) when several server processes share the load. The limits are
generous for people and tight for scripts: a hall of 300 phones behind one venue NAT address
stays well inside the per-address limits.
"""

from __future__ import annotations

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .errors import DomainError, N_

DEFAULT_RULES = {
    # A person changes an answer a few times a minute, not twenty times in ten seconds.
    "respond_participant": "20 per 10 seconds",
    "respond_address": "3000 per 10 seconds",
    "sync_participant": "30 per 10 seconds",
    "upvote_participant": "30 per 10 seconds",
    "join_address": "2000 per minute",
    "login_address": "30 per 5 minutes",
    "login_account": "10 per 5 minutes",
}


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


class RateLimiter:
    """Counts hits per (rule, identity) and refuses those over the rule's limit."""

    def __init__(self, storage_url: str = "memory://", rules: dict[str, str] | None = None):
        self.rules = {name: parse(text) for name, text in {**DEFAULT_RULES, **(rules or {})}.items()}
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_url))

    def check(self, rule: str, *identity) -> None:
        """Count one hit; raise RateLimited if this identity is over the rule's limit."""
        if not self.limiter.hit(self.rules[rule], rule, *map(str, identity)):
            raise RateLimited(N_("You are sending too fast. Wait a moment and try again."))

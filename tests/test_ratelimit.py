"""The rate limiter's moving windows, in this process."""

import time

from facilitation.ratelimit import LocalWindows, RateLimited, RateLimiter


def test_a_window_allows_the_amount_then_refuses():
    limiter = RateLimiter(rules={"respond_participant": "3 per 10 seconds"})
    for _ in range(3):
        limiter.check("respond_participant", 7)
    try:
        limiter.check("respond_participant", 7)
    except RateLimited as error:
        assert error.code == "rate_limited"
    else:
        raise AssertionError("the fourth hit should be refused")
    limiter.check("respond_participant", 8)  # someone else is not affected


def test_the_window_moves():
    windows = LocalWindows()
    assert windows.hit(("r", 1), 1, 0.05)
    assert not windows.hit(("r", 1), 1, 0.05)
    time.sleep(0.06)
    assert windows.hit(("r", 1), 1, 0.05)


def test_old_identities_are_forgotten():
    windows = LocalWindows()
    windows.hits[("r", "old")] = __import__("collections").deque([time.monotonic() - 7200])
    windows.since_prune = LocalWindows.PRUNE_EVERY - 1
    windows.hit(("r", "new"), 5, 10)
    assert ("r", "old") not in windows.hits and ("r", "new") in windows.hits

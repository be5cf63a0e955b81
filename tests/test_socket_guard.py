"""The socket guard's parts on their own (the live tests drive the whole guard against the real
server: tests/live/test_one_participant_cannot_hurt_the_room.py)."""

import logging

from facilitation.socket_guard import Budget, ThrottledLog


def test_a_budget_allows_its_burst_then_its_rate():
    budget = Budget(burst=3, per_second=2)
    assert [budget.spend(1, now=10.0) for _ in range(4)] == [True, True, True, False]
    assert budget.spend(1, now=10.5) is True  # half a second refills one
    assert budget.spend(1, now=10.5) is False
    assert [budget.spend(1, now=100.0) for _ in range(4)] == [True, True, True, False]  # never above the burst


def test_a_budget_counts_sizes_too():
    budget = Budget(burst=100, per_second=10)
    assert budget.spend(60, now=1.0) and not budget.spend(60, now=1.0)
    assert budget.spend(40, now=1.0)
    assert budget.spend(10, now=2.0) and not budget.spend(1, now=2.0)


def test_the_throttled_log_writes_one_line_per_kind_per_interval_with_a_count(caplog):
    now = [0.0]
    throttled = ThrottledLog(logging.getLogger("guard-test"), interval=10.0, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="guard-test"):
        assert throttled.warning("flood", "cut off %s", "one")
        assert not any(throttled.warning("flood", "cut off %s", "again") for _ in range(99))
        assert throttled.warning("binary", "binary from %s", "two")  # another kind has its own line
        now[0] = 10.0
        assert throttled.warning("flood", "cut off %s", "later")
    assert [record.getMessage() for record in caplog.records] == [
        "cut off one", "binary from two", "cut off later (99 more like it since the last line)"]

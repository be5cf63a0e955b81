"""Crash and reconnect: the real server (eventlet) is SIGKILLed under 300 simulated phones, then
started again on the same port. Acknowledged votes must survive, retried votes must count once,
and the phones must come back by themselves, with jittered backoff. See docs/reliability.md.

The phones are python-socketio AsyncClients in one asyncio loop that behave like static/js/phone.js
(tests/live/phones.py). Nothing here asserts on latency; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter

import aiohttp
import pytest
from sqlalchemy import select

from facilitation.db import Database, sqlite_url
from facilitation.models import Response
from tests.live.phones import (
    Phone,
    close_all,
    connect_all,
    http_get_status,
    join_many,
    max_attempts_with_backoff,
    spread,
    wait_until,
)
from tests.server import ServerProcess

pytestmark = pytest.mark.live

PHONES = 300
VOTES_PER_PHONE = 3
OPTIONS = "abc"  # tests.conftest.POLL_CONFIG: three options, one choice
KILL_AFTER_ACKS = int(0.4 * PHONES * VOTES_PER_PHONE)  # SIGKILL while the room is still voting
DOWN_SECONDS = 3.0
SCENARIO_TIMEOUT = 120.0  # an outer bound only; a run takes 15-30 s


def stored_responses(instance, poll_id) -> list[tuple[int, str, dict]]:
    """(participant id, request id, answer) of every stored response, read from the database file
    itself (with the app's own engine settings: WAL, synchronous=FULL)."""
    database = Database(sqlite_url(instance / "facilitation.db"))
    try:
        with database.reading() as db:
            rows = db.execute(
                select(Response.participant_id, Response.request_id, Response.answer)
                .where(Response.activity_id == poll_id)
            ).all()
        return [tuple(row) for row in rows]
    finally:
        database.dispose()


async def api_results(server, facts) -> dict:
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {facts['token']}"}) as http:
        url = f"{server.url}/api/v1/activities/{facts['poll_id']}/results"
        async with http.get(url, timeout=aiohttp.ClientTimeout(total=30)) as response:
            assert response.status == 200, await response.text()
            return (await response.json())["results"]


def run(scenario, server: ServerProcess, *args):
    """Run an async scenario against the server; always stop the server afterwards."""
    try:
        return asyncio.run(asyncio.wait_for(scenario(server, *args), SCENARIO_TIMEOUT))
    finally:
        server.stop()


# --- 1. acknowledged votes survive a SIGKILL; retried votes count once ----------------------------


def test_acknowledged_votes_survive_sigkill_and_retries_count_once(prepared_instance):
    instance, facts = prepared_instance
    server = ServerProcess(instance).start()
    figures = run(crash_while_voting, server, instance, facts)
    print("\ncrash while voting:", figures)


async def crash_while_voting(server, instance, facts) -> dict:
    cookies = await asyncio.to_thread(join_many, server.url, facts["code"], PHONES)
    phones = [Phone(i, server.url, facts["code"], cookie, facts["poll_id"]) for i, cookie in enumerate(cookies)]
    # Each phone answers three times, a different option each time (a new request id each time).
    plans = {phone.index: random.sample(OPTIONS, VOTES_PER_PHONE) for phone in phones}
    try:
        await connect_all(phones)

        async def vote(phone: Phone):
            deadline = time.monotonic() + 90
            for choice in plans[phone.index]:
                await asyncio.sleep(random.uniform(0.05, 0.5))  # a person taps, thinks, taps again
                await phone.answer({"choices": [choice]}, deadline)

        voting = [asyncio.ensure_future(vote(phone)) for phone in phones]

        # SIGKILL while answers are in flight: after 40 % of all acknowledgements arrived.
        acked = lambda: sum(len(phone.acks) for phone in phones)  # noqa: E731
        assert await wait_until(lambda: acked() >= KILL_AFTER_ACKS, 60), f"only {acked()} acks arrived"
        t_kill = time.monotonic()
        server.kill()
        # Once every phone noticed, every ack the dead process sent has been handled.
        assert await wait_until(lambda: not any(phone.connected for phone in phones), 15)
        acks_before_kill = acked()

        # The database as the crash left it: every acknowledged answer is there; an answer that
        # was sent but not acknowledged may or may not be (its ack may be what got lost).
        in_flight = {
            phone.index: phone.pending
            for phone in phones
            if phone.pending is not None and phone.sends[phone.pending["request_id"]] > 0
        }
        rows = stored_responses(instance, facts["poll_id"])
        stored_by_request = {request_id: (participant, answer) for participant, request_id, answer in rows}
        lost_acks = []  # committed by the dead process, ack never received
        violations = []
        for phone in phones:
            mine = [m["request_id"] for m in phone.answers_sent if m["request_id"] in stored_by_request]
            assert len(mine) <= 1, f"phone {phone.index} has several stored answers: {mine}"
            stored = mine[0] if mine else None
            allowed = {phone.last_acked["request_id"] if phone.last_acked else None}
            if phone.index in in_flight:
                allowed.add(in_flight[phone.index]["request_id"])
            if stored not in allowed:
                violations.append((phone.index, stored, allowed))
            if phone.index in in_flight and stored == in_flight[phone.index]["request_id"]:
                lost_acks.append(phone.index)
        assert not violations, f"acknowledged answers missing after SIGKILL: {violations[:5]}"
        assert len(rows) == len(stored_by_request) <= PHONES

        await asyncio.to_thread(server.start)  # the same port, the same database file
        t_restarted = time.monotonic()

        done, not_done = await asyncio.wait(voting, timeout=90)
        assert not not_done, f"{len(not_done)} phones never finished voting"
        for task in done:
            task.result()  # re-raise a phone's failure
        assert await wait_until(lambda: all(phone.connected for phone in phones), 30)

        # (a) every phone's final answer was acknowledged (and nothing was refused)
        refused = [(phone.index, error) for phone in phones for error in phone.errors]
        assert not refused, f"refused answers: {refused[:5]}"
        for phone in phones:
            assert phone.pending is None
            assert len(phone.acks) == VOTES_PER_PHONE
            assert phone.last_acked is phone.answers_sent[-1]
            assert phone.acks[-1][2]["answer"] == {"choices": [plans[phone.index][-1]]}

        # the in-flight answers were resent with the same request id after the reconnect and
        # acknowledged; the lost acks among them (already committed) changed nothing
        resent = {
            index: message for index, message in in_flight.items()
            if phones[index].sends[message["request_id"]] >= 2
            and any(sent_at > t_kill and rid == message["request_id"] for sent_at, rid in phones[index].send_log)
        }
        assert resent, "no answer was in flight at the kill: the retry path was not exercised"
        for index, message in resent.items():
            acks = [ack for _, acked_message, ack in phones[index].acks if acked_message is message]
            assert len(acks) == 1 and acks[0]["ok"] and acks[0]["answer"] == message["answer"]

        # (c) the tally over the API: one response per phone, the counts of the final answers
        expected = {
            "responses": PHONES,
            "counts": {option: 0 for option in OPTIONS}
            | dict(Counter(plans[phone.index][-1] for phone in phones)),
        }
        assert await api_results(server, facts) == expected

        # (b) + (c) in the database file, after a second SIGKILL (no graceful shutdown at all)
        server.kill()
        rows = stored_responses(instance, facts["poll_id"])
        assert len(rows) == PHONES
        assert len({participant for participant, _, _ in rows}) == PHONES
        stored = {request_id: answer for _, request_id, answer in rows}
        for phone in phones:
            last = phone.last_acked
            assert stored.get(last["request_id"]) == last["answer"] == {"choices": [plans[phone.index][-1]]}

        # (d) the phones reconnected by themselves
        reconnected = [phone for phone in phones if any(t > t_kill for t in phone.connects)]
        assert len(reconnected) == PHONES

        return {
            "phones": PHONES,
            "acks_before_kill": acks_before_kill,
            "in_flight_at_kill": len(in_flight),
            "in_flight_resent_same_request_id": len(resent),
            "committed_but_ack_lost": len(lost_acks),
            "resends_total": sum(n - 1 for phone in phones for n in phone.sends.values() if n > 1),
            "reconnected": len(reconnected),
            "restart_seconds": round(t_restarted - t_kill, 2),
        }
    finally:
        await close_all(phones)


# --- 2. a reconnect storm: backoff with jitter, and the server stays responsive --------------------


def test_reconnect_storm_backs_off_with_jitter_and_the_server_stays_responsive(prepared_instance):
    instance, facts = prepared_instance
    server = ServerProcess(instance).start()
    figures = run(reconnect_storm, server, facts)
    print("\nreconnect storm:", figures)


async def reconnect_storm(server, facts) -> dict:
    cookies = await asyncio.to_thread(join_many, server.url, facts["code"], PHONES)
    phones = [Phone(i, server.url, facts["code"], cookie, facts["poll_id"]) for i, cookie in enumerate(cookies)]
    try:
        await connect_all(phones)
        first = {phone.index: random.choice(OPTIONS) for phone in phones}
        acks = await asyncio.gather(*(
            phone.answer({"choices": [first[phone.index]]}, time.monotonic() + 60) for phone in phones
        ))
        assert all(ack["ok"] for ack in acks)

        t_kill = time.monotonic()
        server.kill()
        assert await wait_until(lambda: not any(phone.connected for phone in phones), 15)
        await asyncio.sleep(max(0.0, DOWN_SECONDS - (time.monotonic() - t_kill)))
        await asyncio.to_thread(server.start)
        t_up = time.monotonic()  # the server answered its first request by now
        down_window = t_up - t_kill

        # (b) plain HTTP keeps working while 300 phones reconnect and sync
        statuses = []

        async def probe():
            while not all(phone.ready.is_set() for phone in phones):
                storming = sum(not phone.ready.is_set() for phone in phones)
                statuses.append((storming, await http_get_status(server.url + "/", timeout=30)))
                await asyncio.sleep(0.2)

        prober = asyncio.ensure_future(probe())
        all_back = await wait_until(lambda: all(phone.ready.is_set() for phone in phones), 60)
        await asyncio.wait_for(prober, 35)
        statuses.append((0, await http_get_status(server.url + "/", timeout=30)))

        # (a) every phone came back by itself, sees its earlier answer, and can vote again
        assert all_back, f"{sum(not phone.ready.is_set() for phone in phones)} phones did not come back"
        for phone in phones:
            assert phone.synced_answers.get(str(facts["poll_id"])) == {"choices": [first[phone.index]]}
        second = {phone.index: random.choice(OPTIONS) for phone in phones}
        acks = await asyncio.gather(*(
            phone.answer({"choices": [second[phone.index]]}, time.monotonic() + 60) for phone in phones
        ))
        assert all(ack["ok"] for ack in acks), [ack for ack in acks if not ack["ok"]][:3]
        expected = {
            "responses": PHONES,
            "counts": {option: 0 for option in OPTIONS} | dict(Counter(second.values())),
        }
        assert await api_results(server, facts) == expected

        assert all(status == 200 for _, status in statuses), statuses
        assert any(storming > 0 for storming, _ in statuses), "no request was made during the storm"

        # (c) backoff: few attempts per phone while the server was down, as the backoff allows
        attempts = [sum(t_kill <= t <= t_up for t in phone.attempts) for phone in phones]
        allowed = max_attempts_with_backoff(down_window)
        assert min(attempts) >= 1, "some phones did not try to reconnect while the server was down"
        assert max(attempts) <= allowed, (attempts, down_window)
        assert max(attempts) <= 5, (attempts, down_window)
        # jitter: the first retries, and the reconnects after the restart, are spread out
        first_retry = [min(t for t in phone.attempts if t >= t_kill) - t_kill for phone in phones]
        reconnected = [min(t for t in phone.connects if t >= t_kill) - t_kill for phone in phones]
        assert spread(first_retry) > 0.1, spread(first_retry)
        assert spread(reconnected) > 0.1, spread(reconnected)

        return {
            "phones": PHONES,
            "down_window_s": round(down_window, 2),
            "attempts_per_phone_while_down": dict(sorted(Counter(attempts).items())),
            "backoff_allows_at_most": allowed,
            "first_retry_spread_s": round(spread(first_retry), 3),
            "reconnect_spread_s": round(spread(reconnected), 3),
            "reconnect_range_s": round(max(reconnected) - min(reconnected), 2),
            "http_probes_during_storm": sum(storming > 0 for storming, _ in statuses),
        }
    finally:
        await close_all(phones)

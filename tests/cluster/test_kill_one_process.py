"""A process dies, the room does not notice much: one of two server processes is SIGKILLed while
200 phones vote through HAProxy. Its phones reconnect through the proxy to the other process and
resend what was not acknowledged; every vote counts exactly once, in the database, over the API
and on a dashboard attached to the surviving process. docs/deploy.md, docs/reliability.md.

The phones are tests/live/phones.py's python-socketio clients that behave like static/js/phone.js.
Nothing here asserts on latency; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections import Counter

import aiohttp
import pytest
from sqlalchemy import select

from facilitation.db import Database
from facilitation.models import Response
from tests.cluster.clients import Dashboard
from tests.live.phones import Phone, close_all, connect_all, join_many, wait_until

pytestmark = pytest.mark.live

# 200 in the suite; CLUSTER_KILL_PHONES=1000 for the figure (docs/deploy.md).
PHONES = int(os.environ.get("CLUSTER_KILL_PHONES", "200"))
VOTES_PER_PHONE = 3
OPTIONS = "abc"
KILL_AFTER_ACKS = int(0.4 * PHONES * VOTES_PER_PHONE)
SCENARIO_TIMEOUT = 180.0  # an outer bound only


def test_killing_one_of_two_processes_loses_and_doubles_no_vote(cluster):
    figures = asyncio.run(asyncio.wait_for(kill_while_voting(cluster), SCENARIO_TIMEOUT))
    print("\nkill one of two processes while voting:", figures)


def stored_responses(database_url: str, poll_id: int) -> list[tuple]:
    database = Database(database_url)
    try:
        with database.reading() as db:
            return [tuple(row) for row in db.execute(
                select(Response.participant_id, Response.request_id, Response.answer)
                .where(Response.activity_id == poll_id)).all()]
    finally:
        database.dispose()


async def api_results(url: str, facts: dict) -> dict:
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {facts['token']}"}) as http:
        async with http.get(f"{url}/api/v1/activities/{facts['poll_id']}/results",
                            timeout=aiohttp.ClientTimeout(total=30)) as response:
            assert response.status == 200, await response.text()
            return (await response.json())["results"]


async def kill_while_voting(cluster) -> dict:
    victim, survivor = cluster.servers
    facts = cluster.facts
    # Joined through the proxy: each phone's cookie names the process HAProxy chose for it.
    cookies = await asyncio.to_thread(join_many, cluster.proxy_url, facts["code"], PHONES)
    on_victim = {index for index, cookie in enumerate(cookies) if "FSRV=app1" in cookie}
    assert 0 < len(on_victim) < PHONES, f"HAProxy put {len(on_victim)} of {PHONES} phones on the first process"
    phones = [Phone(i, cluster.proxy_url, facts["code"], cookie, facts["poll_id"]) for i, cookie in enumerate(cookies)]
    plans = {phone.index: random.sample(OPTIONS, VOTES_PER_PHONE) for phone in phones}
    dashboard = await asyncio.to_thread(Dashboard, survivor.url, facts["workshop_id"], facts["token"])
    try:
        await connect_all(phones)

        async def vote(phone: Phone):
            deadline = time.monotonic() + 120
            for choice in plans[phone.index]:
                await asyncio.sleep(random.uniform(0.05, 0.5))
                await phone.answer({"choices": [choice]}, deadline)

        voting = [asyncio.ensure_future(vote(phone)) for phone in phones]
        acked = lambda: sum(len(phone.acks) for phone in phones)  # noqa: E731
        assert await wait_until(lambda: acked() >= KILL_AFTER_ACKS, 60), f"only {acked()} acks arrived"
        t_kill = time.monotonic()
        victim.kill()
        acks_before_kill = acked()

        done, not_done = await asyncio.wait(voting, timeout=120)
        assert not not_done, f"{len(not_done)} phones never finished voting"
        for task in done:
            task.result()
        assert await wait_until(lambda: all(phone.connected for phone in phones), 60)

        refused = [(phone.index, error) for phone in phones for error in phone.errors]
        assert not refused, f"refused answers: {refused[:5]}"
        for phone in phones:
            assert phone.pending is None
            assert phone.last_acked is phone.answers_sent[-1]
            assert phone.acks[-1][2]["answer"] == {"choices": [plans[phone.index][-1]]}

        # The victim's phones came back, through the proxy, to the surviving process.
        moved = [phone for phone in phones if phone.index in on_victim and any(t > t_kill for t in phone.connects)]
        assert len(moved) == len(on_victim)

        expected = {"responses": PHONES,
                    "counts": {option: 0 for option in OPTIONS} | dict(Counter(plans[i][-1] for i in plans))}
        assert await api_results(cluster.proxy_url, facts) == expected
        # The dashboard on the surviving process ends on the exact tally.
        poll = facts["poll_id"]
        final = lambda t: t.get(poll, {}).get("counts") == expected["counts"]  # noqa: E731
        assert await asyncio.to_thread(dashboard.wait, lambda: final(dashboard.tallies), 30), dashboard.tallies.get(poll)
        assert dashboard.tallies[poll]["responses"] == PHONES

        # In the database: one response per phone, its last acknowledged answer.
        rows = stored_responses(cluster.database_url, poll)
        assert len(rows) == PHONES == len({participant for participant, _, _ in rows})
        stored = {request_id: answer for _, request_id, answer in rows}
        for phone in phones:
            assert stored.get(phone.last_acked["request_id"]) == phone.last_acked["answer"]

        return {
            "phones": PHONES,
            "on_killed_process": len(on_victim),
            "acks_before_kill": acks_before_kill,
            "resends": sum(n - 1 for phone in phones for n in phone.sends.values() if n > 1),
            "seconds_until_all_reconnected": round(
                max(min(t for t in phone.connects if t > t_kill) for phone in moved) - t_kill, 2),
        }
    finally:
        await close_all(phones)
        dashboard.client.disconnect()

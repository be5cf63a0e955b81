"""What moved, live: phones answer this year's rating over real Socket.IO connections to a real
server, and the comparison page shows the shift from last year's run computed from their answers."""

from __future__ import annotations

import asyncio
import re
import time

import requests

from facilitation import comparisons, workshops
from facilitation.db import Database, sqlite_url
from facilitation.models import Workshop
from tests.live.phones import Phone, close_all, connect_all, join_many
from tests.server import ServerProcess

PHONES = 12
LAST_YEAR = [2, 3] * 6  # KOMBIT last year: mean 2.5
THIS_YEAR = [4, 5] * 6  # and over the sockets now: mean 4.5


def add_runs(instance, facts) -> tuple[int, int]:
    """Last year's rating (closed, answered in the database) and this year's (open, presented),
    in the live workshop, and this year's named as compared with last year's."""
    database = Database(sqlite_url(instance / "facilitation.db"))
    with database.transaction() as db:
        workshop = db.get(Workshop, facts["workshop_id"])
        theme = workshops.add_theme(db, workshop, "KOMBIT")
        before = workshops.add_activity(db, workshop, "rating", "I fjor", {"themes": "all"})
        workshops.open_activity(db, before)
        workshops.present(db, workshop, before.id)
        for number, value in enumerate(LAST_YEAR):
            person = workshops.join(db, workshop)
            db.flush()
            workshops.respond(db, person.id, workshop.id, before.id, {"ratings": {str(theme.id): value}}, f"b{number}")
        workshops.close_activity(db, before)
        after = workshops.add_activity(db, workshop, "rating", "I år", {"themes": "all"})
        workshops.open_activity(db, after)
        workshops.present(db, workshop, after.id)
        comparisons.compare_with(db, workshop.facilitator_id, after, before.id)
        db.flush()
        ids = (theme.id, after.id)
    database.dispose()
    return ids


def logged_in(url: str, email: str) -> requests.Session:
    browser = requests.Session()
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get(f"{url}/login").text).group(1)
    response = browser.post(f"{url}/login", data={"email": email, "password": "correct horse battery",
                                                  "csrf_token": token}, allow_redirects=False)
    assert response.status_code == 302
    return browser


def test_answers_sent_over_sockets_move_the_comparison(prepared_instance):
    instance, facts = prepared_instance
    theme_id, activity_id = add_runs(instance, facts)
    with ServerProcess(instance) as server:
        async def vote():
            cookies = await asyncio.to_thread(join_many, server.url, facts["code"], PHONES)
            phones = [Phone(i, server.url, facts["code"], cookie, activity_id) for i, cookie in enumerate(cookies)]
            try:
                await connect_all(phones)
                deadline = time.monotonic() + 60
                await asyncio.gather(*(phone.answer({"ratings": {str(theme_id): value}}, deadline)
                                       for phone, value in zip(phones, THIS_YEAR)))
                return [ack for phone in phones for ack in phone.acks]
            finally:
                await close_all(phones)

        acks = asyncio.run(asyncio.wait_for(vote(), 120))
        assert len(acks) == PHONES
        page = logged_in(server.url, facts["facilitator_email"]).get(
            f"{server.url}/workshops/{facts['workshop_id']}/activities/{activity_id}/comparison").text
    row = re.search(r"<tr class=\"(\w+)\">\s*<th scope=\"row\">KOMBIT</th>(.*?)</tr>", page, re.S)
    assert row, page
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(2), re.S)]
    # Figure, then, now, shift, interval, answers, verdict: the 12 phones' ratings are all counted.
    assert cells[1:4] == ["2,50", "4,50", "+2,00"]
    assert cells[5] == "12 → 12" and cells[6] == "Flyttet op" and row.group(1) == "moved"

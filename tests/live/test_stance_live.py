"""A stance on the real server with real Socket.IO clients: phones take stances theme by theme
(some change their minds), the dashboard gets the exact tally, and the screen gets the same
figures once they are revealed."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio

from facilitation.kinds import stance

from .test_live_server import Dashboard, connect_phone

pytestmark = pytest.mark.live

PHONES = 30
THEMES = ["Fælles digital infrastruktur", "Digitaliseret kulturarv", "Kompetencer hos personalet"]


def test_phones_take_stances_and_the_dashboard_and_screen_get_the_exact_tally(live_server):
    server, facts = live_server
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    base = f"{server.url}/api/v1"
    workshop_id = facts["workshop_id"]
    theme_ids = [str(api.post(f"{base}/workshops/{workshop_id}/themes", json={"title": title}).json()["theme"]["id"])
                 for title in THEMES]
    created = api.post(f"{base}/workshops/{workshop_id}/activities", json={
        "kind": "stance", "prompt": "Skal vores bibliotek handle på temaet i 2027?",
        "config": {"themes": "all", "yes_label": "Vi er med", "no_label": "Ikke os", "not_sure_label": "Ved ikke"}})
    assert created.status_code == 201, created.text
    activity_id = created.json()["activity"]["id"]
    api.post(f"{base}/activities/{activity_id}/open").raise_for_status()
    api.post(f"{base}/workshops/{workshop_id}/present", json={"activity_id": activity_id}).raise_for_status()

    dashboard = Dashboard(server.url, workshop_id, facts["token"])
    screen_results, screen_changed = {}, threading.Condition()

    def on_screen_results(message):
        with screen_changed:
            screen_results[message["activity_id"]] = message["results"]
            screen_changed.notify_all()

    def on_screen_view(view):  # a reveal reaches the screen as a new view of the workshop
        with screen_changed:
            for activity in view["activities"]:
                screen_results[activity["id"]] = activity["results"]
            screen_changed.notify_all()

    screen = socketio.Client(reconnection=False)
    screen.on("results", on_screen_results)
    screen.on("workshop", on_screen_view)
    screen.connect(server.url, auth={"role": "screen", "workshop": workshop_id, "key": facts["screen_secret"]},
                   transports=["websocket"], wait_timeout=10)
    with ThreadPoolExecutor(max_workers=10) as pool:
        phones = list(pool.map(lambda _: connect_phone(server.url, facts["code"]), range(PHONES)))

    generator = random.Random(2027)

    def some_stances():
        # Each theme answered or left out; at least one answered.
        chosen = {key: generator.choice(stance.CHOICES) for key in theme_ids if generator.random() < 0.8}
        return chosen or {theme_ids[0]: "not_sure"}

    first = [some_stances() for _ in phones]
    final = [some_stances() if number % 3 == 0 else answer for number, answer in enumerate(first)]

    def answer(pair):
        number, phone = pair
        acks = [phone.call("respond", {"activity_id": activity_id, "answer": {"stances": first[number]},
                                       "request_id": f"s{number}-1"}, timeout=20)]
        if final[number] is not first[number]:  # a change of mind replaces the first answer
            acks.append(phone.call("respond", {"activity_id": activity_id, "answer": {"stances": final[number]},
                                               "request_id": f"s{number}-2"}, timeout=20))
        return acks

    with ThreadPoolExecutor(max_workers=10) as pool:
        acks = [ack for acks in pool.map(answer, enumerate(phones)) for ack in acks]
    assert all(ack["ok"] for ack in acks), [ack for ack in acks if not ack["ok"]][:3]
    refused = phones[0].call("respond", {"activity_id": activity_id, "answer": {"stances": {theme_ids[0]: "måske"}},
                                         "request_id": "bad"}, timeout=20)
    assert refused["ok"] is False and refused["error"]["message"] == "Et standpunkt er ja, nej eller ved ikke."

    config = {"themes": "all", "items": [{"id": int(key), "label": title} for key, title in zip(theme_ids, THEMES)]}
    expected = stance.tally(config, [{"stances": answer} for answer in final])
    tally = dashboard.wait_for(activity_id, lambda t: t == expected)
    assert tally == expected
    for theme, wanted in zip(tally["themes"], final_counts(final, theme_ids)):
        assert (theme["yes"], theme["no"], theme["not_sure"]) == wanted

    with screen_changed:  # before the reveal the screen gets only how many answered
        screen_changed.wait_for(lambda: screen_results.get(activity_id) == {"responses": PHONES}, 20)
    assert screen_results[activity_id] == {"responses": PHONES}
    api.post(f"{base}/activities/{activity_id}/reveal").raise_for_status()
    with screen_changed:
        screen_changed.wait_for(lambda: screen_results.get(activity_id) == expected, 20)
    assert screen_results[activity_id] == expected
    for client in phones + [screen, dashboard.client]:
        client.disconnect()


def final_counts(final, theme_ids):
    """(yes, no, not sure) per theme, counted by hand from the last answers."""
    return [tuple(sum(1 for answer in final if answer.get(key) == choice) for choice in ("yes", "no", "not_sure"))
            for key in theme_ids]

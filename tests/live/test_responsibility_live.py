"""Who should lead on the real server with real python-socketio clients: thirty phones choose a
lead per theme (skipping some), a few change their minds, bad answers are refused and change
nothing, and the dashboard receives exactly the tally of the answers that were accepted; the
screen sees the heat map's numbers only once they are revealed."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio

from facilitation.kinds import responsibility

from .test_live_server import Dashboard, connect_phone

pytestmark = pytest.mark.live

PHONES = 30
THEMES = ["Fælles infrastruktur", "Digital dannelse", "Kulturarv", "Data om brugerne"]


def test_phones_choose_leads_and_the_dashboard_gets_the_exact_heat_map(live_server):
    server, facts = live_server
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    base = f"{server.url}/api/v1"
    theme_ids = [api.post(f"{base}/workshops/{facts['workshop_id']}/themes", json={"title": title}).json()["theme"]["id"]
                 for title in THEMES]
    # The facilitator's own actors, and only "together" of the fixed choices.
    config = {"themes": "all", "actors": ["KOMBIT", "Det Kgl. Bibliotek", "Centralbibliotekerne"], "local": False}
    made = api.post(f"{base}/workshops/{facts['workshop_id']}/activities",
                    json={"kind": "responsibility", "prompt": "Hvem skal gå forrest?", "config": config})
    assert made.status_code == 201, made.text
    activity_id = made.json()["activity"]["id"]
    api.post(f"{base}/activities/{activity_id}/open").raise_for_status()
    api.post(f"{base}/workshops/{facts['workshop_id']}/present", json={"activity_id": activity_id}).raise_for_status()

    dashboard = Dashboard(server.url, facts["workshop_id"], facts["token"])
    screen_results, screen_lock = {}, threading.Lock()
    screen = socketio.Client(reconnection=False)

    def on_screen_results(message):
        with screen_lock:
            screen_results[message["activity_id"]] = message["results"]

    screen.on("results", on_screen_results)
    screen.connect(server.url, auth={"role": "screen", "workshop": facts["workshop_id"], "key": facts["screen_secret"]},
                   transports=["websocket"], wait_timeout=10)
    with ThreadPoolExecutor(max_workers=10) as pool:
        phones = list(pool.map(lambda _: connect_phone(server.url, facts["code"]), range(PHONES)))

    rng = random.Random(15)
    choices = ["a", "b", "c", "together"]
    keys = [str(theme_id) for theme_id in theme_ids]

    def ballot():
        chosen = rng.sample(keys, rng.randint(1, len(keys)))  # every theme is optional
        return {key: rng.choice(choices) for key in chosen}

    answers = [ballot() for _ in phones]
    answers[0] = {keys[0]: "a", keys[1]: "a"}  # one person we can follow

    def send(pair, tag="first"):
        (number, phone), leads = pair
        return phone.call("respond", {"activity_id": activity_id, "answer": {"leads": leads},
                                      "request_id": f"{tag}-{number}"}, timeout=20)

    with ThreadPoolExecutor(max_workers=10) as pool:
        acks = list(pool.map(send, zip(enumerate(phones), answers)))
    assert all(ack["ok"] for ack in acks), [ack for ack in acks if not ack["ok"]][:3]

    # Five change their minds: the new answer replaces the old one.
    for number in range(5):
        answers[number] = ballot()
        assert send(((number, phones[number]), answers[number]), "second")["ok"]

    # Bad answers are refused with a clear error and change nothing.
    for bad in ({keys[0]: "local"}, {keys[0]: "z"}, {"999999": "a"}, {}, {keys[0]: ["a", "b"]}):
        ack = phones[6].call("respond", {"activity_id": activity_id, "answer": {"leads": bad}, "request_id": f"bad-{bad}"},
                             timeout=10)
        assert not ack["ok"] and ack["error"]["code"] == "invalid" and ack["error"]["message"]

    items = [{"id": theme_id, "label": title, "description": ""} for theme_id, title in zip(theme_ids, THEMES)]
    expected = responsibility.tally({**responsibility.clean_config(config), "items": items},
                                    [{"leads": leads} for leads in answers])
    tally = dashboard.wait_for(activity_id, lambda t: t == expected)
    assert tally == expected
    assert sum(theme["n"] for theme in tally["themes"]) == sum(len(leads) for leads in answers)
    assert tally["choices"] == ["a", "b", "c", "together"]
    # Until the results are revealed, the screen gets no counts.
    with screen_lock:
        assert all("themes" not in results for results in screen_results.values())

    api.post(f"{base}/activities/{activity_id}/reveal").raise_for_status()
    answers[1] = {keys[3]: "b"}
    assert send(((1, phones[1]), answers[1]), "third")["ok"]
    expected = responsibility.tally({**responsibility.clean_config(config), "items": items},
                                    [{"leads": leads} for leads in answers])
    assert dashboard.wait_for(activity_id, lambda t: t == expected) == expected
    deadline = threading.Event()
    for _ in range(100):
        with screen_lock:
            if screen_results.get(activity_id, {}).get("themes") == expected["themes"]:
                break
        deadline.wait(0.1)
    with screen_lock:
        assert screen_results[activity_id]["themes"] == expected["themes"]
    for client in phones + [screen, dashboard.client]:
        client.disconnect()

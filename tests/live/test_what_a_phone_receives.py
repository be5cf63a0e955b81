"""What a phone receives is bounded: the top of a long list of questions, at most once per
PHONE_RESULTS_INTERVAL, and the last change always arrives."""

import json
import threading
import time

import pytest
import requests
import socketio

from tests.server import ServerProcess

from .test_live_server import Dashboard, connect_phone

pytestmark = pytest.mark.live

QUESTIONS = 25
INTERVAL = "1.0"


def test_a_phone_gets_the_top_questions_at_a_bounded_pace_and_the_last_change(prepared_instance):
    instance, facts = prepared_instance
    server = ServerProcess(instance, extra_env={"PHONE_RESULTS_INTERVAL": INTERVAL, "BROADCAST_INTERVAL": "0.05"}).start()
    try:
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {facts['token']}"
        base = f"{server.url}/api/v1"
        qa_id = api.post(f"{base}/workshops/{facts['workshop_id']}/activities",
                         json={"kind": "qa", "prompt": "Spørgsmål?", "config": {}}).json()["activity"]["id"]
        api.post(f"{base}/activities/{qa_id}/open").raise_for_status()
        api.post(f"{base}/workshops/{facts['workshop_id']}/present", json={"activity_id": qa_id}).raise_for_status()
        dashboard = Dashboard(server.url, facts["workshop_id"], facts["token"])

        phones = [connect_phone(server.url, facts["code"]) for _ in range(QUESTIONS)]
        ids = [phone.call("respond", {"activity_id": qa_id, "answer": {"text": f"Spørgsmål nummer {n}"},
                                      "request_id": f"q{n}"}, timeout=10)["answer"]["id"]
               for n, phone in enumerate(phones)]
        received, lock = [], threading.Lock()

        def on_results(message):
            if message["activity_id"] == qa_id:
                with lock:
                    received.append((time.monotonic(), message["results"], len(json.dumps(message))))

        listener = phones[0]
        listener.on("results", on_results)
        started = time.monotonic()
        # Phone n votes for the questions after its own: the last question ends with the most votes.
        for n, phone in enumerate(phones):
            for entry_id in ids[n + 1:]:
                assert phone.call("upvote", {"entry_id": entry_id, "up": True}, timeout=10)["ok"]
        voted = time.monotonic()
        final = dashboard.wait_for(qa_id, lambda t: t["questions"][0]["votes"] == QUESTIONS - 1)
        assert final["questions"][0]["id"] == ids[-1]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the last change reaches the phone too
            with lock:
                if received and received[-1][1]["questions"][0]["votes"] == QUESTIONS - 1:
                    break
            time.sleep(0.05)
        with lock:
            messages = list(received)
        assert messages[-1][1]["questions"][0] == final["questions"][0]
        assert all(len(results["questions"]) == 20 and results["more"] == 5 for _, results, _ in messages)
        assert "moderation" not in messages[-1][1]
        # The dashboard hears every 0.05 s tick with a change; the phone once a second at most.
        assert len(messages) <= (messages[-1][0] - started) / float(INTERVAL) + 2, (len(messages), voted - started)
        for client in phones + [dashboard.client]:
            client.disconnect()
    finally:
        server.stop()

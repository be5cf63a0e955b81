"""Socket.IO clients for the cluster tests: a dashboard that keeps what it received, a phone."""

from __future__ import annotations

import threading

import socketio


class Dashboard:
    """A facilitator's client that remembers the newest tally and presence it received."""

    def __init__(self, url, workshop_id, token):
        self.client = socketio.Client(reconnection=False)
        self.tallies, self.presence = {}, {}
        self.changed = threading.Condition()
        self.client.on("results", self._on_results)
        self.client.on("presence", self._on_presence)
        self.client.connect(url, auth={"role": "facilitator", "workshop": workshop_id, "token": token},
                            transports=["websocket"], wait_timeout=10)

    def _on_results(self, message):
        with self.changed:
            self.tallies[message["activity_id"]] = message["results"]
            self.changed.notify_all()

    def _on_presence(self, message):
        with self.changed:
            self.presence = message
            self.changed.notify_all()

    def wait(self, predicate, timeout=30.0) -> bool:
        with self.changed:
            return self.changed.wait_for(predicate, timeout)


def connect_phone(url, cookie, code):
    client = socketio.Client(reconnection=False)
    client.connect(url, headers={"Cookie": cookie}, auth={"role": "participant", "workshop": code},
                   transports=["websocket"], wait_timeout=10)
    return client

"""A hostile client: Engine.IO/Socket.IO spoken by hand over a raw websocket, so that it can send
what no well-behaved library sends (floods, binary attachments, malformed packets).

Used by the live tests of facilitation/socket_guard.py and by bench/flood.py.
"""

from __future__ import annotations

import json

import websocket


class RawSocket:
    """One websocket connection, connected to the default namespace as a participant."""

    def __init__(self, base_url: str, cookie: str, code: str, timeout: float = 10.0):
        url = base_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.ws = websocket.create_connection(url, header=[f"Cookie: {cookie}"], timeout=timeout)
        opening = self.ws.recv()
        assert opening.startswith("0"), opening
        self.ws.send("40" + json.dumps({"role": "participant", "workshop": code}))
        answer = self.receive_until(lambda packet: packet.startswith("40") or packet.startswith("44"))
        self.connected = answer.startswith("40")

    def receive_until(self, wanted, limit: int = 50) -> str:
        """Read packets (answering pings) until one satisfies `wanted`; return it."""
        for _ in range(limit):
            packet = self.ws.recv()
            if packet == "2":
                self.ws.send("3")
                continue
            if wanted(packet):
                return packet
        raise AssertionError("the expected packet did not come")

    def send(self, packet) -> bool:
        """Send one raw frame (text, or bytes as a binary frame); False once the server closed."""
        try:
            if isinstance(packet, bytes):
                self.ws.send_binary(packet)
            else:
                self.ws.send(packet)
            return True
        except (websocket.WebSocketException, OSError):
            return False

    def event(self, name: str, payload, ack_id: int | None = None) -> str:
        """The text frame of a Socket.IO event (with an ack id, the server answers it)."""
        return f"42{'' if ack_id is None else ack_id}" + json.dumps([name, payload])

    def closed_by_server(self, timeout: float = 10.0) -> bool:
        """Whether the server closes this connection within `timeout` seconds."""
        self.ws.settimeout(timeout)
        try:
            while True:
                packet = self.ws.recv()
                if packet in ("", None) or packet.startswith("1") or packet.startswith("41"):
                    return True
                if packet == "2":
                    self.ws.send("3")
        except websocket.WebSocketTimeoutException:
            return False
        except (websocket.WebSocketException, OSError):
            return True

    def close(self) -> None:
        try:
            self.ws.close()
        except (websocket.WebSocketException, OSError):
            pass

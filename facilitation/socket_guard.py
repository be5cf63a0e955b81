"""What one connection may send, enforced before anything is decoded or dispatched.

Engine.IO hands every frame a client sends to the Socket.IO server, which decodes it and starts
a handler for each event. Rate limits inside our handlers come too late for a flood: by then each
refused message has cost its decoding, its greenlet and its log line, and one laptop sending as
fast as it can freezes the room. The guard sits in front of that, in the connection's own reader:

- every connection has an inbound budget (a token bucket of messages and of bytes); a connection
  that overdraws it is disconnected at once, and what it sends before it is gone is dropped;
- binary frames and binary events (which make the server buffer attachments) are refused: the
  app uses none;
- a frame that cannot be decoded (a malformed packet) disconnects its connection;
- the log gets one line per kind of violation per interval, with a count, never a traceback per
  frame.

A phone sends one message per answer and a few to resynchronise; the default budget (a burst of
40, then 4 a second) is far above that and far below a script.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from engineio.exceptions import SocketIsClosedError, UnknownPacketError

log = logging.getLogger(__name__)


@dataclass
class Budget:
    """A token bucket: `burst` units at most, refilled at `per_second`; `spend` says if it held."""

    burst: float
    per_second: float
    tokens: float = field(default=-1.0)
    updated: float = field(default=0.0)

    def __post_init__(self):
        if self.tokens < 0:
            self.tokens = self.burst

    def spend(self, amount: float, now: float) -> bool:
        """Take `amount` units if the bucket holds them (after refilling up to `now`)."""
        if self.updated:
            self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        if amount > self.tokens:
            return False
        self.tokens -= amount
        return True


class ThrottledLog:
    """Logs a warning per kind at most once per `interval` seconds, counting the ones it held back."""

    def __init__(self, logger: logging.Logger, interval: float = 10.0, clock=time.monotonic):
        self.logger, self.interval, self.clock = logger, interval, clock
        self.last: dict[str, float] = {}
        self.held: dict[str, int] = {}
        self.lock = threading.Lock()

    def warning(self, kind: str, message: str, *args, exc_info: bool = False) -> bool:
        """Log `message % args` for `kind` unless one was logged within the interval; say if logged.
        With `exc_info`, the line carries the traceback of the exception being handled."""
        now = self.clock()
        with self.lock:
            if now - self.last.get(kind, float("-inf")) < self.interval:
                self.held[kind] = self.held.get(kind, 0) + 1
                return False
            self.last[kind] = now
            held = self.held.pop(kind, 0)
        suffix = f" ({held} more like it since the last line)" if held else ""
        self.logger.warning(message + suffix, *args, exc_info=exc_info)
        return True


class SocketGuard:
    """Wraps a python-socketio server's Engine.IO layer with the checks above: every frame a
    connection sends passes its budget first (in the connection's own reader, before it is
    decoded as Socket.IO or dispatched), and what Socket.IO cannot decode ends the connection."""

    def __init__(self, server, burst: int, per_second: float, max_message_bytes: int,
                 clock=time.monotonic):
        self.eio = server.eio
        self.burst, self.per_second = burst, per_second
        # Bytes: room for a burst of the largest messages, refilled in proportion.
        self.byte_burst = max_message_bytes * 4
        self.byte_rate = max_message_bytes * 4 * per_second / max(burst, 1)
        self.clock = clock
        self.budgets: dict[str, tuple[Budget, Budget]] = {}
        self.refused: set[str] = set()
        self.log = ThrottledLog(log)
        self._on_connect = self.eio.handlers["connect"]
        self._dispatch = self.eio.handlers["message"]
        self._on_disconnect = self.eio.handlers["disconnect"]
        self.eio.on("connect", self.on_connect)
        self.eio.on("message", self.on_message)
        self.eio.on("disconnect", self.on_disconnect)

    def on_connect(self, eio_sid: str, environ):
        """A new Engine.IO connection: give it a budget and guard every frame it sends."""
        accepted = self._on_connect(eio_sid, environ)
        connection = self.eio.sockets.get(eio_sid)
        if connection is not None and accepted is not False:
            self.budgets[eio_sid] = (Budget(self.burst, self.per_second), Budget(self.byte_burst, self.byte_rate))
            connection.receive = self._guarded(eio_sid, connection)
        return accepted

    def _guarded(self, eio_sid: str, connection):
        receive = connection.receive

        def receive_within_budget(packet):
            messages, size = self.budgets.get(eio_sid) or (None, None)
            if messages is not None and eio_sid not in self.refused:
                data = packet.data
                now = self.clock()
                length = len(data) if isinstance(data, (str, bytes, bytearray)) else 0
                if not (messages.spend(1, now) and size.spend(length, now)):
                    self.refuse(eio_sid, "flood", "more than its budget of messages")
                elif isinstance(data, (bytes, bytearray)):
                    self.refuse(eio_sid, "binary", "a binary frame or event")
                else:
                    try:
                        receive(packet)  # on to Socket.IO: on_message below
                    except UnknownPacketError:
                        self.refuse(eio_sid, "malformed", "a malformed packet (unknown Engine.IO packet)")
            if eio_sid in self.refused or messages is None:
                # Ending the reader's loop here, in the reader itself: a flood keeps the socket
                # readable, so a reader that only dropped frames would never yield to a task
                # that closes the connection.
                connection.close(wait=False, abort=True, reason=self.eio.reason.SERVER_DISCONNECT)
                raise SocketIsClosedError()

        return receive_within_budget

    def on_message(self, eio_sid: str, data) -> None:
        """A Socket.IO packet that passed the budget: refuse binary events, else dispatch it; a
        packet Socket.IO cannot decode refuses its connection. (Called from inside the guarded
        receive, which then ends the connection; raising here would log a traceback.)"""
        if isinstance(data, (bytes, bytearray)) or data[:1] in ("5", "6"):
            self.refuse(eio_sid, "binary", "a binary frame or event")
            return
        try:
            self._dispatch(eio_sid, data)
        except Exception as error:  # a malformed packet: Socket.IO could not decode it
            self.refuse(eio_sid, "malformed", f"a malformed packet ({type(error).__name__})")

    def on_disconnect(self, eio_sid: str, *args):
        self.budgets.pop(eio_sid, None)
        self.refused.discard(eio_sid)
        return self._on_disconnect(eio_sid, *args)

    def refuse(self, eio_sid: str, kind: str, what: str) -> None:
        """Mark the connection for ending (the guarded receive ends it) and log, throttled."""
        if eio_sid in self.refused:
            return
        self.refused.add(eio_sid)
        self.log.warning(kind, "disconnected a connection that sent %s", what)

"""Serving: prepare the database, print the links people need, and run the Socket.IO server."""

from __future__ import annotations

import errno
import gc
import resource
import socket

from flask import Flask

from . import accounts, demo, resets, socketio
from .models import Workshop


def lan_address() -> str:
    """The machine's address on the local network, which phones on the venue Wi-Fi can reach."""
    try:
        # A UDP "connection" only picks the outgoing interface; no packet is sent.
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
        finally:
            probe.close()
        if not address.startswith("127."):
            return address
    except OSError:
        pass
    return "127.0.0.1"


def raise_open_file_limit() -> int:
    """Allow as many open sockets as the system lets this process have; return the new limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


LOW_DISK_BYTES = 500 * 1024 * 1024


def free_space_note(folder) -> str:
    """A line about the free space where the database lives, with a warning when it is low."""
    import shutil
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(folder).free
    note = f"  Free disk space for the database ({folder}): {free / 1024 ** 3:.1f} GB"
    if free < LOW_DISK_BYTES:
        note += (". Warning: that is little. When the disk is full, answers cannot be saved "
                 "(phones keep them and resend them); free some space before the workshop.")
    return note


def prepare(app: Flask, load_demo: bool = True) -> None:
    """Create or upgrade the database (saying where a copy from before the upgrade was kept);
    delete what expired resets still hold; load the demo workshop into an empty one. Raises db.DatabaseTooNew for a database from a
    newer version."""
    database = app.extensions["database"]
    kept = database.upgrade()
    if kept is not None:
        print(f"  The database was upgraded; a copy from before is kept at {kept}")
    if database.is_sqlite:
        print(free_space_note(app.instance_path), flush=True)
    with database.transaction() as db:
        # What a reset held for its undo before the server stopped is deleted for good now, not
        # only once the broadcaster runs (it starts with the first connection).
        resets.purge_expired(db)
    if load_demo and database.is_empty():
        with database.transaction() as db:
            demo.load_demo(db)


def print_links(app: Flask, host: str, port: int) -> None:
    """Print the participant, screen and facilitator links (with a fresh one-time login link)."""
    public = app.config["PUBLIC_URL"].rstrip("/") or (
        f"http://{lan_address() if host in ('0.0.0.0', '::') else host}:{port}"
    )
    database = app.extensions["database"]
    with database.transaction() as db:
        facilitator = accounts.first_facilitator(db)
        if facilitator is None:
            print("No facilitator yet: create one with `.venv/bin/flask --app facilitation create-facilitator EMAIL`.")
            return
        token = accounts.create_login_token(db, facilitator, app.config["LOGIN_LINK_MINUTES"])
        workshop = db.query(Workshop).filter_by(facilitator_id=facilitator.id).order_by(Workshop.id).first()
    minutes = app.config["LOGIN_LINK_MINUTES"]
    print()
    print("  Workshop facilitation is running.")
    if workshop is not None:
        print(f"  Participants (phones):   {public}/j/{workshop.join_code}   (code {workshop.join_code})")
        print(f"  Screen (projector):      {public}/screen/{workshop.screen_secret}")
    print(f"  Facilitator login link:  {public}/login/{token}")
    print(f"                           (one-time, valid {minutes} minutes; new one: restart, or `.venv/bin/flask --app facilitation login-link`)")
    print()


def proxy_warning(host: str, proxy_count: int) -> str | None:
    """A warning when X-Forwarded-For is trusted (PROXY_COUNT) from anyone who can reach the
    server directly: such a client could claim any address and escape the per-address limits."""
    if proxy_count and host not in ("127.0.0.1", "::1", "localhost"):
        return (f"Warning: PROXY_COUNT={proxy_count} trusts X-Forwarded-For, but the server listens on {host}, "
                "so a client that reaches it directly can claim any address. Behind a reverse proxy, "
                "set HOST=127.0.0.1 (see docs/security.md).")
    return None


class PortBusy(Exception):
    """Another program (often yesterday's server, still running) listens on the address."""


def claim_port(app: Flask):
    """Bind the configured address before anything is printed, and never share it.

    Eventlet's listener sets SO_REUSEPORT, which lets a second server on the same port start
    silently and take part of the room (the kernel spreads connections between the two). This
    listener does not, so a second start fails here. Returns the listening socket (eventlet's or
    gevent's), with a backlog of 1,024: a default of 50 overflows when a room scans the QR code.
    Raises PortBusy with the words to show."""
    host, port = app.config["HOST"], int(app.config["PORT"])
    family, _type, _proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    try:
        if app.config["ASYNC_MODE"] == "eventlet":
            import eventlet

            # The listen backlog: eventlet's default of 50 overflows when a room scans the QR code.
            return eventlet.listen(address, family, backlog=1024, reuse_port=False)
        if app.config["ASYNC_MODE"] == "gevent":
            from gevent import socket as green_socket

            listener = green_socket.socket(family, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # not SO_REUSEPORT
            listener.bind(address)
            listener.listen(1024)
            return listener
        with socket.socket(family, socket.SOCK_STREAM) as probe:  # threading: only a check
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
        return None
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PortBusy(
                f"Port {port} on {host} is already in use, probably by another copy of this server "
                "that is still running. Stop that one (Ctrl+C in its terminal), or start this one on "
                "another port, e.g. PORT=5001 make run."
            ) from None
        raise


# Python's cyclic garbage collector, tuned for a server holding thousands of connections. With the
# defaults (a young collection every 700 allocations) the objects of every vote in flight (its
# greenlet, packets, ack) lived through young collections and were promoted, and a burst of 2,000
# votes set off a full collection of everything the 2,000 connections hold: measured at 40 % of
# the server's CPU in the burst (docs/performance.md).
GC_THRESHOLDS = (50_000, 20, 10)


def tune_garbage_collector() -> None:
    """Set up the collector for serving: what exists once the app is made (modules, the ORM's
    mappings, templates) is frozen out of every collection, and young collections come every
    GC_THRESHOLDS[0] allocations, so an event's short-lived objects mostly die before one.
    Reference counting frees everything as before; only cycles wait a little longer."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def serve(app: Flask, listener=None) -> None:
    """Run the server in the configured async mode until interrupted (on `listener`, from
    claim_port, when given)."""
    host, port = app.config["HOST"], int(app.config["PORT"])
    warning = proxy_warning(host, int(app.config["PROXY_COUNT"]))
    if warning:
        print(warning, flush=True)
    open_files = raise_open_file_limit()
    tune_garbage_collector()
    if app.config["ASYNC_MODE"] == "gevent":
        _serve_gevent(app, listener or claim_port(app), float(app.config["IDLE_CONNECTION_TIMEOUT"]))
        return
    if app.config["ASYNC_MODE"] != "eventlet":
        socketio.run(app, host=host, port=port, log_output=False)
        return
    # As socketio.run does for eventlet, with the number of connections raised for a hall full of
    # phones (eventlet's default pool stops at 1,024).
    import eventlet.wsgi

    listener = listener or claim_port(app)
    # socket_timeout: a connection that sends nothing (an idle keep-alive, or a phone that vanished
    # without closing, leaving a half-open TCP connection) is closed instead of kept for ever.
    # Websockets are pinged every 20 s, so a live one never waits that long.
    eventlet.wsgi.server(listener, app, log_output=False, max_size=max(1024, open_files - 64),
                         socket_timeout=float(app.config["IDLE_CONNECTION_TIMEOUT"]))


def _serve_gevent(app: Flask, listener, idle_timeout: float) -> None:
    """gevent's WSGI server with gevent-websocket (as socketio.run starts it), on our listener,
    and with the same idle timeout as eventlet's: a connection that sends nothing for
    `idle_timeout` seconds (a half-open one, or a script holding sockets) is closed. Websockets
    are pinged every 20 s, so a live one never waits that long."""
    from gevent import pywsgi
    from geventwebsocket.handler import WebSocketHandler

    class IdleClosingHandler(WebSocketHandler):
        def handle(self):
            self.socket.settimeout(idle_timeout)
            return super().handle()

    pywsgi.WSGIServer(listener, app, handler_class=IdleClosingHandler, log=None).serve_forever()

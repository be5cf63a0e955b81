"""Baseline for bench/load.py: a bare Flask-SocketIO server on eventlet with no database.

Its `respond` handler acknowledges at once with ``{"ok": True}``, so the figures measured against
it are the cost of eventlet + Flask-SocketIO + the WebSocket transport (and of the benchmark
client itself) on this machine; the app's figures above them are what the app adds.

Usage: python bench/echo_server.py PORT
"""

import eventlet

eventlet.monkey_patch()

import resource  # noqa: E402
import sys  # noqa: E402

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402

app = Flask(__name__)
app.config["SECRET_KEY"] = "echo-baseline"
# The same transport settings as the app (facilitation/__init__.py).
socketio = SocketIO(app, async_mode="eventlet", ping_interval=20, ping_timeout=25,
                    max_http_buffer_size=16 * 1024)


@socketio.on("respond")
def respond(payload=None, *_extra):
    return {"ok": True}


@app.get("/")
def index():
    return "echo"


def raise_open_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 5001
    # eventlet's WSGI server stops accepting at 1,024 connections by default (as facilitation/serve.py).
    max_size = max(1024, raise_open_file_limit() - 64)
    socketio.run(app, host="127.0.0.1", port=port, log_output=False, max_size=max_size)

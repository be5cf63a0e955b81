"""Baseline for bench/load.py: a bare Flask-SocketIO server with no database.

Its `respond` and `upvote` handlers acknowledge at once (`respond` with an entry id, so that the
Q&A phones have questions to upvote), so the figures measured against it are the cost of the
async mode + Flask-SocketIO + the WebSocket transport (and of the benchmark client itself) on
this machine; the app's figures above them are what the app adds.

Usage: python bench/echo_server.py PORT [eventlet|gevent]   (eventlet when not given)
"""

import sys

MODE = sys.argv[2] if len(sys.argv) > 2 else "eventlet"
if MODE == "eventlet":
    import warnings

    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet

    eventlet.monkey_patch()
elif MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()
else:
    sys.exit(f"unknown async mode {MODE!r}: eventlet or gevent")

import itertools  # noqa: E402
import resource  # noqa: E402

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402

app = Flask(__name__)
app.config["SECRET_KEY"] = "echo-baseline"
# The same transport settings as the app (facilitation/__init__.py).
socketio = SocketIO(app, async_mode=MODE, ping_interval=20, ping_timeout=25,
                    max_http_buffer_size=16 * 1024)
entry_ids = itertools.count(1)


@socketio.on("respond")
def respond(payload=None, *_extra):
    return {"ok": True, "answer": {"id": next(entry_ids)}}


@socketio.on("upvote")
def upvote(payload=None, *_extra):
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
    open_files = raise_open_file_limit()
    if MODE == "gevent":
        socketio.run(app, host="127.0.0.1", port=port, log_output=False)  # as facilitation/serve.py
    else:
        import eventlet.wsgi

        # As facilitation/serve.py: a backlog of 1,024 and more than 1,024 connections.
        listener = eventlet.listen(("127.0.0.1", port), backlog=1024)
        eventlet.wsgi.server(listener, app, log_output=False, max_size=max(1024, open_files - 64))

"""Entry point: `python app.py` prepares the database, prints the links and serves.

The async mode is one setting (ASYNC_MODE: gevent by default, or eventlet; docs/performance.md
says why); its monkey-patching has to happen here, before anything else is imported.
"""

import os
import warnings

ASYNC_MODE = os.environ.get("ASYNC_MODE", "gevent")
if ASYNC_MODE == "eventlet":
    # Eventlet is in maintenance mode and says so at import; it is still supported and tested,
    # one setting away from the default (ASYNC_MODE=eventlet).
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet

    eventlet.monkey_patch()
elif ASYNC_MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

from facilitation import create_app  # noqa: E402
from facilitation.serve import PortBusy, claim_port, prepare, print_links, serve  # noqa: E402

app = create_app({"ASYNC_MODE": ASYNC_MODE})

if __name__ == "__main__":
    import signal
    import sys

    # A file over the process's size limit then fails its write ("file too large", answered as a
    # storage fault) instead of killing the server.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    try:
        listener = claim_port(app)  # first: nothing is printed or changed by a second server
    except PortBusy as busy:
        print(busy, file=sys.stderr)
        sys.exit(2)
    from facilitation.db import DatabaseTooNew

    try:
        prepare(app, load_demo=os.environ.get("LOAD_DEMO", "1") != "0")
    except DatabaseTooNew as too_new:
        print(too_new, file=sys.stderr)
        sys.exit(2)
    if os.environ.get("PRINT_LINKS", "1") != "0":
        print_links(app, app.config["HOST"], int(app.config["PORT"]))
    serve(app, listener)

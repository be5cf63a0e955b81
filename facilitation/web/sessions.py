"""The session cookie, decoded once per cookie value rather than once per Socket.IO event.

Flask-SocketIO runs every event in a request context made from the connection's first request,
and pushing it opens the session: the signed cookie is verified and its tagged JSON unpacked
again for every vote. In a burst of votes that was two thirds of the event loop's time per
event (profiled with py-spy). A phone's cookie does not change while it is connected, so the
decoded contents of a validly signed cookie are kept for a minute, keyed by the cookie's exact
value, and each request gets its own deep copy.
"""

from __future__ import annotations

import copy
import time
from collections import OrderedDict

from flask.sessions import SecureCookieSessionInterface

KEEP_SECONDS = 60.0
MOST_KEPT = 10_000


class CachingSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with recently verified cookies remembered."""

    def __init__(self):
        self._kept: OrderedDict[str, tuple[float, dict]] = OrderedDict()

    def open_session(self, app, request):
        """The session of the request's cookie (as Flask's own), from memory when the same
        cookie was verified in the last KEEP_SECONDS. A missing, forged or expired cookie gives an
        empty session and is never remembered."""
        value = request.cookies.get(self.get_cookie_name(app))
        now = time.monotonic()
        kept = self._kept.get(value) if value else None
        if kept is not None and now - kept[0] < KEEP_SECONDS:
            self._kept.move_to_end(value)
            return self.session_class(copy.deepcopy(kept[1]))
        session = super().open_session(app, request)
        if value and session:  # a validly signed cookie with something in it
            self._kept[value] = (now, copy.deepcopy(dict(session)))
            while len(self._kept) > MOST_KEPT:
                self._kept.popitem(last=False)
        return session

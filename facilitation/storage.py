"""When the database cannot store what it is given: a full disk, a file over its size limit, a
read-only file, a lock held too long, an I/O error.

These are faults of the machine, not of the answer, and they pass: the phone keeps its answer
and sends it again. So they get their own error code (`storage_unavailable`) and message, a
banner on the dashboard while they last, and one log line per kind per interval instead of a
traceback per refused answer.
"""

from __future__ import annotations

from .errors import DomainError, N_

# Words of SQLite's and PostgreSQL's messages, and the kind of fault each means.
_KINDS = (
    ("database or disk is full", "disk_full"),
    ("no space left", "disk_full"),
    ("could not extend file", "disk_full"),
    ("diskfull", "disk_full"),
    ("file too large", "disk_full"),
    ("readonly database", "read_only"),
    ("read-only", "read_only"),
    ("database is locked", "locked"),
    ("lock timeout", "locked"),
    ("disk i/o error", "io_error"),
    ("unable to open database file", "io_error"),
)


def failure_kind(error: BaseException) -> str | None:
    """The kind of storage fault behind a database error, or None when it is not one."""
    from sqlalchemy.exc import OperationalError

    original = getattr(error, "orig", error)
    words = f"{type(original).__name__} {original}".lower()
    if not isinstance(error, (OperationalError, OSError)) and "diskfull" not in words:
        return None
    return next((kind for phrase, kind in _KINDS if phrase in words), None)


class StorageUnavailable(DomainError):
    """The answer was fine, but the server could not store it now; the phone sends it again."""

    code = "storage_unavailable"
    status = 503

    def __init__(self, kind: str):
        super().__init__(N_("The server cannot save answers right now (%(reason)s). Your answer is kept "
                            "on your phone and sent again by itself."), reason=REASONS[kind])
        self.kind = kind


REASONS = {
    "disk_full": N_("its disk is full"),
    "read_only": N_("its database cannot be written"),
    "locked": N_("its database is busy"),
    "io_error": N_("its disk does not answer"),
}

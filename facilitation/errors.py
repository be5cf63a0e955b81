"""Domain errors: what went wrong, in words a person can act on, translated by the web layer.

The domain never imports Flask. An error carries an English message id marked with `N_` (which
pybabel extracts), its parameters, and a machine-readable code; the web layer translates the
message into the reader's language and chooses the HTTP status or Socket.IO acknowledgement.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a message for translation without translating it here."""
    return message


class DomainError(Exception):
    """Base class. `code` is stable for clients; `message` is an untranslated message id."""

    code = "error"
    status = 400

    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


class InvalidInput(DomainError):
    """The request or answer is malformed, too large, or not allowed by the activity's kind."""

    code = "invalid"
    status = 400


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Forbidden(DomainError):
    """The caller may not do this: another facilitator's workshop, or a role that lacks the right."""

    code = "forbidden"
    status = 403


class Conflict(DomainError):
    """The request is well formed but the current state forbids it (e.g. a closed activity)."""

    code = "conflict"
    status = 409

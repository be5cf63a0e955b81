"""Facilitator accounts: passwords, one-time login links and API tokens. Flask-free.

Secrets handed to people (login links, API tokens) are random and shown once; only their SHA-256
hash is stored, so a copy of the database does not let anyone log in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import Conflict, InvalidInput, N_
from .models import Facilitator, FacilitatorToken, utcnow

MAX_EMAIL_LENGTH = 254
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 200


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(raw) -> str:
    if not isinstance(raw, str):
        raise InvalidInput(N_("Enter an email address."))
    email = raw.strip().lower()
    if not 3 <= len(email) <= MAX_EMAIL_LENGTH or "@" not in email:
        raise InvalidInput(N_("Enter a valid email address."))
    return email


def create_facilitator(session: Session, email: str, password: str, name: str = "") -> Facilitator:
    """Create a facilitator account; raise Conflict if the email is taken."""
    email = normalise_email(email)
    if not isinstance(password, str) or not (
        MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH
    ):
        raise InvalidInput(
            N_("A password must be at least %(min)d characters long."), min=MIN_PASSWORD_LENGTH
        )
    if session.scalar(select(Facilitator).where(Facilitator.email == email)):
        raise Conflict(N_("A facilitator with that email already exists."))
    facilitator = Facilitator(
        email=email, name=(name or "").strip()[:120], password_hash=generate_password_hash(password)
    )
    session.add(facilitator)
    session.flush()
    return facilitator


def authenticate(session: Session, email, password) -> Facilitator | None:
    """Return the facilitator with this email and password, or None."""
    if not isinstance(email, str) or not isinstance(password, str):
        return None
    if len(email) > MAX_EMAIL_LENGTH or len(password) > MAX_PASSWORD_LENGTH:
        return None
    facilitator = session.scalar(
        select(Facilitator).where(Facilitator.email == email.strip().lower())
    )
    if facilitator and check_password_hash(facilitator.password_hash, password):
        return facilitator
    return None


def create_login_token(session: Session, facilitator: Facilitator, minutes: int) -> str:
    """Return a one-time login secret valid for `minutes`."""
    token = secrets.token_urlsafe(24)
    session.add(
        FacilitatorToken(
            facilitator_id=facilitator.id,
            purpose="login",
            token_hash=_hash_token(token),
            expires_at=utcnow() + timedelta(minutes=minutes),
        )
    )
    return token


def redeem_login_token(session: Session, token) -> Facilitator | None:
    """Return the facilitator for an unused, unexpired login secret and use it up; else None."""
    if not isinstance(token, str) or len(token) > 100:
        return None
    record = session.scalar(
        select(FacilitatorToken).where(
            FacilitatorToken.token_hash == _hash_token(token),
            FacilitatorToken.purpose == "login",
        )
    )
    if record is None or record.used_at is not None or record.expires_at < utcnow():
        return None
    record.used_at = utcnow()
    return record.facilitator


def create_api_token(session: Session, facilitator: Facilitator) -> str:
    """Return a new API token for scripts. It does not expire; delete the account to revoke it."""
    token = "fct_" + secrets.token_urlsafe(32)
    session.add(
        FacilitatorToken(facilitator_id=facilitator.id, purpose="api", token_hash=_hash_token(token))
    )
    return token


def facilitator_for_api_token(session: Session, token) -> Facilitator | None:
    """Return the facilitator an API token belongs to, or None."""
    if not isinstance(token, str) or len(token) > 100:
        return None
    return session.scalar(
        select(Facilitator)
        .join(FacilitatorToken)
        .where(FacilitatorToken.token_hash == _hash_token(token), FacilitatorToken.purpose == "api")
    )


def first_facilitator(session: Session) -> Facilitator | None:
    """The oldest account: the one `make run` prints a login link for."""
    return session.scalar(select(Facilitator).order_by(Facilitator.id).limit(1))


def facilitator_count(session: Session) -> int:
    return session.scalar(select(func.count(Facilitator.id)))

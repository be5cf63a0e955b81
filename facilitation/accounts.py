"""Facilitator accounts: passwords, one-time login links and API tokens. Flask-free.

Secrets handed to people (login links, API tokens) are random and shown once; only their SHA-256
hash is stored, so a copy of the database does not let anyone log in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import Conflict, InvalidInput, N_, NotFound
from .models import Facilitator, FacilitatorSession, FacilitatorToken, utcnow

MAX_EMAIL_LENGTH = 254
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 200
API_TOKEN_DAYS = 90

# Checked when the email is unknown, so a wrong email takes as long as a wrong password and the
# answer's timing does not tell which emails have accounts. The hash of a random password that
# was thrown away; nothing matches it.
DUMMY_PASSWORD_HASH = (
    "scrypt:32768:8:1$FqZkHWcMBLeuco52$cba687e14056a5556a551452ab"
    "57d84d5c5a41b1c85b4f3265ee3975f1869d5d3b948c270ac0649b18f845de30a8b9b889a7120abef3851dfb7f5375fe44af86"
)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(raw) -> str:
    if not isinstance(raw, str):
        raise InvalidInput(N_("Enter an email address."))
    email = raw.strip().lower()
    if not 3 <= len(email) <= MAX_EMAIL_LENGTH or "@" not in email:
        raise InvalidInput(N_("Enter a valid email address."))
    return email


def _check_password_rules(password) -> None:
    if not isinstance(password, str) or not (
        MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH
    ):
        raise InvalidInput(
            N_("A password must be at least %(min)d characters long."), min=MIN_PASSWORD_LENGTH
        )


def create_facilitator(session: Session, email: str, password: str, name: str = "", admin: bool = False) -> Facilitator:
    """Create a facilitator account; raise Conflict if the email is taken. The first account,
    and one made with `admin`, is a server admin."""
    email = normalise_email(email)
    _check_password_rules(password)
    if session.scalar(select(Facilitator).where(Facilitator.email == email)):
        raise Conflict(N_("A facilitator with that email already exists."))
    facilitator = Facilitator(
        email=email, name=(name or "").strip()[:120], password_hash=generate_password_hash(password),
        # The first account runs the server: it may invite others, disable and reset accounts.
        is_admin=admin or facilitator_count(session) == 0,
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
    if facilitator is None:
        check_password_hash(DUMMY_PASSWORD_HASH, password)
        return None
    if check_password_hash(facilitator.password_hash, password) and not facilitator.disabled:
        return facilitator
    return None


def find_facilitator(session: Session, email) -> Facilitator | None:
    """The facilitator with this email (any case, surrounding spaces ignored), or None."""
    if not isinstance(email, str) or len(email) > MAX_EMAIL_LENGTH:
        return None
    return session.scalar(select(Facilitator).where(Facilitator.email == email.strip().lower()))


def end_all_sessions(session: Session, facilitator: Facilitator) -> None:
    """Sign the facilitator out everywhere: every login cookie issued so far stops working
    (their generation no longer matches), and unused login links are deleted. API tokens stay."""
    facilitator.session_generation += 1
    session.execute(
        delete(FacilitatorToken).where(
            FacilitatorToken.facilitator_id == facilitator.id, FacilitatorToken.purpose == "login"
        )
    )
    session.execute(delete(FacilitatorSession).where(FacilitatorSession.facilitator_id == facilitator.id))


def set_password(session: Session, facilitator: Facilitator, password) -> None:
    """Give the facilitator a new password (same rules as at creation) and end every session."""
    _check_password_rules(password)
    facilitator.password_hash = generate_password_hash(password)
    end_all_sessions(session, facilitator)


SESSION_DAYS = 7


def start_session(session: Session, facilitator: Facilitator) -> Facilitator:
    """Start a login session for one browser (SESSION_DAYS long); the facilitator's get_id then
    names it, for the login cookie."""
    secret = secrets.token_urlsafe(24)
    session.add(FacilitatorSession(facilitator_id=facilitator.id, secret_hash=_hash_token(secret),
                                   expires_at=utcnow() + timedelta(days=SESSION_DAYS)))
    facilitator.login_session = secret
    return facilitator


def end_session(session: Session, login_id) -> None:
    """End the session a login cookie names (logging out): the cookie, and any copy of it,
    stops working."""
    parts = login_id.split(".", 2) if isinstance(login_id, str) else []
    secret = parts[2] if len(parts) == 3 else ""
    if secret:
        session.execute(delete(FacilitatorSession).where(FacilitatorSession.secret_hash == _hash_token(secret)))


def facilitator_for_login(session: Session, login_id) -> Facilitator | None:
    """The facilitator a login cookie stands for ("<id>.<generation>.<session secret>", from
    Facilitator.get_id), or None when the account is gone, its sessions were ended after the
    cookie was issued (sign out everywhere, a new password), or this session was ended (log out)
    or expired."""
    if not isinstance(login_id, str) or len(login_id) > 80:
        return None
    parts = login_id.split(".", 2)
    if len(parts) != 3 or not (parts[0].isdecimal() and parts[1].isdecimal() and parts[2]):
        return None
    facilitator_id, generation, secret = parts
    facilitator = session.get(Facilitator, int(facilitator_id))
    if facilitator is None or facilitator.disabled or facilitator.session_generation != int(generation):
        return None
    alive = session.scalar(select(FacilitatorSession.id).where(
        FacilitatorSession.facilitator_id == facilitator.id,
        FacilitatorSession.secret_hash == _hash_token(secret),
        FacilitatorSession.expires_at > utcnow(),
    ))
    if alive is None:
        return None
    facilitator.login_session = secret
    return facilitator


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
    return None if record.facilitator.disabled else record.facilitator


def create_api_token(session: Session, facilitator: Facilitator, days: int = API_TOKEN_DAYS) -> str:
    """Return a new API token for scripts, valid for `days` days (see api_tokens for its expiry;
    revoke_api_token ends it sooner)."""
    if not isinstance(days, int) or not 1 <= days <= 3660:
        raise InvalidInput(N_("An API token is valid for 1 to 3660 days."))
    token = "fct_" + secrets.token_urlsafe(32)
    session.add(
        FacilitatorToken(
            facilitator_id=facilitator.id,
            purpose="api",
            token_hash=_hash_token(token),
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    session.flush()
    return token


def facilitator_for_api_token(session: Session, token) -> Facilitator | None:
    """Return the facilitator an unexpired API token belongs to, or None."""
    if not isinstance(token, str) or len(token) > 100:
        return None
    return session.scalar(
        select(Facilitator)
        .join(FacilitatorToken)
        .where(
            FacilitatorToken.token_hash == _hash_token(token),
            FacilitatorToken.purpose == "api",
            FacilitatorToken.expires_at > utcnow(),
            Facilitator.disabled.is_(False),
        )
    )


def api_tokens(session: Session, facilitator: Facilitator) -> list[FacilitatorToken]:
    """The facilitator's API tokens, oldest first, expired ones included (their secrets are not
    stored, so a token is named by its id)."""
    return list(
        session.scalars(
            select(FacilitatorToken)
            .where(FacilitatorToken.facilitator_id == facilitator.id, FacilitatorToken.purpose == "api")
            .order_by(FacilitatorToken.id)
        )
    )


def revoke_api_token(session: Session, facilitator: Facilitator, token_id: int) -> None:
    """Delete one of the facilitator's API tokens; raise NotFound if they have no such token."""
    record = session.get(FacilitatorToken, token_id)
    if record is None or record.facilitator_id != facilitator.id or record.purpose != "api":
        raise NotFound(N_("There is no such API token."))
    session.delete(record)


def first_facilitator(session: Session) -> Facilitator | None:
    """The oldest account: the one `make run` prints a login link for."""
    return session.scalar(select(Facilitator).order_by(Facilitator.id).limit(1))


def facilitator_count(session: Session) -> int:
    return session.scalar(select(func.count(Facilitator.id)))


def is_admin(facilitator_id: int, database) -> bool:
    """True when the facilitator is a server admin (and not disabled)."""
    with database.reading() as session:
        facilitator = session.get(Facilitator, facilitator_id)
        return bool(facilitator and facilitator.is_admin and not facilitator.disabled)


def change_password(session: Session, facilitator: Facilitator, current, new) -> None:
    """Set a new password after checking the current one (InvalidInput if it is wrong); every
    session ends, as with set_password."""
    if not isinstance(current, str) or len(current) > MAX_PASSWORD_LENGTH or not check_password_hash(
            facilitator.password_hash, current):
        raise InvalidInput(N_("The current password is not right."))
    set_password(session, facilitator, new)


def all_facilitators(session: Session) -> list[Facilitator]:
    """Every account, oldest first (for the admin page)."""
    return list(session.scalars(select(Facilitator).order_by(Facilitator.id)))


def set_disabled(session: Session, admin: Facilitator, facilitator_id, disabled: bool) -> Facilitator:
    """Disable an account (it cannot log in; its sessions end and its API tokens stop working)
    or enable it again. An admin cannot disable their own account."""
    facilitator = session.get(Facilitator, facilitator_id) if isinstance(facilitator_id, int) else None
    if facilitator is None:
        raise NotFound(N_("There is no such account."))
    if facilitator.id == admin.id and disabled:
        raise Conflict(N_("You cannot disable your own account."))
    facilitator.disabled = disabled
    if disabled:
        end_all_sessions(session, facilitator)
    return facilitator

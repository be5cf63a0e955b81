"""Settings, read from the environment with safe defaults.

Every setting has one name, used both as the environment variable and as the Flask config key.
Secrets never live in the repository: SECRET_KEY comes from the environment or from a file the
app generates once in its instance folder (which git ignores).
"""

import os
import secrets
from pathlib import Path

DEFAULTS = {
    # "eventlet" (default) or "gevent"; "threading" is for the test client only.
    "ASYNC_MODE": "gevent",
    "HOST": "0.0.0.0",
    "PORT": 5000,
    # Where the database and the generated secret key live; a folder outside git.
    "INSTANCE_PATH": "",
    "DATABASE_URL": "",
    # FULL: a committed (acknowledged) vote survives a power cut, not only a process crash.
    "SQLITE_SYNCHRONOUS": "FULL",
    # How often the broadcaster sends changed tallies (seconds).
    "BROADCAST_INTERVAL": 0.25,
    # Phones get a changed tally at most this often (seconds): the venue Wi-Fi carries it.
    "PHONE_RESULTS_INTERVAL": 2.0,
    # The participants' results page is built at most this often (seconds) per workshop and language.
    "RESULTS_PAGE_SECONDS": 10.0,
    # Redis URL for Flask-SocketIO's message queue when running several server processes.
    "MESSAGE_QUEUE": "",
    # The address phones use; printed by `make run`. Empty: derived from the request.
    # An https:// address makes the cookies Secure.
    "PUBLIC_URL": "",
    "DEFAULT_LANGUAGE": "da",
    "LOGIN_LINK_MINUTES": 15,
    # Largest HTTP request body and Socket.IO message accepted, in bytes.
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_SOCKET_MESSAGE": 64 * 1024,
    # What one Socket.IO connection may send (facilitation/socket_guard.py): a burst of this many
    # messages, then this many a second; a connection that sends more is disconnected.
    "SOCKET_MESSAGE_BURST": 40,
    "SOCKET_MESSAGES_PER_SECOND": 4.0,
    # Open connections one participant may have (tabs, reconnects); a newer one ends the oldest.
    "SOCKETS_PER_PARTICIPANT": 4,
    # Seconds a connection may stay silent before the server closes it (eventlet; half-open TCP).
    "IDLE_CONNECTION_TIMEOUT": 60.0,
    # Where rate-limit counters live: memory:// for one process, redis://… for several.
    "RATE_LIMIT_STORAGE": "memory://",
    # Rules as "name=N per period;…" overriding facilitation/ratelimit.py DEFAULT_RULES.
    "RATE_LIMITS": "",
    # How many reverse proxies stand in front (their X-Forwarded-For/-Proto are then trusted).
    "PROXY_COUNT": 0,
    # Results split by segment never show a group with fewer answers than this.
    "MIN_GROUP_SIZE": 3,
    # Seconds in which a reset of an activity's answers can be undone; then they are gone for good.
    "RESET_UNDO_SECONDS": 60.0,
}

_TYPES = {key: type(value) for key, value in DEFAULTS.items()}


def _parse(key: str, raw: str):
    kind = _TYPES[key]
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return kind(raw)


def from_environment(environ=None) -> dict:
    """Return the settings: DEFAULTS overridden by same-named environment variables."""
    environ = os.environ if environ is None else environ
    settings = dict(DEFAULTS)
    for key in DEFAULTS:
        if environ.get(key, "") != "":
            settings[key] = _parse(key, environ[key])
    if environ.get("SECRET_KEY"):
        settings["SECRET_KEY"] = environ["SECRET_KEY"]
    return settings


def parse_rate_limits(text: str) -> dict[str, str]:
    """Parse "respond_participant=5 per second;join_address=100 per minute" into a dict."""
    rules = {}
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        name, _, rule = part.partition("=")
        rules[name.strip()] = rule.strip()
    return rules


def load_or_create_secret_key(instance_path: Path) -> str:
    """Return the secret key stored in the instance folder, creating it (mode 0600) if missing."""
    instance_path.mkdir(mode=0o700, parents=True, exist_ok=True)
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()

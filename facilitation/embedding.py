"""Which other sites may show a workshop's screen inside their pages (slides, a stream page).

A workshop lists origins ("https://docs.google.com", "http://localhost:8080"); the screen page
sends them as its Content-Security-Policy `frame-ancestors`, every other page keeps `'none'`. An
origin is only ever a scheme, a host and a port, checked strictly here, so nothing else can be
smuggled into the header.
"""

from __future__ import annotations

import re

from .errors import InvalidInput, N_

MAX_ORIGINS = 10
MAX_ORIGIN_LENGTH = 200
MAX_ORIGINS_TEXT = 4000

# One DNS label: letters, digits and inner hyphens (international names in their xn-- form).
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_ORIGIN = re.compile(
    rf"^(?P<scheme>https?)://(?P<wildcard>\*\.)?(?P<host>{_LABEL}(?:\.{_LABEL})*|\[::1\])(?::(?P<port>[0-9]{{1,5}}))?$"
)
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}


def parse_origin(raw: str) -> str:
    """One origin as `scheme://host[:port]` in lower case, or raise InvalidInput naming it.

    https for any host; http only for this machine (localhost, 127.0.0.1, [::1]), where a test
    page runs. `https://*.example.org` (every subdomain: PowerPoint for the web's hosts vary) is
    the one wildcard, over at least two labels. No path, query, user name or quote is accepted.
    """
    text = raw.strip()
    if len(text) > MAX_ORIGIN_LENGTH:
        raise InvalidInput(N_("An address may be at most %(max)d characters long."), max=MAX_ORIGIN_LENGTH)
    candidate = text.lower()
    if candidate.endswith("/") and candidate.count("/") == 3:
        candidate = candidate[:-1]  # "https://example.org/" is the same origin
    match = _ORIGIN.match(candidate)
    if match is None:
        raise InvalidInput(
            N_("“%(origin)s” is not an origin. Write it as https://host or https://host:port, without a path."),
            origin=text[:80],
        )
    host, port = match["host"], match["port"]
    if match["wildcard"] and (match["scheme"] != "https" or host.count(".") < 1 or host == "[::1]"):
        raise InvalidInput(
            N_("“%(origin)s”: a * may only stand for the subdomains of a domain, as in https://*.example.org."),
            origin=text[:80],
        )
    if match["scheme"] == "http" and host not in LOCAL_HOSTS:
        raise InvalidInput(
            N_("“%(origin)s” must use https (plain http is only allowed for localhost)."), origin=text[:80]
        )
    if port is not None and not 1 <= int(port) <= 65535:
        raise InvalidInput(N_("“%(origin)s” has a port outside 1–65535."), origin=text[:80])
    return candidate


def parse_origins(raw) -> list[str]:
    """The origins in a text (one per line, or separated by spaces or commas) or a list: checked,
    without duplicates, in the order given. An empty text allows no other site."""
    if isinstance(raw, str):
        if len(raw) > MAX_ORIGINS_TEXT:
            raise InvalidInput(N_("The list of addresses is too long."))
        raw = raw.replace(",", " ").split()
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise InvalidInput(N_("Give the addresses as a list."))
    origins: list[str] = []
    for item in raw:
        origin = parse_origin(item)
        if origin not in origins:
            origins.append(origin)
    if len(origins) > MAX_ORIGINS:
        raise InvalidInput(N_("At most %(max)d addresses may embed the screen."), max=MAX_ORIGINS)
    return origins


def frame_ancestors(origins: list[str]) -> str:
    """The CSP `frame-ancestors` source list for these (already checked) origins."""
    return " ".join(origins) if origins else "'none'"

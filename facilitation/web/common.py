"""What every handler shares: the database, the live registry, the current facilitator,
translated errors and CSRF."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlparse

from flask import Flask, abort, current_app, jsonify, request
from flask_babel import force_locale, gettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from .. import accounts, csrf, login_manager
from ..db import Database
from ..errors import DomainError
from ..live import Live
from ..models import Facilitator


def database() -> Database:
    return current_app.extensions["database"]


def live() -> Live:
    return current_app.extensions["live"]


def rate_limit(rule: str, *identity) -> None:
    """Count a hit against a rate-limit rule (see facilitation/ratelimit.py); raise if over."""
    current_app.extensions["rate_limiter"].check(rule, *identity)


def client_address() -> str:
    """The caller's IP address (behind PROXY_COUNT proxies, the one they forwarded)."""
    return request.remote_addr or ""


def translate(error: DomainError, language: str | None = None) -> str:
    """The error's message in the given language (default: this request's)."""
    params = dict(error.params)
    if "field" in params:  # the field's name is a message id of its own
        translate_name = gettext
        params["field"] = translate_name(params["field"])

    def render() -> str:
        return gettext(error.message, **params) if params else gettext(error.message)

    if language:
        with force_locale(language):
            return render()
    return render()


def error_body(error: DomainError, language: str | None = None) -> dict:
    """The JSON body of an error, for HTTP responses and Socket.IO acknowledgements alike."""
    return {"code": error.code, "message": translate(error, language)}


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header[len("Bearer "):].strip()
    return None


def current_facilitator_id() -> int | None:
    """The facilitator behind this request: an API token, else the login cookie."""
    token = bearer_token()
    if token is not None:
        with database().reading() as session:
            facilitator = accounts.facilitator_for_api_token(session, token)
            return facilitator.id if facilitator else None
    if current_user.is_authenticated:
        return current_user.id
    return None


def safe_next(target: str | None, default: str) -> str:
    """Only redirect to a path on this site."""
    if not target:
        return default
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def public_base_url() -> str:
    """The address phones use: PUBLIC_URL if set, else the address this request came to, except
    that a loopback address (localhost, 127.x, ::1), which no phone can reach, is replaced by this
    machine's address on the local network, as `make run` prints it (when there is one)."""
    if current_app.config["PUBLIC_URL"]:
        return current_app.config["PUBLIC_URL"].rstrip("/")
    requested = urlparse(request.host_url)
    if is_loopback(requested.hostname):
        from ..serve import lan_address  # imported here: serve imports the app package

        lan = lan_address()
        if not is_loopback(lan):
            port = f":{requested.port}" if requested.port else ""
            return f"{requested.scheme}://{lan}{port}"
    return request.host_url.rstrip("/")


def is_loopback(hostname: str | None) -> bool:
    """True for an address that only reaches this same machine (so never a phone's way in)."""
    if not hostname:
        return False
    hostname = hostname.strip("[]").lower()
    if hostname == "localhost" or hostname.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def reachable_from_phones(url: str) -> bool:
    """False when `url` points at this machine only (a loopback address)."""
    return not is_loopback(urlparse(url).hostname)


@login_manager.user_loader
def load_facilitator(facilitator_id: str):
    with database().reading() as session:
        return session.get(Facilitator, int(facilitator_id)) if facilitator_id.isdigit() else None


def init_app(app: Flask) -> None:
    login_manager.login_view = "facilitator.login"

    @app.context_processor
    def template_helpers():
        from flask_babel import get_locale

        from ..kinds import KINDS
        from .strings import client_strings

        return {
            "current_language": lambda: str(get_locale() or "da"),
            "client_strings": client_strings,
            "kind_names": lambda: list(KINDS),
        }

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import redirect, url_for

        if request.path.startswith("/api/"):
            return jsonify(error={"code": "unauthorized", "message": gettext("Log in first.")}), 401
        return redirect(url_for("facilitator.login", next=request.full_path))

    @app.before_request
    def check_csrf():
        """Every state-changing request from a browser needs the CSRF token; scripts using an
        API token send no cookie, so they cannot be forged and need none."""
        if request.method in ("GET", "HEAD", "OPTIONS") or not app.config.get("WTF_CSRF_ENABLED", True):
            return
        if bearer_token() is not None:
            return
        csrf.protect()

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        message = gettext("The page has expired. Reload it and try again.")
        if request.path.startswith("/api/") or request.is_json:
            return jsonify(error={"code": "csrf", "message": message}), 400
        return message, 400

    @app.errorhandler(413)
    def too_large(error):
        message = gettext("The request is too large.")
        if request.path.startswith("/api/"):
            return jsonify(error={"code": "too_large", "message": message}), 413
        return message, 413

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        if request.path.startswith("/api/"):
            return jsonify(error=error_body(error)), error.status
        from flask import render_template

        return render_template("error.html", message=translate(error)), error.status


def require_facilitator() -> int:
    facilitator_id = current_facilitator_id()
    if facilitator_id is None:
        abort(401)
    return facilitator_id

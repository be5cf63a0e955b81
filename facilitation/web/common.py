"""What every handler shares: the database, the live registry, the current facilitator,
translated errors and CSRF."""

from __future__ import annotations

import ipaddress
from functools import wraps
from urllib.parse import urlparse

from flask import Flask, abort, current_app, g, jsonify, request
from flask_babel import force_locale, gettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .. import accounts, csrf, login_manager, team, workshops
from ..db import Database
from ..errors import DomainError, N_, NotFound
from ..ratelimit import RateLimited
from ..live import Live
from ..models import TEAM_ROLES


def database() -> Database:
    return current_app.extensions["database"]


def live() -> Live:
    return current_app.extensions["live"]


def answer_writer():
    """The process's writer of answers and votes (facilitation/answer_writer.py)."""
    return current_app.extensions["answer_writer"]


def rate_limit(rule: str, *identity) -> None:
    """Count a hit against a rate-limit rule (see facilitation/ratelimit.py); raise if over."""
    current_app.extensions["rate_limiter"].check(rule, *identity)


def workshop_for_code(db, code, joined_ok: bool = True):
    """The workshop with this join code, for the participant entry points (code form, join link,
    QR code, a phone's connection). A wrong code counts against its address's guessing limit;
    while that address is over it, no code is looked up for it (a right one neither, or guessing
    would go on), except for phones that already joined that workshop (`joined_ok`)."""
    from .. import workshops
    from .participant import current_participant
    from flask import session

    limiter = current_app.extensions["rate_limiter"]
    if limiter.exceeded("wrong_code_address", client_address()):
        try:
            workshop = workshops.workshop_by_code(db, code)
        except NotFound:
            workshop = None
        if joined_ok and workshop is not None and current_participant(session, workshop.id):
            return workshop
        raise RateLimited(N_("Too many wrong codes were tried from this network. Wait a minute and try again."))
    try:
        return workshops.workshop_by_code(db, code)
    except NotFound:
        limiter.check("wrong_code_address", client_address())
        raise


def client_address() -> str:
    """The caller's IP address (behind PROXY_COUNT proxies, the one they forwarded)."""
    return request.remote_addr or ""


def translate(error: DomainError, language: str | None = None) -> str:
    """The error's message in the given language (default: this request's)."""
    def render() -> str:
        from flask_babel import format_decimal

        params = dict(error.params)
        for key in ("field", "reason"):  # a field's name and a reason are message ids of their own
            if key in params:
                params[key] = gettext(params[key])
        for key, value in params.items():  # a decimal in the reader's way: 1,5 in Danish
            if isinstance(value, float):
                params[key] = format_decimal(value, format="0.0")
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


def api_token_facilitator_id() -> int | None:
    """The facilitator whose valid, unexpired API token this request carries, else None
    (looked up once per request)."""
    if "api_token_facilitator_id" not in g:
        token = bearer_token()
        facilitator_id = None
        if token is not None:
            with database().reading() as session:
                facilitator = accounts.facilitator_for_api_token(session, token)
                facilitator_id = facilitator.id if facilitator else None
        g.api_token_facilitator_id = facilitator_id
    return g.api_token_facilitator_id


def current_facilitator_id() -> int | None:
    """The facilitator behind this request: an API token, else the login cookie."""
    if bearer_token() is not None:
        return api_token_facilitator_id()
    if current_user.is_authenticated:
        return current_user.id
    return None


# What a route may need, least first after "public": any logged-in facilitator ("account"), a
# server admin ("admin"), or a role in the team of the workshop the route acts on (team.py).
PUBLIC, ACCOUNT, ADMIN = "public", "account", "admin"
MODERATOR, CO_FACILITATOR, OWNER = TEAM_ROLES
ACCESS_LEVELS = (PUBLIC, ACCOUNT, ADMIN, *TEAM_ROLES)


def requires(level: str):
    """Name the least role a route needs, and check it: the route's classification, read by the
    authorization matrix (tests/test_authorization.py), which fails for a route without one.

    Beyond "public" the caller must be a facilitator (the login cookie; under /api/ also an API
    token), else 401 or the login page; "admin" needs a server admin. A team role is checked
    where the route reaches its workshop, through `team_workshop` and its siblings below, which
    read the level named here."""
    if level not in ACCESS_LEVELS:
        raise ValueError(f"unknown access level {level!r}")

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            g.least_role = level
            if level != PUBLIC:
                facilitator_id = request_facilitator_id()
                if facilitator_id is None:
                    return login_manager.unauthorized()
                if level == ADMIN and not accounts.is_admin(facilitator_id, database()):
                    abort(403)
            return view(*args, **kwargs)

        wrapper.least_role = level
        return wrapper

    return decorate


def request_facilitator_id() -> int | None:
    """The facilitator behind this request: under /api/ an API token or the login cookie; on
    pages only the login cookie."""
    if request.path.startswith("/api/"):
        return current_facilitator_id()
    return current_user.id if current_user.is_authenticated else None


def _least_team_role() -> str:
    level = g.get("least_role")
    return level if level in TEAM_ROLES else team.OWNER


def team_workshop(db, workshop_id):
    """The workshop, if the caller has the role this route names (`requires`) in its team."""
    return workshops.workshop_for_facilitator(db, request_facilitator_id(), workshop_id, _least_team_role())


def team_activity(db, activity_id):
    """The activity, if the caller has the route's role in its workshop's team."""
    return workshops.activity_for_facilitator(db, request_facilitator_id(), activity_id, _least_team_role())


def team_theme(db, theme_id):
    """The theme, if the caller has the route's role in its workshop's team."""
    return workshops.theme_for_facilitator(db, request_facilitator_id(), theme_id, _least_team_role())


def team_entry(db, entry_id):
    """The idea or question, if the caller has the route's role in its workshop's team."""
    return workshops.entry_for_facilitator(db, request_facilitator_id(), entry_id, _least_team_role())


def safe_next(target: str | None, default: str) -> str:
    """Only redirect to a path on this site; anything else (another host, a scheme, control
    characters such as CR/LF that would split the Location header) gives `default`."""
    if not target:
        return default
    if any(ord(character) < 32 or ord(character) == 127 or character == "\\" for character in target):
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
def load_facilitator(login_id: str):
    """The facilitator of a login cookie, for HTTP requests and Socket.IO connects alike; None
    (not logged in) once the account's sessions were ended after the cookie was issued."""
    with database().reading() as session:
        return accounts.facilitator_for_login(session, login_id)


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
    def refuse_chunked_body():
        """A chunked body has no length, and Flask would read it as empty (a form or JSON that
        silently lost its fields): refuse it and ask for a Content-Length instead."""
        if "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
            return None
        message = gettext("Send the request with a Content-Length; a chunked body is not accepted.")
        if request.path.startswith("/api/"):
            return jsonify(error={"code": "length_required", "message": message}), 411
        return message, 411

    @app.before_request
    def allow_larger_bodies():
        """A logo upload and a workshop archive may be larger than MAX_CONTENT_LENGTH; set before
        the CSRF check reads the form, and only for a logged-in facilitator: anyone else's body
        is refused at the usual size before it is read."""
        from .branding import LOGO_FORM_BYTES
        from .plans import IMPORT_FORM_BYTES

        if not current_user.is_authenticated:
            return
        if request.endpoint == "branding.save_branding":
            request.max_content_length = LOGO_FORM_BYTES
        if request.endpoint == "plans.import_page":  # a workshop archive (facilitation/archives.py)
            request.max_content_length = IMPORT_FORM_BYTES

    @app.before_request
    def check_csrf():
        """Every state-changing request from a browser needs the CSRF token. Only an API call
        that a valid API token authenticates is exempt (a page, deleting a workshop say, acts as
        the cookie's facilitator whatever header comes with it): a cross-site form cannot send
        that header, and a script sends no cookie."""
        if request.method in ("GET", "HEAD", "OPTIONS") or not app.config.get("WTF_CSRF_ENABLED", True):
            return
        if request.path.startswith("/api/") and bearer_token() is not None and api_token_facilitator_id() is not None:
            return
        csrf.protect()

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        """Under /api/ every error has the JSON shape of docs/protocol.md; pages keep Flask's."""
        if not request.path.startswith("/api/"):
            return error
        codes = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                 500: "server_error"}
        messages = {
            401: gettext("Log in first."),
            403: gettext("You may not do this."),
            404: gettext("There is no such address in the API."),
            405: gettext("This address does not accept that method."),
            500: gettext("Something went wrong on the server. Try again."),
        }
        status = error.code or 500
        body = {"code": codes.get(status, "error"), "message": messages.get(status, gettext("The request could not be handled."))}
        response = jsonify(error=body)
        response.status_code = status
        if status == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

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

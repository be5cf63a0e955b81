"""Workshop facilitation and live polling: the application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request, session
from flask_babel import Babel
from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

from . import config as settings_module
from .db import PROJECT_ROOT, Database, sqlite_url
from .live import Live
from .ratelimit import RateLimiter

socketio = SocketIO()
babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def select_locale() -> str:
    """The language of this request: chosen by the person, else the page's default."""
    from flask import current_app, g

    chosen = session.get("lang")
    if chosen in ("da", "en"):
        return chosen
    if getattr(g, "default_language", None):
        return g.default_language
    return request.accept_languages.best_match(["da", "en"]) or current_app.config[
        "DEFAULT_LANGUAGE"
    ]


def _database(app: Flask) -> Database:
    """A handle on the app's database whose sessions carry the app's settings for the domain
    (the disclosure rule's smallest group: workshops.min_group_size), not a process global, so
    two apps in one process keep their own."""
    from . import workshops

    database = Database(app.config["DATABASE_URL"], app.config["SQLITE_SYNCHRONOUS"])
    workshops.configure_sessions(database.sessionmaker, min_group_size=app.config["MIN_GROUP_SIZE"])
    return database


def _answer_writer(app: Flask, socketio):
    """The process's writer of answers and votes, with a database engine of its own (its
    transactions run in an OS thread) and the concurrency primitives of the async mode."""
    from .answer_writer import AnswerWriter, Concurrency, thread_runner

    eio = socketio.server.eio
    concurrency = Concurrency(
        start_background_task=socketio.start_background_task,
        create_queue=eio.create_queue,
        queue_empty=eio.get_queue_empty_exception(),
        create_event=eio.create_event,
        run_in_thread=thread_runner(app.config["ASYNC_MODE"]),
    )
    return AnswerWriter(_database(app), concurrency)


def create_app(config: dict | None = None) -> Flask:
    """Create the app. `config` overrides the environment (see facilitation/config.py)."""
    settings = settings_module.from_environment()
    settings.update(config or {})
    instance_path = Path(settings["INSTANCE_PATH"] or PROJECT_ROOT / "instance").resolve()
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(settings)
    from .web.sessions import CachingSessionInterface

    app.session_interface = CachingSessionInterface()
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings_module.load_or_create_secret_key(instance_path)
    if not app.config["DATABASE_URL"]:
        # Owner-only: the folder holds the database and the secret key.
        instance_path.mkdir(mode=0o700, parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = sqlite_url(instance_path / "facilitation.db")
    secure_cookies = app.config["PUBLIC_URL"].startswith("https://")
    app.config.update(
        SESSION_COOKIE_SECURE=secure_cookies,
        REMEMBER_COOKIE_SECURE=secure_cookies,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        PERMANENT_SESSION_LIFETIME=60 * 60 * 24 * 7,
        BABEL_TRANSLATION_DIRECTORIES=str(PROJECT_ROOT / "translations"),
        # CSRF is checked in web.common.check_csrf, which lets token-authenticated API calls through.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,
    )

    app.config["MIN_GROUP_SIZE"] = max(1, int(app.config["MIN_GROUP_SIZE"]))
    database = _database(app)
    app.extensions["database"] = database
    app.extensions["rate_limiter"] = RateLimiter(
        app.config["RATE_LIMIT_STORAGE"], settings_module.parse_rate_limits(app.config["RATE_LIMITS"])
    )

    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    csrf.init_app(app)
    # Import the handlers before init_app: Flask-SocketIO keeps handlers registered before
    # init_app and re-registers them for every app (tests create many).
    from .web import admin, api, branding, common, comparisons, events, exports, facilitator, health, landscape, participant, plans, screen, team  # noqa: F401,E501

    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"] or None,
        max_http_buffer_size=app.config["MAX_SOCKET_MESSAGE"],
        # Phones on venue Wi-Fi vanish without closing; notice within ~45 s.
        ping_interval=20,
        ping_timeout=25,
    )
    from .socket_guard import SocketGuard

    app.extensions["socket_guard"] = SocketGuard(
        socketio.server,
        burst=int(app.config["SOCKET_MESSAGE_BURST"]),
        per_second=float(app.config["SOCKET_MESSAGES_PER_SECOND"]),
        max_message_bytes=int(app.config["MAX_SOCKET_MESSAGE"]),
    )
    if app.config["PROXY_COUNT"]:
        # Wrapped around Socket.IO's middleware too, so events see the real client address.
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    from .answer_writer import thread_runner

    cluster = None
    if app.config["MESSAGE_QUEUE"]:
        from .cluster import Cluster

        cluster = Cluster(app.config["MESSAGE_QUEUE"])
        events.listen_to_cluster(app, cluster)
    tick_database = _database(app)
    live = app.extensions["live"] = Live(socketio, database, app.config["BROADCAST_INTERVAL"],
                                         float(app.config["PHONE_RESULTS_INTERVAL"]),
                                         run_in_thread=thread_runner(app.config["ASYNC_MODE"]),
                                         tick_database=tick_database, cluster=cluster)
    # With several processes another one may announce a change: the phones' state is not kept.
    live.keep_phone_states(not app.config["MESSAGE_QUEUE"])
    writer = app.extensions["answer_writer"] = _answer_writer(app, socketio)
    # Every commit hands what it changed to the broadcaster (facilitation/changes.py): routes
    # never announce. The writer's and the tick's commits run in OS threads.
    live.watch(database)
    live.watch(tick_database, in_thread=True)
    live.watch(writer.database, in_thread=True)
    events.register_answer_events(app, socketio.server)  # the vote path, without a request context

    common.init_app(app)
    from .web import static_files

    static_files.init_app(app)
    from .web import bundles

    bundles.init_app(app)
    for blueprint in (participant.bp, facilitator.bp, screen.bp, branding.bp, api.bp, plans.bp, exports.bp, health.bp,
                      team.bp, admin.bp, comparisons.bp, landscape.bp):
        app.register_blueprint(blueprint)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if secure_cookies:
            # Served over https: browsers must never fall back to plain http for a year.
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    from . import cli

    cli.init_app(app)
    return app

"""One script per live page and language: what a phone (or the dashboard, or the screen) needs
in a single request, cached for a year and sent compressed.

A live page needs the Socket.IO client, the shared helpers, every kind's script, its own script
and its translated texts. Fetched one by one that was 12 requests of headers, and the texts rode
in every page's HTML. Here they are one file per (page, language):

    /bundle/<page>.<language>.js?v=<hash of its content>

`window.APP_STRINGS` (the translated texts, web/strings.py) followed by the scripts in order.
Built once per content version and kept in memory with its gzip form; the URL changes when any
part changes, so the bundle is `immutable` for a year.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, url_for
from flask_babel import force_locale

from .static_files import A_YEAR

from .common import PUBLIC, requires

bp = Blueprint("bundles", __name__)

PAGES = ("phone", "dashboard", "screen")
LANGUAGES = ("da", "en")


def scripts_of(page: str) -> list[str]:
    """The static files a live page runs, in order."""
    from ..kinds import KINDS

    # The screen draws the landscape of the themes with a script of its own, and hyphenates long
    # Danish words in narrow columns (App.hyphenate; vendored from npm, static/vendor/README).
    own = ["js/landscape.js"] if page == "screen" else []
    hyphenation = ["vendor/hyphen.js", "vendor/hyphen-da.js"] if page == "screen" else []
    return (["vendor/socket.io.min.js"] + hyphenation + ["js/common.js"]
            + [f"js/kinds/{name}.js" for name in KINDS] + own + [f"js/{page}.js"])


class Bundles:
    """Built bundles by (page, language), rebuilt when a script's content version changes."""

    def __init__(self, static_files):
        self.static_files = static_files
        self._built: dict[tuple[str, str], tuple[tuple, str, bytes, bytes]] = {}

    def get(self, page: str, language: str) -> tuple[str, bytes, bytes]:
        """(version, body, gzipped body) of the page's bundle in the language."""
        scripts = scripts_of(page)
        versions = tuple(self.static_files.version(name) for name in scripts)
        built = self._built.get((page, language))
        if built is None or built[0] != versions:
            from .strings import client_strings

            with force_locale(language):
                strings = client_strings()
            folder = Path(current_app.static_folder)
            parts = [f"window.APP_STRINGS = {json.dumps(strings, ensure_ascii=False)};\n"]
            # Each script ends with a newline and a semicolon, so none runs into the next.
            parts += [(folder / name).read_text(encoding="utf-8") + "\n;\n" for name in scripts]
            body = "".join(parts).encode("utf-8")
            built = (versions, hashlib.sha256(body).hexdigest()[:12], body, gzip.compress(body, 9, mtime=0))
            self._built[(page, language)] = built
        return built[1], built[2], built[3]


def bundles() -> Bundles:
    return current_app.extensions["bundles"]


def bundle_url(page: str, language: str) -> str:
    """The URL of a page's bundle in a language, with its content version."""
    version, _, _ = bundles().get(page, language)
    return url_for("bundles.bundle", page=page, language=language, v=version)


@bp.get("/bundle/<page>.<language>.js")
@requires(PUBLIC)
def bundle(page: str, language: str):
    if page not in PAGES or language not in LANGUAGES:
        abort(404)
    version, body, compressed = bundles().get(page, language)
    gzipped = "gzip" in request.accept_encodings
    response = Response(compressed if gzipped else body, mimetype="text/javascript")
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = (
        f"public, max-age={A_YEAR}, immutable" if request.args.get("v") == version else "no-cache"
    )
    return response


def init_app(app) -> None:
    app.extensions["bundles"] = Bundles(app.extensions["static_files"])
    app.register_blueprint(bp)
    app.add_template_global(bundle_url)

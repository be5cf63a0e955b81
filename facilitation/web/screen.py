"""The projector screen, and the QR code of a workshop's join link."""

from __future__ import annotations

import io

import segno
from flask import Blueprint, Response, g, make_response, render_template, request, url_for

from .. import workshops
from .common import CO_FACILITATOR, PUBLIC, database, public_base_url, requires, team_workshop, workshop_for_code

bp = Blueprint("screen", __name__)


def _render(workshop, key: str | None):
    g.default_language = workshop.language
    base = public_base_url()
    return render_template(
        "screen/screen.html",
        workshop=workshop,
        screen_key=key,
        join_url=f"{base}/j/{workshop.join_code}",
        join_host=base.split("://", 1)[-1],
        # ?clean=1: without the join strip, for a stream overlay or a slide of one's own.
        clean=request.args.get("clean") == "1",
    )


@bp.get("/workshops/<int:workshop_id>/screen")
@requires(CO_FACILITATOR)
def for_facilitator(workshop_id: int):
    """The screen, opened by the logged-in facilitator."""
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
    return _render(workshop, None)


@bp.get("/screen/<secret>")
@requires(PUBLIC)
def by_secret(secret: str):
    """The screen, opened through its secret link on the venue's projector PC."""
    from .. import CONTENT_SECURITY_POLICY
    from ..embedding import frame_ancestors

    with database().reading() as db:
        workshop = workshops.workshop_by_screen_secret(db, secret)
    response = make_response(_render(workshop, secret))
    # Only this page may be framed, and only by the sites the facilitator listed: it needs no
    # cookie (the link's secret is its key) and can only show, never steer.
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", f"frame-ancestors {frame_ancestors(workshop.embed_origins or [])}"
    )
    return response


@bp.get("/j/<code>/qr.svg")
@requires(PUBLIC)
def join_qr(code: str):
    """An SVG QR code of the workshop's join link."""
    with database().reading() as db:
        workshop = workshop_for_code(db, code)
    url = f"{public_base_url()}{url_for('participant.workshop_page', code=workshop.join_code)}"
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=2, xmldecl=False)
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    # private: the link inside depends on the Host the request came to (unless PUBLIC_URL is set).
    response.headers["Cache-Control"] = "private, max-age=300"
    return response

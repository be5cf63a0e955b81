"""A workshop's branding and embedding settings, its logo and its accent colour's style sheet.

The logo is served as an image only: its stored content type, `nosniff`, and a sandboxing
Content-Security-Policy, so even an SVG opened on its own runs nothing and loads nothing.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, request, url_for

from .. import workshops
from ..errors import DomainError, InvalidInput, N_
from .common import CO_FACILITATOR, PUBLIC, database, requires, team_workshop, translate, workshop_for_code

bp = Blueprint("branding", __name__)

# The logo form may carry a file of up to branding.MAX_LOGO_BYTES (and its form fields).
LOGO_FORM_BYTES = 256 * 1024
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@bp.get("/j/<code>/logo/<version>")
@requires(PUBLIC)
def logo(code: str, version: str):
    """The workshop's logo; the version in the address changes with the logo, so it is cached long."""
    with database().reading() as db:
        workshop = workshop_for_code(db, code)
        if not workshop.logo_version:
            abort(404)
        data, content_type, current = workshop.logo_data, workshop.logo_type, workshop.logo_version
    response = Response(data, content_type=content_type)
    response.headers["Content-Security-Policy"] = LOGO_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline; filename=logo." + ("svg" if "svg" in content_type else "png")
    if version == current:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/j/<code>/brand.css")
@requires(PUBLIC)
def brand_css(code: str):
    """The accent colour as CSS custom properties (an inline style would break the CSP)."""
    with database().reading() as db:
        workshop = workshop_for_code(db, code)
        colour = workshop.accent_color
    # The colour was checked as #rrggbb when it was saved; nothing else can reach this text.
    body = f":root {{ --accent: {colour}; --brand: {colour}; }}\n" if colour else ""
    response = Response(body, content_type="text/css; charset=utf-8")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.post("/workshops/<int:workshop_id>/settings/embedding")
@requires(CO_FACILITATOR)
def save_embedding(workshop_id: int):
    """Save the origins that may show the screen in a frame."""
    from .facilitator import render_settings

    text = request.form.get("embed_origins", "")
    try:
        with database().transaction() as db:
            workshop = team_workshop(db, workshop_id)
            workshops.set_embed_origins(db, workshop, text)
    except DomainError as caught:
        return render_settings(workshop_id, status=caught.status, embed_error=translate(caught), embed_text=text)
    return redirect(url_for("facilitator.settings", workshop_id=workshop_id, saved="embedding") + "#embedding")


@bp.post("/workshops/<int:workshop_id>/settings/branding")
@requires(CO_FACILITATOR)
def save_branding(workshop_id: int):
    """Save the accent colour and, when a file is sent, the logo (or remove it). Nothing is saved
    when either is refused."""
    from .facilitator import render_settings

    accent = request.form.get("accent_color", "")
    upload = request.files.get("logo")
    try:
        data = None
        if upload is not None and upload.filename:
            data = upload.read(LOGO_FORM_BYTES + 1)
            if not data:
                raise InvalidInput(N_("The logo was refused: %(reason)s."), reason=N_("the file is empty"))
        with database().transaction() as db:
            workshop = team_workshop(db, workshop_id)
            workshops.set_accent_color(db, workshop, accent)
            if request.form.get("remove_logo"):
                workshops.set_logo(db, workshop, None)
            elif data is not None:
                workshops.set_logo(db, workshop, data)
    except DomainError as caught:
        return render_settings(workshop_id, status=caught.status, branding_error=translate(caught), accent_text=accent)
    return redirect(url_for("facilitator.settings", workshop_id=workshop_id, saved="branding") + "#branding")

"""The landscape of the themes (facilitation/landscape_view.py): its facilitator page, and
putting it on the screens."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext

from .. import landscape_view
from ..errors import DomainError
from .common import CO_FACILITATOR, MODERATOR, database, live, requires, team_workshop, translate

bp = Blueprint("landscape", __name__)


def _landscape_page(workshop_id: int, split_by: str | None, error: str | None = None, status: int = 200):
    """The landscape page: every theme across the prioritisations, its words in the workshop's
    language (as the screen says them); `split_by` a segment question or None."""
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        with force_locale(workshop.language):
            try:
                view = landscape_view.landscape_view(db, workshop, gettext, split_by=split_by)
            except DomainError as refused:
                error, status = error or translate(refused), refused.status
                view = landscape_view.landscape_view(db, workshop, gettext)
        on_screen = live().landscape_shown(workshop)
    return render_template("facilitator/landscape.html", workshop=workshop, view=view, on_screen=on_screen,
                           error=error), status


@bp.get("/workshops/<int:workshop_id>/landscape")
@requires(MODERATOR)
def landscape(workshop_id: int):
    """Every theme on one page: its figure and place in each prioritisation, where the methods
    disagree, a sentence each, and (?split=<segment question>) the groups side by side."""
    return _landscape_page(workshop_id, request.args.get("split") or None)


@bp.post("/workshops/<int:workshop_id>/landscape/screen")
@requires(CO_FACILITATOR)
def landscape_on_screen(workshop_id: int):
    """Put the landscape on the screens (`action=show`, split by the form's `split`), or take it
    off (`action=hide`). It stays there until taken off or another activity is presented."""
    split_by = request.form.get("split") or None
    action = request.form.get("action")
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        if action not in ("show", "hide"):
            return _landscape_page(workshop_id, None, gettext("Choose to show the landscape or take it off."), 400)
        if split_by is not None and split_by not in [item["question"] for item in workshop.segments or []]:
            return _landscape_page(workshop_id, None,
                                   gettext("There is no such segment question in this workshop."), 400)
        if action == "show":
            live().show_landscape(workshop, split_by)
        else:
            live().hide_landscape(workshop_id)
    return redirect(url_for("landscape.landscape", workshop_id=workshop_id, **({"split": split_by} if split_by else {})))

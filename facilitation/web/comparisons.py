"""What moved: a theme activity compared with an earlier run of the same question
(facilitation/comparisons.py), on a facilitator page of its own."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext

from .. import comparisons, shifts
from ..errors import DomainError
from ..kinds import get_kind
from .common import CO_FACILITATOR, MODERATOR, database, request_facilitator_id, requires, team_activity, translate

bp = Blueprint("comparisons", __name__)


def _page(workshop_id: int, activity_id: int, error: str | None = None, status: int = 200):
    with database().reading() as db:
        activity = team_activity(db, activity_id)
        if activity.workshop_id != workshop_id:
            abort(404)
        page = {
            "workshop": activity.workshop,
            "activity": activity,
            "comparable": shifts.comparable(get_kind(activity.kind)),
            "earlier_runs": [(run.id, run.workshop.title, run.prompt)
                             for run in comparisons.earlier_runs(db, request_facilitator_id(), activity)],
        }
        found = comparisons.comparison(db, activity)
        language = str(get_locale() or "da")
        page["comparison"] = found and {
            **found, "rows": [comparisons.readable_row(row, gettext, language, found["top_k"]) for row in found["rows"]]}
        return render_template("facilitator/comparison.html", error=error, **page), status


@bp.get("/workshops/<int:workshop_id>/activities/<int:activity_id>/comparison")
@requires(MODERATOR)
def comparison(workshop_id: int, activity_id: int):
    """The shift of each theme since the earlier run, with its interval and both runs' sizes."""
    return _page(workshop_id, activity_id)


@bp.post("/workshops/<int:workshop_id>/activities/<int:activity_id>/comparison")
@requires(CO_FACILITATOR)
def compare_with(workshop_id: int, activity_id: int):
    """Name (or clear) the earlier run this activity is compared with."""
    try:
        with database().transaction() as db:
            activity = team_activity(db, activity_id)
            if activity.workshop_id != workshop_id:
                abort(404)
            comparisons.compare_with(db, request_facilitator_id(), activity, request.form.get("earlier_id"))
    except DomainError as error:
        return _page(workshop_id, activity_id, translate(error), error.status)
    return redirect(url_for("comparisons.comparison", workshop_id=workshop_id, activity_id=activity_id))

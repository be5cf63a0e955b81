"""Comparing an activity with an earlier run of the same question: the morning's rating and the
afternoon's, or last year's workshop and this year's.

An activity names its earlier run in ``compared_with_id``. The earlier run must be of the same
comparable kind (facilitation/shifts.py) and in a workshop whose team the facilitator is in, so
a facilitator links only what they may already see; once linked, the comparison's whole-room
figures are shown to whoever sees this activity. The comparison is computed from the
answers stored now, theme by theme, by facilitation/shifts.py (docs/aggregation.md, "What
moved"). Whole-room figures only: no segment is split, so the disclosure rule is not touched.

Pure domain: a SQLAlchemy session in, plain data out; no Flask.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import shifts, workshops
from .errors import InvalidInput, N_
from .exports import format_fixed
from .kinds import get_kind
from .models import Activity, Response, Workshop, WorkshopMember


def _comparable(activity: Activity) -> bool:
    return shifts.comparable(get_kind(activity.kind))


def earlier_runs(session: Session, facilitator_id: int, activity: Activity) -> list[Activity]:
    """The activities `activity` may be compared with: the same comparable kind, not itself, in
    any workshop whose team the facilitator is in; this workshop's first, then newest workshop
    first, each in agenda order. Empty for a kind that cannot be compared."""
    if not _comparable(activity):
        return []
    found = session.scalars(
        select(Activity)
        .join(Workshop, Workshop.id == Activity.workshop_id)
        .join(WorkshopMember, WorkshopMember.workshop_id == Workshop.id)
        .where(WorkshopMember.facilitator_id == facilitator_id, Activity.kind == activity.kind,
               Activity.id != activity.id)
        .order_by((Activity.workshop_id != activity.workshop_id), Workshop.id.desc(), Activity.position)
    ).all()
    return list(found)


def compare_with(session: Session, facilitator_id: int, activity: Activity, earlier_id) -> Activity:
    """Name `earlier_id` as the activity's earlier run, or clear it when empty.

    Raises InvalidInput, changing nothing, when the earlier run is not one of
    `earlier_runs(…)` (another kind, itself, or a workshop the facilitator is not in).
    """
    if earlier_id in (None, ""):
        activity.compared_with_id = None
        return activity
    allowed = {run.id: run for run in earlier_runs(session, facilitator_id, activity)}
    try:
        chosen = allowed[int(earlier_id)]
    except (KeyError, TypeError, ValueError):
        raise InvalidInput(N_("Choose an earlier run of the same kind of question, in a workshop you are in.")) from None
    activity.compared_with_id = chosen.id
    return activity


def _answers(session: Session, activity: Activity) -> list[dict]:
    return list(session.scalars(select(Response.answer).where(Response.activity_id == activity.id)))


def comparison(session: Session, activity: Activity) -> dict | None:
    """What moved since the earlier run, as plain data, or None when none is named (or it was
    deleted): the two runs (prompt, workshop title, number of answers) and a row per theme and
    figure both runs have (facilitation/shifts.Shift as a dict, with ``within_noise``)."""
    earlier = session.get(Activity, activity.compared_with_id) if activity.compared_with_id else None
    if earlier is None or earlier.kind != activity.kind or not _comparable(activity):
        return None
    kind = get_kind(activity.kind)
    before, after = _answers(session, earlier), _answers(session, activity)
    found = shifts.compare(kind, workshops.resolved_config(earlier), before,
                           workshops.resolved_config(activity), after)

    def run(item: Activity, answers: list[dict]) -> dict:
        return {"id": item.id, "prompt": item.prompt, "workshop": item.workshop.title,
                "workshop_id": item.workshop_id, "responses": len(answers)}

    return {
        "earlier": run(earlier, before),
        "later": run(activity, after),
        "top_k": workshops.resolved_config(activity).get("top_k"),
        "rows": [{**shift.__dict__, "within_noise": shift.within_noise} for shift in found],
    }


def readable_row(row: dict, translate, language: str = "da", top_k: int | None = None) -> dict:
    """A row of `comparison` as people read it: the figure's name, before and after (shares in
    per cent), the shift with its sign and its interval (shares in percentage points), and the
    verdict: moved, within the noise, or too few answers. `top_k` is the ranking's k, named in
    its figure."""
    share = row["figure"] in shifts.SHARE_FIGURES
    scale = 100 if share else 1

    def number(value, signed=False):
        if value is None:
            return "–"
        text = format_fixed(scale * value, language, 0 if share else 2)
        # A positive end that rounds to zero still reads "+0.00": the interval does not touch zero.
        return ("+" + text if signed and value > 0 else text) + (" %" if share and not signed else "")

    if row["difference"] is None:
        verdict = translate(N_("Too few answers to compare"))
    elif row["within_noise"]:
        verdict = translate(N_("Within the noise"))
    else:
        verdict = translate(N_("Moved up")) if row["difference"] > 0 else translate(N_("Moved down"))
    shift = number(row["difference"], signed=True)
    if share and row["difference"] is not None:
        shift = translate(N_("%(shift)s percentage points")) % {"shift": shift}
    return {
        "label": row["label"],
        "figure": translate(shifts.FIGURE_NAMES[row["figure"]]) % {"k": top_k or 0},
        "before": number(row["before"]),
        "after": number(row["after"]),
        "shift": shift,
        "interval": "–" if row["low"] is None else f"{number(row['low'], signed=True)} … {number(row['high'], signed=True)}",
        "n": f"{row['n_before']} → {row['n_after']}",
        "verdict": verdict,
        "moved": row["difference"] is not None and not row["within_noise"],
    }


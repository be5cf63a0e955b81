"""What each audience may see: the one place that decides what phones, the dashboard and the
screen receive of a workshop.

- Phones (`public_activity`, `phone_state`, `phone_view`) get the activities without results,
  and results only where `phones_see_results` allows (revealed, or Q&A all along), in the form
  the kind gives the room (`kinds.phone_results`).
- The dashboard (`staff_view`, `staff_activity`) gets everything, with speaker notes and the
  resets that can be undone.
- The screen (`screen_view`, `screen_results`) gets the dashboard's view without what the room
  must not read off a projector: blocked words, theme sources, notes, and results before they
  are shown (only how many answered).
- The participants' results page (`results_page_activities`, used by facilitation/public_results.py)
  gets the record's figures of the activities that were put to the room, and nothing else.

Results split by a segment question come from reading.results, where the disclosure rule
(facilitation/segments.py, docs/aggregation.md) is applied for every audience alike.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import answers as answer_store, room
from ..kinds import get_kind, phone_results, public_results
from ..models import Activity, Participant, Response, Upvote, Workshop
from .agenda import activity_version, presented_activity
from .reading import joined_count, results, timer_remaining, undoable_resets
from .themes import resolved_config, theme_version

def public_activity(activity: Activity) -> dict:
    """What phones may know about an activity (no results)."""
    kind = get_kind(activity.kind)
    return {
        "id": activity.id,
        "kind": activity.kind,
        "traits": kind.TRAITS,
        "prompt": activity.prompt,
        "config": kind.public_config(resolved_config(activity)),
        "state": activity.state,
        "results_revealed": activity.results_revealed,
        # Q&A shows its questions to the room all along (they are there to be voted on).
        "results_live": getattr(kind, "LIVE_TO_PHONES", False),
        # Seconds, not a clock time: phones count down from when they got it, whatever their clock.
        "timer_remaining": timer_remaining(activity),
        "timer_closes": activity.timer_closes,
    }


def phones_see_results(activity: Activity) -> bool:
    """Phones get an activity's results once revealed, or all along for Q&A (to vote on)."""
    return activity.results_revealed or getattr(get_kind(activity.kind), "LIVE_TO_PHONES", False)


def staff_activity(session: Session, activity: Activity) -> dict:
    """What the dashboard knows about an activity: everything, with its results."""
    return {
        **public_activity(activity),
        "config": resolved_config(activity),
        "notes": activity.notes,
        "position": activity.position,
        "version": activity_version(activity),
        "split_by": activity.split_by,
        "results": results(session, activity),
    }


def phone_state(session: Session, workshop: Workshop) -> dict:
    """The part of a phone's view that is the same for every phone: the pace, the presented
    activity, the open activities when self-paced, and the results phones may see."""
    presented = presented_activity(workshop)
    self_paced = workshop.pace == "self_paced"
    listed = [a for a in workshop.activities if a.state == "open"] if self_paced else []
    shown = {a.id: a for a in ([presented] if presented else []) + listed}
    return {
        "pace": workshop.pace,
        # Phones show a link to the participants' results page while it is published.
        "results_published": workshop.results_published,
        "activity": public_activity(presented) if presented else None,
        "activities": [public_activity(a) for a in listed],
        "results": {
            str(a.id): phone_results(get_kind(a.kind), a.config, results(session, a))
            for a in shown.values()
            if phones_see_results(a)
        },
    }


def phone_view(session: Session, participant: Participant, state: dict | None = None) -> dict:
    """Everything a participant's phone shows now: the shared phone state (`state`, when the
    caller keeps it; else read now), plus the participant's own answers, entries (ideas,
    questions) and votes."""
    workshop = session.get(Workshop, participant.workshop_id)
    answers, entries = {}, {}
    for activity_id, slot, entry in session.execute(
        select(Response.activity_id, Response.slot, Response).where(
            Response.participant_id == participant.id
        )
    ):
        if slot == 0:
            answers[str(activity_id)] = entry.answer
        else:
            entries.setdefault(str(activity_id), []).append(answer_store.own_entry(entry))
    upvoted = session.scalars(select(Upvote.response_id).where(Upvote.participant_id == participant.id))
    return {
        **(state if state is not None else phone_state(session, workshop)),
        "workshop": {"title": workshop.title, "code": workshop.join_code, "language": workshop.language},
        "answers": answers,
        "entries": {key: sorted(value, key=lambda e: e["id"]) for key, value in entries.items()},
        "upvoted": sorted(upvoted),
        # Phones that shuffle themes do it with this seed, so a reload keeps the same order.
        "seed": int(participant.public_id[:8], 16),
    }


def staff_view(session: Session, workshop: Workshop) -> dict:
    """Everything the dashboard shows: the agenda with every activity's results, and the resets
    that can still be undone (`undo_reset`, so every dashboard offers the undo)."""
    undoable = undoable_resets(session, workshop)
    return {
        "workshop": {
            "id": workshop.id,
            "title": workshop.title,
            "code": workshop.join_code,
            "language": workshop.language,
            "presented_activity_id": workshop.presented_activity_id,
            "pace": workshop.pace,
            "segments": workshop.segments or [],
            "blocked_words": workshop.blocked_words or [],
            "results_published": workshop.results_published,
        },
        "activities": [{**staff_activity(session, a), "undo_reset": undoable.get(a.id)} for a in workshop.activities],
        "themes": [
            {"id": t.id, "title": t.title, "description": t.description, "source": t.source,
             "version": theme_version(t)}
            for t in workshop.themes
        ],
        "joined": joined_count(session, workshop.id),
        "room": room.room_view(session, workshop),
    }


def screen_view(view: dict) -> dict:
    """What the screen shows, derived from a dashboard's `staff_view` without computing any
    tally again: no blocked words, no theme sources (participants' texts), and results without
    what moderation holds back."""
    return {
        **{k: v for k, v in view.items() if k != "room"},
        "workshop": {k: v for k, v in view["workshop"].items() if k != "blocked_words"},
        "activities": [
            {**{k: v for k, v in a.items() if k not in ("notes", "undo_reset")},
             "results": screen_results(get_kind(a["kind"]), a["results"], a["results_revealed"] or a["results_live"])}
            for a in view["activities"]
        ],
        "themes": [{k: v for k, v in t.items() if k != "source"} for t in view["themes"]],
    }


def screen_results(kind, tally: dict, shown: bool) -> dict:
    """What a screen receives of a tally: what the room may see once the results are shown;
    before that only how many answered, so a screen link read off the projector PC learns no
    result early."""
    if shown:
        return public_results(kind, tally)
    return {"responses": tally.get("responses", 0)}


# What the participants' results page may show of an activity in the record's report context (not
# the raw tally, which holds what moderation keeps back).
RESULTS_PAGE_KEYS = ("prompt", "kind", "kind_label", "state_label", "responses", "responses_text", "notes", "bars",
                     "chart_svg", "table", "agreement", "segments")


def results_page_activities(workshop: Workshop, reported: list[dict]) -> list[dict]:
    """What the participants' results page shows of the report's activities (`reported`, each
    with its "id"): only those that were opened (a draft was never put to the room), each cut
    down to RESULTS_PAGE_KEYS and numbered from 1 in agenda order."""
    opened = {activity.id for activity in workshop.activities if activity.state != "draft"}
    return [
        {**{key: item[key] for key in RESULTS_PAGE_KEYS}, "number": number}
        for number, item in enumerate((item for item in reported if item["id"] in opened), 1)
    ]

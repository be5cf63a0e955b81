"""The JSON HTTP API for facilitator actions (documented in docs/protocol.md).

Authentication: the dashboard's login cookie plus its CSRF token (header X-CSRFToken), or
`Authorization: Bearer <token>` for scripts (`flask create-api-token EMAIL`). Errors are
`{"error": {"code": …, "message": …}}` with a 4xx status; the message is translated.

A route loads, changes, returns: it never tells the live layer anything. Whoever must hear about
a change (dashboards, screens, phones) hears it after the commit (facilitation/changes.py).
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, current_app, jsonify, request, url_for

from .. import resets, room, team, workshops
from ..errors import InvalidInput, N_
from .common import (ACCOUNT, CO_FACILITATOR, MODERATOR, OWNER, database, live, public_base_url, require_facilitator,
                     requires, team_activity, team_entry, team_theme, team_workshop)
from .events import disconnect_link_screens, disconnect_removed_participants, disconnect_workshop

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def json_body() -> dict:
    """The request's JSON object; an empty body is an empty object."""
    if not request.get_data(cache=True):
        return {}
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput(N_("The request body must be a JSON object."))
    return body


def facilitator_action(view):
    """Require a facilitator, and pass their id as the first argument."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return view(require_facilitator(), *args, **kwargs)

    return wrapper


def route(method: str, rule: str, least_role: str):
    """Register an API route: `method` on `rule` (under /api/v1), for callers with at least
    `least_role` (common.requires: the route's classification); the view gets the caller's
    facilitator id as its first argument."""

    def register(view):
        return bp.route(rule, methods=[method])(requires(least_role)(facilitator_action(view)))

    return register


def changed(load, object_id: int, change):
    """Load a workshop, activity, theme or entry with `load` (team_workshop and its siblings:
    the route's role is checked), apply `change(db, loaded)` in one transaction and return what
    `change` returned, once committed."""
    with database().transaction() as db:
        return change(db, load(db, object_id))


def changed_activity(activity_id: int, change, status: int = 200):
    """`changed` for an activity; the response is the activity as the dashboard shows it after
    the change (`change` may return another activity, as a copy does)."""
    def change_and_show(db, activity):
        shown = change(db, activity) or activity
        db.flush()
        return workshops.staff_activity(db, shown)

    return jsonify(activity=changed(team_activity, activity_id, change_and_show)), status


def workshop_json(workshop) -> dict:
    base = public_base_url()
    return {
        "id": workshop.id,
        "title": workshop.title,
        "language": workshop.language,
        "code": workshop.join_code,
        "join_url": f"{base}{url_for('participant.workshop_page', code=workshop.join_code)}",
        "qr_url": f"{base}{url_for('screen.join_qr', code=workshop.join_code)}",
        "screen_url": f"{base}{url_for('screen.by_secret', secret=workshop.screen_secret)}",
        "presented_activity_id": workshop.presented_activity_id,
        "results_published": workshop.results_published,
        "results_url": f"{base}{url_for('participant.results_page', code=workshop.join_code)}",
    }


@route("GET", "/workshops", ACCOUNT)
def list_workshops(facilitator_id: int):
    with database().reading() as db:
        return jsonify(workshops=[workshop_json(w) for w in workshops.workshops_of(db, facilitator_id)])


@route("POST", "/workshops", ACCOUNT)
def create_workshop(facilitator_id: int):
    body = json_body()
    with database().transaction() as db:
        workshop = workshops.create_workshop(db, facilitator_id, body.get("title"), body.get("language", "da"))
        return jsonify(workshop=workshop_json(workshop)), 201


@route("GET", "/workshops/<int:workshop_id>", MODERATOR)
def get_workshop(facilitator_id: int, workshop_id: int):
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        view = workshops.staff_view(db, workshop)
        view["workshop"] = workshop_json(workshop)
    view["connected"] = live().connected_participants(workshop_id)
    return jsonify(view)


@route("POST", "/workshops/<int:workshop_id>/activities", CO_FACILITATOR)
def add_activity(facilitator_id: int, workshop_id: int):
    body = json_body()
    result = changed(team_workshop, workshop_id, lambda db, workshop: workshops.staff_activity(db, workshops.add_activity(
        db, workshop, body.get("kind"), body.get("prompt"), body.get("config"), body.get("notes"))))
    return jsonify(activity=result), 201


@route("PATCH", "/activities/<int:activity_id>", CO_FACILITATOR)
def update_activity(facilitator_id: int, activity_id: int):
    body = json_body()
    return changed_activity(activity_id, lambda db, activity: workshops.update_activity(
        db, activity, body.get("prompt"), body.get("config"), notes=body.get("notes"), version=body.get("version")))


ACTIVITY_ACTIONS = {
    "open": workshops.open_activity,
    "close": workshops.close_activity,
    "reveal": lambda db, activity: workshops.set_results_revealed(db, activity, True),
    "hide": lambda db, activity: workshops.set_results_revealed(db, activity, False),
}


@route("POST", "/activities/<int:activity_id>/<any(open, close, reveal, hide):action>", CO_FACILITATOR)
def activity_action(facilitator_id: int, activity_id: int, action: str):
    """Open or close an activity, or reveal or hide its results."""
    json_body()
    return changed_activity(activity_id, ACTIVITY_ACTIONS[action])


def reset_json(reset) -> dict:
    return {"id": reset.id, "activity_id": reset.activity_id, "answers_removed": reset.answers_removed,
            "votes_removed": reset.votes_removed, "undo_seconds": resets.undoable_seconds(reset)}


@route("GET", "/activities/<int:activity_id>/answer-counts", CO_FACILITATOR)
def answer_counts(facilitator_id: int, activity_id: int):
    """What a reset would remove now: `{"answers", "votes"}` (for the confirmation)."""
    with database().reading() as db:
        activity = team_activity(db, activity_id)
        return jsonify(resets.answer_counts(db, activity.id))


@route("POST", "/activities/<int:activity_id>/reset", CO_FACILITATOR)
def reset_answers(facilitator_id: int, activity_id: int):
    """Remove the activity's answers, votes and tallies (settings, place and links stay); they
    can be brought back for RESET_UNDO_SECONDS with POST /resets/<id>/undo."""
    json_body()
    undo_seconds = float(current_app.config["RESET_UNDO_SECONDS"])
    result = changed(team_activity, activity_id,
                     lambda db, activity: reset_json(resets.reset_activity(db, activity, undo_seconds)))
    return jsonify(reset=result), 201


@route("POST", "/resets/<int:reset_id>/undo", CO_FACILITATOR)
def undo_reset(facilitator_id: int, reset_id: int):
    """Bring back what a reset removed, within its undo window."""
    json_body()
    with database().transaction() as db:
        reset = resets.reset_by_id(db, reset_id)
        activity_id = team_activity(db, reset.activity_id).id
        restored = resets.undo_reset(db, reset)
    return jsonify(activity_id=activity_id, restored=restored)


@route("POST", "/workshops/<int:workshop_id>/results-page", CO_FACILITATOR)
def results_page(facilitator_id: int, workshop_id: int):
    """`{"published": true | false}`: show the workshop's results to participants at its join
    link, or stop showing them."""
    body = json_body()
    workshop = changed(team_workshop, workshop_id,
                       lambda db, workshop: workshops.publish_results(db, workshop, body.get("published")))
    return jsonify(published=workshop.results_published)


@route("POST", "/workshops/<int:workshop_id>/present", CO_FACILITATOR)
def present(facilitator_id: int, workshop_id: int):
    """Show an activity on phones and the screen (`activity_id`), or the join page (null)."""
    body = json_body()
    if "activity_id" not in body:
        raise InvalidInput(N_("Say which activity to present (activity_id, or null for none)."))
    workshop = changed(team_workshop, workshop_id,
                       lambda db, workshop: workshops.present(db, workshop, body["activity_id"]))
    return jsonify(presented_activity_id=workshop.presented_activity_id)


@route("POST", "/workshops/<int:workshop_id>/step", CO_FACILITATOR)
def step(facilitator_id: int, workshop_id: int):
    """Present the next (delta 1) or previous (delta -1) activity."""
    body = json_body()
    workshop = changed(team_workshop, workshop_id,
                       lambda db, workshop: workshops.step_presented(db, workshop, body.get("delta")))
    return jsonify(presented_activity_id=workshop.presented_activity_id)


@route("GET", "/activities/<int:activity_id>/results", MODERATOR)
def results(facilitator_id: int, activity_id: int):
    with database().reading() as db:
        activity = team_activity(db, activity_id)
        return jsonify(activity_id=activity.id, kind=activity.kind, results=workshops.results(db, activity))


@route("POST", "/workshops/<int:workshop_id>/screen-link", CO_FACILITATOR)
def renew_screen_link(facilitator_id: int, workshop_id: int):
    """Replace the screen's secret link; screens opened with the old one are disconnected."""
    json_body()

    def renew(db, workshop):
        workshops.renew_screen_secret(db, workshop)
        return workshop_json(workshop)

    result = changed(team_workshop, workshop_id, renew)
    disconnect_link_screens(workshop_id)
    return jsonify(workshop=result)


def theme_json(theme) -> dict:
    return {"id": theme.id, "title": theme.title, "description": theme.description, "position": theme.position,
            "version": workshops.theme_version(theme)}


@route("GET", "/workshops/<int:workshop_id>/themes", MODERATOR)
def list_themes(facilitator_id: int, workshop_id: int):
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        return jsonify(themes=[theme_json(t) for t in workshop.themes])


@route("POST", "/workshops/<int:workshop_id>/themes", CO_FACILITATOR)
def add_theme(facilitator_id: int, workshop_id: int):
    body = json_body()
    result = changed(team_workshop, workshop_id, lambda db, workshop: theme_json(
        workshops.add_theme(db, workshop, body.get("title"), body.get("description", ""))))
    return jsonify(theme=result), 201


@route("PATCH", "/themes/<int:theme_id>", CO_FACILITATOR)
def update_theme(facilitator_id: int, theme_id: int):
    body = json_body()
    result = changed(team_theme, theme_id, lambda db, theme: theme_json(workshops.update_theme(
        db, theme, body.get("title"), body.get("description"), version=body.get("version"))))
    return jsonify(theme=result)


@route("DELETE", "/themes/<int:theme_id>", CO_FACILITATOR)
def delete_theme(facilitator_id: int, theme_id: int):
    json_body()
    changed(team_theme, theme_id, workshops.delete_theme)
    return jsonify(deleted=theme_id)


@route("POST", "/themes/<int:theme_id>/move", CO_FACILITATOR)
def move_theme(facilitator_id: int, theme_id: int):
    """Move a theme one place up (`delta` -1) or down (1)."""
    body = json_body()
    changed(team_theme, theme_id, lambda db, theme: workshops.move_theme(db, theme, body.get("delta")))
    return jsonify(theme=theme_id)


# --- ideas and questions: moderation, Q&A, chaining -----------------------------------------


ENTRY_ACTIONS = {
    "moderate": ("status", workshops.moderate),
    "answered": ("answered", workshops.mark_answered),
    "highlight": ("highlighted", workshops.highlight),
}


def _moderation_action(action: str, status_before: str, entry) -> str:
    """What the record calls a moderation (team.MODERATION_ACTIONS)."""
    if action == "moderate":
        if entry.status == "hidden":
            return "hidden"
        return "approved" if status_before == "pending" else "shown"
    if action == "answered":
        return "answered" if entry.answered else "unanswered"
    return "highlighted" if entry.highlighted else "unhighlighted"


@route("POST", "/entries/<int:entry_id>/<any(moderate, answered, highlight):action>", MODERATOR)
def entry_action(facilitator_id: int, entry_id: int, action: str):
    """Show or hide an idea or question (`status`: visible | hidden), mark a question answered
    (`answered`: bool) or highlight it on the screen (`highlighted`: bool)."""
    body = json_body()
    field, change = ENTRY_ACTIONS[action]

    def change_and_record(db, entry):
        before = entry.status
        change(db, entry, body.get(field))
        workshop_id = db.get(workshops.Activity, entry.activity_id).workshop_id
        team.record(db, facilitator_id, workshop_id, entry.activity_id, entry_id,
                    _moderation_action(action, before, entry))

    changed(team_entry, entry_id, change_and_record)
    return jsonify(entry_id=entry_id, **{field: body.get(field)})


@route("POST", "/activities/<int:activity_id>/promote", MODERATOR)
def promote(facilitator_id: int, activity_id: int):
    """Turn ideas into themes: `{"groups": [{"entry_ids": [..], "title": "..."}]}`; each group
    (duplicates merged) becomes one theme."""
    body = json_body()

    def promote_and_record(db, activity):
        themes = workshops.promote_entries(db, activity, body.get("groups"))
        for theme in themes:
            action = "merged" if len(theme.source["entry_ids"]) > 1 else "promoted"
            for entry_id in theme.source["entry_ids"]:
                team.record(db, facilitator_id, activity.workshop_id, activity_id, entry_id, action)
        return [theme_json(t) | {"source": t.source} for t in themes]

    return jsonify(themes=changed(team_activity, activity_id, promote_and_record)), 201


@route("PUT", "/workshops/<int:workshop_id>/blocked-words", MODERATOR)
def blocked_words(facilitator_id: int, workshop_id: int):
    """Replace the words that hold ideas and questions back for review: `{"words": [...]}`."""
    body = json_body()
    words = changed(team_workshop, workshop_id,
                    lambda db, workshop: workshops.set_blocked_words(db, workshop, body.get("words")))
    return jsonify(words=words)


@route("POST", "/workshops/<int:workshop_id>/pace", CO_FACILITATOR)
def pace(facilitator_id: int, workshop_id: int):
    """`{"pace": "presenter" | "self_paced"}`: phones follow the presented activity, or answer
    the open activities in their own order."""
    body = json_body()
    changed(team_workshop, workshop_id, lambda db, workshop: workshops.set_pace(db, workshop, body.get("pace")))
    return jsonify(pace=body.get("pace"))


@route("POST", "/workshops/<int:workshop_id>/joining", CO_FACILITATOR)
def joining(facilitator_id: int, workshop_id: int):
    """`{"joining_open": true | false, "max_participants": n | null}`: who may still join."""
    body = json_body()

    def set_joining(db, workshop):
        room.set_joining(db, workshop, body.get("joining_open"), body.get("max_participants"))
        return room.room_view(db, workshop)

    return jsonify(room=changed(team_workshop, workshop_id, set_joining))


@route("POST", "/workshops/<int:workshop_id>/participants/remove", CO_FACILITATOR)
def remove_participants(facilitator_id: int, workshop_id: int):
    """`{"joined_from": iso, "joined_to": iso}`: remove everyone who joined in that span (a
    join burst, as the dashboard shows it), with their answers and upvotes."""
    body = json_body()
    removed = changed(team_workshop, workshop_id, lambda db, workshop: room.remove_joined_between(
        db, workshop, body.get("joined_from"), body.get("joined_to")))
    disconnect_removed_participants(workshop_id)
    return jsonify(removed=removed)


# --- the builder, timer, segments, and deleting -----------------------------------------------


@route("POST", "/activities/<int:activity_id>/move", CO_FACILITATOR)
def move_activity(facilitator_id: int, activity_id: int):
    """Move an activity one place earlier (`delta` -1) or later (1) in the agenda, or to a
    `position` (0 is first)."""
    body = json_body()
    changed(team_activity, activity_id,
            lambda db, activity: workshops.move_activity(db, activity, body.get("delta"), body.get("position")))
    return jsonify(activity_id=activity_id)


@route("POST", "/activities/<int:activity_id>/duplicate", CO_FACILITATOR)
def duplicate_activity(facilitator_id: int, activity_id: int):
    """A draft copy of the activity, without answers, right after it."""
    json_body()
    return changed_activity(activity_id, workshops.duplicate_activity, status=201)


@route("DELETE", "/activities/<int:activity_id>", CO_FACILITATOR)
def delete_activity(facilitator_id: int, activity_id: int):
    """Delete an activity and every answer to it."""
    json_body()
    changed(team_activity, activity_id, workshops.delete_activity)
    return jsonify(deleted=activity_id)


@route("POST", "/activities/<int:activity_id>/timer", CO_FACILITATOR)
def timer(facilitator_id: int, activity_id: int):
    """Start a countdown: `{"seconds": 10–3600, "closes": bool}`; `{"seconds": null}` stops it."""
    body = json_body()
    return changed_activity(activity_id, lambda db, activity: workshops.start_timer(
        db, activity, body.get("seconds"), body.get("closes", False)))


@route("POST", "/activities/<int:activity_id>/split", CO_FACILITATOR)
def split(facilitator_id: int, activity_id: int):
    """Show results split by a segment question: `{"question": "…"}`, or `null` for the whole room."""
    body = json_body()
    return changed_activity(activity_id, lambda db, activity: workshops.set_split(db, activity, body.get("question")))


@route("PUT", "/workshops/<int:workshop_id>/segments", CO_FACILITATOR)
def segments(facilitator_id: int, workshop_id: int):
    """Replace the questions asked when joining: `{"segments": [{"question", "options", "required"}]}`."""
    body = json_body()
    result = changed(team_workshop, workshop_id,
                     lambda db, workshop: workshops.set_segments(db, workshop, body.get("segments")))
    return jsonify(segments=result)


@route("DELETE", "/workshops/<int:workshop_id>", OWNER)
def delete_workshop(facilitator_id: int, workshop_id: int):
    """Delete the workshop with everything in it: activities, themes, participants, responses."""
    json_body()
    changed(team_workshop, workshop_id, workshops.delete_workshop)
    disconnect_workshop(workshop_id)
    return jsonify(deleted=workshop_id)

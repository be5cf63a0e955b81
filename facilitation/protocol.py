"""The payload of every event the server sends over Socket.IO, as a JSON Schema per audience.

`SERVER_EVENTS[event][audience]` is the schema of what a dashboard, a screen or a phone receives
as `event` (docs/protocol.md, "Events the server sends", says when each is sent). The live tests
check every emitted payload against it with real clients on a real server
(tests/live/test_event_payloads.py), so a field added to a view without being added here, and to
docs/protocol.md, fails them. The objects are closed (`additionalProperties: false`) where what
an audience must not see is at stake: a screen's view has no speaker notes, blocked words, theme
sources or room controls; a phone's state has no results it may not see and nothing personal.

A tally (`TALLY`) is open: each kind shapes its own (facilitation/kinds/*.py); all count
`responses`.
"""

from __future__ import annotations

from . import storage

DASHBOARD, SCREEN, PHONE = "dashboard", "screen", "phone"


def _object(required: dict, optional: dict | None = None, closed: bool = True) -> dict:
    return {"type": "object", "required": sorted(required), "properties": {**required, **(optional or {})},
            "additionalProperties": not closed}


def _without(schema: dict, *names: str) -> dict:
    """The object schema without some of its properties."""
    return {**schema, "required": [n for n in schema["required"] if n not in names],
            "properties": {k: v for k, v in schema["properties"].items() if k not in names}}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [{"type": "null"}, schema]}


ID = {"type": "integer", "minimum": 1}
COUNT = {"type": "integer", "minimum": 0}
TEXT = {"type": "string"}
FLAG = {"type": "boolean"}
OBJECT = {"type": "object"}

TALLY = _object({"responses": COUNT}, closed=False)

# What the browser reads of a kind instead of its name (facilitation/kinds/__init__.py).
TRAITS = _object({
    "collects": FLAG, "live_to_phones": FLAG, "chart": {"enum": ["bars", "map"]}, "per_theme": FLAG,
    "sortable": FLAG, "promotes": FLAG, "agreement": FLAG, "entries_noun": TEXT,
})

PUBLIC_ACTIVITY = _object({
    "id": ID, "kind": TEXT, "prompt": TEXT, "config": OBJECT,
    "state": {"enum": ["draft", "open", "closed"]},
    "results_revealed": FLAG, "results_live": FLAG,
    "timer_remaining": _nullable({"type": "number", "minimum": 0}), "timer_closes": FLAG,
    "traits": TRAITS,
})

UNDO_RESET = _object({"id": ID, "answers_removed": COUNT, "seconds": {"type": "number", "minimum": 0}})

STAFF_ACTIVITY = _object({
    **PUBLIC_ACTIVITY["properties"],
    "notes": TEXT, "position": COUNT, "version": TEXT, "split_by": _nullable(TEXT), "results": TALLY,
    "undo_reset": _nullable(UNDO_RESET),
})

SCREEN_ACTIVITY = _without(STAFF_ACTIVITY, "notes", "undo_reset")

SEGMENT = _object({"question": TEXT, "options": {"type": "array", "items": TEXT}, "required": FLAG})

STAFF_WORKSHOP = _object({
    "id": ID, "title": TEXT, "code": TEXT, "language": {"enum": ["da", "en"]},
    "presented_activity_id": _nullable(ID), "pace": {"enum": ["presenter", "self_paced"]},
    "segments": {"type": "array", "items": SEGMENT}, "blocked_words": {"type": "array", "items": TEXT},
    "results_published": FLAG,
})

STAFF_THEME = _object({"id": ID, "title": TEXT, "description": TEXT, "source": _nullable(OBJECT), "version": TEXT})

ROOM = _object({
    "joining_open": FLAG, "max_participants": _nullable(COUNT), "burst": FLAG, "recent_joins": COUNT,
    "recent_first": _nullable(TEXT), "recent_last": _nullable(TEXT),
})

# What `sync` acknowledges to a dashboard, and what `workshop` announces to dashboards.
STAFF_VIEW = _object({
    "workshop": STAFF_WORKSHOP,
    "activities": {"type": "array", "items": STAFF_ACTIVITY},
    "themes": {"type": "array", "items": STAFF_THEME},
    "joined": COUNT, "room": ROOM, "connected": COUNT,
})

# The landscape on the screens (facilitation/landscape_view.py): only prioritisations whose
# results are revealed.
SCREEN_LANDSCAPE = _object({
    "language": {"enum": ["da", "en"]},
    "prioritisations": {"type": "array", "items": _object({
        "id": ID, "letter": TEXT, "prompt": TEXT, "kind": TEXT, "figure": TEXT, "caption": TEXT,
        "state": {"enum": ["open", "closed"]}, "revealed": {"const": True}, "responses": COUNT,
    })},
    "themes": {"type": "array", "items": _object({
        "id": ID, "label": TEXT, "methods_disagree": FLAG, "sentence": TEXT, "remarks": TEXT,
        "standings": {"type": "array", "items": OBJECT},
    })},
    "segment_questions": {"type": "array", "items": TEXT},
    "split": _nullable(OBJECT),
})

SCREEN_VIEW = _object({
    "workshop": _without(STAFF_WORKSHOP, "blocked_words"),
    "activities": {"type": "array", "items": SCREEN_ACTIVITY},
    "themes": {"type": "array", "items": _without(STAFF_THEME, "source")},
    "joined": COUNT, "connected": COUNT,
}, {"landscape": _nullable(SCREEN_LANDSCAPE)})

# The state every phone of a workshop shares (workshops.phone_state).
PHONE_STATE = _object({
    "pace": {"enum": ["presenter", "self_paced"]}, "results_published": FLAG,
    "activity": _nullable(PUBLIC_ACTIVITY),
    "activities": {"type": "array", "items": PUBLIC_ACTIVITY},
    "results": {"type": "object", "patternProperties": {"^[0-9]+$": TALLY}, "additionalProperties": False},
})

RESULTS = _object({"activity_id": ID, "results": TALLY})
# A screen's results also say whether they are the shown view or only the count of answers.
SCREEN_RESULTS = _object({"activity_id": ID, "shown": FLAG, "results": TALLY})

PRESENCE = _object({"connected": COUNT, "joined": COUNT})

STORAGE = {"oneOf": [
    _object({"failing": {"const": True}, "kind": {"enum": sorted({kind for _, kind in storage._KINDS})}, "refused": {"type": "integer", "minimum": 1}}),
    _object({"failing": {"const": False}}),
]}

SERVER_EVENTS: dict[str, dict[str, dict]] = {
    "workshop": {DASHBOARD: STAFF_VIEW, SCREEN: SCREEN_VIEW},
    "state": {PHONE: PHONE_STATE},
    "results": {DASHBOARD: RESULTS, SCREEN: SCREEN_RESULTS, PHONE: RESULTS},
    "presence": {DASHBOARD: _object({**PRESENCE["properties"], "room": ROOM}), SCREEN: PRESENCE},
    "answers_reset": {PHONE: _object({"activity_id": ID, "undone": FLAG})},
    "entry": {PHONE: _object({
        "activity_id": ID,
        # The entry's cleaned answer (its text; a next step's theme) with its id and status.
        "entry": _object({"id": ID, "text": TEXT, "status": {"enum": ["visible", "pending", "hidden"]}},
                         {"theme": TEXT}),
    })},
    "storage": {DASHBOARD: STORAGE},
    "landscape": {SCREEN: _nullable(SCREEN_LANDSCAPE)},
}

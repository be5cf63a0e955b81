"""Workshop plans as files: a workshop's title, language, themes, segment questions and agenda in
YAML (JSON is YAML too), to import, export, share and keep in version control.

The format is documented in docs/plans.md and as a JSON Schema in docs/plan.schema.json.

- `load_plan(text)` reads and checks a file and returns the plan in its *normal form*: every
  field present, in a fixed order, texts with their white space collapsed, each activity's
  settings as its kind cleans them, themes referred to by title, poll options as plain texts.
  Every error is a `PlanError` whose message names the line of the file it is about.
- `import_plan` builds a workshop from a plan, `export_plan` makes the plan of a workshop (in the
  same normal form, so export → import → export gives the same plan), `dump_plan` writes a plan
  as readable YAML, and `duplicate_workshop` copies a workshop without its participants and
  answers.

The values in a plan are checked by the domain's own validators (facilitation/workshops/validators.py,
facilitation/segments.py, each kind's `clean_config`), the same the settings page and the API use,
so a plan can hold exactly what the app can save. The package: `syntax` reads and writes the YAML
with the line of every part, `checking` checks a parsed plan and adds the line to every error,
and this module holds the public functions.

Flask-free, like the rest of the domain: the caller owns the transaction, so a plan that fails
halfway stores nothing.
"""

from __future__ import annotations

import copy

import yaml
from sqlalchemy.orm import Session

from .. import workshops
from ..errors import N_
from ..models import Activity, Theme, Workshop
from .checking import (ACTIVITY_FIELDS, FIELDS, PLAN_VERSION, SEGMENT_FIELDS, THEME_FIELDS,  # noqa: F401
                       _Checker, _settings_for_file)
from .syntax import MAX_DEPTH, MAX_NODES, PlanError, _PlanDumper, _read  # noqa: F401

MAX_PLAN_BYTES = 64 * 1024

# Part of the copy's title, in the workshop's own language (data, not the reader's interface).
COPY_SUFFIX = {"da": " (kopi)", "en": " (copy)"}
# Workshop settings a duplicate keeps (a copy for next year keeps its look and the sites that may
# show its screen).
WORKSHOP_SETTINGS = ("pace", "blocked_words", "segments", "embed_origins", "accent_color", "logo_type",
                     "logo_version", "logo_data")

HEADER = (
    "# A workshop plan: import it on the workshop list or with `flask import-workshop FILE`.\n"
    "# The format is described in docs/plans.md.\n"
)


# --- the public functions ------------------------------------------------------------------------


def decode_plan(data: bytes) -> str:
    """The text of an uploaded plan file (UTF-8, with or without a byte order mark)."""
    if len(data) > MAX_PLAN_BYTES:
        raise PlanError(N_("The plan is too large: at most %(max)d KiB."), max=MAX_PLAN_BYTES // 1024)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanError(
            N_("Line %(line)d: the plan must be UTF-8 text."), line=data[: error.start].count(b"\n") + 1
        ) from None


def load_plan(text: str) -> dict:
    """Read and check a plan (YAML or JSON); return it in normal form or raise PlanError."""
    if not isinstance(text, str):
        raise PlanError(N_("The plan is empty."))
    if len(text.encode("utf-8", "surrogatepass")) > MAX_PLAN_BYTES:
        raise PlanError(N_("The plan is too large: at most %(max)d KiB."), max=MAX_PLAN_BYTES // 1024)
    if text.startswith("\ufeff"):
        text = text[1:]
    if text.lstrip().startswith(("{", "[")):
        # JSON indented with tabs: YAML allows no tabs there, JSON no raw tabs inside strings, so
        # each becomes a space (lines and columns stay where they were).
        text = text.replace("\t", " ")
    value, lines, raw = _read(text)
    return _Checker(lines, raw).plan(value)


def import_plan(session: Session, facilitator_id: int, plan: dict) -> Workshop:
    """Create a workshop from a plan: its themes, then its activities in order, all as drafts.

    `plan` is best the result of `load_plan`; any other dict is checked the same way first (its
    errors then name lines of the plan as `dump_plan` writes it).
    """
    plan = load_plan(dump_plan(plan))
    workshop = workshops.create_workshop(session, facilitator_id, plan["title"], plan["language"])
    theme_ids = {}
    for theme in plan["themes"]:
        theme_ids[theme["title"]] = workshops.add_theme(session, workshop, theme["title"], theme["description"]).id
    _store_segments(workshop, plan["segments"])
    for activity in plan["activities"]:
        settings = copy.deepcopy(activity["settings"])
        if isinstance(settings.get("themes"), list):
            settings["themes"] = [theme_ids[title] for title in settings["themes"]]
        workshops.add_activity(session, workshop, activity["kind"], activity["prompt"], settings,
                               activity.get("notes"))
    session.flush()
    return workshop


def export_plan(workshop: Workshop) -> dict:
    """The plan of a workshop, in the normal form `load_plan` returns. Answers, participants,
    states and the join code are not part of it."""
    titles = {theme.id: theme.title for theme in workshop.themes}
    return {
        "version": PLAN_VERSION,
        "title": workshop.title,
        "language": workshop.language,
        "themes": [
            {"title": theme.title, "description": theme.description or ""} for theme in workshop.themes
        ],
        "segments": _segments_of(workshop),
        "activities": [
            {
                "kind": activity.kind,
                "prompt": activity.prompt,
                **({"notes": activity.notes} if activity.notes else {}),
                "settings": _settings_for_file(activity.config or {}, titles),
            }
            for activity in workshop.activities
        ],
    }


def _ordered(plan) -> dict:
    """The plan's known fields first, in the documented order (settings keep their kind's order)."""
    if not isinstance(plan, dict):
        return plan

    def order(mapping, known):
        if not isinstance(mapping, dict):
            return mapping
        return {
            **{key: mapping[key] for key in known if key in mapping},
            **{key: value for key, value in mapping.items() if key not in known},
        }

    result = order(plan, FIELDS)
    for field, known in (("themes", THEME_FIELDS), ("segments", SEGMENT_FIELDS), ("activities", ACTIVITY_FIELDS)):
        if isinstance(result.get(field), list):
            result[field] = [order(entry, known) for entry in result[field]]
    return result


def dump_plan(plan: dict) -> str:
    """The plan as readable YAML: UTF-8 texts as they are (æ, ø, å unescaped), lists indented
    under their key, fields in the documented order."""
    return HEADER + yaml.dump(
        _ordered(plan),
        Dumper=_PlanDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        indent=2,
        width=100,
    )


def duplicate_workshop(session: Session, facilitator_id: int, workshop: Workshop) -> Workshop:
    """Copy a workshop for `facilitator_id`: title (marked as a copy in the workshop's language),
    language, settings, themes and activities (as drafts, theme choices pointing at the copied
    themes), with a new join code and screen link, and without participants or answers."""
    suffix = COPY_SUFFIX.get(workshop.language, COPY_SUFFIX["en"])
    title = workshop.title[: workshops.MAX_TITLE_LENGTH - len(suffix)].rstrip() + suffix
    duplicate = workshops.create_workshop(session, facilitator_id, title, workshop.language)
    for name in WORKSHOP_SETTINGS:
        setattr(duplicate, name, copy.deepcopy(getattr(workshop, name)))
    theme_ids = {}
    for theme in workshop.themes:
        copied = Theme(workshop=duplicate, title=theme.title, description=theme.description,
                       position=theme.position)
        session.add(copied)
        session.flush()
        theme_ids[theme.id] = copied.id
    for activity in workshop.activities:
        config = copy.deepcopy(activity.config or {})
        if isinstance(config.get("themes"), list):
            config["themes"] = [theme_ids[i] for i in config["themes"] if i in theme_ids]
        session.add(Activity(workshop=duplicate, kind=activity.kind, prompt=activity.prompt,
                             notes=activity.notes, config=config, position=activity.position))
    session.flush()
    return duplicate


# --- segments ------------------------------------------------------------------------------------


def _store_segments(workshop: Workshop, segments: list[dict]) -> None:
    """Keep the plan's (already checked) segment questions on the workshop."""
    workshop.segments = copy.deepcopy(segments)


def _segments_of(workshop: Workshop) -> list[dict]:
    """The workshop's segment questions in plan form."""
    return [{"question": segment["question"], "options": list(segment["options"]),
             "required": bool(segment.get("required", False))} for segment in workshop.segments or []]

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

Flask-free, like the rest of the domain: the caller owns the transaction, so a plan that fails
halfway stores nothing.
"""

from __future__ import annotations

import copy
import json
import re

import yaml
from sqlalchemy.orm import Session

from . import workshops
from .errors import DomainError, N_
from .kinds import KINDS
from .models import LANGUAGES, Activity, Theme, Workshop
from .segments import MAX_OPTION_LENGTH, MAX_OPTIONS, MAX_QUESTION_LENGTH, MAX_SEGMENTS, MIN_OPTIONS, clean_segments

PLAN_VERSION = 1
MAX_PLAN_BYTES = 64 * 1024
# A small file can still describe a huge tree through YAML aliases ("billion laughs"): stop early.
MAX_NODES = 20_000
MAX_DEPTH = 20

FIELDS = ("version", "title", "language", "themes", "segments", "activities")
THEME_FIELDS = ("title", "description")
SEGMENT_FIELDS = ("question", "options", "required")
ACTIVITY_FIELDS = ("kind", "prompt", "notes", "settings")

# Part of the copy's title, in the workshop's own language (data, not the reader's interface).
COPY_SUFFIX = {"da": " (kopi)", "en": " (copy)"}
# Workshop settings a duplicate keeps, where the model has them (a copy for next year keeps its
# look and the sites that may show its screen).
WORKSHOP_SETTINGS = ("pace", "blocked_words", "segments", "embed_origins", "accent_color", "logo_type",
                     "logo_version", "logo_data")

HEADER = (
    "# A workshop plan: import it on the workshop list or with `flask import-workshop FILE`.\n"
    "# The format is described in docs/plans.md.\n"
)


class PlanError(DomainError):
    """A plan that cannot be imported. `line` is the 1-based line of the file it is about (None
    for the file as a whole). When a kind refused an activity's settings, `detail` is the kind's
    own error and the message holds it as ``%(problem)s``: translate `detail` first and pass it
    in (facilitation/web/plans.py does); ``str(error)`` is the whole message in English."""

    code = "invalid_plan"
    status = 400

    def __init__(self, message: str, *, detail: DomainError | None = None, **params):
        if detail is not None:
            params["problem"] = str(detail)
        super().__init__(message, **params)
        self.detail = detail
        self.line = params.get("line")


# --- reading YAML, keeping lines ----------------------------------------------------------------

_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

# YAML 1.2's core schema: only true and false are yes/no values, and `yes`, `no`, `on`, `off`,
# times like 10:30, dates and numbers with leading zeros stay texts (YAML 1.1, PyYAML's default,
# would turn a poll with the options Yes and No into true and false).
_RESOLVERS = (
    (_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (_INT_TAG, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), "-+0123456789"),
    (
        _FLOAT_TAG,
        re.compile(
            r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"
            r"|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
        ),
        "-+0123456789.",
    ),
)


class _PlanLoader(yaml.SafeLoader):
    """The safe loader with YAML 1.2's plain scalars (see _RESOLVERS)."""


_PlanLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in (_BOOL_TAG, _INT_TAG, _FLOAT_TAG, _TIMESTAMP_TAG)
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _PlanDumper(yaml.SafeDumper):
    """The safe dumper, indenting lists under their key. It quotes every text that YAML 1.1 or
    1.2 would read as something else, so other YAML tools read the file the same way."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_PlanDumper.yaml_implicit_resolvers = {
    first: list(resolvers) for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
for _tag, _regexp, _first in _RESOLVERS:
    _PlanLoader.add_implicit_resolver(_tag, _regexp, list(_first))
    _PlanDumper.add_implicit_resolver(_tag, _regexp, list(_first))


_COLLECTION_TAGS = {
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs",
}


class _Walker:
    """Turns a composed YAML node tree into plain values, noting the line of every mapping entry
    and list item under its path (a tuple of keys and indexes), and the written text of every
    plain scalar that is not a text (so `title: 2026` can still be the title "2026")."""

    def __init__(self, loader: _PlanLoader):
        self.loader = loader
        self.lines: dict[tuple, int] = {}
        self.raw: dict[tuple, str] = {}
        self.count = 0

    def walk(self, node, path: tuple = (), depth: int = 0):
        line = node.start_mark.line + 1
        self.lines.setdefault(path, line)
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise PlanError(
                N_("Line %(line)d: the plan is nested too deeply or has too many parts."), line=line
            )
        if isinstance(node, yaml.ScalarNode):
            value = self.loader.construct_object(node)
            if node.style is None and value is not None and not isinstance(value, str):
                self.raw[path] = node.value
            return value
        if node.tag not in _COLLECTION_TAGS:  # scalars' tags are checked by their constructor
            raise PlanError(
                N_("Line %(line)d, column %(column)d: this is not valid YAML or JSON: %(problem)s."),
                line=line,
                column=node.start_mark.column + 1,
                detail=DomainError(N_("a tag (!!…) that plans cannot use")),
            )
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, path + (index,), depth + 1) for index, item in enumerate(node.value)]
        self.loader.flatten_mapping(node)  # merge keys (<<: *anchor)
        result = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise PlanError(N_("Line %(line)d: a field name must be a text."), line=key_line)
            key = key_node.value
            if key in result:
                raise PlanError(
                    N_("Line %(line)d: the field “%(name)s” appears twice."), line=key_line, name=key
                )
            self.lines[path + (key,)] = key_line
            result[key] = self.walk(value_node, path + (key,), depth + 1)
        return result


def _position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character index of `text`."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


# PyYAML's words for the usual syntax errors, and what they mean for someone writing a plan (in
# words that can be translated: PyYAML's own are English only).
_YAML_PROBLEMS = (
    ("found character '\\t'", N_("a tab; indent with spaces")),
    ("mapping values are not allowed", N_("a colon (:) where none can be: a “name:” indented too far, "
                                          "or a text with a colon that needs quotes")),
    ("could not find expected ':'", N_("a colon (:) is missing after a field name")),
    ("expected ',' or ']'", N_("a list in [ ] is not closed, or a comma is missing")),
    ("expected ',' or '}'", N_("a set of fields in { } is not closed, or a comma is missing")),
    ("end of stream", N_("the file ends too early: a quote or bracket is left open")),
    ("undefined alias", N_("an alias (*name) without an anchor (&name)")),
    ("expected <block end>", N_("the indentation does not line up, or a text goes on after its quotes")),
    ("did not find expected key", N_("the indentation does not line up")),
)


def _yaml_problem(error: yaml.MarkedYAMLError) -> DomainError:
    """What a syntax error means, as a translatable message (PyYAML's words as the fallback's
    English detail are not shown to people: they are English only)."""
    words = " ".join(part for part in (error.context, error.problem) if part)
    for pattern, meaning in _YAML_PROBLEMS:
        if pattern in words:
            return DomainError(meaning)
    return DomainError(N_("the structure cannot be read here; check the indentation and the quotes"))


def _read(text: str):
    """Parse one YAML document into (value, lines, raw), or raise PlanError."""
    loader = None
    try:
        loader = _PlanLoader(text)
        root = loader.get_single_node()
        if root is None:
            raise PlanError(N_("The plan is empty."))
        walker = _Walker(loader)
        return walker.walk(root), walker.lines, walker.raw
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise PlanError(
            N_("Line %(line)d, column %(column)d: this is not valid YAML or JSON: %(problem)s."),
            line=mark.line + 1 if mark else 1,
            column=mark.column + 1 if mark else 1,
            detail=_yaml_problem(error),
        ) from None
    except yaml.reader.ReaderError as error:
        line, column = _position(text, error.position)
        raise PlanError(
            N_("Line %(line)d, column %(column)d: the plan holds a character that is not allowed (%(character)s)."),
            line=line,
            column=column,
            character=f"U+{error.character:04X}" if isinstance(error.character, int) else str(error.character),
        ) from None
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML error above has a position
        raise PlanError(
            N_("Line %(line)d, column %(column)d: this is not valid YAML or JSON: %(problem)s."),
            line=1,
            column=1,
            problem=str(error),
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


# --- checking ------------------------------------------------------------------------------------


def _json_size(value) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


def _settings_for_file(config: dict, titles: dict) -> dict:
    """A stored (cleaned) config as a plan writes it: theme ids as titles (ids without a title in
    `titles` are left out), poll options and a responsibility's actors as their texts, without
    the resolved ``items``."""
    settings = {key: copy.deepcopy(value) for key, value in config.items() if key not in ("items", "language")}
    if isinstance(settings.get("themes"), list):
        settings["themes"] = [titles[theme_id] for theme_id in settings["themes"] if theme_id in titles]
    for field in ("options", "actors"):
        labelled = settings.get(field)
        if isinstance(labelled, list) and all(isinstance(o, dict) and "label" in o for o in labelled):
            settings[field] = [entry["label"] for entry in labelled]
    return settings


class _Checker:
    """Checks the values of a parsed plan and builds its normal form; errors name the line."""

    def __init__(self, lines: dict, raw: dict):
        self.lines = lines
        self.raw = raw

    def line(self, path: tuple) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def fail(self, path: tuple, message: str, **params):
        raise PlanError(message, line=self.line(path), **params)

    # small checks

    def fields(self, value, path: tuple, field: str, known: tuple) -> dict:
        if not isinstance(value, dict):
            self.fail(path, N_("Line %(line)d: %(field)s must be a set of fields (name: value)."), field=field)
        for key in value:
            if key not in known:
                self.fail(
                    path + (key,),
                    N_("Line %(line)d: unknown field “%(name)s”; the fields here are %(known)s."),
                    name=key,
                    known=", ".join(known),
                )
        return value

    def items(self, value, path: tuple, field: str, maximum: int, too_many: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, N_("Line %(line)d: %(field)s must be a list."), field=field)
        if len(value) > maximum:
            self.fail(path + (maximum,), too_many, max=maximum)
        return value

    def text(self, value, path: tuple, field: str, max_length: int, required: bool = True) -> str:
        if value is None:
            if required:
                self.fail(path, N_("Line %(line)d: %(field)s is missing."), field=field)
            return ""
        if not isinstance(value, str):
            if path not in self.raw:
                self.fail(path, N_("Line %(line)d: %(field)s must be a text."), field=field)
            value = self.raw[path]
        text = " ".join(value.split())
        if required and not text:
            self.fail(path, N_("Line %(line)d: %(field)s is missing."), field=field)
        if len(text) > max_length:
            self.fail(
                path,
                N_("Line %(line)d: %(field)s can be at most %(max)d characters long."),
                field=field,
                max=max_length,
            )
        return text

    # the parts of a plan

    def plan(self, value) -> dict:
        plan = self.fields(value, (), N_("the plan"), FIELDS)
        version = plan.get("version", PLAN_VERSION)
        if version != PLAN_VERSION or type(version) is not int:
            self.fail(
                ("version",),
                N_("Line %(line)d: this plan is in format version %(version)s; this app reads version %(supported)d."),
                version=str(version)[:20],
                supported=PLAN_VERSION,
            )
        title = self.text(plan.get("title"), ("title",), N_("the title"), workshops.MAX_TITLE_LENGTH)
        language = plan.get("language", "da")
        if language not in LANGUAGES:
            self.fail(("language",), N_("Line %(line)d: the language must be da (Danish) or en (English)."))
        themes = self.themes(plan.get("themes"))
        segments = self.segments(plan.get("segments"))
        activities = self.activities(plan.get("activities"), [theme["title"] for theme in themes])
        return {
            "version": PLAN_VERSION,
            "title": title,
            "language": language,
            "themes": themes,
            "segments": segments,
            "activities": activities,
        }

    def themes(self, value) -> list[dict]:
        path = ("themes",)
        themes, seen = [], set()
        entries = self.items(
            value, path, N_("the themes"), workshops.MAX_THEMES,
            N_("Line %(line)d: a plan can have at most %(max)d themes."),
        )
        for index, entry in enumerate(entries):
            here = path + (index,)
            if isinstance(entry, dict):
                self.fields(entry, here, N_("a theme"), THEME_FIELDS)
                title = self.text(entry.get("title"), here + ("title",), N_("the theme’s title"),
                                  workshops.MAX_THEME_TITLE_LENGTH)
                description = self.text(
                    entry.get("description"), here + ("description",), N_("the description"),
                    workshops.MAX_THEME_DESCRIPTION_LENGTH, required=False,
                )
            else:  # the short form: just the title
                title = self.text(entry, here, N_("the theme’s title"), workshops.MAX_THEME_TITLE_LENGTH)
                description = ""
            if title.casefold() in seen:
                self.fail(here, N_("Line %(line)d: two themes have the same title “%(title)s”."), title=title)
            seen.add(title.casefold())
            themes.append({"title": title, "description": description})
        return themes

    def segments(self, value) -> list[dict]:
        path = ("segments",)
        segments = []
        entries = self.items(
            value, path, N_("the segment questions"), MAX_SEGMENTS,
            N_("Line %(line)d: a plan can have at most %(max)d segment questions."),
        )
        for index, entry in enumerate(entries):
            here = path + (index,)
            self.fields(entry, here, N_("a segment question"), SEGMENT_FIELDS)
            question = self.text(entry.get("question"), here + ("question",), N_("the question"),
                                 MAX_QUESTION_LENGTH)
            raw_options = entry.get("options")
            if not isinstance(raw_options, list):
                self.fail(here + ("options",), N_("Line %(line)d: %(field)s must be a list."), field=N_("the options"))
            options, seen = [], set()
            for number, option in enumerate(raw_options):
                text = self.text(option, here + ("options", number), N_("an option"), MAX_OPTION_LENGTH)
                if text.casefold() in seen:
                    self.fail(here + ("options", number),
                              N_("Line %(line)d: two options have the same text “%(text)s”."), text=text)
                seen.add(text.casefold())
                options.append(text)
            if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
                self.fail(here + ("options",), N_("Line %(line)d: a segment question needs %(min)d to %(max)d options."),
                          min=MIN_OPTIONS, max=MAX_OPTIONS)
            required = entry.get("required", False)
            if type(required) is not bool:
                self.fail(here + ("required",), N_("Line %(line)d: “required” must be true or false."))
            segments.append({"question": question, "options": options, "required": required})
            self.domain_check(segments, here)
        return segments

    def domain_check(self, segments: list[dict], path: tuple) -> None:
        """The workshop's own rules (facilitation/segments.py), so that what a plan imports the
        settings page can save again; the line checks above only point at where a problem is."""
        try:
            clean_segments(segments)
        except DomainError as error:
            raise PlanError(N_("Line %(line)d: %(problem)s"), detail=error, line=self.line(path)) from None

    def activities(self, value, theme_titles: list[str]) -> list[dict]:
        path = ("activities",)
        activities = []
        entries = self.items(
            value, path, N_("the activities"), workshops.MAX_ACTIVITIES,
            N_("Line %(line)d: a plan can have at most %(max)d activities."),
        )
        for index, entry in enumerate(entries):
            here, number = path + (index,), index + 1
            self.fields(entry, here, N_("an activity"), ACTIVITY_FIELDS)
            kind = entry.get("kind")
            known = ", ".join(KINDS)
            if kind is None:
                self.fail(here, N_("Line %(line)d: activity %(number)d has no kind; the kinds are %(known)s."),
                          number=number, known=known)
            if not isinstance(kind, str) or kind not in KINDS:
                self.fail(here + ("kind",),
                          N_("Line %(line)d: activity %(number)d has an unknown kind “%(kind)s”; the kinds are %(known)s."),
                          number=number, kind=str(kind)[:40], known=known)
            prompt = self.text(entry.get("prompt"), here + ("prompt",), N_("the question"),
                               workshops.MAX_PROMPT_LENGTH)
            settings = entry.get("settings")
            if settings is None:
                settings = {}
            if not isinstance(settings, dict):
                self.fail(here + ("settings",),
                          N_("Line %(line)d: %(field)s must be a set of fields (name: value)."),
                          field=N_("the settings"))
            notes = entry.get("notes")
            if notes is not None:
                try:
                    notes = workshops.clean_notes(notes if not isinstance(notes, (int, float)) else str(notes))
                except DomainError:
                    self.fail(here + ("notes",), N_("Line %(line)d: %(field)s must be a text of at most %(max)d characters."),
                              field=N_("the speaker notes"), max=workshops.MAX_NOTES_LENGTH)
            activities.append({
                "kind": kind,
                "prompt": prompt,
                **({"notes": notes} if notes else {}),
                "settings": self.settings(kind, settings, here, number, theme_titles),
            })
        return activities

    def settings(self, kind: str, raw: dict, here: tuple, number: int, theme_titles: list[str]) -> dict:
        """Check an activity's settings with its kind's own `clean_config`. Themes are named by
        title in a plan; the kind sees them as stand-in ids (their 1-based place in the plan)."""
        path = here + ("settings",)
        settings = dict(raw)
        if "themes" in settings:
            settings["themes"] = self.theme_references(settings["themes"], path + ("themes",), theme_titles)
        options = settings.get("options")
        if isinstance(options, list):  # `- 2026` or `- 10:30` is meant as an option's text
            settings["options"] = [
                option if isinstance(option, (str, dict)) else self.raw.get(path + ("options", i), option)
                for i, option in enumerate(options)
            ]
        if _json_size(settings) > workshops.MAX_CONFIG_BYTES:
            self.fail(path, N_("Line %(line)d: the settings of activity %(number)d are too large."), number=number)
        try:
            cleaned = KINDS[kind].clean_config(settings)
        except DomainError as error:
            raise PlanError(
                N_("Line %(line)d: activity %(number)d: %(problem)s"),
                detail=error,
                line=self.line(here),
                number=number,
            ) from None
        for key in raw:
            if key not in cleaned:
                self.fail(
                    path + (key,),
                    N_("Line %(line)d: activity %(number)d (%(kind)s) has no setting “%(name)s”; its settings are %(known)s."),
                    number=number, kind=kind, name=key, known=", ".join(cleaned) or "–",
                )
        return _settings_for_file(cleaned, dict(enumerate(theme_titles, start=1)))

    def theme_references(self, value, path: tuple, theme_titles: list[str]):
        if isinstance(value, str) and value.strip().casefold() == "all":
            return "all"
        if not isinstance(value, list):
            self.fail(path, N_("Line %(line)d: “themes” must be all or a list of theme titles."))
        by_title = {title.casefold(): place for place, title in enumerate(theme_titles, start=1)}
        ids = []
        for index, reference in enumerate(value):
            title = self.text(reference, path + (index,), N_("a theme title"), workshops.MAX_THEME_TITLE_LENGTH)
            if title.casefold() not in by_title:
                self.fail(path + (index,), N_("Line %(line)d: there is no theme called “%(title)s” in this plan."),
                          title=title)
            ids.append(by_title[title.casefold()])
        return ids


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
        if hasattr(Workshop, name):
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
    if hasattr(Workshop, "segments"):
        workshop.segments = copy.deepcopy(segments)


def _segments_of(workshop: Workshop) -> list[dict]:
    """The workshop's segment questions in plan form ([] while the model has none)."""
    result = []
    for segment in getattr(workshop, "segments", None) or []:
        read = segment.get if isinstance(segment, dict) else lambda name, default=None: getattr(segment, name, default)
        result.append({
            "question": read("question", ""),
            "options": list(read("options", []) or []),
            "required": bool(read("required", False)),
        })
    return result

"""Checking a parsed plan and building its normal form. The values are checked by the domain's
own validators (facilitation/workshops/validators.py, facilitation/segments.py, each kind's
`clean_config`), the same the settings page and the API use; this module checks the file's
structure (fields, lists, texts, theme titles) and adds the line of the file to every error."""

from __future__ import annotations

import copy

from .. import workshops
from ..errors import DomainError, N_
from ..kinds import KINDS
from ..segments import check_segment_count, clean_options, clean_question, clean_required, clean_segments
from .syntax import PlanError

PLAN_VERSION = 1

FIELDS = ("version", "title", "language", "themes", "segments", "activities")
THEME_FIELDS = ("title", "description")
SEGMENT_FIELDS = ("question", "options", "required")
ACTIVITY_FIELDS = ("kind", "prompt", "notes", "settings")


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

    def checked(self, path: tuple, validate, *args, number: int | None = None):
        """`validate(*args)`: one of the domain's validators. Its error becomes a PlanError that
        names the line of `path` (and the activity's `number`, for an activity's parts)."""
        try:
            return validate(*args)
        except DomainError as error:
            if number is None:
                raise PlanError(N_("Line %(line)d: %(problem)s"), detail=error, line=self.line(path)) from None
            raise PlanError(N_("Line %(line)d: activity %(number)d: %(problem)s"), detail=error,
                            line=self.line(path), number=number) from None

    def items(self, value, path: tuple, field: str, check_count) -> list:
        """A list of the plan (None is an empty one), as long as the domain's `check_count`
        allows; an error names the first item too many."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, N_("Line %(line)d: %(field)s must be a list."), field=field)
        for index in range(len(value)):
            self.checked(path + (index,), check_count, index + 1)
        return value

    def written(self, value, path: tuple, field: str, required: bool = True) -> str | None:
        """The text the file holds at `path`: a text, or as written when YAML read it as a
        number or date (`title: 2026`); None when it is missing and not required."""
        if value is None:
            if required:
                self.fail(path, N_("Line %(line)d: %(field)s is missing."), field=field)
            return None
        if not isinstance(value, str):
            if path not in self.raw:
                self.fail(path, N_("Line %(line)d: %(field)s must be a text."), field=field)
            value = self.raw[path]
        return value

    def text(self, value, path: tuple, field: str, clean, required: bool = True) -> str:
        """A text of the plan, cleaned by the domain's validator `clean`."""
        return self.checked(path, clean, self.written(value, path, field, required))

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
        title = self.text(plan.get("title"), ("title",), N_("the title"), workshops.clean_title)
        language = self.checked(("language",), workshops.clean_language, plan.get("language", "da"))
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
        entries = self.items(value, path, N_("the themes"), workshops.check_theme_count)
        for index, entry in enumerate(entries):
            here = path + (index,)
            if isinstance(entry, dict):
                self.fields(entry, here, N_("a theme"), THEME_FIELDS)
                title = self.text(entry.get("title"), here + ("title",), N_("the theme’s title"),
                                  workshops.clean_theme_title)
                description = self.text(entry.get("description"), here + ("description",), N_("the description"),
                                        workshops.clean_theme_description, required=False)
            else:  # the short form: just the title
                title = self.text(entry, here, N_("the theme’s title"), workshops.clean_theme_title)
                description = ""
            if title.casefold() in seen:
                self.fail(here, N_("Line %(line)d: two themes have the same title “%(title)s”."), title=title)
            seen.add(title.casefold())
            themes.append({"title": title, "description": description})
        return themes

    def segments(self, value) -> list[dict]:
        path = ("segments",)
        segments = []
        for index, entry in enumerate(self.items(value, path, N_("the segment questions"), check_segment_count)):
            here = path + (index,)
            self.fields(entry, here, N_("a segment question"), SEGMENT_FIELDS)
            question = self.text(entry.get("question"), here + ("question",), N_("the question"), clean_question)
            raw_options = entry.get("options")
            if not isinstance(raw_options, list):
                self.fail(here + ("options",), N_("Line %(line)d: %(field)s must be a list."), field=N_("the options"))
            written = [self.written(option, here + ("options", number), N_("an option"))
                       for number, option in enumerate(raw_options)]
            options = self.checked(here + ("options",), clean_options, written)
            required = self.checked(here + ("required",), clean_required, entry.get("required", False))
            segments.append({"question": question, "options": options, "required": required})
            # The rules across the questions (no two alike), as the settings page applies them.
            self.checked(here, clean_segments, segments)
        return segments

    def activities(self, value, theme_titles: list[str]) -> list[dict]:
        path = ("activities",)
        activities = []
        entries = self.items(value, path, N_("the activities"), workshops.check_activity_count)
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
            prompt = self.text(entry.get("prompt"), here + ("prompt",), N_("the question"), workshops.clean_prompt)
            settings = entry.get("settings")
            if settings is None:
                settings = {}
            if not isinstance(settings, dict):
                self.fail(here + ("settings",),
                          N_("Line %(line)d: %(field)s must be a set of fields (name: value)."),
                          field=N_("the settings"))
            notes = entry.get("notes")
            if notes is not None:
                notes = self.checked(here + ("notes",), workshops.clean_notes,
                                     notes if not isinstance(notes, (int, float)) else str(notes), number=number)
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
        self.checked(path, workshops.check_config_size, settings, number=number)
        cleaned = self.checked(here, KINDS[kind].clean_config, settings, number=number)
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
            title = self.text(reference, path + (index,), N_("a theme title"), workshops.clean_theme_title)
            if title.casefold() not in by_title:
                self.fail(path + (index,), N_("Line %(line)d: there is no theme called “%(title)s” in this plan."),
                          title=title)
            ids.append(by_title[title.casefold()])
        return ids

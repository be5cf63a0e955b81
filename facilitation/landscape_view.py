"""The landscape view: every theme of a workshop across its prioritisations, as plain data for
the facilitator's landscape page and the projector screen (facilitation/landscape.py does the
figures; this module reads the workshop and says what each audience may see). Flask-free.

- The prioritisations are the workshop's theme activities (a kind with ``standings``) that were
  opened, in the agenda's order. The screen's version (``for_screen``) keeps only those whose
  results are revealed, as the screen shows an activity's results only then
  (workshops.screen_view); the facilitator's version keeps every one and marks the others.
- With a segment question, each group's standings side by side: each activity's answers split
  by workshops.split_results, the disclosure rule of segments.py (docs/aggregation.md, "Splits
  by segment"), so a group is shown in a prioritisation only where the rule counts it there,
  and the people held back are said per prioritisation.
"""

from __future__ import annotations

from functools import cache

from babel.support import Translations
from sqlalchemy.orm import Session

from . import landscape, workshops
from .db import PROJECT_ROOT
from .errors import InvalidInput, N_
from .record.numbers import format_fixed, format_number
from .record.words import Translate, no_translation
from .kinds import get_kind
from .models import Workshop

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@cache
def translator(language: str) -> Translate:
    """A `translate` into `language` from the compiled catalogues (translations/), for the
    landscape sent outside a request (the broadcaster's tick); English message ids without them."""
    return Translations.load(str(PROJECT_ROOT / "translations"), [language]).gettext


def in_landscape(activity, for_screen: bool = False) -> bool:
    """Whether the landscape shows this activity: a theme activity (its kind has standings)
    that was opened; for the screen, also with its results revealed."""
    if not hasattr(get_kind(activity.kind), "standings") or activity.state == "draft":
        return False
    return activity.results_revealed or not for_screen


def on_screen(activity) -> bool:
    """Whether the screens' landscape shows this activity (in_landscape for the screen)."""
    return in_landscape(activity, for_screen=True)


def _prioritisations(workshop: Workshop, for_screen: bool) -> list:
    """The theme activities the landscape shows, in the agenda's order."""
    return [activity for activity in workshop.activities if in_landscape(activity, for_screen)]


def shown_figure(standing: landscape.Standing, language: str) -> str:
    """A standing's figure as the landscape shows it: "4,7", "53 %", "70 → 30 ↑"; "–" without."""
    if landscape.is_position(standing.figure):
        if not standing.n:
            return "–"
        x = format_number(standing.detail["x"], language, 0)
        y = format_number(standing.detail["y"], language, 0)
        return f"{x} → {y} ↑"
    if standing.value is None or not standing.n:
        return "–"
    if landscape.is_percent(standing.figure):
        return f"{format_number(100 * standing.value, language, 0)}\u00a0%"
    return format_fixed(standing.value, language, 1)


def _standing(standing: landscape.Standing, language: str) -> dict:
    return {
        "activity_id": standing.activity_id,
        "figure": standing.figure,
        "value": standing.value,
        "shown": shown_figure(standing, language),
        "place": standing.place,
        "place_text": standing.place_text,
        "of": standing.of,
        "n": standing.n,
        "agreement": standing.agreement,
        "divided": standing.divided,
        "detail": standing.detail,
    }


def _themes_of(found: list[landscape.ThemeLandscape], language: str) -> list[dict]:
    return [{"id": theme.theme_id, "label": theme.label, "methods_disagree": theme.methods_disagree,
             "standings": [_standing(standing, language) for standing in theme.standings]}
            for theme in found]


def _split(session: Session, workshop: Workshop, activities: list, themes: list[dict], question: str,
           language: str) -> dict:
    """Each group's landscape under the disclosure rule, and how many are held back where."""
    definitions = workshop.segments or []
    definition = next(d for d in definitions if d["question"] == question)
    by_group: dict[str, list] = {label: [] for label in definition["options"]}
    counted: dict[str, dict] = {label: {} for label in definition["options"]}
    held_back = []
    for activity, kind, config in activities:
        split = workshops.split_results(kind, config, definitions, question, workshops.answer_rows(session, activity),
                                        workshops.min_group_size(session))
        held_back.append({"activity_id": activity.id, "held_back": split["held_back"],
                          "protected": bool(split["protected"])})
        for group in split["groups"]:
            by_group[group["label"]].append(
                landscape.Activity(activity.id, activity.prompt, kind, config, group["results"]))
            counted[group["label"]][str(activity.id)] = group["n"]
    groups = [{"label": label, "n": counted[label],
               "themes": _themes_of(landscape.landscape(themes, found), language)}
              for label, found in by_group.items() if found]
    return {"question": question, "min_size": workshops.min_group_size(session), "groups": groups,
            "held_back": held_back}


def landscape_view(session: Session, workshop: Workshop, translate: Translate = no_translation, *,
                   for_screen: bool = False, split_by: str | None = None) -> dict:
    """The workshop's landscape as JSON-able data, its words in the workshop's language
    (`translate` translates into it).

    ``{"language", "prioritisations": [{"id", "letter", "prompt", "kind", "figure", "caption",
    "state", "revealed", "responses"}], "themes": [{"id", "label", "methods_disagree",
    "sentence", "remarks" (the sentence's words beyond the standings, "" without; for the screen
    naming each prioritisation by its letter), "standings": [{"activity_id", "figure", "value", "shown", "place", "of", "n",
    "agreement", "divided", "detail"}]}], "segment_questions": [...], "split": None | {"question",
    "min_size", "groups": [{"label", "n": {activity id: n}, "themes": [...]}], "held_back":
    [{"activity_id", "held_back", "protected"}]}}``.

    `for_screen`: only the prioritisations whose results are revealed. `split_by`: one of the
    workshop's segment questions, else InvalidInput.
    """
    language = workshop.language
    questions = [item["question"] for item in workshop.segments or []]
    if split_by is not None and split_by not in questions:
        raise InvalidInput(N_("There is no such segment question in this workshop."))
    themes = [{"id": theme.id, "label": theme.title} for theme in workshop.themes]
    activities = []
    for activity in _prioritisations(workshop, for_screen):
        kind = get_kind(activity.kind)
        config = workshops.resolved_config(activity)
        activities.append((activity, kind, config))
    tallies = {activity.id: workshops.results(session, activity) for activity, _, _ in activities}
    found = landscape.landscape(themes, [landscape.Activity(activity.id, activity.prompt, kind, config,
                                                            tallies[activity.id])
                                         for activity, kind, config in activities])
    prioritisations = []
    for index, (activity, kind, config) in enumerate(activities):
        any_standing = next(iter(kind.standings(config, tallies[activity.id]).values()), None)
        figure = any_standing["figure"] if any_standing else None
        numbers = {"low": config.get("scale_min", 1), "high": config.get("scale_max", 5),
                   "k": (any_standing or {}).get("k", 0)}
        prioritisations.append({
            "id": activity.id, "letter": LETTERS[index % len(LETTERS)], "prompt": activity.prompt,
            "kind": activity.kind, "figure": figure,
            "caption": translate(landscape.FIGURES[figure]["caption"]) % numbers if figure else "",
            "state": activity.state, "revealed": activity.results_revealed,
            "responses": tallies[activity.id].get("responses", 0),
        })
    result = _themes_of(found, language)
    # The screen is read from afar and its columns carry letters: its words name a prioritisation
    # by its letter, which keeps a sentence short enough to be read there.
    letters = {item["id"]: item["letter"] for item in prioritisations}
    name = (lambda standing: letters[standing.activity_id]) if for_screen else landscape.by_prompt
    for item, theme in zip(result, found):
        item["sentence"] = landscape.sentence(theme, translate, language, name)
        item["remarks"] = " ".join(landscape.remarks(theme, translate, name))
    return {
        "language": language,
        "prioritisations": prioritisations,
        "themes": result,
        "segment_questions": questions,
        "split": _split(session, workshop, activities, themes, split_by, language) if split_by else None,
    }

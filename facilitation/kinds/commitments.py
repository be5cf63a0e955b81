"""What we will do: a closing activity in which each participant writes one concrete local step
for a theme they pick. Anonymous and moderated like ideas; the record lists the steps per theme,
the action list people take home.

Config: ``{"themes": "all" | [theme id, …], "shuffle": false, "max_length": 10–280 (200),
"per_participant": 1–20 (1), "moderation": "open" | "approve"}``; the domain adds the resolved
themes as ``config["items"]``.
Answer: ``{"theme": "12", "text": "…"}``: the string id of one of the activity's themes and
one step (collect.clean_text).
Tally (of entries, see collect.py; an entry carries its answer's ``theme``): ``{"responses":
visible commitments, "themes": [{"id", "label", "removed", "commitments": [{"id", "text"}]}],
"moderation": {"pending": […], "hidden": […]}}``. The themes come in the items' order, every
theme listed (with an empty list when nobody chose it); visible commitments to a theme no
longer part of the activity follow in one last group with ``id`` None and ``removed`` True.
Moderation entries are ``{"id", "text", "theme", "theme_label"}`` (``theme_label`` None for a
removed theme), and only ever reach the facilitator.
"""

from __future__ import annotations

from ..errors import InvalidInput, N_
from ..record.models import Bar, BarChart, DisplayTable, Table
from . import collect, presentation, theme_config

NAME = "commitments"
LABEL = N_("Our next steps")
ONE_RESPONSE_PER_PARTICIPANT = False
LIVE_TO_PHONES = False
CHANGEABLE_SETTINGS = ("moderation", "max_length", "shuffle")

REMOVED_THEME = N_("(removed theme)")

TRAITS = {"collects": True, "live_to_phones": LIVE_TO_PHONES, "chart": "bars", "per_theme": False,
          "sortable": False, "promotes": False, "agreement": False, "entries_noun": "commitments_count"}
# What static/js/kinds/commitments.js shows (facilitation/web/strings.py hands them to the page).
CLIENT_STRINGS = {
    "commitments_count": N_("{n} next steps shown"),
    "commitments_count_one": N_("1 next step shown"),
    "commitment_choose_theme": N_("Choose a theme"),
    "commitment_your_step": N_("One concrete step we will take at home"),
    "commitment_incomplete": N_("Choose a theme and write your step."),
    "commitment_send": N_("Send my step"),
    "commitment_yours": N_("Your next steps"),
    "commitment_none_yet": N_("No next steps yet."),
    "commitment_theme_removed": REMOVED_THEME,
}
SPLIT_FIGURE = ""  # commitments are not split by segment: they are texts
HOW_COMPUTED = ()  # counting texts per theme needs no appendix


def clean_config(raw) -> dict:
    """Validate the themes (theme_config.clean_themes) and the collecting settings: at most 200
    characters and 1 step per participant by default, moderation "open" or "approve"."""
    if not isinstance(raw, dict):
        raise InvalidInput(N_("The settings must be an object."))
    return {**theme_config.clean_themes(raw), **collect.clean_settings(raw, default_length=200, default_count=1)}


def clean_answer(config: dict, raw) -> dict:
    """Return ``{"theme": theme id (string), "text": …}``, or raise InvalidInput: the theme must
    be one of the activity's, the text as collect.clean_text cleans it."""
    keys = theme_config.require_items(config)
    if not isinstance(raw, dict):
        raise InvalidInput(N_("Write a text."))
    theme = raw.get("theme")
    if type(theme) is int:
        theme = str(theme)
    if theme is None or theme == "":
        raise InvalidInput(N_("Choose the theme your step is about."))
    theme_config.check_theme_keys([theme], keys)
    return {"theme": theme, **collect.clean_text(config, raw)}


def _moderated(entry: dict, labels: dict) -> dict:
    theme = str(entry["theme"])
    return {"id": entry["id"], "text": entry["text"], "theme": theme, "theme_label": labels.get(theme)}


def tally(config: dict, entries: list[dict]) -> dict:
    """The visible commitments per theme (in the order they were sent), and what moderation holds
    back; see the module's docstring."""
    visible, held = collect.split_by_status(entries)
    items = theme_config.items(config)
    labels = {str(item["id"]): item["label"] for item in items}
    groups = {key: [] for key in labels}
    removed = []
    for entry in visible:
        commitment = {"id": entry["id"], "text": entry["text"]}
        groups.get(str(entry["theme"]), removed).append(commitment)
    themes = [{**theme_config.theme_row(item), "removed": False, "commitments": groups[str(item["id"])]}
              for item in items]
    if removed:
        themes.append({"id": None, "label": "", "removed": True, "commitments": removed})
    return {
        "responses": len(visible),
        "themes": themes,
        "moderation": {status: [_moderated(e, labels) for e in found] for status, found in held.items()},
    }


public_results = collect.public_results


def public_config(config: dict) -> dict:
    """Everything in the config, themes included, is fit for phones."""
    return config


def config_from_form(form) -> dict:
    """Read the editor form (templates/kinds/commitments/editor.html): the themes and the
    collecting settings."""
    return {**theme_config.themes_from_form(form), **collect.settings_from_form(form)}


# --- presentation (docs/architecture.md, the kind contract) ----------------------------------------


def _label(theme: dict, translate) -> str:
    return translate(REMOVED_THEME) if theme.get("removed") else theme.get("label", "")


def screen_order(config: dict, result: dict) -> list[dict]:
    """Commitments have no theme rows to sort (the themes are groups of texts): []."""
    return []


def summary_table(config: dict, result: dict, translate) -> Table:
    """One row per visible commitment: its theme and its text, theme by theme in the themes'
    order (those to a removed theme last)."""
    t = translate
    table = Table([t(N_("Theme")), t(N_("Next step"))], formats=[None, None])
    for theme in result.get("themes", []):
        label = _label(theme, t)
        table.rows.extend([label, commitment.get("text", "")] for commitment in theme.get("commitments", []))
    return table


def display_table(config: dict, result: dict, translate, language: str) -> DisplayTable:
    """The action list: the commitments grouped per theme, the theme named on its group's first
    row, a theme nobody chose with a dash."""
    t = translate
    table = DisplayTable([t(N_("Theme")), t(N_("Next step"))], numeric=[False, False],
                         note=t(N_("The next steps participants wrote, theme by theme; anonymous.")))
    for theme in result.get("themes", []):
        label = _label(theme, t)
        commitments = theme.get("commitments", [])
        if not commitments:
            table.rows.append([label, "–"])
        for number, commitment in enumerate(commitments):
            table.rows.append([label if number == 0 else "", str(commitment.get("text", ""))])
    return table


def notes(config: dict, result: dict, translate) -> list[str]:
    """How many themes got no commitment, when any (and which)."""
    t = translate
    empty = [theme["label"] for theme in result.get("themes", []) if not theme.get("removed")
             and not theme.get("commitments")]
    if not empty or not result.get("responses"):
        return []
    if len(empty) == 1:
        return [t(N_("1 theme got no next step: %(themes)s.")) % {"themes": empty[0]}]
    return [t(N_("%(n)d themes got no next step: %(themes)s.")) % {"n": len(empty), "themes": ", ".join(empty)}]


def answer_text(config: dict, answer: dict, label, translate, language: str) -> str:
    """One commitment as "Theme: step"."""
    if not answer:
        return ""
    if "theme" not in answer:
        return presentation.plain_answer(answer)
    return f"{label(answer['theme'])}: {answer.get('text', '')}"


def chart(config: dict, result: dict, translate, language: str) -> BarChart:
    """Bars: how many commitments each theme got, in the themes' order."""
    themes = result.get("themes", [])
    maximum = max([len(theme.get("commitments", [])) for theme in themes] + [1])
    bars = [Bar(_label(theme, translate), len(theme.get("commitments", [])) / maximum,
                str(len(theme.get("commitments", [])))) for theme in themes]
    return BarChart(bars, description=translate(N_("Bars: how many next steps each theme got.")))


def split_rows(config: dict) -> list[dict]:
    """No split table: []."""
    return []


def split_cell(config: dict, group_result: dict, row_id, language: str, translate) -> str:
    """No split table: ""."""
    return ""


def rename_themes(answer: dict, rename: dict[str, str]) -> dict:
    """The answer with its "theme" replaced by ``rename[theme]``, or without one when `rename`
    does not know it: to carry answers into a workshop with other theme ids (archives)."""
    renamed = {key: value for key, value in answer.items() if key != "theme"}
    if str(answer.get("theme")) in rename:
        renamed["theme"] = rename[str(answer["theme"])]
    return renamed

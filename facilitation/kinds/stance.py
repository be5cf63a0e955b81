"""Stance: on each theme, a participant takes a stance: yes, no or not sure.

The facilitator may rename the three choices ("Vi er med / Ikke os / Ved ikke"); an empty name
means the default ("Yes", "No", "Not sure" in the reader's language).

Config: ``{"themes": "all" | [theme id, …], "shuffle": false, "yes_label": "", "no_label": "",
"not_sure_label": ""}``; each name at most 30 characters, and the names given must differ. The
domain adds the resolved themes as ``config["items"] = [{"id": 12, "label": "KOMBIT", …}, …]``
before ``clean_answer``, ``tally`` and ``public_config``.
Answer: ``{"stances": {"12": "yes", "13": "not_sure", …}}``: at least one theme (string ids),
each "yes", "no" or "not_sure"; themes left out are no answer.
Tally: ``{"responses": n, "themes": [{"id", "label", "yes", "no", "not_sure", "n", "share_yes",
"agreement", "divided"}, …]}`` in the items' order, where ``n`` = yes + no + not_sure,
``share_yes`` = yes / (yes + no), the share of yes among those who took a side (None when nobody
did), ``agreement`` is van der Eijk's A over the ordered answers no < not sure < yes (None when
n < 2) and ``divided`` is A < 0 with n ≥ 5, as for the other theme kinds (see
docs/aggregation.md). Stances on themes no longer in the items are left out.

Besides the domain functions the module gives the record (XLSX, CSV, report, PDF) and the
browser what they need of the kind (docs/architecture.md, "Adding an activity kind").
"""

from __future__ import annotations

import math

from ..errors import InvalidInput, N_
from ..record.models import INTEGER, ONE_DECIMAL, TWO_DECIMALS, Bar, BarChart, DisplayTable, Table
from ..record.numbers import format_fixed
from . import presentation, stats, theme_config

NAME = "stance"
LABEL = N_("Stance (yes / no / not sure)")
ONE_RESPONSE_PER_PARTICIPANT = True

YES, NO, NOT_SURE = "yes", "no", "not_sure"
# The order of the scale agreement is read on: "not sure" lies between no and yes.
CHOICES = (NO, NOT_SURE, YES)
MAX_LABEL_LENGTH = 30
LABEL_FIELDS = {YES: "yes_label", NO: "no_label", NOT_SURE: "not_sure_label"}
DEFAULT_LABELS = {YES: N_("Yes"), NO: N_("No"), NOT_SURE: N_("Not sure")}

TRAITS = {
    "collects": False,
    "live_to_phones": False,
    "chart": "bars",
    "per_theme": True,
    "sortable": True,
    "promotes": False,
    "agreement": True,
    "entries_noun": "",
}

# Texts the phone, dashboard and screen scripts show for this kind (facilitation/web/strings.py
# hands them to the page with the others; a key + "_one" is the singular form).
CLIENT_STRINGS = {
    "stance_yes": N_("Yes"),
    "stance_no": N_("No"),
    "stance_not_sure": N_("Not sure"),
    "stance_at_least_one": N_("Take a stance on at least one theme."),
}

# The report's appendix ("How the numbers were computed"): how this kind's figures are read.
HOW_COMPUTED = (N_(
    "Stance: on each theme yes, no or not sure (the facilitator may rename them). The share of yes is of "
    "those who took a side, yes / (yes + no); not sure is counted apart. Agreement reads the answers as "
    "the ordered scale no < not sure < yes, so a room in two camps of yes and no is below 0: without "
    "any not sure, A = 1 − 4 × the smaller side / n, and more than a quarter on the smaller side is a "
    "divided room from 5 answers on."),)

SPLIT_FIGURE = N_("The share of yes among those in each group who took a side, with how many did.")


# --- the domain ---------------------------------------------------------------------------------


def clean_config(raw) -> dict:
    """Validate the themes and the three choices' names (each at most 30 characters, empty for
    the default, the names given all different). ``items`` is dropped, so a config round-trips
    through this function unchanged."""
    if not isinstance(raw, dict):
        raise InvalidInput(N_("The settings must be an object."))
    config = theme_config.clean_themes(raw)
    labels = {
        field: theme_config.clean_text(
            raw.get(field),
            MAX_LABEL_LENGTH,
            message=N_("A choice’s name can be at most %(max)d characters long."),
        )
        for field in LABEL_FIELDS.values()
    }
    given = [label.casefold() for label in labels.values() if label]
    if len(set(given)) < len(given):
        raise InvalidInput(N_("The three choices need different names."))
    return {**config, **labels}


def clean_answer(config: dict, raw) -> dict:
    """Return ``{"stances": {id: stance}}`` in the items' order, or raise InvalidInput."""
    keys = theme_config.require_items(config)
    if not isinstance(raw, dict) or not isinstance(raw.get("stances"), dict):
        raise InvalidInput(N_("The answer must give a stance per theme."))
    stances = raw["stances"]
    if not stances:
        raise InvalidInput(N_("Take a stance on at least one theme."))
    theme_config.check_theme_keys(stances, keys)
    if not all(isinstance(value, str) and value in CHOICES for value in stances.values()):
        raise InvalidInput(N_("A stance is yes, no or not sure."))
    return {"stances": {key: stances[key] for key in keys if key in stances}}


def theme_figures(yes: int, no: int, not_sure: int) -> dict:
    """The figures of one theme from its three counts (see the module's docstring)."""
    n = yes + no + not_sure
    counts = [no, not_sure, yes]
    return {
        "yes": yes,
        "no": no,
        "not_sure": not_sure,
        "n": n,
        "share_yes": yes / (yes + no) if yes + no else None,
        "agreement": stats.agreement(counts),
        "divided": stats.divided(counts, n),
    }


def tally(config: dict, answers: list[dict]) -> dict:
    """Per theme: how many said yes, no and not sure, the share of yes, and agreement."""
    themes = []
    for item in theme_config.items(config):
        key = str(item["id"])
        counts = {choice: 0 for choice in CHOICES}
        for answer in answers:
            value = (answer.get("stances") or {}).get(key)
            if isinstance(value, str) and value in counts:
                counts[value] += 1
        themes.append({**theme_config.theme_row(item), **theme_figures(counts[YES], counts[NO], counts[NOT_SURE])})
    return {"responses": len(answers), "themes": themes}


def answered_themes(answer: dict) -> set[str]:
    """The themes an answer takes a stance on (for splits; "not sure" is a stance)."""
    return {key for key, value in (answer.get("stances") or {}).items() if value in CHOICES}


def answer_for_themes(answer: dict, keys: set[str]) -> dict:
    """The answer with only the stances on `keys` (for splits)."""
    return {**answer, "stances": {key: value for key, value in answer["stances"].items() if key in keys}}


# The landscape's words for this kind's standing (facilitation/landscape.py): the clause of a
# theme's sentence and the caption above its column; a share, shown in per cent.
STANDING_FIGURES = {
    "yes_share": {
        "clause": N_("%(value)s %% yes of those who took a side in “%(prompt)s” (no. %(place)s of %(of)d)"),
        "caption": N_("share of yes"),
        "percent": True,
    },
}


def standings(config: dict, result: dict) -> dict[int, dict]:
    """Each theme's standing in this stance, for the landscape (facilitation/landscape.py): the
    share of yes among those who took a side (None before anyone did), with their number as n."""
    return {
        theme["id"]: {"figure": "yes_share", "value": theme["share_yes"], "n": theme["yes"] + theme["no"],
                      "agreement": theme["agreement"], "divided": theme["divided"]}
        for theme in result.get("themes", [])
    }


def public_config(config: dict) -> dict:
    """Everything in a stance's config, themes included, is fit for phones."""
    return config


def config_from_form(form) -> dict:
    """Read the editor form (templates/kinds/stance/editor.html)."""
    return {
        **theme_config.themes_from_form(form),
        **{field: form.get(field) for field in LABEL_FIELDS.values()},
    }


def choice_label(config: dict, choice: str, translate) -> str:
    """The name of `choice` ("yes", "no", "not_sure") as the facilitator set it, or the default."""
    return config.get(LABEL_FIELDS[choice]) or translate(DEFAULT_LABELS[choice])


# --- presentation: what the record and the browser need -------------------------------------------


def percent(share: float) -> int:
    """A share (0 … 1) as a whole per cent, halves up, as the browser's Math.round does."""
    return math.floor(100 * share + 0.5)


def _share_order(theme: dict) -> tuple:
    # Most yes first; nobody on a side after every theme with sides; then more answers first.
    share = theme["share_yes"]
    return (share is None, -(share or 0.0), -theme["n"])


def screen_order(config: dict, result: dict) -> list[dict]:
    """The themes by share of yes, highest first (themes where nobody took a side last; equal
    shares: more answers first, then the themes' order)."""
    return sorted(result.get("themes", []), key=_share_order)


def summary_table(config: dict, result: dict, translate):
    """Raw figures for XLSX/CSV, one row per theme in the screen's order."""
    t = translate
    table = Table(
        [t(N_("Theme")), choice_label(config, YES, t), choice_label(config, NO, t),
         choice_label(config, NOT_SURE, t), t(N_("n")), t(N_("Yes of those who took a side (%)")),
         t(N_("Agreement A")), t(N_("Divided"))],
        formats=[None, INTEGER, INTEGER, INTEGER, INTEGER, ONE_DECIMAL, TWO_DECIMALS, None],
    )
    for theme in screen_order(config, result):
        share = theme["share_yes"]
        table.rows.append([theme["label"], theme["yes"], theme["no"], theme["not_sure"], theme["n"],
                           None if share is None else 100 * share, theme["agreement"],
                           presentation.yes_no(theme["divided"], t)])
    return table


def display_table(config: dict, result: dict, translate, language: str):
    """The figures under the chart in the report and PDF, formatted for reading."""
    t = translate
    table = DisplayTable(
        [t(N_("Theme")), choice_label(config, YES, t), choice_label(config, NO, t),
         choice_label(config, NOT_SURE, t), t(N_("n")), t(N_("Yes of those who took a side")),
         t(N_("Agreement A")), t(N_("Divided"))],
        numeric=[False, True, True, True, True, True, True, False],
    )
    for theme in screen_order(config, result):
        share = theme["share_yes"]
        table.rows.append([
            theme["label"], str(theme["yes"]), str(theme["no"]), str(theme["not_sure"]), str(theme["n"]),
            "–" if share is None else f"{percent(share)} %",
            format_fixed(theme["agreement"], language), presentation.divided_cell(theme, t),
        ])
    return table


def notes(config: dict, result: dict, translate) -> list[str]:
    """The three choices' names, and how the share of yes and agreement are read."""
    t = translate
    return [
        t(N_("The choices: %(yes)s, %(no)s, %(not_sure)s.")) % {
            "yes": choice_label(config, YES, t), "no": choice_label(config, NO, t),
            "not_sure": choice_label(config, NOT_SURE, t)},
        t(N_("The share of yes is of those who took a side (yes or no); agreement reads “%(not_sure)s” as "
             "lying between “%(no)s” and “%(yes)s”.")) % {
            "yes": choice_label(config, YES, t), "no": choice_label(config, NO, t),
            "not_sure": choice_label(config, NOT_SURE, t)},
    ]


def answer_text(config: dict, answer: dict, label, translate, language: str) -> str:
    """One answer as text: "KOMBIT: Ja; Kulturarv: Ved ikke"."""
    stances = (answer or {}).get("stances") or {}
    return "; ".join(
        f"{label(key)}: {choice_label(config, value, translate) if value in CHOICES else value}"
        for key, value in stances.items()
    )


def chart(config: dict, result: dict, translate, language: str):
    """Bars: the share of yes among those who took a side, per theme, most yes first ("–" when
    nobody did); the three counts and agreement under each bar."""
    t = translate
    bars = []
    for theme in screen_order(config, result):
        share = theme["share_yes"]
        detail = [f"{choice_label(config, YES, t)} {theme['yes']} · {choice_label(config, NO, t)} {theme['no']} · "
                  f"{choice_label(config, NOT_SURE, t)} {theme['not_sure']}"]
        detail += presentation.agreement_detail(theme, t, language)
        value = "–" if share is None else f"{percent(share)} %"
        bars.append(Bar(theme["label"], share or 0.0, value, " · ".join(detail), bool(theme["divided"])))
    return BarChart(bars, "0 %", "100 %",
                    t(N_("Bars: the share of yes among those who took a side on each theme, most yes first.")))


def split_rows(config: dict) -> list[dict]:
    """One row per theme."""
    return [{"id": item["id"], "label": item["label"]} for item in theme_config.items(config)]


def split_cell(config: dict, group_result: dict, row_id, language: str, translate) -> str:
    """A group's share of yes on a theme, with how many took a side: "75 % (8)"; "–" for none."""
    theme = next((theme for theme in group_result.get("themes", []) if theme["id"] == row_id), None)
    if theme is None or theme["share_yes"] is None:
        return "–"
    return f"{percent(theme['share_yes'])} % ({theme['yes'] + theme['no']})"


def rename_themes(answer: dict, rename: dict[str, str]) -> dict:
    """The answer with each theme key in "stances" replaced by ``rename[key]`` (a key `rename` does
    not know is dropped): to carry answers into a workshop with other theme ids (archives)."""
    return {**answer, "stances": theme_config.renamed_keys(answer.get("stances"), rename)}

"""Who should lead: for each theme, participants choose who should lead it: one of the actors the
facilitator lists, "the local library" or "together" (the last two are fixed choices the
facilitator can switch off). One choice per theme; every theme is optional.

Config: ``{"themes": "all" | [theme id, …], "shuffle": false, "actors": [{"id": "a", "label":
"KOMBIT"}, …], "local": true, "together": true}``: 0 to 12 actors of at most 60 characters,
no two alike, and at least 2 choices in all; actor ids are a, b, c … in order, the fixed
choices are "local" and "together". The domain adds the resolved themes as ``config["items"]``.
Answer: ``{"leads": {"12": "a", "13": "local", …}}``: at least one theme (string ids), each
with one choice id.
Tally: ``{"responses": n, "choices": [choice id, …], "themes": [{"id", "label", "n", "counts",
"leaders", "leading_share", "agreement", "divided"}, …]}`` in the items' order, where ``counts``
maps every choice id (in the choices' order) to how many chose it for the theme, ``n`` is their
sum, ``leaders`` the most chosen choice ids (several when tied; none when n is 0),
``leading_share`` their share of n (None when n is 0), ``agreement`` is the qualitative
agreement ``1 − IQV`` over the choices (None when n < 2) and ``divided`` says that the two most
chosen each have at least a third of the answers, with n ≥ 5 (docs/aggregation.md, "Who should
lead"). Choices of themes or choice ids no longer in the config are left out.
"""

from __future__ import annotations

import string
from fractions import Fraction

from ..errors import InvalidInput, N_
from ..record.models import INTEGER, ONE_DECIMAL, TWO_DECIMALS, Bar, BarChart, DisplayTable, Table
from ..record.numbers import format_fixed
from . import presentation, stats, theme_config

NAME = "responsibility"
LABEL = N_("Who should lead")
ONE_RESPONSE_PER_PARTICIPANT = True

MAX_ACTORS = 12
MAX_ACTOR_LENGTH = 60
MIN_CHOICES = 2
ACTOR_IDS = string.ascii_lowercase[:MAX_ACTORS]
LOCAL, TOGETHER = "local", "together"
FIXED_CHOICES = {LOCAL: N_("The local library"), TOGETHER: N_("Together")}
# The demo's national actors: what a new activity offers until the facilitator changes it.
DEFAULT_ACTORS = ["Det Digitale Folkebibliotek", "Centralbibliotekerne", "KOMBIT", "Det Kgl. Bibliotek",
                  "Bibliotekernes Data og IT"]
# A theme is divided when its two most chosen leads each have at least this share of its answers.
DIVIDED_SHARE = Fraction(1, 3)

TRAITS = {
    "collects": False,
    "live_to_phones": False,
    "chart": "bars",  # the report draws the leading share as bars; the screen draws a heat map
    "per_theme": True,
    "sortable": True,
    "promotes": False,
    "agreement": True,
    "entries_noun": "",
}
# What static/js/kinds/responsibility.js shows, for the page's client strings (web/strings.py):
# the fixed choices, the phone and the heat map.
CLIENT_STRINGS = {
    "lead_local": N_("The local library"),
    "lead_together": N_("Together"),
    "lead_skip": N_("Skip this theme"),
    "lead_at_least_one": N_("Choose who should lead at least one theme."),
    "lead_theme": N_("Theme"),
    "lead_agreement": N_("Agreement"),
    "lead_most_chosen": N_("most chosen"),
    "lead_heatmap": N_("How many chose each lead for each theme; ★ marks the most chosen."),
}
# The report's agreement summary (record/report.py) in this kind's words: its agreement is
# 1 − IQV, not van der Eijk's A, and its divided flag is two camps (docs/aggregation.md).
AGREEMENT_SYMBOL = N_("agreement")
NO_DIVIDED_NOTE = N_("No theme is flagged as divided (two leads each chosen by at least a third of "
                     "at least 5 answers).")


def agreement_words(value: float | None, translate) -> str:
    """What an agreement of 1 − IQV says about the room's choice of lead."""
    if value is None:
        return translate(N_("too few answers"))
    if value >= 1 - 1e-9:
        return translate(N_("everyone chose the same lead"))
    if value >= 0.5:
        return translate(N_("most chose the same lead"))
    if value > 1e-9:
        return translate(N_("the choices spread over several leads"))
    return translate(N_("the choices spread evenly over every lead"))


SPLIT_FIGURE = N_("The most chosen lead in each group, with its share of the group.")


def _no_translation(message: str) -> str:
    return message


# --- config and answers ---------------------------------------------------------------------------


def clean_config(raw) -> dict:
    """Validate the themes, the actors (0–12 distinct names of at most 60 characters, as texts or
    ``{"label": …}`` objects; missing: the five national actors) and the two fixed choices
    (bools, default on); at least 2 choices in all. Actor ids are assigned a, b, c … in order
    and ``items`` is dropped, so a config round-trips through this function unchanged."""
    if not isinstance(raw, dict):
        raise InvalidInput(N_("The settings must be an object."))
    config = theme_config.clean_themes(raw)
    actors = raw.get("actors", DEFAULT_ACTORS)
    if not isinstance(actors, list):
        raise InvalidInput(N_("Give the actors as a list."))
    if len(actors) > MAX_ACTORS * 2:  # refuse a huge list before looking at each entry
        raise InvalidInput(N_("List at most %(max)d actors."), max=MAX_ACTORS)
    labels = []
    for actor in actors:
        label = actor.get("label") if isinstance(actor, dict) else actor
        label = theme_config.clean_text(
            label, MAX_ACTOR_LENGTH, message=N_("An actor’s name can be at most %(max)d characters long.")
        )
        if label:
            labels.append(label)
    if len(labels) > MAX_ACTORS:
        raise InvalidInput(N_("List at most %(max)d actors."), max=MAX_ACTORS)
    if len({label.casefold() for label in labels}) != len(labels):
        raise InvalidInput(N_("Two actors have the same name."))
    fixed = {}
    for key in FIXED_CHOICES:
        value = raw.get(key, True)
        if type(value) is not bool:
            raise InvalidInput(N_("Say whether “the local library” and “together” are offered: yes or no."))
        fixed[key] = value
    if len(labels) + sum(fixed.values()) < MIN_CHOICES:
        raise InvalidInput(N_("Offer at least %(min)d choices."), min=MIN_CHOICES)
    return {
        **config,
        "actors": [{"id": ACTOR_IDS[i], "label": label} for i, label in enumerate(labels)],
        **fixed,
    }


def choice_ids(config: dict) -> list[str]:
    """The ids of the choices a phone offers, in order: the actors, then "local", "together"."""
    return [actor["id"] for actor in config["actors"]] + [key for key in FIXED_CHOICES if config.get(key)]


def choices(config: dict, translate=_no_translation) -> list[dict]:
    """The choices as ``{"id", "label"}`` in order, the fixed ones named through `translate`."""
    labels = {actor["id"]: actor["label"] for actor in config["actors"]}
    return [{"id": key, "label": labels.get(key) or translate(FIXED_CHOICES[key])} for key in choice_ids(config)]


def choice_label(config: dict, choice_id: str, translate=_no_translation) -> str:
    """The name of one choice; an id the config does not know is shown as it is."""
    for choice in choices(config, translate):
        if choice["id"] == choice_id:
            return choice["label"]
    return str(choice_id)


def clean_answer(config: dict, raw) -> dict:
    """Return ``{"leads": {theme id: choice id}}`` in the items' order, or raise InvalidInput."""
    keys = theme_config.require_items(config)
    if not isinstance(raw, dict) or not isinstance(raw.get("leads"), dict):
        raise InvalidInput(N_("The answer must say who should lead each theme."))
    leads = raw["leads"]
    if not leads:
        raise InvalidInput(N_("Choose who should lead at least one theme."))
    theme_config.check_theme_keys(leads, keys)
    known = choice_ids(config)
    if not all(isinstance(choice, str) and choice in known for choice in leads.values()):
        raise InvalidInput(N_("That choice is not part of this activity."))
    return {"leads": {key: leads[key] for key in keys if key in leads}}


# --- the tally ---------------------------------------------------------------------------------------


def _agreement_exact(counts: list[int]) -> Fraction | None:
    """1 − IQV: (K·Σc² − n²) / ((K − 1)·n²) for K ≥ 2 choices and n ≥ 2 answers, else None."""
    k, n = len(counts), sum(counts)
    if k < 2 or n < 2:
        return None
    return Fraction(k * sum(count * count for count in counts) - n * n, (k - 1) * n * n)


def agreement(counts: list[int]) -> float | None:
    """How much the room agrees on one lead: 1 when everyone chose the same, 0 when the answers
    are spread evenly over all K choices. Also read as the chance that two answers drawn at
    random name the same lead (Σp²), rescaled from its lowest possible value 1/K to 0:
    A = (K·Σp² − 1)/(K − 1), i.e. 1 minus the index of qualitative variation. Always 0 ≤ A ≤ 1;
    None with fewer than 2 answers or 2 choices."""
    exact = _agreement_exact(list(counts))
    return None if exact is None else float(exact)


def divided(counts: list[int], minimum: int = stats.DIVIDED_MINIMUM) -> bool:
    """True when at least `minimum` answered and the two most chosen leads each got at least a
    third of the answers: the room is split between two (or three) leads."""
    n = sum(counts)
    if n < minimum or len(counts) < 2:
        return False
    second = sorted(counts, reverse=True)[1]
    return Fraction(second, n) >= DIVIDED_SHARE


def tally(config: dict, answers: list[dict]) -> dict:
    """Per theme: how many chose each lead, the most chosen, the agreement and the divided flag."""
    known = choice_ids(config)
    themes = []
    for item in theme_config.items(config):
        key = str(item["id"])
        counts = dict.fromkeys(known, 0)
        for answer in answers:
            choice = (answer.get("leads") or {}).get(key)
            if choice in counts:
                counts[choice] += 1
        values = list(counts.values())
        n = sum(values)
        top = max(values)  # a config offers at least MIN_CHOICES choices
        themes.append({
            **theme_config.theme_row(item),
            "n": n,
            "counts": counts,
            "leaders": [choice for choice, count in counts.items() if n and count == top],
            "leading_share": top / n if n else None,
            "agreement": agreement(values),
            "divided": divided(values),
        })
    return {"responses": len(answers), "choices": known, "themes": themes}


def answered_themes(answer: dict) -> set[str]:
    """The themes an answer names a lead for (for splits)."""
    return set((answer.get("leads") or {}).keys())


def answer_for_themes(answer: dict, keys: set[str]) -> dict:
    """The answer with only the leads of `keys` (for splits)."""
    return {**answer, "leads": {key: value for key, value in answer["leads"].items() if key in keys}}


def public_config(config: dict) -> dict:
    """Everything in the config, themes and actors included, is fit for phones."""
    return config


def config_from_form(form) -> dict:
    """Read the editor form (templates/kinds/responsibility/editor.html): one actor per line and
    the two fixed choices as checkboxes."""
    actors = [line for line in (form.get("actors") or "").splitlines() if line.strip()]
    return {
        **theme_config.themes_from_form(form),
        "actors": actors,
        LOCAL: form.get(LOCAL) == "on",
        TOGETHER: form.get(TOGETHER) == "on",
    }


# --- presentation (docs/architecture.md, the kind contract) ----------------------------------------


def screen_order(config: dict, result: dict) -> list[dict]:
    """The themes in the order the heat map shows them: the themes' own order, so that the grid
    reads like a table and rows do not jump while answers come in."""
    return list(result.get("themes", []))


def _share(count: int, n: int) -> float:
    """`count` of `n` (> 0) in %."""
    return 100 * count / n


def summary_table(config: dict, result: dict, translate=_no_translation):
    """One row per theme: n, how many chose each lead (a column each), the most chosen, their
    share in %, the agreement and the divided flag."""

    t = translate
    offered = choices(config, t)
    table = Table(
        [t(N_("Theme")), t(N_("n"))] + [choice["label"] for choice in offered]
        + [t(N_("Most chosen")), t(N_("Share of the most chosen (%)")), t(N_("Agreement")), t(N_("Divided"))],
        formats=[None, INTEGER] + [INTEGER] * len(offered) + [None, ONE_DECIMAL, TWO_DECIMALS, None],
    )
    for theme in screen_order(config, result):
        leaders = " / ".join(choice_label(config, choice, t) for choice in theme["leaders"])
        share = None if theme["leading_share"] is None else 100 * theme["leading_share"]
        table.rows.append(
            [theme["label"], theme["n"]] + [theme["counts"].get(choice["id"], 0) for choice in offered]
            + [leaders, share, theme["agreement"], presentation.yes_no(theme["divided"], t)]
        )
    return table


def display_table(config: dict, result: dict, translate, language: str):
    """The heat map as a table for the report: per theme and lead the count and share, the most
    chosen marked ★, then the agreement and the divided flag."""

    t = translate
    offered = choices(config, t)
    table = DisplayTable(
        [t(N_("Theme")), t(N_("n"))] + [choice["label"] for choice in offered] + [t(N_("Agreement")), t(N_("Divided"))],
        # The leads' columns are text columns: a number column is never narrower than its heading's
        # longest word, and an actor's name may be one long word.
        numeric=[False, True] + [False] * len(offered) + [True, False],
        note=t(N_("How many chose each lead for the theme, and their share of those who answered about it; "
                  "★ marks the most chosen.")),
    )
    for theme in screen_order(config, result):
        cells = []
        for choice in offered:
            count = theme["counts"].get(choice["id"], 0)
            mark = "★ " if choice["id"] in theme["leaders"] else ""
            cells.append(f"{mark}{count} ({round(_share(count, theme['n']))} %)" if theme["n"] else "–")
        table.rows.append([theme["label"], str(theme["n"])] + cells
                          + [format_fixed(theme["agreement"], language),
                             presentation.divided_cell(theme, t)])
    return table


def notes(config: dict, result: dict, translate) -> list[str]:
    """The choices offered, and how to read the agreement."""
    t = translate
    offered = choices(config, t)
    return [
        t(N_("One lead per theme, from %(n)d choices: %(choices)s. Every theme was optional.")) % {
            "n": len(offered), "choices": ", ".join(choice["label"] for choice in offered)},
        t(N_("Agreement: 1 when everyone chose the same lead, 0 when the answers are spread evenly over all "
             "%(n)d choices. Divided (⇆): the two most chosen leads each have at least a third of the answers, "
             "with at least 5 answers.")) % {"n": len(offered)},
    ]


def answer_text(config: dict, answer: dict, label, translate, language: str) -> str:
    """One answer as "Theme: lead; …" in the answer's order."""
    leads = (answer or {}).get("leads") or {}
    return "; ".join(f"{label(key)}: {choice_label(config, choice, translate)}" for key, choice in leads.items())


def chart(config: dict, result: dict, translate, language: str):
    """Bars for the report: per theme, the share of the most chosen lead, named in the detail
    line (the full theme × lead grid is the display table; the report's charts draw no heat map)."""

    t = translate
    bars = []
    for theme in screen_order(config, result):
        share = theme["leading_share"]
        leaders = " / ".join(choice_label(config, choice, t) for choice in theme["leaders"])
        detail = [t(N_("most chosen: {lead} ({count} of {n})")).format(
            lead=leaders, count=theme["counts"].get(theme["leaders"][0], 0), n=theme["n"])] if theme["n"] else [
            t(N_("no answers yet"))]
        detail += presentation.agreement_detail(theme, t, language)
        bars.append(Bar(theme["label"], share or 0.0, "–" if share is None else f"{round(100 * share)} %",
                        " · ".join(detail), bool(theme["divided"])))
    return BarChart(bars, "0 %", "100 %", t(N_("Bars: the share of the most chosen lead of each theme.")))


def split_rows(config: dict) -> list[dict]:
    """The rows of a segment split: the themes."""
    return [{"id": item["id"], "label": item["label"]} for item in theme_config.items(config)]


def split_cell(config: dict, group_result: dict, row_id, language: str, translate) -> str:
    """The most chosen lead of a theme in one group, with its share ("KOMBIT 60 %"), or "–"."""
    theme = next((theme for theme in group_result.get("themes", []) if theme["id"] == row_id), None)
    if theme is None or not theme["n"]:
        return "–"
    leaders = " / ".join(choice_label(config, choice, translate) for choice in theme["leaders"])
    return f"{leaders} {round(100 * theme['leading_share'])} %"


def rename_themes(answer: dict, rename: dict[str, str]) -> dict:
    """The answer with each theme key in "leads" replaced by ``rename[key]`` (a key `rename` does
    not know is dropped): to carry answers into a workshop with other theme ids (archives)."""
    return {**answer, "leads": theme_config.renamed_keys(answer.get("leads"), rename)}

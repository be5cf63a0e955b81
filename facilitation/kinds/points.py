"""Points: each participant spreads a budget of points (or dots) over the themes.

Config: ``{"themes": "all" | [theme id, …], "shuffle": false, "budget": 100,
"max_per_theme": null | m, "spend_all": false, "style": "points" | "dots"}``: a budget of 1 to
1000 points, an optional cap per theme (1 to budget), whether the whole budget must be spent,
and how phones show it ("dots" is k sticky dots: the same arithmetic, another look). The domain
adds the resolved themes as ``config["items"] = [{"id": 12, "label": "KOMBIT", …}, …]`` before
``clean_answer``, ``tally`` and ``public_config``.
Answer: ``{"points": {"12": 40, "7": 60, …}}``: whole numbers ≥ 0 for known themes (string
ids), at most max_per_theme each, at least 1 and at most budget in all (exactly budget when
spend_all). The cleaned answer keeps the themes' order and drops zeros.
Tally: ``{"responses": n, "budget": b, "themes": [{"id", "label", "total", "mean", "givers",
"sd", "agreement", "divided"}, …]}`` in the items' order: ``total`` points, ``mean`` = total / n
(None when n is 0), ``givers`` who gave the theme at least one point, ``sd`` the population
standard deviation over all n answers (0 for those who gave it nothing), ``agreement`` van der
Eijk's A over the categories of what people could actually give a theme, 0 … top (None when
n < 2), ``divided`` A < 0 with n ≥ 5 (see docs/aggregation.md). ``top`` is the cap per theme
when there is one, else the most anyone gave one theme in these answers (at least 1): with
top + 1 ≤ 5 possible amounts each amount is a category, else 5 equal-width bins of 0 … top.
Points for themes no longer in the items are left out.
"""

from __future__ import annotations

from ..errors import InvalidInput, N_
from ..record.models import INTEGER, TWO_DECIMALS, Bar, BarChart, DisplayTable, Table
from ..record.numbers import format_fixed, format_number
from . import presentation, stats, theme_config

NAME = "points"
LABEL = N_("Points")
ONE_RESPONSE_PER_PARTICIPANT = True

MAX_BUDGET = 1000
STYLES = ("points", "dots")


def clean_config(raw) -> dict:
    """Validate the themes, the budget (1–1000), max_per_theme (null or 1–budget; an empty
    string means null), spend_all and style. Numbers may come as strings of digits; ``items``
    is dropped, so a config round-trips through this function unchanged."""
    if not isinstance(raw, dict):
        raise InvalidInput(N_("The settings must be an object."))
    config = theme_config.clean_themes(raw)
    budget = theme_config.whole_number(raw.get("budget", 100))
    if not theme_config.is_whole(budget) or not 1 <= budget <= MAX_BUDGET:
        raise InvalidInput(
            N_("The budget must be a whole number from 1 to %(max)d."), max=MAX_BUDGET
        )
    max_per_theme = raw.get("max_per_theme")
    if isinstance(max_per_theme, str) and not max_per_theme.strip():
        max_per_theme = None
    max_per_theme = theme_config.whole_number(max_per_theme)
    if max_per_theme is not None and (
        not theme_config.is_whole(max_per_theme) or not 1 <= max_per_theme <= budget
    ):
        raise InvalidInput(
            N_("The limit per theme must be a whole number from 1 to %(max)d, or empty."),
            max=budget,
        )
    spend_all = raw.get("spend_all", False)
    if type(spend_all) is not bool:
        raise InvalidInput(N_("Say whether all points must be given: yes or no."))
    if (
        spend_all
        and max_per_theme is not None
        and isinstance(config["themes"], list)
        and max_per_theme * len(config["themes"]) < budget
    ):
        raise InvalidInput(
            N_("Nobody can give all %(budget)d points with these themes: raise the limit per theme."),
            budget=budget,
        )
    style = raw.get("style", "points")
    if style not in STYLES:
        raise InvalidInput(N_("Show the budget as points or as dots."))
    return {
        **config,
        "budget": budget,
        "max_per_theme": max_per_theme,
        "spend_all": spend_all,
        "style": style,
    }


def clean_answer(config: dict, raw) -> dict:
    """Return ``{"points": {id: points}}`` without zeros, in the items' order, or raise
    InvalidInput."""
    keys = theme_config.require_items(config)
    if not isinstance(raw, dict) or not isinstance(raw.get("points"), dict):
        raise InvalidInput(N_("The answer must give the points per theme."))
    points = raw["points"]
    theme_config.check_theme_keys(points, keys)
    for value in points.values():
        if not theme_config.is_whole(value):
            raise InvalidInput(N_("Give points as whole numbers."))
        if value < 0:
            raise InvalidInput(N_("Points cannot be negative."))
        if config["max_per_theme"] is not None and value > config["max_per_theme"]:
            raise InvalidInput(
                N_("A theme can get at most %(max)d points."), max=config["max_per_theme"]
            )
    given, budget = sum(points.values()), config["budget"]
    if given > budget:
        raise InvalidInput(
            N_("You gave %(given)d points, but only %(budget)d are available."),
            given=given,
            budget=budget,
        )
    if given == 0:
        raise InvalidInput(N_("Give at least one point."))
    if config["spend_all"] and given < budget:
        raise InvalidInput(
            N_("Give all %(budget)d points: %(left)d are left."), budget=budget, left=budget - given
        )
    return {"points": {key: points[key] for key in keys if points.get(key)}}


def agreement_categories(values: list[int], top: int) -> list[int]:
    """The frequency vector agreement is computed over: one category per amount 0 … top when
    there are at most 5 of them, else 5 equal-width bins of 0 … top (amounts above top count
    in the top category)."""
    # top + 1 equal-width bins of 0 … top hold one whole amount each (the last also top).
    return stats.bin_counts(values, 0, top, min(top + 1, stats.AGREEMENT_BINS))


def tally(config: dict, answers: list[dict]) -> dict:
    """Per theme: total, mean and spread of the points, how many gave any, and agreement."""
    budget = config["budget"]
    responses = len(answers)
    per_theme = []
    for item in theme_config.items(config):
        key = str(item["id"])
        values = []
        for answer in answers:
            value = answer.get("points", {}).get(key)
            # Missing, or not a whole number ≥ 0 (a stored answer that was never cleaned): 0.
            values.append(max(value, 0) if theme_config.is_whole(value) else 0)
        per_theme.append((item, values))
    # The scale agreement is read on: what people could give one theme (the cap), or without a
    # cap what they did give. On 0 … budget, 100 points spread over 8 themes all land in the
    # lowest fifth, and a room split between 0 and 25 would read as agreed.
    top = config.get("max_per_theme") or max([1] + [value for _, values in per_theme for value in values])
    themes = []
    for item, values in per_theme:
        total = sum(values)
        bins = agreement_categories(values, top)
        themes.append(
            {
                **theme_config.theme_row(item),
                "total": total,
                "mean": total / responses if responses else None,
                "givers": sum(1 for value in values if value > 0),
                "sd": stats.sd(values),
                "agreement": stats.agreement(bins),
                "divided": stats.divided(bins, responses),
            }
        )
    return {"responses": responses, "budget": budget, "themes": themes}


def values_per_theme(config: dict, answers: list[dict]) -> dict[str, dict[str, list[float]]]:
    """The points each person gave each theme (0 when none), for comparing two runs
    (facilitation/shifts.py): ``{theme_id: {"points": [points, …]}}``; their mean is the tally's."""
    values = {}
    for item in theme_config.items(config):
        key = str(item["id"])
        given = [(answer.get("points") or {}).get(key) for answer in answers]
        values[key] = {"points": [float(max(value, 0)) if theme_config.is_whole(value) else 0.0 for value in given]}
    return values


# The landscape's words for this kind's standing (facilitation/landscape.py): the clause of a
# theme's sentence and the caption above its column; a share, shown in per cent.
STANDING_FIGURES = {
    "points_share": {
        "clause": N_("%(value)s %% of the points in “%(prompt)s” (no. %(place)s of %(of)d)"),
        "caption": N_("share of the points"),
        "percent": True,
    },
}


def standings(config: dict, result: dict) -> dict[int, dict]:
    """Each theme's standing in this points activity, for the landscape
    (facilitation/landscape.py): its share of all points given as ``value`` (None before any);
    everyone who answered counts, since giving a theme nothing is a standing too."""
    given = sum(theme["total"] for theme in result.get("themes", []))
    return {
        theme["id"]: {"figure": "points_share", "value": theme["total"] / given if given else None,
                      "n": result.get("responses", 0), "agreement": theme["agreement"], "divided": theme["divided"]}
        for theme in result.get("themes", [])
    }


def example_answer(config: dict, rng, leanings: dict[str, float]) -> dict:
    """A made-up answer for example data (the demo's "last year"): the budget spread over the
    themes in `leanings` (theme id → how much the room favours it, 0…1), favoured ones getting more."""
    weights = {key: max(leaning + rng.gauss(0, 0.2), 0) ** 2 for key, leaning in leanings.items()}
    total = sum(weights.values()) or 1
    cap = config.get("max_per_theme") or config["budget"]
    return {"points": {key: min(cap, int(config["budget"] * weight / total)) for key, weight in weights.items()}}


def public_config(config: dict) -> dict:
    """Everything in a points config, themes included, is fit for phones."""
    return config


def config_from_form(form) -> dict:
    """Read the editor form (templates/kinds/points/editor.html); an empty cap means none."""
    return {
        **theme_config.themes_from_form(form),
        "budget": form.get("budget", "100"),
        "max_per_theme": form.get("max_per_theme"),
        "spend_all": form.get("spend_all") == "on",
        "style": form.get("style") or "points",
    }


# --- presentation: what the record and the browser need to know (see kinds/__init__.py) --------

TRAITS = {"collects": False, "live_to_phones": False, "chart": "bars", "per_theme": True, "sortable": True,
          "promotes": False, "agreement": True, "entries_noun": ""}
SPLIT_FIGURE = N_("The mean points in each group.")
# The report's appendix ("How the numbers were computed"): how this kind's figures are read.
HOW_COMPUTED = (
    N_("Points: the total is all points a theme received; the mean is the total divided by the number "
       "of participants who answered (also those who gave the theme nothing); givers are those who "
       "gave it at least one point."),
)


def screen_order(config: dict, result: dict) -> list[dict]:
    """The themes by total points, most first."""
    return sorted(result.get("themes", []), key=lambda t: -(t.get("total") or 0))


def summary_table(config: dict, result: dict, translate) -> Table:
    """One row per theme, most points first: total, mean, givers, SD and agreement."""
    t = translate
    table = Table(
        [t(N_("Theme")), t(N_("Total")), t(N_("Mean")), t(N_("Givers")), t(N_("SD")), t(N_("Agreement A")),
         t(N_("Divided"))],
        formats=[None, INTEGER, TWO_DECIMALS, INTEGER, TWO_DECIMALS, TWO_DECIMALS, None],
    )
    for theme in screen_order(config, result):
        table.rows.append([theme["label"], theme["total"], theme["mean"], theme["givers"], theme["sd"],
                           theme["agreement"], presentation.yes_no(theme["divided"], t)])
    return table


def display_table(config: dict, result: dict, translate, language: str) -> DisplayTable:
    """The summary table's figures, formatted, most points first."""
    t = translate
    table = DisplayTable(
        [t(N_("Theme")), t(N_("Total")), t(N_("Mean")), t(N_("Givers")), t(N_("SD")), t(N_("Agreement A")), t(N_("Divided"))],
        numeric=[False, True, True, True, True, True, False],
    )
    for theme in screen_order(config, result):
        table.rows.append([theme["label"], format_number(theme["total"], language), format_fixed(theme["mean"], language),
                           str(theme["givers"]), format_fixed(theme["sd"], language),
                           format_fixed(theme["agreement"], language), presentation.divided_cell(theme, t)])
    return table


def notes(config: dict, result: dict, translate) -> list[str]:
    """The budget, and the cap per theme when there is one."""
    lines = [translate(N_("Each participant had %(budget)d points to give.")) % {"budget": config.get("budget", 0)}]
    if config.get("max_per_theme"):
        lines.append(translate(N_("At most %(max)d points per theme.")) % {"max": config["max_per_theme"]})
    return lines


def answer_text(config: dict, answer: dict, label, translate, language: str) -> str:
    """The points per theme: "KOMBIT: 6; Kulturarv: 4"."""
    return "; ".join(f"{label(key)}: {value}" for key, value in answer.get("points", {}).items())


def chart(config: dict, result: dict, translate, language: str) -> BarChart:
    """A bar per theme for its total, most first, with the mean, the givers and the agreement."""
    t = translate
    maximum = max([theme["total"] for theme in result.get("themes", [])] + [1])
    bars = []
    for theme in screen_order(config, result):
        detail = [t(N_("mean {mean} · {givers} gave points")).format(
            mean=format_number(theme["mean"], language), givers=theme["givers"])]
        detail += presentation.agreement_detail(theme, t, language)
        bars.append(Bar(theme["label"], theme["total"] / maximum, format_number(theme["total"], language),
                        " · ".join(detail), bool(theme.get("divided"))))
    return BarChart(bars, "", "", t(N_("Bars: the points each theme received in all, most first.")))


split_rows = presentation.theme_rows


def split_cell(config: dict, group_result: dict, row_id, language: str, translate) -> str:
    """The theme's mean points in the group ("2,50"), or a dash."""
    return presentation.theme_mean_cell(group_result, row_id, "mean", language)


def rename_themes(answer: dict, rename: dict[str, str]) -> dict:
    """The answer with each theme key in "points" replaced by ``rename[key]`` (a key `rename` does
    not know is dropped): to carry answers into a workshop with other theme ids (archives)."""
    return {**answer, "points": theme_config.renamed_keys(answer.get("points"), rename)}

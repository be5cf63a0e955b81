"""Rating: each participant rates the workshop's themes on one scale, e.g. 1 (low) to 5 (high).

Config: ``{"themes": "all" | [theme id, …], "shuffle": false, "scale_min": 1, "scale_max": 5,
"label_min": "", "label_max": "", "allow_dont_know": true}``; the scale starts at 0 or 1 and has
2 to 11 steps; the end labels are at most 40 characters. The domain adds the resolved themes as
``config["items"] = [{"id": 12, "label": "KOMBIT", "description": "…"}, …]`` before
``clean_answer``, ``tally`` and ``public_config``.
Answer: ``{"ratings": {"12": 4, "13": "dont_know", …}}``: at least one theme (string ids), each
rated with a whole number on the scale, or "dont_know" when the config allows it.
Tally: ``{"responses": n, "themes": [{"id", "label", "n", "dont_know", "distribution",
"mean", "median", "sd", "agreement", "divided"}, …]}`` in the items' order, where ``n`` counts
the numeric ratings, ``distribution`` maps every scale step ("1" … "5") to its count, mean,
median and (population) sd are None when n is 0, ``agreement`` is van der Eijk's A over the
distribution (None when n < 2) and ``divided`` is A < 0 with n ≥ 5 (see docs/aggregation.md).
"Don't know" answers and ratings of themes no longer in the items are left out of the numbers.
"""

from __future__ import annotations

from ..errors import InvalidInput, N_
from ..record.models import INTEGER, ONE_DECIMAL, TWO_DECIMALS, Bar, BarChart, DisplayTable, Table
from ..record.numbers import format_fixed, format_number
from . import presentation, stats, theme_config

NAME = "rating"
LABEL = N_("Rating")
ONE_RESPONSE_PER_PARTICIPANT = True

DONT_KNOW = "dont_know"
MIN_STEPS = 2
MAX_STEPS = 11
MAX_LABEL_LENGTH = 40


def clean_config(raw) -> dict:
    """Validate the themes, the scale (starts at 0 or 1, 2–11 steps), its end labels and
    whether "don't know" is allowed. Numbers may come as strings of digits; ``items`` is
    dropped, so a config round-trips through this function unchanged."""
    if not isinstance(raw, dict):
        raise InvalidInput(N_("The settings must be an object."))
    config = theme_config.clean_themes(raw)
    scale_min = theme_config.whole_number(raw.get("scale_min", 1))
    if not theme_config.is_whole(scale_min) or scale_min not in (0, 1):
        raise InvalidInput(N_("The scale must start at 0 or 1."))
    scale_max = theme_config.whole_number(raw.get("scale_max", 5))
    low, high = scale_min + MIN_STEPS - 1, scale_min + MAX_STEPS - 1
    if not theme_config.is_whole(scale_max) or not low <= scale_max <= high:
        raise InvalidInput(
            N_("The top of the scale must be between %(low)d and %(high)d."), low=low, high=high
        )
    labels = {
        field: theme_config.clean_text(
            raw.get(field),
            MAX_LABEL_LENGTH,
            message=N_("A scale label can be at most %(max)d characters long."),
        )
        for field in ("label_min", "label_max")
    }
    allow_dont_know = raw.get("allow_dont_know", True)
    if type(allow_dont_know) is not bool:
        raise InvalidInput(N_("Say whether “don’t know” is allowed: yes or no."))
    return {
        **config,
        "scale_min": scale_min,
        "scale_max": scale_max,
        **labels,
        "allow_dont_know": allow_dont_know,
    }


def clean_answer(config: dict, raw) -> dict:
    """Return ``{"ratings": {id: rating}}`` in the items' order, or raise InvalidInput."""
    keys = theme_config.require_items(config)
    if not isinstance(raw, dict) or not isinstance(raw.get("ratings"), dict):
        raise InvalidInput(N_("The answer must give a rating per theme."))
    ratings = raw["ratings"]
    if not ratings:
        raise InvalidInput(N_("Rate at least one theme."))
    theme_config.check_theme_keys(ratings, keys)
    low, high = config["scale_min"], config["scale_max"]
    for value in ratings.values():
        if value == DONT_KNOW:
            if not config["allow_dont_know"]:
                raise InvalidInput(
                    N_("“Don’t know” is not possible here: choose a number from %(low)d to %(high)d."),
                    low=low,
                    high=high,
                )
        elif not theme_config.is_whole(value) or not low <= value <= high:
            raise InvalidInput(
                N_("A rating must be a whole number from %(low)d to %(high)d."), low=low, high=high
            )
    return {"ratings": {key: ratings[key] for key in keys if key in ratings}}


def tally(config: dict, answers: list[dict]) -> dict:
    """Per theme: how many rated it, the distribution over the scale and its statistics."""
    low, high = config["scale_min"], config["scale_max"]
    themes = []
    for item in theme_config.items(config):
        key = str(item["id"])
        values, dont_know = [], 0
        for answer in answers:
            value = answer.get("ratings", {}).get(key)
            if value == DONT_KNOW:
                dont_know += 1
            elif theme_config.is_whole(value) and low <= value <= high:
                values.append(value)
        counts = [0] * (high - low + 1)
        for value in values:
            counts[value - low] += 1
        n = len(values)
        themes.append(
            {
                **theme_config.theme_row(item),
                "n": n,
                "dont_know": dont_know,
                "distribution": {str(low + i): count for i, count in enumerate(counts)},
                "mean": stats.mean(values),
                "median": stats.median(values),
                "sd": stats.sd(values),
                "agreement": stats.agreement(counts),
                "divided": stats.divided(counts, n),
            }
        )
    return {"responses": len(answers), "themes": themes}


def answered_themes(answer: dict) -> set[str]:
    """The themes an answer gives a number (for splits: "don't know" is no rating)."""
    return {key for key, value in (answer.get("ratings") or {}).items() if theme_config.is_whole(value)}


def answer_for_themes(answer: dict, keys: set[str]) -> dict:
    """The answer with only the numbers given to `keys` (for splits)."""
    return {**answer, "ratings": {key: value for key, value in answer["ratings"].items() if key in keys}}


def values_per_theme(config: dict, answers: list[dict]) -> dict[str, dict[str, list[float]]]:
    """Each person's rating of each theme, for comparing two runs (facilitation/shifts.py):
    ``{theme_id: {"mean": [rating, …]}}``; "don't know" is not a rating."""
    return {
        str(item["id"]): {"mean": [float(answer["ratings"][str(item["id"])]) for answer in answers
                                   if theme_config.is_whole((answer.get("ratings") or {}).get(str(item["id"])))]}
        for item in theme_config.items(config)
    }


# The landscape's words for this kind's standing (facilitation/landscape.py): the clause of a
# theme's sentence and the caption above its column.
STANDING_FIGURES = {
    "mean_rating": {
        "clause": N_("mean rating %(value)s on %(low)d–%(high)d in “%(prompt)s” (no. %(place)s of %(of)d)"),
        "caption": N_("mean rating %(low)d–%(high)d"),
    },
}


def standings(config: dict, result: dict) -> dict[int, dict]:
    """Each theme's standing in this rating, for the landscape (facilitation/landscape.py): its
    mean rating as ``value`` (higher stands higher), on the scale's ``low``…``high``."""
    return {
        theme["id"]: {"figure": "mean_rating", "value": theme["mean"], "low": config.get("scale_min", 1),
                      "high": config.get("scale_max", 5), "n": theme["n"], "agreement": theme["agreement"],
                      "divided": theme["divided"]}
        for theme in result.get("themes", [])
    }


def example_answer(config: dict, rng, leanings: dict[str, float]) -> dict:
    """A made-up answer for example data (the demo's "last year"): each theme in `leanings`
    (theme id → how much the room favours it, 0…1) rated near that point of the scale."""
    low, high = config["scale_min"], config["scale_max"]
    return {"ratings": {key: min(high, max(low, round(low + leaning * (high - low) + rng.gauss(0, 0.8))))
                        for key, leaning in leanings.items()}}


def public_config(config: dict) -> dict:
    """Everything in a rating's config, themes included, is fit for phones."""
    return config


def config_from_form(form) -> dict:
    """Read the editor form (templates/kinds/rating/editor.html)."""
    return {
        **theme_config.themes_from_form(form),
        "scale_min": form.get("scale_min", "1"),
        "scale_max": form.get("scale_max", "5"),
        "label_min": form.get("label_min"),
        "label_max": form.get("label_max"),
        "allow_dont_know": form.get("allow_dont_know") == "on",
    }


# --- presentation: what the record and the browser need to know (see kinds/__init__.py) --------

TRAITS = {"collects": False, "live_to_phones": False, "chart": "bars", "per_theme": True, "sortable": True,
          "promotes": False, "agreement": True, "entries_noun": ""}
SPLIT_FIGURE = N_("The mean rating in each group.")
# The report's appendix ("How the numbers were computed"): how this kind's figures are read.
HOW_COMPUTED = (
    N_("Rating: n counts the numbers given to a theme. “Don’t know” is counted separately and left "
       "out of the mean, median, SD and agreement."),
)


def screen_order(config: dict, result: dict) -> list[dict]:
    """The themes by mean rating, highest first; themes nobody rated last."""
    return sorted(result.get("themes", []), key=lambda t: -t["mean"] if t.get("mean") is not None else float("inf"))


def _steps(config: dict) -> list[str]:
    return [str(value) for value in range(config.get("scale_min", 1), config.get("scale_max", 5) + 1)]


def summary_table(config: dict, result: dict, translate) -> Table:
    """One row per theme, highest mean first: the statistics and how many gave each step."""
    t = translate
    steps = _steps(config)
    table = Table(
        [t(N_("Theme")), t(N_("Mean")), t(N_("Median")), t(N_("SD")), t(N_("n")), t(N_("Don’t know")),
         t(N_("Agreement A")), t(N_("Divided"))]
        + [t(N_("Gave %(value)s")) % {"value": step} for step in steps],
        formats=[None, TWO_DECIMALS, ONE_DECIMAL, TWO_DECIMALS, INTEGER, INTEGER, TWO_DECIMALS, None]
        + [INTEGER] * len(steps),
    )
    for theme in screen_order(config, result):
        distribution = theme.get("distribution", {})
        table.rows.append(
            [theme["label"], theme["mean"], theme["median"], theme["sd"], theme["n"], theme["dont_know"],
             theme["agreement"], presentation.yes_no(theme["divided"], t)]
            + [distribution.get(step, 0) for step in steps]
        )
    return table


def display_table(config: dict, result: dict, translate, language: str) -> DisplayTable:
    """The statistics of each theme, highest mean first, with the distribution in one cell."""
    t = translate
    low, high = config.get("scale_min", 1), config.get("scale_max", 5)
    table = DisplayTable(
        [t(N_("Theme")), t(N_("Mean")), t(N_("Median")), t(N_("SD")), t(N_("n")), t(N_("Don’t know")),
         t(N_("Distribution %(low)d–%(high)d")) % {"low": low, "high": high}, t(N_("Agreement A")), t(N_("Divided"))],
        numeric=[False, True, True, True, True, True, False, True, False],
    )
    for theme in screen_order(config, result):
        distribution = " · ".join(str(theme["distribution"].get(str(v), 0)) for v in range(low, high + 1))
        table.rows.append([theme["label"], format_fixed(theme["mean"], language, 1), format_number(theme["median"], language),
                           format_fixed(theme["sd"], language), str(theme["n"]), str(theme["dont_know"]), distribution,
                           format_fixed(theme["agreement"], language), presentation.divided_cell(theme, t)])
    return table


def notes(config: dict, result: dict, translate) -> list[str]:
    """The scale, and what its ends mean."""
    low, high = config.get("scale_min", 1), config.get("scale_max", 5)
    lines = [translate(N_("Scale from %(low)d to %(high)d.")) % {"low": low, "high": high}]
    ends = []
    if config.get("label_min"):
        ends.append(f"{low} = {config['label_min']}")
    if config.get("label_max"):
        ends.append(f"{high} = {config['label_max']}")
    if ends:
        lines.append(", ".join(ends))
    return lines


def answer_text(config: dict, answer: dict, label, translate, language: str) -> str:
    """Each rated theme with its number: "KOMBIT: 4; Kulturarv: don’t know"."""
    return "; ".join(
        f"{label(key)}: {translate(presentation.DONT_KNOW) if value == DONT_KNOW else value}"
        for key, value in answer.get("ratings", {}).items()
    )


def chart(config: dict, result: dict, translate, language: str) -> BarChart:
    """A bar per theme at its mean on the scale, highest first, with the median, the count,
    the don't knows and the agreement under it."""
    t = translate
    low, high = config.get("scale_min", 1), config.get("scale_max", 5)
    span = (high - low) or 1
    bars = []
    for theme in screen_order(config, result):
        detail = [t(N_("median {median} · {n} answers")).format(median=format_number(theme["median"], language), n=theme["n"])]
        if theme.get("dont_know"):
            detail.append(t(N_("{n} don’t know")).format(n=theme["dont_know"]))
        detail += presentation.agreement_detail(theme, t, language)
        mean = theme.get("mean")
        bars.append(Bar(theme["label"], 0.0 if mean is None else (mean - low) / span,
                        format_number(mean, language), " · ".join(detail), bool(theme.get("divided"))))
    low_label = f"{low} = {config['label_min']}" if config.get("label_min") else str(low)
    high_label = f"{high} = {config['label_max']}" if config.get("label_max") else str(high)
    return BarChart(bars, low_label, high_label, t(N_("Bars: the mean rating of each theme, highest first.")))


split_rows = presentation.theme_rows


def split_cell(config: dict, group_result: dict, row_id, language: str, translate) -> str:
    """The theme's mean rating in the group ("4,25"), or a dash."""
    return presentation.theme_mean_cell(group_result, row_id, "mean", language)


def rename_themes(answer: dict, rename: dict[str, str]) -> dict:
    """The answer with each theme key in "ratings" replaced by ``rename[key]`` (a key `rename` does
    not know is dropped): to carry answers into a workshop with other theme ids (archives)."""
    return {**answer, "ratings": theme_config.renamed_keys(answer.get("ratings"), rename)}

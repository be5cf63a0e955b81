"""Ranking: each participant puts the themes in order, most important first (all, or a top k).

Config: ``{"themes": "all" | [theme id, …], "shuffle": false, "top_k": null | k}``; null ranks
every theme, k ≥ 1 asks for the top k only. The domain adds the resolved themes as
``config["items"] = [{"id": 12, "label": "KOMBIT", "description": "…"}, …]`` before
``clean_answer``, ``tally`` and ``public_config``.
Answer: ``{"order": ["12", "7", …]}``: distinct theme ids (strings), most important first,
exactly min(k, number of themes) of them, or all themes when top_k is null.
Tally: ``{"responses": n, "themes": [{"id", "label", "borda", "mean_rank", "first_places",
"ranked_by", "places", "places_rank", "rank"}, …], "max_borda": n·(N − 1), "top_k": k or None
(None when every theme is ranked), "by_places": [id, …]}``, sorted by Borda score (highest first), then
label in alphabetical order of ``config["language"]`` (the workshop's, added by the domain like the
items; Danish when absent: Æ, Ø, Å after Z, see collation.py); ``places`` counts per place 1 … k
the ballots that put the theme there (k = ballot_length); ``by_places`` lists the theme ids as
a top-k ranking is read: most ballots that placed the theme first, then most first places, most
second places …, then alphabetically (``places_rank`` is the competition rank in that order);
``rank`` is the competition rank (1, 2, 2, 4): equal scores share a rank.

Scoring, with N themes (see docs/aggregation.md):

- Borda count: the theme in position i (0-based) of a ballot gets N − 1 − i points. The themes a
  top-k ballot leaves unranked share the remaining bottom places as a tie: each gets the
  average of the points of the unfilled positions, (N − k − 1)/2. So every ballot hands out
  exactly N(N − 1)/2 points, whether it is complete or not.
- Mean rank: a ranked theme has its position (1-based); an unranked one the average of the
  unfilled positions k + 1 … N, i.e. (k + 1 + N)/2. None when nobody has answered.
- ``first_places`` counts the ballots that put the theme first; ``ranked_by`` the ballots that
  placed it explicitly.

Ballot entries for themes no longer in the items are dropped and the remaining ones close up
(their order is kept), so the totals above stay exact when a theme is removed or added later.
Borda scores are exact (whole numbers as ints, halves as floats); mean ranks are floats.
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import InvalidInput, N_
from ..record.models import INTEGER, ONE_DECIMAL, TWO_DECIMALS, Bar, BarChart, DisplayTable, Table
from ..record.numbers import format_fixed, format_number
from . import collation, presentation, theme_config

NAME = "ranking"
LABEL = N_("Ranking")
ONE_RESPONSE_PER_PARTICIPANT = True


def clean_config(raw) -> dict:
    """Validate the themes and top_k (null for a full ranking, or a whole number ≥ 1; digits
    in a string are accepted, an empty string means null). ``items`` is dropped."""
    if not isinstance(raw, dict):
        raise InvalidInput(N_("The settings must be an object."))
    config = theme_config.clean_themes(raw)
    top_k = raw.get("top_k")
    if isinstance(top_k, str) and not top_k.strip():
        top_k = None
    top_k = theme_config.whole_number(top_k)
    if top_k is not None and (not theme_config.is_whole(top_k) or top_k < 1):
        raise InvalidInput(N_("The number of themes to rank must be a whole number of at least 1."))
    return {**config, "top_k": top_k}


def ballot_length(config: dict) -> int:
    """How many themes a ballot must rank: min(top_k, number of themes), or all of them."""
    count = len(theme_config.items(config))
    top_k = config.get("top_k")
    return count if top_k is None else min(top_k, count)


def clean_answer(config: dict, raw) -> dict:
    """Return ``{"order": [id, …]}`` unchanged once checked, or raise InvalidInput."""
    keys = theme_config.require_items(config)
    if not isinstance(raw, dict) or not isinstance(raw.get("order"), list):
        raise InvalidInput(N_("The answer must list the themes in order."))
    # Ids may come as numbers; anything that is not an id stays unknown whatever its text.
    order = [str(key) for key in raw["order"]]
    theme_config.check_theme_keys(order, keys)
    if len(set(order)) != len(order):
        raise InvalidInput(N_("Each theme can have only one place in the ranking."))
    needed = ballot_length(config)
    if len(order) < needed:
        raise InvalidInput(
            N_("Some themes are missing: the ranking needs %(count)d."), count=needed
        )
    if len(order) > needed:
        raise InvalidInput(
            N_("Too many themes: the ranking takes only %(count)d."), count=needed
        )
    return {"order": order}


def _number(value: Fraction) -> int | float:
    """An exact score as JSON likes it: an int when whole, else a float."""
    return value.numerator if value.denominator == 1 else float(value)


def tally(config: dict, answers: list[dict]) -> dict:
    """Borda scores, mean ranks, first places and competition ranks of the themes."""
    theme_items = theme_config.items(config)
    keys = [str(item["id"]) for item in theme_items]
    n = len(keys)
    # Shared places are worth half points, so count in halves: exact integers throughout.
    double_borda = dict.fromkeys(keys, 0)
    double_rank_sum = dict.fromkeys(keys, 0)
    first_places = dict.fromkeys(keys, 0)
    ranked_by = dict.fromkeys(keys, 0)
    length = ballot_length(config)
    places = {key: [0] * length for key in keys}
    for answer in answers:
        order, seen = [], set()
        for key in answer.get("order", []):
            if key in double_borda and key not in seen:  # a removed theme closes up the ballot
                order.append(key)
                seen.add(key)
        k = len(order)
        for position, key in enumerate(order):
            double_borda[key] += 2 * (n - 1 - position)
            double_rank_sum[key] += 2 * (position + 1)
            ranked_by[key] += 1
            if position < length:
                places[key][position] += 1
        if order:
            first_places[order[0]] += 1
        # The themes a ballot leaves out (none when it ranks all n) share its last places.
        shared_points = n - k - 1  # twice the average of the points (n − k − 1) … 0
        shared_rank = k + 1 + n  # twice the average of the places k + 1 … n
        for key in keys:
            if key not in seen:
                double_borda[key] += shared_points
                double_rank_sum[key] += shared_rank
    responses = len(answers)
    rows = [
        {
            **theme_config.theme_row(item),
            "borda": _number(Fraction(double_borda[key], 2)),
            "mean_rank": double_rank_sum[key] / (2 * responses) if responses else None,
            "first_places": first_places[key],
            "ranked_by": ranked_by[key],
            "places": places[key],
        }
        for key, item in zip(keys, theme_items)
    ]
    language = config.get("language", "da")
    # As people read a top k: how many put the theme in their top k, and how high.
    read_order = sorted(rows, key=lambda row: ([-row["ranked_by"]] + [-count for count in row["places"]],
                                               collation.sort_key(row["label"], language), row["id"]))
    for index, row in enumerate(read_order):
        previous = read_order[index - 1] if index else None
        same = previous is not None and (previous["ranked_by"], previous["places"]) == (row["ranked_by"], row["places"])
        row["places_rank"] = previous["places_rank"] if same else index + 1
    rows.sort(key=lambda row: (-row["borda"], collation.sort_key(row["label"], language), row["id"]))
    for index, row in enumerate(rows):
        same_as_previous = index and row["borda"] == rows[index - 1]["borda"]
        row["rank"] = rows[index - 1]["rank"] if same_as_previous else index + 1
    return {"responses": responses, "themes": rows, "max_borda": responses * max(n - 1, 0),
            "top_k": length if length < n else None, "by_places": [row["id"] for row in read_order]}


def values_per_theme(config: dict, answers: list[dict]) -> dict[str, dict[str, list[float]]]:
    """Each ballot's value for each theme, for comparing two runs (facilitation/shifts.py).

    With a top k: 1 when the ballot puts the theme in its top k, else 0 (``"top_k_share"``).
    Ranking all themes: the Borda points the ballot gives the theme as a share of the most it can
    give, 1 for first and 0 for last (``"borda_share"``), so that runs with a different number of
    themes compare; a theme left off shares the last places, as in the tally.
    """
    keys = [str(item["id"]) for item in theme_config.items(config)]
    n = len(keys)
    length = ballot_length(config)
    figure = "top_k_share" if length < n else "borda_share"
    values: dict[str, dict[str, list[float]]] = {key: {figure: []} for key in keys}
    for answer in answers:
        order = [key for key in dict.fromkeys(answer.get("order", [])) if key in values]
        for key in keys:
            if figure == "top_k_share":
                values[key][figure].append(1.0 if key in order[:length] else 0.0)
            elif n > 1:
                position = order.index(key) if key in order else (len(order) + n - 1) / 2
                values[key][figure].append((n - 1 - position) / (n - 1))
    return values


# The landscape's words for this kind's standings (facilitation/landscape.py): the clause of a
# theme's sentence and the caption above its column; shares, shown in per cent.
STANDING_FIGURES = {
    "top_k_share": {
        "clause": N_("in the top %(k)d of %(value)s %% of the ballots in “%(prompt)s” (no. %(place)s of %(of)d)"),
        "caption": N_("share with it in their top %(k)d"),
        "percent": True,
    },
    "borda_share": {
        "clause": N_("a Borda score of %(value)s %% of the highest possible in “%(prompt)s” (no. %(place)s of %(of)d)"),
        "caption": N_("Borda score, share of the highest"),
        "percent": True,
    },
}


def standings(config: dict, result: dict) -> dict[int, dict]:
    """Each theme's standing in this ranking, for the landscape (facilitation/landscape.py).

    With a top k, the share of ballots that put it in their top k (``top_k_share``, with ``k``);
    else its Borda score as a share of the highest possible (``borda_share``). None before any
    ballot. Rankings have no agreement figure.
    """
    responses = result.get("responses") or 0
    top_k = result.get("top_k")
    standing = {}
    for theme in result.get("themes", []):
        if top_k:
            value = theme["ranked_by"] / responses if responses else None
            standing[theme["id"]] = {"figure": "top_k_share", "value": value, "k": top_k}
        else:
            maximum = result.get("max_borda") or 0
            standing[theme["id"]] = {"figure": "borda_share", "value": theme["borda"] / maximum if maximum else None}
        standing[theme["id"]].update(n=responses, agreement=None, divided=False)
    return standing


def example_answer(config: dict, rng, leanings: dict[str, float]) -> dict:
    """A made-up ballot for example data (the demo's "last year"): the themes in `leanings`
    (theme id → how much the room favours it, 0…1) ordered by it, with some noise."""
    order = sorted(leanings, key=lambda key: -(leanings[key] + rng.gauss(0, 0.25)))
    return {"order": order[:ballot_length(config)]}


def public_config(config: dict) -> dict:
    """Everything in a ranking's config, themes included, is fit for phones."""
    return config


def config_from_form(form) -> dict:
    """Read the editor form (templates/kinds/ranking/editor.html); an empty top_k ranks all."""
    return {**theme_config.themes_from_form(form), "top_k": form.get("top_k")}


# --- presentation: what the record and the browser need to know (see kinds/__init__.py) --------

TRAITS = {"collects": False, "live_to_phones": False, "chart": "bars", "per_theme": True, "sortable": True,
          "promotes": False, "agreement": False, "entries_noun": ""}
SPLIT_FIGURE = N_("The mean rank in each group (1 = first).")
# The report's appendix ("How the numbers were computed"): how this kind's figures are read.
HOW_COMPUTED = (
    N_("Ranking: with N themes, first place gives N − 1 points, second place N − 2, and so on down to "
       "0. A theme’s Borda score is the sum over all ballots; the highest possible is ballots × "
       "(N − 1). When only a top k is ranked, the themes left out share the remaining places equally, "
       "so every ballot hands out the same number of points. Equal scores share a rank. Mean rank is "
       "the average place (1 = first)."),
    N_("Top k: when only a top k is ranked, the bars show how many put each theme in their top k, "
       "from none to every ballot, and how many put it in each place; themes in as many top k’s are "
       "told apart by more first places, then more second places, and so on. The Borda score is "
       "listed beside them."),
)


def screen_order(config: dict, result: dict) -> list[dict]:
    """The themes by Borda score, as the tally sorts them."""
    return list(result.get("themes", []))


def _by_places(result: dict) -> list[dict]:
    """The themes as a top k is read (the tally's ``by_places``)."""
    by_id = {theme["id"]: theme for theme in result.get("themes", [])}
    return [by_id[theme_id] for theme_id in result.get("by_places", []) if theme_id in by_id]


def summary_table(config: dict, result: dict, translate) -> Table:
    """One row per theme by rank: Borda score, mean rank, first places, how many ranked it."""
    t = translate
    table = Table(
        [t(N_("Rank")), t(N_("Theme")), t(N_("Borda score")), t(N_("Mean rank")), t(N_("First places")),
         t(N_("Ranked by"))],
        formats=[INTEGER, None, ONE_DECIMAL, TWO_DECIMALS, INTEGER, INTEGER],
    )
    for theme in result.get("themes", []):
        table.rows.append([theme["rank"], theme["label"], theme["borda"], theme["mean_rank"], theme["first_places"],
                           theme["ranked_by"]])
    return table


def display_table(config: dict, result: dict, translate, language: str) -> DisplayTable:
    """The ranks and scores; for a top k, how many put each theme in it and in which place."""
    t = translate
    if result.get("top_k"):
        table = DisplayTable(
            [t(N_("Rank")), t(N_("Theme")), t(N_("In the top %(k)d")) % {"k": result["top_k"]},
             t(N_("Places 1–%(k)d")) % {"k": result["top_k"]}, t(N_("Borda score")), t(N_("Mean rank"))],
            numeric=[True, False, True, False, True, True],
        )
        for theme in _by_places(result):
            table.rows.append([str(theme["places_rank"]), theme["label"], str(theme["ranked_by"]),
                               " · ".join(str(count) for count in theme["places"]), format_number(theme["borda"], language),
                               format_fixed(theme["mean_rank"], language)])
        return table
    table = DisplayTable(
        [t(N_("Rank")), t(N_("Theme")), t(N_("Borda score")), t(N_("Mean rank")), t(N_("First places")), t(N_("Ranked by"))],
        numeric=[True, False, True, True, True, True],
    )
    for theme in result.get("themes", []):
        table.rows.append([str(theme["rank"]), theme["label"], format_number(theme["borda"], language),
                           format_fixed(theme["mean_rank"], language), str(theme["first_places"]), str(theme["ranked_by"])])
    return table


def notes(config: dict, result: dict, translate) -> list[str]:
    """How many themes each ballot ranked, and the highest possible Borda score."""
    t = translate
    count = len(config.get("items", []))
    top_k = config.get("top_k")
    if top_k is None or top_k >= count:
        lines = [t(N_("Everyone ranked all %(n)d themes.")) % {"n": count}]
    else:
        lines = [t(N_("Everyone ranked their top %(k)d of %(n)d themes.")) % {"k": top_k, "n": count}]
    lines.append(t(N_("The highest possible Borda score is %(max)s.")) % {"max": result.get("max_borda", 0)})
    return lines


def answer_text(config: dict, answer: dict, label, translate, language: str) -> str:
    """The ballot in order: "1. KOMBIT; 2. Kulturarv"."""
    return "; ".join(f"{place}. {label(key)}" for place, key in enumerate(answer.get("order", []), 1))


def chart(config: dict, result: dict, translate, language: str) -> BarChart:
    """The Borda score of each theme; for a top k, how many put each theme in it (as people
    read a top k: from none to every ballot), with the places under each bar."""
    t = translate
    if result.get("top_k"):
        responses = result.get("responses") or 0
        ordered = _by_places(result)
        prefix = presentation.competition_prefix(ordered, "places_rank")
        bars = []
        for theme in ordered:
            places = " · ".join(t(N_("place {place}: {n}")).format(place=number, n=count)
                                for number, count in enumerate(theme["places"], 1))
            bars.append(Bar(
                prefix(theme) + theme["label"], theme["ranked_by"] / responses if responses else 0.0,
                t(N_("{n} of {total}")).format(n=theme["ranked_by"], total=responses),
                places + " · " + t(N_("Borda score {borda}")).format(borda=format_number(theme["borda"], language)),
            ))
        return BarChart(bars, "0", str(responses),
                        t(N_("Bars: how many put each theme in their top %(k)d, from none to every ballot.")) % {
                            "k": result["top_k"]})
    maximum = result.get("max_borda") or 1
    themes = result.get("themes", [])
    prefix = presentation.competition_prefix(themes, "rank")
    bars = [
        Bar(prefix(theme) + theme["label"], theme["borda"] / maximum, format_number(theme["borda"], language),
            t(N_("mean place {mean} · first place {first} times")).format(
                mean=format_number(theme["mean_rank"], language), first=theme["first_places"]))
        for theme in themes
    ]
    return BarChart(bars, "0", format_number(result.get("max_borda", 0), language),
                    t(N_("Bars: the Borda score of each theme; a full bar is first place on every ballot.")))


split_rows = presentation.theme_rows


def split_cell(config: dict, group_result: dict, row_id, language: str, translate) -> str:
    """The theme's mean rank in the group ("1,50"), or a dash."""
    return presentation.theme_mean_cell(group_result, row_id, "mean_rank", language)


def rename_themes(answer: dict, rename: dict[str, str]) -> dict:
    """The answer with each theme key in "order" replaced by ``rename[key]`` (a key `rename` does
    not know is dropped): to carry answers into a workshop with other theme ids (archives)."""
    order = answer.get("order") if isinstance(answer.get("order"), list) else []
    return {**answer, "order": [rename[str(key)] for key in order if str(key) in rename]}

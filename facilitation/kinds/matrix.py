"""Strategy map (2×2): each participant places themes on a grid with two axes, e.g. effort and
impact.

Config: ``{"themes": "all" | [theme id, …], "shuffle": false, "x_label": "…", "y_label": "…",
"x_low": "", "x_high": "", "y_low": "", "y_high": ""}``: the axis names are required (1 to 60
characters), the words at their ends optional (at most 30). The domain adds the resolved themes
as ``config["items"] = [{"id": 12, "label": "KOMBIT", …}, …]`` before ``clean_answer``,
``tally`` and ``public_config``.
Answer: ``{"positions": {"12": [x, y], …}}``: at least one known theme (string ids) placed at
numbers 0 ≤ x, y ≤ 100 (0 is the low end, 100 the high end), stored rounded to 1 decimal.
Tally: ``{"responses": n, "themes": [{"id", "label", "n", "mean_x", "mean_y", "sd_x", "sd_y",
"quadrants", "agreement", "divided"}, …]}`` in the items' order: ``n`` is how many placed the
theme; means and population sds are None when n is 0; ``quadrants`` counts the placements per
quadrant ``{"low_low", "low_high", "high_low", "high_high"}`` (first word x, second y; a
coordinate of 50 or more is high); ``agreement`` is the smaller of van der Eijk's A over 5
equal-width bins of x and of y (None when n < 2); ``divided`` is true when either axis has A < 0
with n ≥ 5 (see docs/aggregation.md). Placements of themes no longer in the items are left out.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from ..errors import InvalidInput, N_
from ..record.models import INTEGER, ONE_DECIMAL, TWO_DECIMALS, DisplayTable, MapPoint, StrategyMap, Table
from ..record.numbers import format_fixed, format_number
from . import presentation, stats, theme_config

NAME = "matrix"
LABEL = N_("Strategy map (2×2)")
ONE_RESPONSE_PER_PARTICIPANT = True

MAX_AXIS_LENGTH = 60
MAX_END_LENGTH = 30
GRID_MIN, GRID_MAX = 0, 100
HIGH_FROM = 50
QUADRANTS = ("low_low", "low_high", "high_low", "high_high")


def clean_config(raw) -> dict:
    """Validate the themes, the two axis names (required) and the four end words. ``items``
    is dropped, so a config round-trips through this function unchanged."""
    if not isinstance(raw, dict):
        raise InvalidInput(N_("The settings must be an object."))
    config = theme_config.clean_themes(raw)
    for field in ("x_label", "y_label"):
        config[field] = theme_config.clean_text(
            raw.get(field),
            MAX_AXIS_LENGTH,
            required=True,
            message=N_("Name each axis in 1 to %(max)d characters."),
        )
    for field in ("x_low", "x_high", "y_low", "y_high"):
        config[field] = theme_config.clean_text(
            raw.get(field),
            MAX_END_LENGTH,
            message=N_("The words at the ends of an axis can be at most %(max)d characters long."),
        )
    return config


def _coordinate(value) -> float:
    """A coordinate in 0…100 rounded half up to 1 decimal, or InvalidInput."""
    if type(value) not in (int, float) or not math.isfinite(value):
        raise InvalidInput(N_("A position must be two numbers, x and y."))
    if not GRID_MIN <= value <= GRID_MAX:
        raise InvalidInput(
            N_("A position must lie on the map: from %(min)d to %(max)d on each axis."),
            min=GRID_MIN,
            max=GRID_MAX,
        )
    # Half up in decimal, as the number was written: binary round() gives 19.95 → 19.9 but
    # 49.95 → 50.0, so a point could change quadrant by how the float happens to be stored.
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def clean_answer(config: dict, raw) -> dict:
    """Return ``{"positions": {id: [x, y]}}`` in the items' order, rounded to 1 decimal, or
    raise InvalidInput."""
    keys = theme_config.require_items(config)
    if not isinstance(raw, dict) or not isinstance(raw.get("positions"), dict):
        raise InvalidInput(N_("The answer must give a position per theme."))
    positions = raw["positions"]
    if not positions:
        raise InvalidInput(N_("Place at least one theme on the map."))
    theme_config.check_theme_keys(positions, keys)
    cleaned = {}
    for key in keys:
        if key in positions:
            point = positions[key]
            if not isinstance(point, (list, tuple)) or len(point) != 2:
                raise InvalidInput(N_("A position must be two numbers, x and y."))
            cleaned[key] = [_coordinate(point[0]), _coordinate(point[1])]
    return {"positions": cleaned}


def quadrant(x, y) -> str:
    """The quadrant of a position: "<x>_<y>" with low below 50 and high from 50 up."""
    return f"{'high' if x >= HIGH_FROM else 'low'}_{'high' if y >= HIGH_FROM else 'low'}"


def _placed(point) -> bool:
    return (
        isinstance(point, (list, tuple))
        and len(point) == 2
        and all(type(value) in (int, float) and math.isfinite(value) for value in point)
    )


def tally(config: dict, answers: list[dict]) -> dict:
    """Per theme: where it was placed on average, the spread, the quadrants and agreement."""
    themes = []
    for item in theme_config.items(config):
        key = str(item["id"])
        points = [
            answer["positions"][key]
            for answer in answers
            if _placed(answer.get("positions", {}).get(key))
        ]
        xs = [point[0] for point in points]
        ys = [point[1] for point in points]
        quadrants = dict.fromkeys(QUADRANTS, 0)
        for x, y in points:
            quadrants[quadrant(x, y)] += 1
        n = len(points)
        bins_x = stats.bin_counts(xs, GRID_MIN, GRID_MAX)
        bins_y = stats.bin_counts(ys, GRID_MIN, GRID_MAX)
        agreement_x, agreement_y = stats.agreement(bins_x), stats.agreement(bins_y)
        themes.append(
            {
                **theme_config.theme_row(item),
                "n": n,
                "mean_x": stats.mean(xs),
                "mean_y": stats.mean(ys),
                "sd_x": stats.sd(xs),
                "sd_y": stats.sd(ys),
                "quadrants": quadrants,
                "agreement": None if agreement_x is None else min(agreement_x, agreement_y),
                "divided": stats.divided(bins_x, n) or stats.divided(bins_y, n),
            }
        )
    return {"responses": len(answers), "themes": themes}


def answered_themes(answer: dict) -> set[str]:
    """The themes an answer places (for splits)."""
    return set(answer.get("positions") or {})


def answer_for_themes(answer: dict, keys: set[str]) -> dict:
    """The answer with only the positions of `keys` (for splits)."""
    return {**answer, "positions": {key: value for key, value in answer["positions"].items() if key in keys}}


def values_per_theme(config: dict, answers: list[dict]) -> dict[str, dict[str, list[float]]]:
    """Where each person placed each theme, across and up, for comparing two runs
    (facilitation/shifts.py): ``{theme_id: {"x": [x, …], "y": [y, …]}}``; unplaced themes are left out."""
    values = {}
    for item in theme_config.items(config):
        key = str(item["id"])
        placed = [answer["positions"][key] for answer in answers if _placed((answer.get("positions") or {}).get(key))]
        values[key] = {"x": [float(point[0]) for point in placed], "y": [float(point[1]) for point in placed]}
    return values


# The landscape's words for this kind's standing (facilitation/landscape.py): a position (x, y),
# which orders nothing.
STANDING_FIGURES = {
    "map": {
        "clause": N_("placed at %(x)s across (%(x_label)s) and %(y)s up (%(y_label)s) in “%(prompt)s”"),
        "caption": N_("position across → and up ↑"),
        "position": True,
    },
}


def standings(config: dict, result: dict) -> dict[int, dict]:
    """Each theme's place on this map, for the landscape (facilitation/landscape.py): a position,
    not an order (``value`` is None; ``x``, ``y`` and the axes' names say where)."""
    return {
        theme["id"]: {"figure": "map", "value": None, "x": theme["mean_x"], "y": theme["mean_y"],
                      "x_label": config.get("x_label", ""), "y_label": config.get("y_label", ""),
                      "n": theme["n"], "agreement": theme["agreement"], "divided": theme["divided"]}
        for theme in result.get("themes", [])
    }


def public_config(config: dict) -> dict:
    """Everything in a strategy map's config, themes included, is fit for phones."""
    return config


def config_from_form(form) -> dict:
    """Read the editor form (templates/kinds/matrix/editor.html)."""
    return {
        **theme_config.themes_from_form(form),
        **{
            field: form.get(field)
            for field in ("x_label", "y_label", "x_low", "x_high", "y_low", "y_high")
        },
    }


# --- presentation: what the record and the browser need to know (see kinds/__init__.py) --------

TRAITS = {"collects": False, "live_to_phones": False, "chart": "map", "per_theme": True, "sortable": False,
          "promotes": False, "agreement": True, "entries_noun": ""}
SPLIT_FIGURE = N_("The mean position (x / y) in each group.")
# The report's appendix ("How the numbers were computed"): how this kind's figures are read.
HOW_COMPUTED = (
    N_("Strategy map: each theme is drawn at its mean position, with a cross of ± 1 SD on each axis "
       "that shows how scattered the placements are. Each axis runs from 0 (low) to 100 (high); 50 "
       "or more counts as high, and the quadrant counts say how many placed the theme in each quarter "
       "of the map."),
)


def screen_order(config: dict, result: dict) -> list[dict]:
    """The themes in their own order (the map numbers them so)."""
    return list(result.get("themes", []))


def summary_table(config: dict, result: dict, translate) -> Table:
    """One row per theme: mean position and spread, the quadrant counts and agreement."""
    t = translate
    table = Table(
        [t(N_("Theme")), t(N_("n")), t(N_("Mean x")), t(N_("Mean y")), t(N_("SD x")), t(N_("SD y")),
         t(N_("Top right")), t(N_("Top left")), t(N_("Bottom right")), t(N_("Bottom left")),
         t(N_("Agreement A")), t(N_("Divided"))],
        formats=[None, INTEGER, ONE_DECIMAL, ONE_DECIMAL, ONE_DECIMAL, ONE_DECIMAL, INTEGER, INTEGER, INTEGER,
                 INTEGER, TWO_DECIMALS, None],
    )
    for theme in result.get("themes", []):
        q = theme["quadrants"]
        table.rows.append([theme["label"], theme["n"], theme["mean_x"], theme["mean_y"], theme["sd_x"], theme["sd_y"],
                           q["high_high"], q["low_high"], q["high_low"], q["low_low"], theme["agreement"],
                           presentation.yes_no(theme["divided"], t)])
    return table


def display_table(config: dict, result: dict, translate, language: str) -> DisplayTable:
    """The figures of each theme, numbered as on the map, with the quadrants as arrows."""
    t = translate
    table = DisplayTable(
        [t(N_("No.")), t(N_("Theme")), t(N_("n")), t(N_("Mean x")), t(N_("Mean y")), t(N_("SD x")), t(N_("SD y")),
         "↗", "↖", "↘", "↙", t(N_("Agreement A")), t(N_("Divided"))],
        numeric=[True, False] + [True] * 10 + [False],
        note=t(N_("How many placed the theme in each quarter of the map: ↗ top right, ↖ top left, ↘ bottom right, "
                  "↙ bottom left (50 or more counts as high).")),
    )
    for number, theme in enumerate(result.get("themes", []), 1):
        q = theme["quadrants"]
        table.rows.append([str(number), theme["label"], str(theme["n"])]
                          + [format_fixed(theme[key], language, 1) for key in ("mean_x", "mean_y", "sd_x", "sd_y")]
                          + [str(q["high_high"]), str(q["low_high"]), str(q["high_low"]), str(q["low_low"]),
                             format_fixed(theme["agreement"], language), presentation.divided_cell(theme, t)])
    return table


def notes(config: dict, result: dict, translate) -> list[str]:
    """The two axes, with the words at their ends."""
    lines = []
    for axis, name in (("x", N_("Across (x): %(axis)s")), ("y", N_("Up (y): %(axis)s"))):
        text = translate(name) % {"axis": config.get(f"{axis}_label", "")}
        low, high = config.get(f"{axis}_low"), config.get(f"{axis}_high")
        if low or high:
            text += f" ({low or '0'} → {high or '100'})"
        lines.append(text)
    return lines


def answer_text(config: dict, answer: dict, label, translate, language: str) -> str:
    """Each placed theme's position: "KOMBIT: x = 80 / y = 90"."""
    return "; ".join(
        f"{label(key)}: x = {format_number(point[0], language)} / y = {format_number(point[1], language)}"
        for key, point in answer.get("positions", {}).items()
        if isinstance(point, (list, tuple)) and len(point) == 2
    )


def chart(config: dict, result: dict, translate, language: str) -> StrategyMap:
    """Each placed theme at its mean position with its spread; numbered in the themes' order."""
    points = []
    for number, theme in enumerate(result.get("themes", []), 1):
        if theme.get("n"):
            points.append(MapPoint(number, theme["label"], theme["mean_x"], theme["mean_y"], theme["sd_x"] or 0.0,
                                   theme["sd_y"] or 0.0, theme["n"], bool(theme.get("divided"))))

    def axis(name: str) -> str:
        low, high = config.get(f"{name}_low") or "", config.get(f"{name}_high") or ""
        return f"{low} ← {config.get(f'{name}_label', '')} → {high}".strip()

    return StrategyMap(
        points, axis("x"), axis("y"),
        translate(N_("Strategy map: {x} across, {y} up")).format(x=config.get("x_label", ""), y=config.get("y_label", "")),
    )


split_rows = presentation.theme_rows


def split_cell(config: dict, group_result: dict, row_id, language: str, translate) -> str:
    """The theme's mean position in the group ("62,5 / 70,0"), or a dash when nobody in it
    placed the theme."""
    theme = presentation.group_theme(group_result, row_id)
    if theme is None or not theme["n"]:
        return presentation.NO_NUMBER
    return f"{format_fixed(theme['mean_x'], language, 1)} / {format_fixed(theme['mean_y'], language, 1)}"


def rename_themes(answer: dict, rename: dict[str, str]) -> dict:
    """The answer with each theme key in "positions" replaced by ``rename[key]`` (a key `rename` does
    not know is dropped): to carry answers into a workshop with other theme ids (archives)."""
    return {**answer, "positions": theme_config.renamed_keys(answer.get("positions"), rename)}

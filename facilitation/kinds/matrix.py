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
from . import stats, theme_config

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

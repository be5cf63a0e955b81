"""What moved between two runs of the same question: for each theme, the shift of its figure
with an honest uncertainty.

Two runs are two activities of the same theme kind (rating, ranking, points or matrix): asked in
the morning and again in the afternoon, or this year and last year. Each theme's figure is a mean
over the people who answered about it, so the shift is a difference of two means, and its
uncertainty is a 95 % interval of that difference. With fewer than NORMAL_FROM values in a run it
is a percentile bootstrap interval: each run's values are resampled with replacement,
independently, `RESAMPLES` times. From NORMAL_FROM values in both runs it is the normal (Welch)
interval, difference ± 1.96 standard errors: for these bounded figures the two agree closely
there, and the bootstrap would cost seconds of a laptop's processor per page in a live room. When
the interval includes zero the shift is within the noise and is reported as such. Each comparable kind says what its figures
are (``values_per_theme``); today:

- rating: the mean rating (``don't know`` is not a rating);
- points: the mean points a participant gave the theme (the tally's ``mean``);
- ranking with a top k: the share of ballots that put the theme in their top k;
- ranking of all themes: the mean Borda points of a ballot as a share of the most a ballot can
  give (1 = first on every ballot), comparable when the number of themes changes;
- matrix: the mean position across (x) and, as a second row, up (y).

Themes are matched by id (the same workshop), then by title, ignoring case and surrounding
spaces (last year's workshop has other ids). Pure: no database, no Flask. The resampling uses a
fixed seed, so the record reads the same every time it is made; every formula is explained in
docs/aggregation.md.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from types import ModuleType

from .kinds import theme_config

from .errors import N_

RESAMPLES = 1000
SEED = 2027
MINIMUM_PER_RUN = 2  # below this a run has no spread to speak of: no interval, no claim
NORMAL_FROM = 30  # values in each run from which the normal interval is used (see above)
Z_95 = 1.959964
# What each figure is, for people; share figures are shown in per cent, their shifts in points.
FIGURE_NAMES = {
    "mean": N_("Mean rating"),
    "points": N_("Mean points per participant"),
    "top_k_share": N_("Share of ballots with it in their top %(k)d"),
    "borda_share": N_("Borda score as a share of the highest possible"),
    "x": N_("Mean position across (x)"),
    "y": N_("Mean position up (y)"),
}
SHARE_FIGURES = ("top_k_share", "borda_share")


@dataclass(frozen=True)
class Shift:
    """One theme's figure in two runs: `before`, `after`, their `difference` (after − before)
    with its 95 % bootstrap interval `low`…`high`, and how many values each run has. Figures are
    None where a run has fewer than MINIMUM_PER_RUN values."""

    label: str
    figure: str  # "mean", "points", "top_k_share", "borda_share", "x" or "y"
    before: float | None
    after: float | None
    difference: float | None
    low: float | None
    high: float | None
    n_before: int
    n_after: int
    method: str = ""  # "bootstrap" or "normal": how the interval was found

    @property
    def within_noise(self) -> bool:
        """True when the interval includes no change (or there is too little to tell)."""
        return self.low is None or self.low <= 0 <= self.high


def _mean(values: list[float]) -> float:
    return math.fsum(values) / len(values)


def _variance(values: list[float]) -> float:
    """The sample variance (divide by n − 1)."""
    mean = _mean(values)
    return math.fsum((value - mean) ** 2 for value in values) / (len(values) - 1)


def _interval(before: list[float], after: list[float], rng: random.Random) -> tuple[float, float, str]:
    """The 95 % interval of mean(after) − mean(before), and the method that found it."""
    difference = _mean(after) - _mean(before)
    if min(len(before), len(after)) >= NORMAL_FROM:
        error = math.sqrt(_variance(before) / len(before) + _variance(after) / len(after))
        return difference - Z_95 * error, difference + Z_95 * error, "normal"
    # Plain sums (not fsum) for speed: the inputs are sorted and the seed fixed, so the result is
    # the same on every run all the same.
    n_before, n_after = len(before), len(after)
    differences = sorted(
        sum(rng.choices(after, k=n_after)) / n_after - sum(rng.choices(before, k=n_before)) / n_before
        for _ in range(RESAMPLES)
    )
    return differences[int(0.025 * RESAMPLES)], differences[math.ceil(0.975 * RESAMPLES) - 1], "bootstrap"


def _match(before_items: list[dict], after_items: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs of (before, after) themes: the same id, else the same title."""
    by_id = {str(item["id"]): item for item in before_items}
    by_title = {str(item["label"]).strip().casefold(): item for item in before_items}
    pairs = []
    for item in after_items:
        match = by_id.get(str(item["id"]))
        if match is None or str(match["label"]).strip().casefold() != str(item["label"]).strip().casefold():
            match = by_title.get(str(item["label"]).strip().casefold())
        if match is not None:
            pairs.append((match, item))
    return pairs


def comparable(kind: ModuleType) -> bool:
    """True for kinds whose runs can be compared: they give each person's values per theme."""
    return hasattr(kind, "values_per_theme")


def compare(kind: ModuleType, before_config: dict, before_answers: list[dict], after_config: dict,
            after_answers: list[dict]) -> list[Shift]:
    """The shift of every theme both runs asked about, in the later run's order of themes.

    Both runs must be of `kind`, a comparable kind module (its ``values_per_theme(config,
    answers)`` gives ``{theme_id: {figure: [each person's value, …]}}``). Resampling starts from SEED for each
    theme and figure, and each run's values are sorted first, so the answer does not depend on
    the order of the answers.
    """
    before_values = kind.values_per_theme(before_config, before_answers)
    after_values = kind.values_per_theme(after_config, after_answers)
    shifts = []
    for before_item, after_item in _match(theme_config.items(before_config), theme_config.items(after_config)):
        old = before_values[str(before_item["id"])]
        new = after_values[str(after_item["id"])]
        for figure in new:
            a, b = sorted(old.get(figure, [])), sorted(new[figure])
            enough = len(a) >= MINIMUM_PER_RUN and len(b) >= MINIMUM_PER_RUN
            low = high = None
            method = ""
            if enough:
                low, high, method = _interval(a, b, random.Random(SEED))
            shifts.append(Shift(
                label=after_item["label"], figure=figure,
                before=_mean(a) if enough else None, after=_mean(b) if enough else None,
                difference=_mean(b) - _mean(a) if enough else None, low=low, high=high,
                n_before=len(a), n_after=len(b), method=method,
            ))
    return shifts

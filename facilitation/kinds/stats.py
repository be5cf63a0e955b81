"""Statistics shared by the theme kinds (rating, ranking, points, matrix).

``mean``, ``median``, ``sd`` (population), van der Eijk's agreement ``agreement``,
``bin_index`` / ``bin_counts`` (continuous values into ordered categories) and the ``divided``
flag. Every formula is explained for participants in docs/aggregation.md.

Nothing here touches the database or Flask, and nothing depends on the order of its input.
"""

from __future__ import annotations

import math
import operator
from fractions import Fraction
from functools import lru_cache
from itertools import combinations



AGREEMENT_BINS = 5
DIVIDED_MINIMUM = 5

# ---------------------------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------------------------


def mean(values) -> float | None:
    """The arithmetic mean of `values` (numbers), or None when there are none.

    Uses a correctly rounded sum, so the result does not depend on the order of the values.
    """
    values = list(values)
    if not values:
        return None
    return math.fsum(values) / len(values)


def median(values) -> float | None:
    """The middle value of `values` once sorted, or None when there are none.

    For an even number of values it is the mean of the two middle ones: median(1, 2, 4, 5) = 3.
    """
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    middle = n // 2
    if n % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def sd(values) -> float | None:
    """The population standard deviation of `values` (divide by n, not n − 1), or None when
    there are none. One value has sd 0.

    sd = √( Σ (x − mean)² / n ), with correctly rounded sums, so order does not matter.
    """
    values = list(values)
    if not values:
        return None
    centre = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((value - centre) ** 2 for value in values) / len(values))


def _pattern_agreement(pattern: tuple[bool, ...]) -> Fraction:
    """Agreement A of one layer, given its pattern vector (True = non-empty category; a layer
    has at least one, and with exactly one the formula below gives A = 1).

    van der Eijk (2001), p. 331–332: over every triple of categories i < j < k, count the
    triples whose pattern is 1-1-0 or 0-1-1 (TU, consistent with unimodality) and 1-0-1 (TDU,
    deviating from it); other triples do not count. Then

        U = ((K − 2)·TU − (K − 1)·TDU) / ((K − 2)·(TU + TDU))   (U = 1 when TU + TDU = 0)
        A = U · (1 − (S − 1)/(K − 1))                          S = non-empty categories.
    """
    k = len(pattern)
    s = sum(pattern)
    tu = tdu = 0
    for a, b, c in combinations(pattern, 3):
        if a and c and not b:
            tdu += 1
        elif b and (a != c):  # 1-1-0 or 0-1-1
            tu += 1
    if tu + tdu == 0:
        u = Fraction(1)
    else:
        u = Fraction((k - 2) * tu - (k - 1) * tdu, (k - 2) * (tu + tdu))
    return u * (1 - Fraction(s - 1, k - 1))


# Tallies meet the same few patterns again and again. The cache wraps _pattern_agreement
# instead of decorating it so that mutation testing, which skips decorated functions, reaches
# the formula (docs/testing.md).
_cached_pattern_agreement = lru_cache(maxsize=4096)(_pattern_agreement)


def _agreement_exact(counts) -> Fraction | None:
    counts = [operator.index(count) for count in counts]  # whole numbers only
    if len(counts) < 2:
        raise ValueError("agreement needs at least two ordered categories")
    if any(count < 0 for count in counts):
        raise ValueError("counts cannot be negative")
    total = sum(counts)
    if total < 2:
        return None
    remaining = list(counts)
    result = Fraction(0)
    # Peel off layers: each layer takes the smallest non-zero frequency from every non-empty
    # category, so it is a flat distribution over the categories still in use.
    while any(remaining):
        smallest = min(count for count in remaining if count)
        pattern = tuple(count > 0 for count in remaining)
        cases = smallest * sum(pattern)
        result += Fraction(cases, total) * _cached_pattern_agreement(pattern)
        remaining = [count - smallest if count else 0 for count in remaining]
    return result


def agreement(counts) -> float | None:
    """Van der Eijk's agreement A for a frequency vector over ordered categories.

    `counts[i]` is how many answers fell in the i-th category (lowest first); at least two
    categories, non-negative whole counts. Returns None when there are fewer than 2 answers.

    A is 1 when everyone is in one category, 0 for a uniform distribution and −1 when the
    answers are split evenly between the two extreme categories; always −1 ≤ A ≤ 1.
    The distribution is decomposed into layers (flat distributions over the non-empty
    categories); each layer's agreement A_L = U·(1 − (S − 1)/(K − 1)) (see
    ``_pattern_agreement``) is weighted by the layer's share of the answers.

    Cees van der Eijk, "Measuring agreement in ordered rating scales", Quality & Quantity 35
    (2001) 325–341. With K = 2 categories there are no triples, so U = 1 and A is never below 0
    (a 50/50 split is both uniform and an extreme split).
    """
    exact = _agreement_exact(counts)
    return None if exact is None else float(exact)


def divided(counts, n, minimum: int = DIVIDED_MINIMUM) -> bool:
    """True when the room is split: agreement A of `counts` is below 0 and there are at least
    `minimum` answers (`n`). With fewer answers nothing is ever flagged."""
    if n < minimum:
        return False
    exact = _agreement_exact(counts)
    return exact is not None and exact < 0


def bin_index(value, low, high, bins: int = AGREEMENT_BINS) -> int:
    """The category (0 … bins − 1) of `value` when [low, high] is cut into `bins` equal-width
    intervals, each closed below and open above, except the last which includes `high`.

    With 0..100 and 5 bins: 0–<20 → 0, 20–<40 → 1, 40–<60 → 2, 60–<80 → 3, 80–100 → 4.
    Values outside the range count in the nearest end bin. Exact arithmetic, so 20 is bin 1.
    """
    if not high > low or bins < 1:
        raise ValueError("bin_index needs low < high and at least one bin")
    scaled = (value - low) * bins / (high - low)
    index = math.floor(scaled)
    if min(scaled - index, index + 1 - scaled) < 1e-9:  # near an edge: decide exactly
        index = math.floor((Fraction(value) - Fraction(low)) * bins / (Fraction(high) - Fraction(low)))
    return min(max(index, 0), bins - 1)


def bin_counts(values, low, high, bins: int = AGREEMENT_BINS) -> list[int]:
    """How many of `values` fall in each of `bins` equal-width categories of [low, high]
    (see ``bin_index``), lowest first: a frequency vector for ``agreement``."""
    counts = [0] * bins
    for value in values:
        counts[bin_index(value, low, high, bins)] += 1
    return counts

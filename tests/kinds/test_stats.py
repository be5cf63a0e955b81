"""The shared statistics and theme helpers of the theme kinds, as pure functions."""

import math
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from facilitation.errors import InvalidInput
from facilitation.kinds import stats, theme_config

from ..danish import in_danish

# --- mean, median, sd -------------------------------------------------------------------------


def test_mean_median_sd_of_a_hand_computed_example():
    values = [1, 2, 3, 4, 5]
    # mean = 15 / 5 = 3; median = the middle value 3;
    # sd = √(((1−3)² + (2−3)² + 0 + (4−3)² + (5−3)²) / 5) = √(10 / 5) = √2
    assert stats.mean(values) == 3
    assert stats.median(values) == 3
    assert stats.sd(values) == pytest.approx(math.sqrt(2))


def test_median_of_an_even_count_is_the_mean_of_the_two_middle_values():
    # sorted: 1 2 | 4 5 → (2 + 4) / 2 = 3
    assert stats.median([5, 1, 4, 2]) == 3
    # sorted: 1 2 | 3 10 → (2 + 3) / 2 = 2.5
    assert stats.median([10, 3, 2, 1]) == 2.5


def test_sd_is_the_population_sd():
    # mean 5; squared deviations 9 + 1 + 1 + 9 = 20; 20 / 4 = 5 (not 20 / 3): sd = √5
    assert stats.sd([2, 4, 6, 8]) == pytest.approx(math.sqrt(5))
    assert stats.sd([7]) == 0


def test_statistics_of_nothing_are_none():
    assert stats.mean([]) is None
    assert stats.median([]) is None
    assert stats.sd([]) is None


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=40), st.randoms())
def test_mean_median_sd_do_not_depend_on_order(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)
    assert stats.mean(shuffled) == stats.mean(values)
    assert stats.median(shuffled) == stats.median(values)
    assert stats.sd(shuffled) == stats.sd(values)
    assert min(values) - 1e-9 <= stats.mean(values) <= max(values) + 1e-9


# --- van der Eijk's agreement A -----------------------------------------------------------------
# A layer's pattern has K categories, S of them non-empty. Over every triple of categories
# i < j < k: TU counts the patterns 1-1-0 and 0-1-1, TDU the pattern 1-0-1.
#   U = ((K−2)·TU − (K−1)·TDU) / ((K−2)·(TU+TDU)),  A_layer = U·(1 − (S−1)/(K−1)),
# and A is the sum of A_layer weighted by the layer's share of the answers.


def test_agreement_of_a_clear_majority_with_a_neighbour():
    # [2, 2, 1, 0, 0], N = 5.
    # Layer 1: 1 from each non-empty category: pattern 11100, 3 answers (weight 3/5).
    #   No 1-0-1 triple (TDU = 0), so U = 1; S = 3: A = 1 · (1 − 2/4) = 1/2.
    # Layer 2: what is left, [1, 1, 0, 0, 0]: pattern 11000, 2 answers (weight 2/5).
    #   U = 1; S = 2: A = 1 · (1 − 1/4) = 3/4.
    # A = 3/5 · 1/2 + 2/5 · 3/4 = 3/10 + 3/10 = 3/5.
    assert stats.agreement([2, 2, 1, 0, 0]) == pytest.approx(0.6)


def test_agreement_of_two_neighbouring_categories():
    # [0, 3, 1, 0, 0], N = 4.
    # Layer 1: pattern 01100, 2 answers (weight 2/4); TU = 3 (1-1-0: (2,3,4), (2,3,5);
    #   0-1-1: (1,2,3)), TDU = 0 → U = 1; S = 2: A = 1 − 1/4 = 3/4.
    # Layer 2: [0, 2, 0, 0, 0], one category: A = 1 (weight 2/4).
    # A = 1/2 · 3/4 + 1/2 · 1 = 7/8.
    assert stats.agreement([0, 3, 1, 0, 0]) == pytest.approx(7 / 8)


def test_agreement_of_a_split_room_is_negative():
    # [2, 0, 1, 0, 2], N = 5.
    # Layer 1: pattern 10101, 3 answers (weight 3/5).
    #   TDU (1-0-1): the 0 at 2 with (1,3), (1,5); the 0 at 4 with (1,5), (3,5) → 4.
    #   TU: 1-1-0 (1,3,4); 0-1-1 (2,3,5) → 2.
    #   U = (3·2 − 4·4) / (3·6) = −10/18 = −5/9; S = 3: A = −5/9 · (1 − 2/4) = −5/18.
    # Layer 2: [1, 0, 0, 0, 1], 2 answers (weight 2/5): TDU = 3, TU = 0 → U = −4·3/(3·3) = −4/3;
    #   S = 2: A = −4/3 · 3/4 = −1.
    # A = 3/5 · (−5/18) + 2/5 · (−1) = −1/6 − 2/5 = −17/30.
    assert stats.agreement([2, 0, 1, 0, 2]) == pytest.approx(-17 / 30)


def test_agreement_of_a_mostly_split_room():
    # [3, 0, 0, 0, 2]: layer 10001 of 4 answers (A = −1, weight 4/5) and layer 10000 of 1
    # answer (A = 1, weight 1/5): A = −4/5 + 1/5 = −3/5.
    assert stats.agreement([3, 0, 0, 0, 2]) == pytest.approx(-0.6)


def test_agreement_anchor_points():
    assert stats.agreement([0, 0, 7, 0, 0]) == 1  # everyone in one category
    assert stats.agreement([2, 2, 2, 2, 2]) == 0  # uniform
    assert stats.agreement([4, 0, 0, 0, 4]) == -1  # even split between the extremes
    assert stats.agreement([1, 0, 1]) == -1


def test_agreement_with_two_categories_cannot_go_negative():
    # No triples with K = 2, so U = 1. [3, 1]: layer 11 (A = 0, weight 2/4) and layer 10
    # (A = 1, weight 2/4) → 1/2. A 50/50 split is both uniform and an extreme split: 0.
    assert stats.agreement([3, 1]) == 0.5
    assert stats.agreement([2, 2]) == 0


def test_agreement_needs_two_answers():
    assert stats.agreement([0, 0, 0, 0, 0]) is None
    assert stats.agreement([0, 1, 0, 0, 0]) is None


@pytest.mark.parametrize("counts", [[5], [], [1, -1, 3], [1.5, 2, 0]])
def test_agreement_rejects_what_is_not_a_frequency_vector(counts):
    with pytest.raises((ValueError, TypeError)):
        stats.agreement(counts)


def test_a_programming_error_in_agreement_says_what_is_wrong():
    # Not for people in the room: these tell a developer which rule a caller broke.
    with pytest.raises(ValueError, match="^agreement needs at least two ordered categories$"):
        stats.agreement([5])
    with pytest.raises(ValueError, match="^counts cannot be negative$"):
        stats.agreement([1, -1, 3])


@given(st.integers(2, 11).flatmap(lambda k: st.tuples(st.just(k), st.integers(0, k - 1))),
       st.integers(2, 1000))
def test_agreement_is_1_when_everyone_is_in_one_category(k_and_position, count):
    k, position = k_and_position
    counts = [0] * k
    counts[position] = count
    assert stats.agreement(counts) == 1


@given(st.integers(2, 11), st.integers(1, 200))
def test_agreement_is_0_for_a_uniform_distribution(k, count):
    assert stats.agreement([count] * k) == 0


@given(st.integers(3, 11), st.integers(1, 500))
def test_agreement_is_minus_1_for_an_even_split_between_the_extremes(k, count):
    counts = [0] * k
    counts[0] = counts[-1] = count
    assert stats.agreement(counts) == -1


frequency_vectors = st.integers(2, 11).flatmap(
    lambda k: st.lists(st.integers(0, 60), min_size=k, max_size=k)
).filter(lambda counts: sum(counts) >= 2)


@given(frequency_vectors)
def test_agreement_is_always_between_minus_1_and_1(counts):
    assert -1 <= stats.agreement(counts) <= 1


@given(frequency_vectors, st.integers(2, 7))
def test_agreement_ignores_the_direction_of_the_scale_and_the_size_of_the_room(counts, factor):
    assert stats.agreement(counts[::-1]) == pytest.approx(stats.agreement(counts), abs=1e-12)
    assert stats.agreement([c * factor for c in counts]) == pytest.approx(
        stats.agreement(counts), abs=1e-12
    )


# --- binning and the divided flag ---------------------------------------------------------------


def test_bins_are_equal_width_closed_below_and_the_last_one_holds_the_top():
    # 0..100 in 5 bins of width 20: [0,20) [20,40) [40,60) [60,80) [80,100]
    values = [0, 19.9, 20, 39.9, 40, 50, 59.9, 60, 79.9, 80, 100]
    assert [stats.bin_index(v, 0, 100) for v in values] == [0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4]
    assert stats.bin_counts(values, 0, 100) == [2, 2, 3, 2, 2]


def test_bins_of_a_small_budget():
    # 0..3 in 5 bins of width 0.6: 0 → 0; 1 → 1/0.6 = 1.67 → 1; 2 → 3.33 → 3; 3 → the top → 4
    assert [stats.bin_index(v, 0, 3) for v in (0, 1, 2, 3)] == [0, 1, 3, 4]


def test_values_outside_the_range_count_in_the_end_bins():
    assert stats.bin_counts([-5, 120], 0, 100) == [1, 0, 0, 0, 1]


@given(st.one_of(st.floats(0, 100), st.integers(0, 100).map(lambda v: v / 10 * 10)), st.integers(1, 1000))
# The float 0.6 lies just below 3/5 of 1, although 0.6 × 5 / 1 rounds to exactly 3.0.
@example(0.6, 1)
def test_binning_is_exact_at_the_edges(value, high):
    exact = min(max(math.floor(Fraction(value) * 5 / high), 0), 4)
    assert stats.bin_index(value, 0, high) == exact
    assert stats.bin_index(int(value), 0, high) == min(math.floor(Fraction(int(value)) * 5 / high), 4)


@given(st.lists(st.floats(0, 100), max_size=50))
def test_binning_keeps_every_value(values):
    assert sum(stats.bin_counts(values, 0, 100)) == len(values)


def test_divided_means_negative_agreement_with_at_least_five_answers():
    assert stats.divided([2, 0, 1, 0, 2], 5)  # A = −17/30 (see above)
    assert stats.divided([3, 0, 0, 0, 3], 6)  # A = −1
    assert not stats.divided([2, 0, 0, 0, 2], 4)  # A = −1, but only 4 answers
    assert stats.divided([2, 0, 0, 0, 2], 4, minimum=4)
    assert not stats.divided([1, 1, 1, 1, 1], 5)  # A = 0 is not below 0
    assert not stats.divided([0, 0, 5, 0, 0], 5)
    assert not stats.divided([0, 0, 0, 0, 0], 0)


# --- themes in configs --------------------------------------------------------------------------


def test_clean_themes_defaults_and_normalises():
    assert theme_config.clean_themes({}) == {"themes": "all", "shuffle": False}
    assert theme_config.clean_themes({"themes": [12, "4", 12], "shuffle": True}) == {
        "themes": [12, 4],
        "shuffle": True,
    }


@pytest.mark.parametrize(
    "raw",
    [
        {"themes": []},
        {"themes": "some"},
        {"themes": [0]},
        {"themes": [True]},
        {"themes": [1.5]},
        {"themes": ["KOMBIT"]},
        {"themes": list(range(1, 300))},
        {"shuffle": "on"},
    ],
)
def test_clean_themes_rejects(raw):
    with pytest.raises(InvalidInput) as raised:
        theme_config.clean_themes(raw)
    in_danish(raised.value)


def test_themes_from_form():
    form = MultiDict([("themes_mode", "chosen"), ("theme_ids", "4"), ("theme_ids", "12"), ("shuffle", "on")])
    assert theme_config.themes_from_form(form) == {"themes": ["4", "12"], "shuffle": True}
    assert theme_config.themes_from_form(MultiDict([("themes_mode", "all"), ("theme_ids", "4")])) == {
        "themes": "all",
        "shuffle": False,
    }


def test_exact_arithmetic_is_used_inside():
    # A is computed with fractions, so the anchor points come out exactly.
    assert stats._agreement_exact([1, 0, 0, 0, 1]) == Fraction(-1)
    assert stats._agreement_exact([2, 0, 1, 0, 2]) == Fraction(-17, 30)


def theme_refusal(raw) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        theme_config.clean_themes(raw)
    in_danish(refused.value)
    return refused.value


def test_at_most_200_chosen_themes_and_ids_from_1():
    most = list(range(1, theme_config.MAX_THEME_IDS + 1))
    assert theme_config.clean_themes({"themes": most})["themes"] == most
    assert theme_refusal({"themes": most + [201]}).params == {"max": 200}
    # Duplicates are dropped before counting.
    assert theme_config.clean_themes({"themes": most + [1]})["themes"] == most
    assert theme_config.clean_themes({"themes": [1]})["themes"] == [1]
    assert theme_refusal({"themes": [0]}).message == "That theme is not part of this workshop."
    assert theme_refusal({"themes": []}).message == "Choose at least one theme, or use all themes."
    assert theme_refusal({"themes": "some"}).message == "Choose the themes: all of them, or a list of themes."
    assert theme_refusal({"shuffle": 1}).message.startswith("Say whether the themes")


@pytest.mark.parametrize("value, expected", [("7", 7), (" 12 ", 12), ("999999999", 999999999), ("1000000000", "1000000000"),
                                             ("", ""), ("-3", "-3"), ("1.5", "1.5"), (5, 5), (True, True), (None, None)])
def test_a_whole_number_may_come_as_up_to_9_digits(value, expected):
    assert theme_config.whole_number(value) == expected and type(theme_config.whole_number(value)) is type(expected)


def test_a_text_setting_collapses_spaces_and_has_a_length_limit():
    message = "At most %(max)d."
    assert theme_config.clean_text("  to   ord ", 6, message=message) == "to ord"
    assert theme_config.clean_text(None, 6, message=message) == ""
    for bad, required in (("seven c", False), (7, False), ("   ", True), (None, True)):
        with pytest.raises(InvalidInput) as refused:
            theme_config.clean_text(bad, 6, message=message, required=required)
        assert (refused.value.message, refused.value.params) == (message, {"max": 6})


def test_an_activity_without_themes_cannot_be_answered_and_keys_must_be_known_text_ids():
    with pytest.raises(InvalidInput) as refused:
        theme_config.require_items({"items": []})
    in_danish(refused.value)
    assert refused.value.message == "This activity has no themes yet."
    assert theme_config.require_items({"items": [{"id": 4, "label": "DDF"}]}) == ["4"]
    assert theme_config.items({}) == [] and theme_config.items({"items": None}) == []
    theme_config.check_theme_keys(["4"], ["4", "12"])
    for keys in (["5"], [4]):
        with pytest.raises(InvalidInput) as raised:
            theme_config.check_theme_keys(keys, ["4", "12"])
        in_danish(raised.value)
    assert theme_config.theme_row({"id": 4, "label": "DDF", "description": "x"}) == {"id": 4, "label": "DDF"}


def test_themes_from_a_form_without_a_mode_are_all():
    assert theme_config.themes_from_form(MultiDict([("theme_ids", "4")])) == {"themes": "all", "shuffle": False}


def test_binning_needs_a_range_and_at_least_one_bin():
    assert stats.bin_index(7, 0, 10, bins=1) == 0
    assert stats.bin_counts([0, 50, 100, 33.3], 0, 100, bins=3) == [2, 1, 1]
    for low, high, bins in ((10, 10, 5), (10, 0, 5), (0, 10, 0)):
        with pytest.raises(ValueError, match="^bin_index needs low < high and at least one bin$"):
            stats.bin_index(5, low, high, bins)


@given(st.integers(-50, 1050), st.integers(0, 10), st.integers(1, 1000), st.integers(1, 11))
def test_binning_whole_numbers_is_exact(value, low, width, bins):
    high = low + width
    exact = min(max(math.floor(Fraction(value - low) * bins / width), 0), bins - 1)
    assert stats.bin_index(value, low, high, bins) == exact


def test_agreement_of_one_full_category_is_1_at_every_scale_length():
    for k in range(2, 12):
        for position in range(k):
            counts = [0] * k
            counts[position] = 3
            assert stats._agreement_exact(counts) == 1

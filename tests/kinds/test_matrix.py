"""The strategy map (2×2) kind, as pure functions."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from facilitation.errors import InvalidInput
from facilitation.kinds import matrix

from ..danish import in_danish

ITEMS = [
    {"id": 4, "label": "Det Digitale Folkebibliotek", "description": "DDF"},
    {"id": 12, "label": "KOMBIT", "description": ""},
    {"id": 7, "label": "Det Kgl. Bibliotek", "description": ""},
]
DDF, KOMBIT, KB = "4", "12", "7"
def default_config() -> dict:
    # Built when a test runs, never at import (docs/testing.md: mutation testing).
    return matrix.clean_config({"x_label": "Indsats", "y_label": "Effekt"})


def resolved_config() -> dict:
    return {**default_config(), "items": ITEMS}


def test_clean_config_defaults_and_round_trips():
    assert default_config() == {
        "themes": "all",
        "shuffle": False,
        "x_label": "Indsats",
        "y_label": "Effekt",
        "x_low": "",
        "x_high": "",
        "y_low": "",
        "y_high": "",
    }
    assert matrix.clean_config(default_config()) == default_config()
    assert matrix.clean_config(resolved_config()) == default_config()


def test_clean_config_reads_the_editor_form():
    form = MultiDict(
        [
            ("themes_mode", "chosen"),
            ("theme_ids", "4"),
            ("theme_ids", "7"),
            ("x_label", " Indsats "),
            ("y_label", "Effekt for borgerne"),
            ("x_low", "Lille"),
            ("x_high", "Stor"),
            ("y_low", "Lav"),
            ("y_high", "Høj"),
        ]
    )
    assert matrix.clean_config(matrix.config_from_form(form)) == {
        "themes": [4, 7],
        "shuffle": False,
        "x_label": "Indsats",
        "y_label": "Effekt for borgerne",
        "x_low": "Lille",
        "x_high": "Stor",
        "y_low": "Lav",
        "y_high": "Høj",
    }


@pytest.mark.parametrize(
    "raw",
    [
        None,
        {"y_label": "Effekt"},
        {"x_label": "Indsats"},
        {"x_label": "   ", "y_label": "Effekt"},
        {"x_label": "x" * 61, "y_label": "Effekt"},
        {"x_label": 3, "y_label": "Effekt"},
        {"x_label": "Indsats", "y_label": "Effekt", "x_low": "x" * 31},
        {"x_label": "Indsats", "y_label": "Effekt", "y_high": ["Høj"]},
        {"x_label": "Indsats", "y_label": "Effekt", "themes": []},
    ],
)
def test_clean_config_rejects_bad_settings(raw):
    with pytest.raises(InvalidInput) as raised:
        matrix.clean_config(raw)
    in_danish(raised.value)


def test_clean_answer_rounds_to_one_decimal_and_keeps_the_items_order():
    answer = matrix.clean_answer(resolved_config(), {"positions": {KB: [33.333, 66.666], DDF: [0, 100]}})
    assert answer == {"positions": {DDF: [0.0, 100.0], KB: [33.3, 66.7]}}
    assert list(answer["positions"]) == [DDF, KB]
    assert matrix.clean_answer(resolved_config(), {"positions": {DDF: (99.96, 0.04)}}) == {
        "positions": {DDF: [100.0, 0.0]}
    }


@pytest.mark.parametrize("written, stored", [(19.95, 20.0), (49.95, 50.0), (49.94, 49.9), (0.05, 0.1),
                                             (99.95, 100.0), (50, 50.0), (12.25, 12.3), (12.35, 12.4)])
def test_a_coordinate_is_rounded_half_up_as_written(written, stored):
    # Binary round() gave 19.95 → 19.9 and 12.25 → 12.2 but 49.95 → 50.0: the half went either way.
    answer = matrix.clean_answer(resolved_config(), {"positions": {DDF: [written, written]}})
    assert answer == {"positions": {DDF: [stored, stored]}}


@pytest.mark.parametrize(
    "raw, reason",
    [
        (None, "not an object"),
        ({"positions": [[1, 2]]}, "not an object of positions"),
        ({"positions": {}}, "nothing placed"),
        ({"positions": {DDF: [-0.1, 50]}}, "left of the grid"),
        ({"positions": {DDF: [100.1, 50]}}, "right of the grid"),
        ({"positions": {DDF: [50, -1]}}, "below the grid"),
        ({"positions": {DDF: [50, 101]}}, "above the grid"),
        ({"positions": {DDF: [float("nan"), 50]}}, "not a number"),
        ({"positions": {DDF: [50, float("inf")]}}, "infinite"),
        ({"positions": {DDF: [True, 50]}}, "a bool"),
        ({"positions": {DDF: ["50", 50]}}, "a string"),
        ({"positions": {DDF: [50]}}, "one coordinate"),
        ({"positions": {DDF: [50, 50, 50]}}, "three coordinates"),
        ({"positions": {DDF: {"x": 50, "y": 50}}}, "not a pair"),
        ({"positions": {"99": [50, 50]}}, "unknown theme"),
    ],
)
def test_clean_answer_rejects(raw, reason):
    with pytest.raises(InvalidInput) as raised:
        matrix.clean_answer(resolved_config(), raw)
    in_danish(raised.value)


def test_the_quadrant_boundary_is_50_which_counts_as_high():
    assert matrix.quadrant(50, 50) == "high_high"
    assert matrix.quadrant(49.9, 50) == "low_high"
    assert matrix.quadrant(50, 49.9) == "high_low"
    assert matrix.quadrant(0, 0) == "low_low"


ANSWERS = [
    {"positions": {DDF: [80, 90], KOMBIT: [10, 50], KB: [30, 20]}},
    {"positions": {DDF: [70, 60], KOMBIT: [90, 50]}},
    {"positions": {DDF: [90, 85], KOMBIT: [5, 40]}},
    {"positions": {DDF: [60, 75], KOMBIT: [95, 60]}},
    {"positions": {DDF: [85, 95], KOMBIT: [15, 45]}},
]


def test_tally_of_a_hand_computed_example():
    result = matrix.tally(resolved_config(), [matrix.clean_answer(resolved_config(), a) for a in ANSWERS])
    assert result["responses"] == 5
    ddf, kombit, kb = result["themes"]
    # Bins of 0..100: [0,20) [20,40) [40,60) [60,80) [80,100].

    # DDF: x 80, 70, 90, 60, 85 → mean 385/5 = 77; y 90, 60, 85, 75, 95 → mean 405/5 = 81.
    # sd_x = √((3² + 7² + 13² + 17² + 8²)/5) = √(580/5) = √116;
    # sd_y = √((9² + 21² + 4² + 6² + 14²)/5) = √(770/5) = √154.
    # All five ≥ 50 on both axes: high_high 5.
    # x bins [0, 0, 0, 2, 3] and y bins [0, 0, 0, 2, 3]: A = 4/5 each (see test_rating).
    assert ddf == {
        "id": 4,
        "label": "Det Digitale Folkebibliotek",
        "n": 5,
        "mean_x": pytest.approx(77),
        "mean_y": pytest.approx(81),
        "sd_x": pytest.approx(math.sqrt(116)),
        "sd_y": pytest.approx(math.sqrt(154)),
        "quadrants": {"low_low": 0, "low_high": 0, "high_low": 0, "high_high": 5},
        "agreement": pytest.approx(0.8),
        "divided": False,
    }

    # KOMBIT: x 10, 90, 5, 95, 15 → mean 43; y 50, 50, 40, 60, 45 → mean 49.
    # sd_x = √((33² + 47² + 38² + 52² + 28²)/5) = √(8230/5) = √1646;
    # sd_y = √((1 + 1 + 81 + 121 + 16)/5) = √44.
    # Quadrants: (10,50) low_high, (90,50) high_high, (5,40) low_low, (95,60) high_high,
    # (15,45) low_low.
    # x bins [3, 0, 0, 0, 2]: A = −3/5 (see test_stats); y bins [0, 0, 4, 1, 0]: layer 00110
    # (2 answers, A = 3/4) and layer 00100 (3 answers, A = 1): 2/5·3/4 + 3/5 = 9/10.
    # agreement = min(−3/5, 9/10) = −3/5; x is split with 5 answers: divided.
    assert kombit["n"] == 5
    assert (kombit["mean_x"], kombit["mean_y"]) == (pytest.approx(43), pytest.approx(49))
    assert kombit["sd_x"] == pytest.approx(math.sqrt(1646))
    assert kombit["sd_y"] == pytest.approx(math.sqrt(44))
    assert kombit["quadrants"] == {"low_low": 2, "low_high": 1, "high_low": 0, "high_high": 2}
    assert kombit["agreement"] == pytest.approx(-0.6)
    assert kombit["divided"] is True

    # KB: placed once, at (30, 20): no spread, no agreement yet.
    assert kb == {
        "id": 7,
        "label": "Det Kgl. Bibliotek",
        "n": 1,
        "mean_x": 30,
        "mean_y": 20,
        "sd_x": 0,
        "sd_y": 0,
        "quadrants": {"low_low": 1, "low_high": 0, "high_low": 0, "high_high": 0},
        "agreement": None,
        "divided": False,
    }


def test_tally_of_nothing():
    for theme in matrix.tally(resolved_config(), [])["themes"]:
        assert theme["n"] == 0
        assert theme["mean_x"] is theme["mean_y"] is theme["sd_x"] is theme["sd_y"] is None
        assert theme["agreement"] is None and theme["divided"] is False
        assert sum(theme["quadrants"].values()) == 0


def test_tally_ignores_themes_removed_after_the_answers():
    result = matrix.tally({**default_config(), "items": ITEMS[2:]}, ANSWERS)
    assert [(t["id"], t["n"]) for t in result["themes"]] == [(7, 1)]
    assert result["responses"] == 5


coordinates = st.floats(0, 100, allow_nan=False)
answers_strategy = st.lists(
    st.dictionaries(st.sampled_from([DDF, KOMBIT, KB]), st.tuples(coordinates, coordinates), min_size=1)
    .map(lambda positions: matrix.clean_answer(resolved_config(), {"positions": positions})),
    max_size=30,
)


@given(answers_strategy, st.randoms())
def test_tally_never_counts_more_than_the_answers_and_ignores_order(answers, random):
    result = matrix.tally(resolved_config(), answers)
    assert result["responses"] == len(answers)
    for theme in result["themes"]:
        assert theme["n"] <= len(answers)
        assert sum(theme["quadrants"].values()) == theme["n"]
        if theme["n"]:
            assert 0 <= theme["mean_x"] <= 100 and 0 <= theme["mean_y"] <= 100
        assert theme["agreement"] is None or -1 <= theme["agreement"] <= 1
    shuffled = list(answers)
    random.shuffle(shuffled)
    assert matrix.tally(resolved_config(), shuffled) == result


def test_axis_names_and_end_words_at_their_limits_are_taken():
    config = matrix.clean_config({"x_label": "x" * matrix.MAX_AXIS_LENGTH, "y_label": " Effekt  for  os ",
                                  "x_low": "l" * matrix.MAX_END_LENGTH, "y_high": None})
    assert (len(config["x_label"]), config["y_label"], len(config["x_low"]), config["y_high"]) == (60, "Effekt for os", 30, "")
    with pytest.raises(InvalidInput) as refused:
        matrix.clean_config({"x_label": "Indsats", "y_label": "y" * 61})
    in_danish(refused.value)
    assert refused.value.params == {"max": 60}
    with pytest.raises(InvalidInput) as refused:
        matrix.clean_config({"x_label": "Indsats", "y_label": "Effekt", "y_low": "y" * 31})
    in_danish(refused.value)
    assert refused.value.params == {"max": 30}


def test_the_corners_of_the_map_are_positions():
    answer = matrix.clean_answer(resolved_config(), {"positions": {DDF: [0, 0], KB: [100, 100], KOMBIT: [0, 100.0]}})
    assert answer == {"positions": {DDF: [0.0, 0.0], KOMBIT: [0.0, 100.0], KB: [100.0, 100.0]}}


@given(st.lists(st.dictionaries(st.sampled_from([DDF, KOMBIT, KB]), st.tuples(coordinates, coordinates), min_size=1),
                max_size=15))
def test_a_matrix_tally_equals_a_naive_recount_for_any_ballots(ballots):
    answers = [matrix.clean_answer(resolved_config(), {"positions": positions}) for positions in ballots]
    result = matrix.tally(resolved_config(), answers)
    assert result["responses"] == len(ballots)
    for theme in result["themes"]:
        placed = [answer["positions"][str(theme["id"])] for answer in answers if str(theme["id"]) in answer["positions"]]
        assert theme["n"] == len(placed)
        assert theme["quadrants"] == {
            f"{x_side}_{y_side}": sum(1 for x, y in placed if (x >= 50) == (x_side == "high") and (y >= 50) == (y_side == "high"))
            for x_side in ("low", "high") for y_side in ("low", "high")}
        assert theme["mean_x"] == (math.fsum(x for x, _ in placed) / len(placed) if placed else None)
        assert theme["mean_y"] == (math.fsum(y for _, y in placed) / len(placed) if placed else None)


def test_stored_positions_that_are_not_two_finite_numbers_are_not_placed():
    answers = [{}, {"positions": {DDF: [float("nan"), 50], KOMBIT: ["50", 50], KB: [10, 20, 30]}},
               {"positions": {DDF: [60, float("inf")], KB: [70, 80]}}]
    result = matrix.tally(resolved_config(), answers)
    assert result["responses"] == 3
    assert [(t["id"], t["n"]) for t in result["themes"]] == [(4, 0), (12, 0), (7, 1)]


# The kind contract test (tests/test_kind_contract.py) runs the whole contract on this example.
CONTRACT_EXAMPLES = {"matrix": ({"themes": "all", "x_label": "Værdi", "y_label": "Indsats", "x_low": "lav", "x_high": "høj"},
                                [{"positions": {"1": [80, 90], "2": [10, 50]}}, {"positions": {"1": [70, 60]}},
                                 {"positions": {"3": [50, 50]}}])}

"""The points kind, as pure functions."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from facilitation.errors import InvalidInput
from facilitation.kinds import points

from ..danish import in_danish

ITEMS = [
    {"id": 4, "label": "Det Digitale Folkebibliotek", "description": "DDF"},
    {"id": 12, "label": "KOMBIT", "description": ""},
    {"id": 7, "label": "Det Kgl. Bibliotek", "description": ""},
]
DDF, KOMBIT, KB = "4", "12", "7"
def default_config() -> dict:
    # Built when a test runs, never at import (docs/testing.md: mutation testing).
    return points.clean_config({"themes": "all"})


def ten_to_spend() -> dict:
    # Built when a test runs, never at import (docs/testing.md: mutation testing).
    return {**points.clean_config({"budget": 10, "spend_all": True}), "items": ITEMS}


def capped_at_six() -> dict:
    # Built when a test runs, never at import (docs/testing.md: mutation testing).
    return {**points.clean_config({"budget": 10, "max_per_theme": 6}), "items": ITEMS}




def test_clean_config_defaults_and_round_trips():
    assert default_config() == {
        "themes": "all",
        "shuffle": False,
        "budget": 100,
        "max_per_theme": None,
        "spend_all": False,
        "style": "points",
    }
    assert points.clean_config(default_config()) == default_config()
    assert points.clean_config({**default_config(), "items": ITEMS}) == default_config()


def test_clean_config_reads_the_editor_form():
    form = MultiDict(
        [("themes_mode", "all"), ("budget", "5"), ("max_per_theme", ""), ("spend_all", "on"), ("style", "dots")]
    )
    assert points.clean_config(points.config_from_form(form)) == {
        "themes": "all",
        "shuffle": False,
        "budget": 5,
        "max_per_theme": None,
        "spend_all": True,
        "style": "dots",
    }
    form = MultiDict([("themes_mode", "all"), ("budget", "100"), ("max_per_theme", "40")])
    assert points.clean_config(points.config_from_form(form))["max_per_theme"] == 40


@pytest.mark.parametrize(
    "raw",
    [
        None,
        {"budget": 0},
        {"budget": 1001},
        {"budget": 2.5},
        {"budget": True},
        {"budget": "hundrede"},
        {"max_per_theme": 0},
        {"budget": 10, "max_per_theme": 11},
        {"max_per_theme": 1.5},
        {"spend_all": "on"},
        {"style": "stars"},
        # Two themes of at most 3 points can never use up a budget of 10.
        {"themes": [4, 12], "budget": 10, "max_per_theme": 3, "spend_all": True},
    ],
)
def test_clean_config_rejects_bad_settings(raw):
    with pytest.raises(InvalidInput) as raised:
        points.clean_config(raw)
    in_danish(raised.value)


def test_clean_answer_drops_zeros_and_keeps_the_items_order():
    assert points.clean_answer(capped_at_six(), {"points": {KB: 4, KOMBIT: 0, DDF: 6}}) == {
        "points": {DDF: 6, KB: 4}
    }
    assert points.clean_answer(capped_at_six(), {"points": {KB: 1}}) == {"points": {KB: 1}}  # need not spend all


def test_spend_all_takes_exactly_the_budget():
    assert points.clean_answer(ten_to_spend(), {"points": {DDF: 10}}) == {"points": {DDF: 10}}
    with pytest.raises(InvalidInput) as error:
        points.clean_answer(ten_to_spend(), {"points": {DDF: 7}})
    in_danish(error.value)
    assert error.value.params == {"budget": 10, "left": 3}


@pytest.mark.parametrize(
    "raw, reason",
    [
        (None, "not an object"),
        ({"points": [5, 5]}, "not an object of points"),
        ({"points": {}}, "nothing given"),
        ({"points": {DDF: 0}}, "no points given"),
        ({"points": {DDF: 6, KB: 5}}, "overspent: 11 of 10"),
        ({"points": {DDF: -1, KB: 3}}, "negative"),
        ({"points": {DDF: 2.5}}, "not whole"),
        ({"points": {DDF: 2.0}}, "a float"),
        ({"points": {DDF: True}}, "a bool"),
        ({"points": {DDF: "3"}}, "a string"),
        ({"points": {DDF: None}}, "nothing"),
        ({"points": {DDF: 7}}, "above the most per theme"),
        ({"points": {"99": 3}}, "unknown theme"),
        ({"points": {4: 3}}, "id not a string"),
    ],
)
def test_clean_answer_rejects(raw, reason):
    with pytest.raises(InvalidInput) as raised:
        points.clean_answer(capped_at_six(), raw)
    in_danish(raised.value)


def test_overspending_says_how_much():
    with pytest.raises(InvalidInput) as error:
        points.clean_answer(capped_at_six(), {"points": {DDF: 6, KB: 5}})
    in_danish(error.value)
    assert error.value.params == {"given": 11, "budget": 10}


# Five participants spend 10 points each (spend_all) on three themes.
ANSWERS = [
    {"points": {DDF: 10}},
    {"points": {DDF: 5, KOMBIT: 5}},
    {"points": {KOMBIT: 10}},
    {"points": {DDF: 10}},
    {"points": {KOMBIT: 6, KB: 4}},
]


def test_tally_of_a_hand_computed_example():
    result = points.tally(ten_to_spend(), ANSWERS)
    assert result["responses"] == 5 and result["budget"] == 10
    ddf, kombit, kb = result["themes"]
    # Bins of 0..10: [0,2) [2,4) [4,6) [6,8) [8,10].

    # DDF: 10, 5, 0, 10, 0 → total 25, mean 5, 3 givers.
    # sd = √((25 + 0 + 25 + 25 + 25) / 5) = √20.
    # Bins: 10 → 4, 5 → 2, 0 → 0: [2, 0, 1, 0, 2] → A = −17/30 (see test_stats), 5 answers:
    # divided.
    assert ddf == {
        "id": 4,
        "label": "Det Digitale Folkebibliotek",
        "total": 25,
        "mean": 5,
        "givers": 3,
        "sd": pytest.approx(math.sqrt(20)),
        "agreement": pytest.approx(-17 / 30),
        "divided": True,
    }

    # KOMBIT: 0, 5, 10, 0, 6 → total 21, mean 4.2, 3 givers.
    # sd = √((4.2² + 0.8² + 5.8² + 4.2² + 1.8²) / 5) = √(72.8 / 5) = √14.56.
    # Bins [2, 0, 1, 1, 1]: layer 10111 (4 answers): TDU = 3 ((1,2,3), (1,2,4), (1,2,5)),
    # TU = 3 (0-1-1: (2,3,4), (2,3,5), (2,4,5)) → U = (3·3 − 4·3)/(3·6) = −1/6; S = 4:
    # A = −1/6 · (1 − 3/4) = −1/24. Layer 10000 (1 answer): A = 1.
    # A = 4/5 · (−1/24) + 1/5 = −1/30 + 6/30 = 1/6.
    assert (kombit["total"], kombit["mean"], kombit["givers"]) == (21, 4.2, 3)
    assert kombit["sd"] == pytest.approx(math.sqrt(14.56))
    assert kombit["agreement"] == pytest.approx(1 / 6)
    assert kombit["divided"] is False

    # KB: 0, 0, 0, 0, 4 → total 4, mean 0.8, 1 giver. sd = √((4·0.64 + 10.24) / 5) = √2.56 = 1.6.
    # Bins: 4 → 2: [4, 0, 1, 0, 0]. Layer 10100 (2 answers): TDU = 1, TU = 2 ((1,3,4), (1,3,5))
    # → U = (3·2 − 4·1)/(3·3) = 2/9; S = 2: A = 2/9 · 3/4 = 1/6. Layer 10000 (3 answers): 1.
    # A = 2/5 · 1/6 + 3/5 = 1/15 + 9/15 = 2/3.
    assert (kb["total"], kb["mean"], kb["givers"]) == (4, 0.8, 1)
    assert kb["sd"] == pytest.approx(1.6)
    assert kb["agreement"] == pytest.approx(2 / 3)
    assert kb["divided"] is False

    # Every point is counted once: 25 + 21 + 4 = 50 = 5 × 10.
    assert ddf["total"] + kombit["total"] + kb["total"] == 50


def test_tally_of_nothing():
    result = points.tally(ten_to_spend(), [])
    assert result == {
        "responses": 0,
        "budget": 10,
        "themes": [
            {"id": item["id"], "label": item["label"], "total": 0, "mean": None, "givers": 0,
             "sd": None, "agreement": None, "divided": False}
            for item in ITEMS
        ],
    }


def test_tally_ignores_themes_removed_after_the_answers():
    result = points.tally({**ten_to_spend(), "items": ITEMS[1:]}, ANSWERS)
    assert [(t["id"], t["total"]) for t in result["themes"]] == [(12, 21), (7, 4)]


@st.composite
def spent_budgets(draw):
    """A budget, and answers that each spend exactly all of it over the three themes."""
    budget = draw(st.integers(1, 1000))
    config = {**points.clean_config({"budget": budget, "spend_all": True}), "items": ITEMS}
    answers = []
    for _ in range(draw(st.integers(0, 25))):
        first = draw(st.integers(0, budget))
        second = draw(st.integers(0, budget - first))
        raw = {DDF: first, KOMBIT: second, KB: budget - first - second}
        answers.append(points.clean_answer(config, {"points": raw}))
    return config, answers


@given(spent_budgets(), st.randoms())
def test_when_all_must_be_spent_the_totals_are_ballots_times_budget(case, random):
    config, answers = case
    result = points.tally(config, answers)
    assert result["responses"] == len(answers)
    assert sum(t["total"] for t in result["themes"]) == len(answers) * config["budget"]
    for theme in result["themes"]:
        assert theme["givers"] <= len(answers)
        assert theme["agreement"] is None or -1 <= theme["agreement"] <= 1
    shuffled = list(answers)
    random.shuffle(shuffled)
    assert points.tally(config, shuffled) == result


@given(
    st.lists(
        st.dictionaries(st.sampled_from([DDF, KOMBIT, KB]), st.integers(0, 6), min_size=1)
        .filter(lambda given: 1 <= sum(given.values()) <= 10),
        max_size=30,
    ),
    st.randoms(),
)
def test_partial_budgets_never_count_more_than_given(raw_answers, random):
    answers = [points.clean_answer(capped_at_six(), {"points": raw}) for raw in raw_answers]
    result = points.tally(capped_at_six(), answers)
    assert result["responses"] == len(answers)
    assert sum(t["total"] for t in result["themes"]) <= len(answers) * 10
    shuffled = list(answers)
    random.shuffle(shuffled)
    assert points.tally(capped_at_six(), shuffled) == result


# --- every limit at its value and one past it ---------------------------------------------------


@pytest.mark.parametrize("budget, accepted", [(0, False), (1, True), (points.MAX_BUDGET, True),
                                              (points.MAX_BUDGET + 1, False), ("1000", True)])
def test_the_budget_is_from_1_to_1000_points(budget, accepted):
    if accepted:
        assert points.clean_config({"budget": budget})["budget"] == int(budget)
    else:
        with pytest.raises(InvalidInput) as refused:
            points.clean_config({"budget": budget})
        in_danish(refused.value)
        assert refused.value.params == {"max": 1000}


@pytest.mark.parametrize("cap, expected", [(1, 1), (10, 10), ("10", 10), ("", None), ("  ", None), (None, None)])
def test_the_limit_per_theme_is_from_1_to_the_budget_or_none(cap, expected):
    assert points.clean_config({"budget": 10, "max_per_theme": cap})["max_per_theme"] == expected


@pytest.mark.parametrize("cap", [0, 11, -1, "elleve"])
def test_a_limit_per_theme_outside_1_to_the_budget_is_refused(cap):
    with pytest.raises(InvalidInput) as refused:
        points.clean_config({"budget": 10, "max_per_theme": cap})
    in_danish(refused.value)
    assert refused.value.params == {"max": 10}


def test_spend_all_needs_themes_that_can_take_the_whole_budget():
    # Two themes of at most 5 can take exactly 10; of at most 4 they cannot.
    assert points.clean_config({"themes": [4, 12], "budget": 10, "max_per_theme": 5, "spend_all": True})["spend_all"]
    with pytest.raises(InvalidInput) as refused:
        points.clean_config({"themes": [4, 12], "budget": 10, "max_per_theme": 4, "spend_all": True})
    in_danish(refused.value)
    assert refused.value.params == {"budget": 10}
    # Without spend_all, or without a cap, or with every theme, any cap is fine.
    assert not points.clean_config({"themes": [4, 12], "budget": 10, "max_per_theme": 4})["spend_all"]
    assert points.clean_config({"themes": [4], "budget": 10, "spend_all": True})["max_per_theme"] is None
    assert points.clean_config({"budget": 10, "max_per_theme": 1, "spend_all": True})["spend_all"]


def test_a_theme_takes_exactly_the_limit_and_the_answer_exactly_the_budget():
    assert points.clean_answer(capped_at_six(), {"points": {DDF: 6, KB: 4}}) == {"points": {DDF: 6, KB: 4}}
    with pytest.raises(InvalidInput) as refused:
        points.clean_answer(capped_at_six(), {"points": {DDF: 7}})
    in_danish(refused.value)
    assert refused.value.params == {"max": 6}
    uncapped = {**points.clean_config({"budget": 10}), "items": ITEMS}
    assert points.clean_answer(uncapped, {"points": {KB: 10}}) == {"points": {KB: 10}}
    with pytest.raises(InvalidInput) as refused:
        points.clean_answer(uncapped, {"points": {KB: 11}})
    in_danish(refused.value)
    assert refused.value.params == {"given": 11, "budget": 10}
    with pytest.raises(InvalidInput) as refused:
        points.clean_answer(ten_to_spend(), {"points": {DDF: 9}})
    in_danish(refused.value)
    assert refused.value.params == {"budget": 10, "left": 1}
    assert points.clean_answer(uncapped, {"points": {DDF: 0, KB: 0, KOMBIT: 1}}) == {"points": {KOMBIT: 1}}


def test_the_style_is_points_or_dots_and_the_form_ticks_spend_all_only_when_on():
    assert points.clean_config({"style": "dots"})["style"] == "dots"
    form = MultiDict([("themes_mode", "all"), ("spend_all", "yes")])
    assert points.config_from_form(form) == {"themes": "all", "shuffle": False, "budget": "100", "max_per_theme": None,
                                             "spend_all": False, "style": "points"}


def naive_points_recount(config, answers):
    """What a person with a pencil would count: per theme, the points and who gave any."""
    rows = []
    for item in config["items"]:
        given = [answer["points"].get(str(item["id"]), 0) for answer in answers]
        rows.append((item["id"], sum(given), sum(1 for g in given if g), sum(given) / len(answers) if answers else None))
    return rows


@given(
    st.lists(
        st.dictionaries(st.sampled_from([DDF, KOMBIT, KB]), st.integers(0, 6), min_size=1)
        .filter(lambda given: 1 <= sum(given.values()) <= 10),
        max_size=12,
    )
)
def test_a_points_tally_equals_a_naive_recount_for_any_ballots(raw_answers):
    config = capped_at_six()
    answers = [points.clean_answer(config, {"points": raw}) for raw in raw_answers]
    result = points.tally(config, answers)
    assert [(t["id"], t["total"], t["givers"], t["mean"]) for t in result["themes"]] == naive_points_recount(config, answers)
    assert result["budget"] == 10


def test_points_that_were_never_cleaned_count_as_nothing():
    answers = [{"points": {DDF: 0, KB: 2}}, {"points": {DDF: -3}}, {"points": {DDF: "4"}}, {"points": {DDF: 2.5}},
               {"points": {DDF: True}}, {}]
    themes = {t["id"]: t for t in points.tally(ten_to_spend(), answers)["themes"]}
    assert (themes[4]["total"], themes[4]["givers"]) == (0, 0)
    assert (themes[7]["total"], themes[7]["givers"], themes[7]["mean"]) == (2, 1, 2 / 6)


# --- agreement on the scale people could actually give ------------------------------------------

EIGHT = [{"id": n, "label": f"Tema {n}"} for n in range(1, 9)]


def test_a_room_split_between_0_and_25_of_100_points_reads_as_divided():
    # 100 points over 8 themes: five people give 25 to each of themes 1–4, five to each of 5–8.
    # On 0 … 100 both 0 and 25 fall in the lowest fifths, [5, 5, 0, 0, 0]: A = 0.75, "agreed".
    # On what people gave (0 … 25) they are the two ends, [5, 0, 0, 0, 5]: A = −1.
    config = {**points.clean_config({"budget": 100, "spend_all": True}), "items": EIGHT}
    first = {str(n): 25 for n in range(1, 5)}
    second = {str(n): 25 for n in range(5, 9)}
    answers = [points.clean_answer(config, {"points": raw}) for raw in [first, second] * 5]
    for theme in points.tally(config, answers)["themes"]:
        assert theme["agreement"] == pytest.approx(-1)
        assert theme["divided"] is True


def test_five_dots_capped_at_two_spread_over_all_that_is_possible_read_as_no_pattern():
    # Every theme gets 0, 1 and 2 dots equally often: uniform over 0 … 2, so A = 0 (was 0.5 on
    # five bins of 0 … 5, where 0, 1 and 2 fill three neighbouring bins).
    config = {**points.clean_config({"budget": 5, "max_per_theme": 2, "style": "dots"}), "items": ITEMS}
    orders = [(0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)]
    answers = [points.clean_answer(config, {"points": dict(zip([DDF, KOMBIT, KB], order))}) for order in orders]
    for theme in points.tally(config, answers)["themes"]:
        assert theme["agreement"] == pytest.approx(0)
        assert theme["divided"] is False


def test_with_a_cap_the_scale_is_the_cap_even_when_nobody_reached_it():
    # Cap 6: 0 … 6 in five bins [0, 1.2) [1.2, 2.4) … ; 0 and 1 are both in the lowest, so a room
    # giving 0 or 1 agrees (A = 1) rather than splitting between the ends of 0 … 1.
    config = capped_at_six()
    answers = [{"points": {DDF: 1}}, {"points": {KOMBIT: 1}}] * 3
    ddf = points.tally(config, answers)["themes"][0]
    assert ddf["agreement"] == pytest.approx(1)


def naive_categories(values, top):
    """Independently: the amounts 0 … top as categories when at most five, else five bins."""
    from fractions import Fraction
    if top <= 4:
        return [sum(1 for v in values if v == amount) for amount in range(top + 1)]
    return [sum(1 for v in values if min(4, int(Fraction(v * 5, top))) == b) for b in range(5)]


@given(st.integers(1, 40), st.one_of(st.none(), st.integers(1, 40)),
       st.lists(st.lists(st.integers(0, 40), min_size=3, max_size=3), max_size=12))
def test_points_agreement_equals_a_from_an_independent_binning(budget, cap, raw_answers):
    from facilitation.kinds import stats
    cap = None if cap is None else min(cap, budget)
    config = {**points.clean_config({"budget": budget, "max_per_theme": cap}), "items": ITEMS}
    answers = []
    for amounts in raw_answers:
        amounts = [min(a, cap or budget) for a in amounts]
        if 1 <= sum(amounts) <= budget:
            answers.append(points.clean_answer(config, {"points": dict(zip([DDF, KOMBIT, KB], amounts))}))
    given_values = {key: [a["points"].get(key, 0) for a in answers] for key in (DDF, KOMBIT, KB)}
    top = cap or max([1] + [v for values in given_values.values() for v in values])
    for theme in points.tally(config, answers)["themes"]:
        counts = naive_categories(given_values[str(theme["id"])], top)
        assert theme["agreement"] == stats.agreement(counts)


def test_one_point_each_reads_on_the_two_amounts_possible():
    # A budget of 1: a theme either got a person's point or not, so 0 and 1 are the whole scale,
    # two categories. DDF got 2 of 6 points: [4, 2]; layer [2, 2] uses both (A = 0), layer [2, 0]
    # one (A = 1): A = 4/6 · 0 + 2/6 · 1 = 1/3.
    config = {**points.clean_config({"budget": 1}), "items": ITEMS}
    answers = [{"points": {key: 1}} for key in (DDF, DDF, KOMBIT, KOMBIT, KB, KB)]
    assert points.tally(config, answers)["themes"][0]["agreement"] == pytest.approx(1 / 3)


# The kind contract test (tests/test_kind_contract.py) runs the whole contract on this example.
CONTRACT_EXAMPLES = {"points": ({"themes": "all", "budget": 10},
                                [{"points": {"1": 10}}, {"points": {"1": 4, "2": 6}}, {"points": {"3": 3}}])}

"""The rating kind, as pure functions."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from facilitation.errors import InvalidInput
from facilitation.kinds import rating

from ..danish import in_danish

# The themes as the domain resolves them, in the workshop's order (ids need not be sorted).
ITEMS = [
    {"id": 4, "label": "Det Digitale Folkebibliotek", "description": "DDF"},
    {"id": 12, "label": "KOMBIT", "description": ""},
    {"id": 7, "label": "Det Kgl. Bibliotek", "description": ""},
]
def default_config() -> dict:
    # Built when a test runs, never at import (docs/testing.md: mutation testing).
    return rating.clean_config({"themes": "all"})


def resolved_config() -> dict:
    return {**default_config(), "items": ITEMS}


def test_clean_config_defaults_and_round_trips():
    assert default_config() == {
        "themes": "all",
        "shuffle": False,
        "scale_min": 1,
        "scale_max": 5,
        "label_min": "",
        "label_max": "",
        "allow_dont_know": True,
    }
    assert rating.clean_config(default_config()) == default_config()
    assert rating.clean_config(resolved_config()) == default_config()  # items are never stored


def test_clean_config_reads_the_editor_form():
    form = MultiDict(
        [
            ("themes_mode", "chosen"),
            ("theme_ids", "12"),
            ("theme_ids", "7"),
            ("shuffle", "on"),
            ("scale_min", "0"),
            ("scale_max", "10"),
            ("label_min", "  Slet  ikke "),
            ("label_max", "I høj grad"),
        ]
    )
    assert rating.clean_config(rating.config_from_form(form)) == {
        "themes": [12, 7],
        "shuffle": True,
        "scale_min": 0,
        "scale_max": 10,
        "label_min": "Slet ikke",
        "label_max": "I høj grad",
        "allow_dont_know": False,  # an unchecked box is not sent
    }


@pytest.mark.parametrize("scale_min, scale_max", [(0, 1), (1, 2), (0, 10), (1, 11)])
def test_scales_of_2_to_11_steps_are_allowed(scale_min, scale_max):
    config = rating.clean_config({"scale_min": scale_min, "scale_max": scale_max})
    assert (config["scale_min"], config["scale_max"]) == (scale_min, scale_max)


@pytest.mark.parametrize(
    "raw",
    [
        None,
        {"themes": []},
        {"shuffle": "yes"},
        {"scale_min": 2},
        {"scale_min": -1},
        {"scale_min": True},
        {"scale_max": 1},  # one step
        {"scale_max": 12},  # 12 steps
        {"scale_min": 0, "scale_max": 11},  # 12 steps
        {"scale_max": 4.5},
        {"scale_max": "fem"},
        {"label_min": "x" * 41},
        {"label_max": 5},
        {"allow_dont_know": "on"},
    ],
)
def test_clean_config_rejects_bad_settings(raw):
    with pytest.raises(InvalidInput) as raised:
        rating.clean_config(raw)
    in_danish(raised.value)


def test_clean_answer_keeps_the_items_order_and_dont_know():
    answer = rating.clean_answer(resolved_config(), {"ratings": {"7": 1, "4": "dont_know"}})
    assert answer == {"ratings": {"4": "dont_know", "7": 1}}
    assert list(answer["ratings"]) == ["4", "7"]


def test_a_partial_answer_is_fine():
    assert rating.clean_answer(resolved_config(), {"ratings": {"12": 5}}) == {"ratings": {"12": 5}}


@pytest.mark.parametrize(
    "raw, reason",
    [
        (None, "not an object"),
        ({"ratings": [5, 4, 3]}, "not an object of ratings"),
        ({"ratings": {}}, "nothing rated"),
        ({"ratings": {"4": 6}}, "above the scale"),
        ({"ratings": {"4": 0}}, "below the scale"),
        ({"ratings": {"4": 3.5}}, "not whole"),
        ({"ratings": {"4": 3.0}}, "a float"),
        ({"ratings": {"4": True}}, "a bool"),
        ({"ratings": {"4": "3"}}, "a string"),
        ({"ratings": {"4": None}}, "nothing"),
        ({"ratings": {"99": 3}}, "unknown theme"),
        ({"ratings": {4: 3}}, "id not a string"),
        ({"ratings": {"4": "maybe"}}, "unknown word"),
    ],
)
def test_clean_answer_rejects(raw, reason):
    with pytest.raises(InvalidInput) as raised:
        rating.clean_answer(resolved_config(), raw)
    in_danish(raised.value)


def test_a_rating_off_the_scale_says_what_the_scale_is():
    with pytest.raises(InvalidInput) as error:
        rating.clean_answer(resolved_config(), {"ratings": {"4": 6}})
    in_danish(error.value)
    assert error.value.params == {"low": 1, "high": 5}


def test_dont_know_only_when_allowed():
    strict = {**rating.clean_config({"allow_dont_know": False}), "items": ITEMS}
    with pytest.raises(InvalidInput) as raised:
        rating.clean_answer(strict, {"ratings": {"4": "dont_know"}})
    in_danish(raised.value)


def test_an_activity_without_themes_takes_no_answers():
    with pytest.raises(InvalidInput) as raised:
        rating.clean_answer({**default_config(), "items": []}, {"ratings": {"4": 3}})
    in_danish(raised.value)


# Five participants rate three themes on 1..5.
ANSWERS = [
    {"ratings": {"4": 5, "12": 4, "7": 1}},
    {"ratings": {"4": 4, "12": 4, "7": 5}},
    {"ratings": {"4": 5, "12": "dont_know", "7": 1}},
    {"ratings": {"4": 4, "12": 3, "7": 5}},
    {"ratings": {"4": 5, "7": 1}},
]


def test_tally_of_a_hand_computed_example():
    result = rating.tally(resolved_config(), ANSWERS)
    assert result["responses"] == 5
    ddf, kombit, kb = result["themes"]

    # DDF: 5, 4, 5, 4, 5. mean 23/5 = 4.6; median 5;
    # sd = √((3·0.4² + 2·0.6²) / 5) = √(1.2 / 5) = √0.24.
    # Distribution [0, 0, 0, 2, 3]: layer 00011 (4 answers; TU = 3, TDU = 0 → U = 1;
    # S = 2 → A = 3/4) and layer 00001 (1 answer, A = 1): A = 4/5·3/4 + 1/5 = 4/5.
    assert ddf == {
        "id": 4,
        "label": "Det Digitale Folkebibliotek",
        "n": 5,
        "dont_know": 0,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 2, "5": 3},
        "mean": pytest.approx(4.6),
        "median": 5,
        "sd": pytest.approx(math.sqrt(0.24)),
        "agreement": pytest.approx(0.8),
        "divided": False,
    }

    # KOMBIT: 4, 4, 3 (one "don't know", one gave no rating). mean 11/3; median 4;
    # sd = √((1/9 + 1/9 + 4/9) / 3) = √(2/9).
    # Distribution [0, 0, 1, 2, 0]: layer 00110 (2 of 3 answers; TU = 3, TDU = 0 → U = 1;
    # S = 2 → A = 3/4) and layer 00010 (1 answer, A = 1): A = 2/3·3/4 + 1/3 = 5/6.
    assert kombit["n"] == 3 and kombit["dont_know"] == 1
    assert kombit["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 2, "5": 0}
    assert kombit["mean"] == pytest.approx(11 / 3)
    assert kombit["median"] == 4
    assert kombit["sd"] == pytest.approx(math.sqrt(2 / 9))
    assert kombit["agreement"] == pytest.approx(5 / 6)
    assert kombit["divided"] is False

    # Det Kgl. Bibliotek: 1, 5, 1, 5, 1: the room is split. mean 13/5 = 2.6; median 1;
    # sd = √((3·1.6² + 2·2.4²) / 5) = √(19.2 / 5) = √3.84.
    # Distribution [3, 0, 0, 0, 2]: layer 10001 (4 answers, A = −1) and layer 10000 (1 answer,
    # A = 1): A = −4/5 + 1/5 = −3/5 < 0 with 5 answers → divided.
    assert kb["distribution"] == {"1": 3, "2": 0, "3": 0, "4": 0, "5": 2}
    assert kb["mean"] == pytest.approx(2.6)
    assert kb["median"] == 1
    assert kb["sd"] == pytest.approx(math.sqrt(3.84))
    assert kb["agreement"] == pytest.approx(-0.6)
    assert kb["divided"] is True


def test_tally_of_nothing_lists_every_theme_and_step_at_zero():
    result = rating.tally(resolved_config(), [])
    assert result["responses"] == 0
    assert [theme["id"] for theme in result["themes"]] == [4, 12, 7]
    for theme in result["themes"]:
        assert theme["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}
        assert theme["n"] == theme["dont_know"] == 0
        assert theme["mean"] is theme["median"] is theme["sd"] is theme["agreement"] is None
        assert theme["divided"] is False


def test_one_rating_has_no_agreement_yet():
    theme = rating.tally(resolved_config(), [{"ratings": {"4": 3}}])["themes"][0]
    assert (theme["n"], theme["mean"], theme["sd"], theme["agreement"]) == (1, 3, 0, None)


def test_tally_ignores_themes_removed_after_the_answers():
    fewer = {**default_config(), "items": ITEMS[:1]}
    result = rating.tally(fewer, ANSWERS)
    assert [theme["id"] for theme in result["themes"]] == [4]
    assert result["themes"][0]["n"] == 5


def test_a_scale_from_0_lists_every_step():
    config = {**rating.clean_config({"scale_min": 0, "scale_max": 3}), "items": ITEMS}
    theme = rating.tally(config, [{"ratings": {"4": 0}}, {"ratings": {"4": 3}}])["themes"][0]
    assert theme["distribution"] == {"0": 1, "1": 0, "2": 0, "3": 1}
    assert theme["agreement"] == -1  # split between the two extremes


answers_strategy = st.lists(
    st.dictionaries(
        st.sampled_from(["4", "12", "7"]),
        st.one_of(st.integers(1, 5), st.just("dont_know")),
        min_size=1,
    ).map(lambda ratings: rating.clean_answer(resolved_config(), {"ratings": ratings})),
    max_size=40,
)


@given(answers_strategy, st.randoms())
def test_tally_never_counts_more_than_the_answers_and_ignores_order(answers, random):
    result = rating.tally(resolved_config(), answers)
    assert result["responses"] == len(answers)
    for theme in result["themes"]:
        assert theme["n"] + theme["dont_know"] <= len(answers)
        assert sum(theme["distribution"].values()) == theme["n"]
        assert theme["agreement"] is None or -1 <= theme["agreement"] <= 1
    shuffled = list(answers)
    random.shuffle(shuffled)
    assert rating.tally(resolved_config(), shuffled) == result


# --- every limit at its value and one past it ---------------------------------------------------


def rating_refusal(raw) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        rating.clean_config(raw)
    in_danish(refused.value)
    return refused.value


@pytest.mark.parametrize("scale_min, top, accepted", [(1, 2, True), (1, 11, True), (1, 1, False), (1, 12, False),
                                                      (0, 1, True), (0, 10, True), (0, 0, False), (0, 11, False)])
def test_a_scale_has_2_to_11_steps(scale_min, top, accepted):
    raw = {"scale_min": scale_min, "scale_max": top}
    if accepted:
        assert rating.clean_config(raw)["scale_max"] == top
    else:
        assert rating_refusal(raw).params == {"low": scale_min + 1, "high": scale_min + 10}


@pytest.mark.parametrize("scale_min", [2, -1, "2", True])
def test_a_scale_starts_at_0_or_1(scale_min):
    assert rating_refusal({"scale_min": scale_min}).message == "The scale must start at 0 or 1."


def test_the_defaults_are_1_to_5_without_labels_and_dont_know_allowed():
    assert {key: value for key, value in rating.clean_config({}).items() if key not in ("themes", "shuffle")} == {
        "scale_min": 1, "scale_max": 5, "label_min": "", "label_max": "", "allow_dont_know": True}


def test_a_scale_label_has_at_most_40_characters():
    longest = "L" * rating.MAX_LABEL_LENGTH
    assert rating.clean_config({"label_min": "  Slet  ikke ", "label_max": longest})["label_min"] == "Slet ikke"
    assert rating_refusal({"label_max": longest + "L"}).params == {"max": 40}
    assert rating_refusal({"label_min": 5}).params == {"max": 40}
    assert rating_refusal({"allow_dont_know": "yes"}).message.startswith("Say whether")


def test_the_ends_of_the_scale_are_ratings_and_one_past_them_is_not():
    config = {**rating.clean_config({"scale_min": 0, "scale_max": 3, "allow_dont_know": False}), "items": ITEMS}
    assert rating.clean_answer(config, {"ratings": {"4": 0, "12": 3}}) == {"ratings": {"4": 0, "12": 3}}
    for value in (-1, 4):
        with pytest.raises(InvalidInput) as refused:
            rating.clean_answer(config, {"ratings": {"4": value}})
        in_danish(refused.value)
        assert refused.value.params == {"low": 0, "high": 3}
    with pytest.raises(InvalidInput) as refused:
        rating.clean_answer(config, {"ratings": {"4": "dont_know"}})
    in_danish(refused.value)
    assert refused.value.params == {"low": 0, "high": 3}


def test_the_editor_form_reads_every_setting_and_dont_know_only_when_ticked():
    from werkzeug.datastructures import MultiDict

    form = MultiDict([("themes_mode", "all"), ("scale_min", "0"), ("scale_max", "10"), ("label_min", "Lav"),
                      ("label_max", "Høj"), ("allow_dont_know", "yes")])
    assert rating.clean_config(rating.config_from_form(form)) == {
        "themes": "all", "shuffle": False, "scale_min": 0, "scale_max": 10, "label_min": "Lav", "label_max": "Høj",
        "allow_dont_know": False}
    assert rating.config_from_form(MultiDict())["scale_max"] == "5"


@given(st.lists(st.dictionaries(st.sampled_from(["4", "12", "7"]), st.sampled_from([1, 2, 3, 4, 5, "dont_know"]),
                                min_size=1), max_size=15))
def test_a_rating_tally_equals_a_naive_recount_for_any_ballots(ballots):
    answers = [rating.clean_answer(resolved_config(), {"ratings": ratings}) for ratings in ballots]
    result = rating.tally(resolved_config(), answers)
    assert result["responses"] == len(ballots)
    for theme in result["themes"]:
        given_here = [ratings[str(theme["id"])] for ratings in ballots if str(theme["id"]) in ratings]
        numbers = [value for value in given_here if value != "dont_know"]
        assert theme["n"] == len(numbers) and theme["dont_know"] == len(given_here) - len(numbers)
        assert theme["distribution"] == {str(step): numbers.count(step) for step in range(1, 6)}
        assert theme["mean"] == (sum(numbers) / len(numbers) if numbers else None)


def test_a_form_without_scale_fields_gives_the_default_scale():
    from werkzeug.datastructures import MultiDict

    assert rating.clean_config(rating.config_from_form(MultiDict([("themes_mode", "all")]))) == {
        "themes": "all", "shuffle": False, "scale_min": 1, "scale_max": 5, "label_min": "", "label_max": "",
        "allow_dont_know": False}
    ticked = rating.config_from_form(MultiDict([("allow_dont_know", "on")]))
    assert ticked["allow_dont_know"] is True


def test_a_stored_answer_without_ratings_counts_as_no_rating():
    result = rating.tally(resolved_config(), [{}, {"ratings": {"4": 5}}])
    assert result["responses"] == 2
    assert [(t["id"], t["n"]) for t in result["themes"]] == [(4, 1), (12, 0), (7, 0)]


# The kind contract test (tests/test_kind_contract.py) runs the whole contract on this example.
CONTRACT_EXAMPLES = {"rating": ({"themes": "all", "label_min": "ikke vigtigt", "label_max": "meget vigtigt"},
                                [{"ratings": {"1": 5, "2": "dont_know"}}, {"ratings": {"1": 4, "2": 2, "3": 1}},
                                 {"ratings": {"3": 5}}])}

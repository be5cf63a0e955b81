"""The multiple-choice kind, as pure functions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.errors import InvalidInput
from facilitation.kinds import get_kind, poll

def default_config() -> dict:
    # Built when a test runs, never at import (docs/testing.md: mutation testing).
    return poll.clean_config({"options": ["Ja", "Nej", "Ved ikke"], "max_choices": 2})




def test_clean_config_assigns_ids_in_order_and_round_trips():
    assert default_config() == {
        "options": [{"id": "a", "label": "Ja"}, {"id": "b", "label": "Nej"}, {"id": "c", "label": "Ved ikke"}],
        "max_choices": 2,
    }
    assert poll.clean_config(default_config()) == default_config()


def test_clean_config_drops_blank_lines_and_collapses_spaces():
    config = poll.clean_config({"options": ["  Ja  tak ", "", "Nej"]})
    assert [o["label"] for o in config["options"]] == ["Ja tak", "Nej"]
    assert config["max_choices"] == 1


@pytest.mark.parametrize(
    "raw",
    [
        None,
        [],
        {"options": "Ja, Nej"},
        {"options": ["Kun én"]},
        {"options": [str(i) for i in range(21)]},
        {"options": ["Ja", "ja"]},
        {"options": ["Ja", "x" * 121]},
        {"options": ["Ja", 3]},
        {"options": ["Ja", "Nej"], "max_choices": 3},
        {"options": ["Ja", "Nej"], "max_choices": 0},
        {"options": ["Ja", "Nej"], "max_choices": True},
        {"options": ["Ja", "Nej"], "max_choices": 1.5},
    ],
)
def test_clean_config_rejects_bad_settings(raw):
    with pytest.raises(InvalidInput):
        poll.clean_config(raw)


def test_clean_answer_orders_choices_like_the_options():
    assert poll.clean_answer(default_config(), {"choices": ["c", "a"]}) == {"choices": ["a", "c"]}


@pytest.mark.parametrize(
    "raw, reason",
    [
        (None, "not an object"),
        ({"choices": "a"}, "not a list"),
        ({"choices": []}, "nothing chosen"),
        ({"choices": ["z"]}, "unknown option id"),
        ({"choices": [1]}, "not an id"),
        ({"choices": ["a", "a"]}, "duplicate"),
        ({"choices": ["a", "b", "c"]}, "too many choices"),
    ],
)
def test_clean_answer_rejects(raw, reason):
    with pytest.raises(InvalidInput):
        poll.clean_answer(default_config(), raw)


def test_tally_counts_each_choice_and_each_answer_once():
    answers = [{"choices": ["a"]}, {"choices": ["a", "b"]}, {"choices": ["c"]}]
    assert poll.tally(default_config(), answers) == {"responses": 3, "counts": {"a": 2, "b": 1, "c": 1}}


def test_tally_of_nothing_lists_every_option_at_zero():
    assert poll.tally(default_config(), []) == {"responses": 0, "counts": {"a": 0, "b": 0, "c": 0}}


def test_get_kind_rejects_unknown_kinds():
    assert get_kind("poll") is poll
    with pytest.raises(InvalidInput):
        get_kind("quiz")


answers_strategy = st.lists(
    st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=2, unique=True).map(
        lambda choices: poll.clean_answer(default_config(), {"choices": choices})
    ),
    max_size=60,
)


@given(answers_strategy, st.randoms())
def test_tally_never_counts_more_answers_than_participants_and_ignores_order(answers, random):
    result = poll.tally(default_config(), answers)
    # One answer per participant: never more responses than answers given, and no option
    # can be chosen by more people than answered.
    assert result["responses"] == len(answers)
    assert all(count <= len(answers) for count in result["counts"].values())
    assert sum(result["counts"].values()) <= default_config()["max_choices"] * len(answers)
    shuffled = list(answers)
    random.shuffle(shuffled)
    assert poll.tally(default_config(), shuffled) == result

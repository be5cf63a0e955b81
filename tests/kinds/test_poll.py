"""The multiple-choice kind, as pure functions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.errors import InvalidInput
from facilitation.kinds import get_kind, poll

from ..danish import in_danish

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
    with pytest.raises(InvalidInput) as raised:
        poll.clean_config(raw)
    in_danish(raised.value)


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
    with pytest.raises(InvalidInput) as raised:
        poll.clean_answer(default_config(), raw)
    in_danish(raised.value)


def test_tally_counts_each_choice_and_each_answer_once():
    answers = [{"choices": ["a"]}, {"choices": ["a", "b"]}, {"choices": ["c"]}]
    assert poll.tally(default_config(), answers) == {"responses": 3, "counts": {"a": 2, "b": 1, "c": 1}}


def test_tally_of_nothing_lists_every_option_at_zero():
    assert poll.tally(default_config(), []) == {"responses": 0, "counts": {"a": 0, "b": 0, "c": 0}}


def test_get_kind_rejects_unknown_kinds():
    assert get_kind("poll") is poll
    with pytest.raises(InvalidInput) as raised:
        get_kind("quiz")
    in_danish(raised.value)


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


# --- every limit at its value and one past it ---------------------------------------------------


def refusal(raw) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        poll.clean_config(raw)
    in_danish(refused.value)
    return refused.value


@pytest.mark.parametrize("count, accepted", [(1, False), (2, True), (poll.MAX_OPTIONS, True), (poll.MAX_OPTIONS + 1, False)])
def test_a_poll_has_2_to_20_options_with_ids_a_to_t(count, accepted):
    labels = [f"Svar {n}" for n in range(count)]
    if accepted:
        options = poll.clean_config({"options": labels})["options"]
        assert [o["label"] for o in options] == labels
        assert [o["id"] for o in options] == list("abcdefghijklmnopqrst"[:count])
    else:
        assert refusal({"options": labels}).params == {"min": 2, "max": 20}


def test_an_option_label_has_at_most_120_characters_and_may_be_given_as_an_object():
    longest = "x" * poll.MAX_LABEL_LENGTH
    assert poll.clean_config({"options": [{"label": longest}, {"label": " Nej "}]})["options"] == [
        {"id": "a", "label": longest}, {"id": "b", "label": "Nej"}]
    assert refusal({"options": ["Ja", longest + "x"]}).params == {"max": 120}
    assert refusal({"options": ["Ja", {"text": "Nej"}]}).message == "Each option must be a text."
    assert refusal({"options": ["Ja", "JA"]}).message == "Two options have the same text."


@pytest.mark.parametrize("max_choices, expected", [(1, 1), (3, 3), ("2", 2), (" 3 ", 3), ("003", 3)])
def test_up_to_every_option_may_be_chosen(max_choices, expected):
    assert poll.clean_config({"options": ["a", "b", "c"], "max_choices": max_choices})["max_choices"] == expected


@pytest.mark.parametrize("max_choices", [0, 4, "4", "0003", "", "to", None])
def test_more_choices_than_options_or_none_is_refused(max_choices):
    assert refusal({"options": ["a", "b", "c"], "max_choices": max_choices}).params == {"max": 3}


def test_each_refused_answer_says_why():
    def why(raw):
        with pytest.raises(InvalidInput) as refused:
            poll.clean_answer(default_config(), raw)
        in_danish(refused.value)
        return refused.value

    assert why({"choices": ["a", "b", "c"]}).params == {"max": 2}
    assert why({"choices": []}).message == "Choose at least one option."
    assert why({"choices": ["a", "a"]}).message == "Each option can be chosen only once."
    assert why({"choices": ["a", "q"]}).message == "That option is not part of this question."
    assert why({"choices": "a"}).message == "The answer must list the chosen options."
    assert poll.clean_answer(default_config(), {"choices": ["b", "a"]}) == {"choices": ["a", "b"]}


def test_an_option_removed_after_answers_came_in_counts_no_more():
    shorter = poll.clean_config({"options": ["Ja", "Nej"]})
    assert poll.tally(shorter, [{"choices": ["a", "c"]}, {"choices": ["c"]}]) == {"responses": 2, "counts": {"a": 1, "b": 0}}


def test_the_editor_form_gives_one_option_per_line():
    from werkzeug.datastructures import MultiDict

    form = MultiDict([("options", "Ja\n\n  \nNej\nVed ikke"), ("max_choices", "2")])
    assert poll.config_from_form(form) == {"options": ["Ja", "Nej", "Ved ikke"], "max_choices": "2"}
    assert poll.config_from_form(MultiDict()) == {"options": [], "max_choices": "1"}
    assert poll.public_config(default_config()) == default_config()


@given(st.lists(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=2, unique=True), max_size=40))
def test_a_poll_tally_equals_a_naive_recount_for_any_ballots(ballots):
    answers = [poll.clean_answer(default_config(), {"choices": choices}) for choices in ballots]
    result = poll.tally(default_config(), answers)
    assert result == {"responses": len(ballots),
                      "counts": {option: sum(option in choices for choices in ballots) for option in "abc"}}


# The kind contract test (tests/test_kind_contract.py) runs the whole contract on this example.
CONTRACT_EXAMPLES = {"poll": ({"options": ["Æblerne", "Øerne", "Ålene"], "max_choices": 2},
                              [{"choices": ["a"]}, {"choices": ["a", "c"]}, {"choices": ["b"]}])}

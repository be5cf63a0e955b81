"""Segment questions and split results as pure functions: every limit at its value and one past
it, the editor's text form, and the split's privacy rule for any room (hypothesis)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation import segments
from facilitation.errors import InvalidInput

from .danish import in_danish


def question(text="Din rolle", options=("Leder", "Medarbejder"), **extra):
    return {"question": text, "options": list(options), **extra}


def refusal(raw) -> str:
    with pytest.raises(InvalidInput) as refused:
        segments.clean_segments(raw)
    in_danish(refused.value)
    return str(refused.value)


def test_at_most_five_segment_questions():
    five = [question(f"Spørgsmål {n}") for n in range(segments.MAX_SEGMENTS)]
    assert len(segments.clean_segments(five)) == 5
    assert "at most 5 segment questions" in refusal(five + [question("Spørgsmål 6")])
    assert segments.clean_segments([]) == []


def test_a_question_has_1_to_120_characters_after_spaces_collapse():
    longest = "Q" * segments.MAX_QUESTION_LENGTH
    assert segments.clean_segments([question(longest)])[0]["question"] == longest
    assert segments.clean_segments([question("  Din   rolle ")])[0]["question"] == "Din rolle"
    assert "1 to 120" in refusal([question(longest + "Q")])
    assert "1 to 120" in refusal([question("   ")])


@pytest.mark.parametrize("count, accepted", [(1, False), (2, True), (12, True), (13, False)])
def test_a_question_has_2_to_12_options(count, accepted):
    options = [f"Svar {n}" for n in range(count)]
    if accepted:
        assert segments.clean_segments([question(options=options)])[0]["options"] == options
    else:
        assert "2 to 12" in refusal([question(options=options)])


def test_an_option_has_at_most_60_characters_and_blank_options_are_dropped():
    longest = "O" * segments.MAX_OPTION_LENGTH
    cleaned = segments.clean_segments([question(options=[longest, " ", "  Nord  jylland ", ""])])
    assert cleaned[0]["options"] == [longest, "Nord jylland"]
    assert "at most 60" in refusal([question(options=[longest + "O", "Syd"])])


def test_options_and_questions_must_differ_whatever_the_case():
    assert "different options" in refusal([question(options=["Nord", "NORD"])])
    assert "the same" in refusal([question("Region"), question("region")])


def test_a_question_is_optional_unless_it_says_required():
    assert segments.clean_segments([question()])[0]["required"] is False
    assert segments.clean_segments([question(required=True)])[0]["required"] is True
    assert "true or false" in refusal([question(required=1)])
    assert "question and options" in refusal(["Din rolle"])
    assert "as a list" in refusal({"question": "Din rolle"})


def test_the_editor_text_has_one_question_per_line_and_blank_lines_are_skipped():
    text = "Din rolle: Leder, Medarbejder\n\n   \nRegion:Nord , Syd\nAlder: Ung, Gammel"
    assert segments.segments_from_text(text, {"Region"}) == [
        {"question": "Din rolle", "options": ["Leder", "Medarbejder"], "required": False},
        {"question": "Region", "options": ["Nord", "Syd"], "required": True},
        {"question": "Alder", "options": ["Ung", "Gammel"], "required": False},
    ]
    assert segments.segments_from_text(None, set()) == []


def test_answers_must_be_options_and_required_questions_answered():
    role, region = question(required=True), question("Region", ["Nord", "Syd"], required=False)
    assert segments.clean_answers([role, region], {"Din rolle": "Leder", "Region": ""}) == {"Din rolle": "Leder"}
    assert segments.clean_answers([region], "not a dict") == {}
    with pytest.raises(InvalidInput) as refused:
        segments.clean_answers([role, region], {"Region": "Nord"})
    in_danish(refused.value)
    assert refused.value.params == {"question": "Din rolle"}
    with pytest.raises(InvalidInput) as refused:
        segments.clean_answers([role], {"Din rolle": "Direktør"})
    in_danish(refused.value)
    assert refused.value.params == {"question": "Din rolle"}


def count(answers):
    return {"n": len(answers)}


def test_the_no_answer_group_is_held_back_not_the_smallest_named_one():
    role = question(options=["Leder", "Medarbejder", "Andet"])
    room = {"Leder": ["x"] * 3, "Medarbejder": ["x"] * 4, "Andet": ["x"] * 5, None: ["x"] * 3}
    result = segments.split(role, room, count, 3)
    assert [(g["label"], g["n"]) for g in result["groups"]] == [("Leder", 3), ("Medarbejder", 4), ("Andet", 5)]
    assert result["held_back"] == 3 and result["protected"] is False


def test_one_small_group_held_back_takes_the_smallest_shown_group_with_it():
    role = question(options=["Leder", "Medarbejder", "Andet"])
    room = {"Leder": ["x"] * 4, "Medarbejder": ["x"] * 4, "Andet": ["x"] * 2}
    result = segments.split(role, room, count, 3)
    # Of two equally small groups the one first in the alphabet is held back.
    assert [g["label"] for g in result["groups"]] == ["Medarbejder"]
    assert result["held_back"] == 6
    assert result == {"question": "Din rolle", "min_size": 3, "groups": result["groups"], "held_back": 6,
                      "protected": True}  # the screen says why a big enough group is missing


def test_held_back_answers_of_the_minimum_size_or_more_need_no_extra_group():
    role = question(options=["Leder", "Medarbejder", "Andet"])
    room = {"Leder": ["x"] * 4, "Medarbejder": ["x"] * 2, None: ["x"]}
    result = segments.split(role, room, count, 3)
    assert [g["label"] for g in result["groups"]] == ["Leder"] and result["held_back"] == 3


def test_a_room_of_small_groups_shows_nothing():
    role = question(options=["Leder", "Medarbejder"])
    result = segments.split(role, {"Leder": ["x"], "Medarbejder": ["x"]}, count, 3)
    assert result["groups"] == [] and result["held_back"] == 2
    assert segments.split(role, {}, count, 3) == {"question": "Din rolle", "min_size": 3, "groups": [], "held_back": 0,
                                                  "protected": False}


LABELS = ["Leder", "Medarbejder", "Andet", "Studerende"]
rooms = st.fixed_dictionaries(
    {label: st.integers(0, 8) for label in LABELS + [None]}
).map(lambda sizes: {label: [label] * n for label, n in sizes.items()})


@given(rooms, st.integers(1, 5))
def test_a_split_shows_only_groups_of_the_minimum_size_and_its_groups_sum_to_the_room(room, min_size):
    segment = question(options=LABELS)
    result = segments.split(segment, room, lambda answers: list(answers), min_size)
    shown = result["groups"]
    # Every answer is in exactly one shown group or held back.
    assert sum(g["n"] for g in shown) + result["held_back"] == sum(len(a) for a in room.values())
    for group in shown:
        assert group["n"] >= min_size and group["results"] == room[group["label"]]
    # Shown in the question's order.
    assert [g["label"] for g in shown] == [label for label in LABELS if label in {g["label"] for g in shown}]
    # Nobody held back can be worked out: none, or at least the minimum together.
    assert result["held_back"] == 0 or result["held_back"] >= min_size or not shown
    # Only as much is held back as the rule needs: every group of the minimum size is shown,
    # except at most one (the smallest) when the rest held back would be too few.
    big = [label for label in LABELS if len(room[label]) >= min_size]
    assert len(big) - len(shown) in (0, 1)


def test_an_unanswered_optional_question_does_not_stop_the_later_ones():
    region, role = question("Region", ["Nord", "Syd"], required=False), question(required=True)
    assert segments.clean_answers([region, role], {"Din rolle": "Leder"}) == {"Din rolle": "Leder"}
    with pytest.raises(InvalidInput) as raised:
        segments.clean_answers([region, role], {"Region": "Nord"})
    in_danish(raised.value)


def test_options_may_hold_a_colon_after_the_question():
    assert segments.segments_from_text("Mødetid: 9:00, 13:00", set()) == [
        {"question": "Mødetid", "options": ["9:00", "13:00"], "required": False}]


def test_the_group_held_back_with_a_small_one_is_the_smallest_shown_not_the_first_alphabetically():
    role = question(options=["Leder", "Medarbejder", "Andet"])
    room = {"Leder": ["x"] * 5, "Medarbejder": ["x"] * 3, "Andet": ["x"]}
    result = segments.split(role, room, count, 3)
    assert [g["label"] for g in result["groups"]] == ["Leder"] and result["held_back"] == 4


@given(rooms, st.integers(1, 5))
def test_the_extra_group_held_back_is_always_the_smallest_of_those_big_enough(room, min_size):
    segment = question(options=LABELS)
    result = segments.split(segment, room, count, min_size)
    big = [label for label in LABELS if len(room[label]) >= min_size]
    shown = [g["label"] for g in result["groups"]]
    extra = [label for label in big if label not in shown]
    if extra:
        [held] = extra
        assert min(len(room[label]) for label in big) == len(room[held])
        assert held == min((label for label in big if len(room[label]) == len(room[held])))

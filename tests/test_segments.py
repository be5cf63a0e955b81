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


@pytest.mark.parametrize("options", ["Ab", "Leder, Medarbejder", {"Nord": 1, "Syd": 2}, ["Nord", True], ["Nord", None],
                                     ["Nord", ["Syd"]], None])
def test_options_are_a_list_of_texts_not_a_text_read_letter_by_letter(options):
    assert "list of texts" in refusal([{"question": "Din rolle", "options": options}])


def test_numbers_are_options_as_texts():
    assert segments.clean_segments([question(options=[2024, 2025.5])])[0]["options"] == ["2024", "2025.5"]


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


def room_of(sizes: dict, question_text="Din rolle") -> list[dict]:
    """Entries for a room: `sizes` maps each option (None: no answer) to how many answered."""
    entries = []
    for label, n in sizes.items():
        for _ in range(n):
            number = len(entries)
            entries.append({"participant": number, "order": number,
                            "segments": {question_text: label} if label else {}, "answer": label})
    return entries


def split_one(segment, sizes, min_size=3, tally=count):
    return segments.split([segment], segment["question"], room_of(sizes, segment["question"]), tally, min_size)


def test_the_no_answer_group_is_held_back_not_the_smallest_named_one():
    role = question(options=["Leder", "Medarbejder", "Andet"])
    result = split_one(role, {"Leder": 3, "Medarbejder": 3, "Andet": 6, None: 3})
    assert [(g["label"], g["n"]) for g in result["groups"]] == [("Leder", 3), ("Medarbejder", 3), ("Andet", 6)]
    assert result["held_back"] == 3 and result["protected"] is False


def test_a_group_counts_in_steps_of_the_minimum_size():
    role = question(options=["Leder", "Medarbejder"])
    # Leder 4 → 3 counted (the 4th waits for two more); Medarbejder 5 → 3; 3 held back in all.
    result = split_one(role, {"Leder": 4, "Medarbejder": 5})
    assert [(g["label"], g["n"], g["results"]) for g in result["groups"]] == [
        ("Leder", 3, {"n": 3}), ("Medarbejder", 3, {"n": 3})]
    assert result["held_back"] == 3 and result["protected"] is False


def test_the_earliest_answers_of_a_group_are_the_ones_counted():
    role = question(options=["Leder", "Medarbejder"])
    entries = room_of({"Leder": 4, "Medarbejder": 3, None: 2}, "Din rolle")
    for entry in entries:
        entry["answer"] = entry["participant"]
    entries[0]["order"] = 99  # the first Leder answered last: they wait for the next step
    result = segments.split([role], "Din rolle", entries, lambda answers: sorted(answers), 3)
    assert [(g["label"], g["results"]) for g in result["groups"]] == [("Leder", [1, 2, 3]), ("Medarbejder", [4, 5, 6])]
    assert result["held_back"] == 3 and result["protected"] is False


def test_one_small_group_held_back_takes_a_step_of_the_smallest_shown_group_with_it():
    role = question(options=["Leder", "Medarbejder", "Andet"])
    result = split_one(role, {"Leder": 6, "Medarbejder": 3, "Andet": 2})
    # Of equally small steps the first profile by name is held back: Leder 6 would be cut to 3,
    # but Medarbejder's 3 are the smallest step shown.
    assert [(g["label"], g["n"]) for g in result["groups"]] == [("Leder", 6)]
    assert result["held_back"] == 5 and result["protected"] is True


def test_a_room_of_small_groups_shows_nothing():
    role = question(options=["Leder", "Medarbejder"])
    result = split_one(role, {"Leder": 1, "Medarbejder": 1})
    assert result["groups"] == [] and result["held_back"] == 2
    assert split_one(role, {}) == {"question": "Din rolle", "min_size": 3, "groups": [], "held_back": 0,
                                   "protected": False}


def test_a_profile_is_every_segment_answer_and_an_unknown_option_is_no_answer():
    definitions = [question(options=["Leder", "Medarbejder"]), question("Region", ["Nord", "Syd"])]
    assert segments.profile(definitions, {"Din rolle": "Leder", "Region": "Øst"}) == ("Leder", None)
    assert segments.profile(definitions, None) == (None, None)


def test_the_raw_rows_show_a_profile_only_when_enough_share_it():
    profiles = {1: ("Leder", "Nord"), 2: ("Medarbejder", "Syd"), 3: ("Medarbejder", "Syd"), 4: ("Medarbejder", "Syd"),
                5: ("Medarbejder", "Nord"), 6: ("Medarbejder", "Nord"), 7: ("Medarbejder", "Nord"),
                8: ("Medarbejder", "Nord")}
    # The one Leder is left out, and with them the smallest profile shown (three in Syd).
    assert segments.shown_profiles(profiles, 3) == {5, 6, 7, 8}
    assert segments.shown_profiles({n: ("x",) for n in range(3)}, 3) == {0, 1, 2}
    assert segments.shown_profiles({}, 3) == set()


LABELS = ["Leder", "Medarbejder", "Andet", "Studerende"]
sizes_of_rooms = st.fixed_dictionaries({label: st.integers(0, 8) for label in LABELS + [None]})


@given(sizes_of_rooms, st.integers(1, 5))
def test_a_split_shows_only_steps_of_the_minimum_size_and_its_groups_sum_to_the_room(sizes, min_size):
    segment = question(options=LABELS)
    result = split_one(segment, sizes, min_size, lambda answers: list(answers))
    shown = result["groups"]
    # Every answer is in exactly one shown group or held back.
    assert sum(g["n"] for g in shown) + result["held_back"] == sum(sizes.values())
    for group in shown:
        assert group["n"] % min_size == 0 and group["n"] > 0
        assert group["results"] == [group["label"]] * group["n"]
    # Shown in the question's order.
    assert [g["label"] for g in shown] == [label for label in LABELS if label in {g["label"] for g in shown}]
    # Nobody held back can be worked out: none, or at least the minimum together.
    assert result["held_back"] == 0 or result["held_back"] >= min_size or not shown
    # Only as much is held back as the rule needs: one step at most beyond the remainders (and
    # those without an answer, who are in no group).
    remainders = sum(n % min_size for n in sizes.values()) + sizes[None] // min_size * min_size
    assert result["held_back"] - remainders in (0, min_size)


def test_an_unanswered_optional_question_does_not_stop_the_later_ones():
    region, role = question("Region", ["Nord", "Syd"], required=False), question(required=True)
    assert segments.clean_answers([region, role], {"Din rolle": "Leder"}) == {"Din rolle": "Leder"}
    with pytest.raises(InvalidInput) as raised:
        segments.clean_answers([region, role], {"Region": "Nord"})
    in_danish(raised.value)


def test_options_may_hold_a_colon_after_the_question():
    assert segments.segments_from_text("Mødetid: 9:00, 13:00", set()) == [
        {"question": "Mødetid", "options": ["9:00", "13:00"], "required": False}]


def test_raw_rows_of_two_and_of_exactly_the_minimum_left_out():
    # Two share a profile: too few, and the four beside them are hidden with them.
    assert segments.shown_profiles({1: ("x",), 2: ("x",), 3: ("y",), 4: ("y",), 5: ("y",), 6: ("y",)}, 3) == set()
    # Three left out (one each) are enough on their own: the profile of three stays shown.
    singles = {1: ("a",), 2: ("b",), 3: ("c",)}
    assert segments.shown_profiles({**singles, 4: ("y",), 5: ("y",), 6: ("y",)}, 3) == {4, 5, 6}


def test_of_equal_steps_one_with_an_answer_is_held_back_before_one_without():
    definitions = [question(options=["Leder", "Medarbejder"]), question("Region", ["Nord", "Syd"])]
    entries = []
    for answers in [{"Din rolle": "Leder"}] * 3 + [{"Din rolle": "Leder", "Region": "Nord"}] * 3 + [{"Region": "Syd"}]:
        entries.append({"participant": len(entries), "order": len(entries), "segments": answers, "answer": len(entries)})
    result = segments.split(definitions, "Din rolle", entries, lambda answers: sorted(answers), 3)
    # One person left over: (Leder, Nord) is held back with them, (Leder, no region) is shown.
    assert result["groups"] == [{"label": "Leder", "n": 3, "results": [0, 1, 2]}] and result["protected"]


def test_a_groups_answer_count_is_its_people_even_when_none_of_its_ratings_can_be_shown():
    from facilitation.kinds import rating

    config = {**rating.clean_config({"themes": "all"}), "items": [{"id": 1, "label": "Kulturarv"}]}
    people = ([("Leder", {"1": 4})] * 2 + [("Leder", {"1": "dont_know"})] + [("Medarbejder", {"1": 2})] * 3)
    entries = [{"participant": n, "order": n, "segments": {"Din rolle": role}, "answer": {"ratings": ratings}}
               for n, (role, ratings) in enumerate(people)]
    role = question(options=["Leder", "Medarbejder"])
    result = segments.split([role], "Din rolle", entries, lambda answers: rating.tally(config, answers), 3,
                            rating.answered_themes, rating.answer_for_themes)
    # Two Leder ratings are too few, and Medarbejder's three are held back with them.
    for group in result["groups"]:
        assert group["n"] == group["results"]["responses"] == 3
        assert group["results"]["themes"][0]["n"] == 0

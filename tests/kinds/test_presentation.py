"""The cells and labels every kind's presentation shares (facilitation/kinds/presentation.py)."""

from facilitation.kinds import presentation


def same(message):
    return message


def test_a_divided_cell_says_so_and_an_undivided_one_says_no():
    assert presentation.divided_cell({"divided": True}, same) == "⇆ yes"
    assert presentation.divided_cell({"divided": False}, same) == "no"
    assert presentation.yes_no(True, same) == "yes" and presentation.yes_no(False, same) == "no"


def test_the_agreement_detail_is_in_the_workshops_language():
    detail = presentation.agreement_detail({"agreement": 0.8, "divided": True}, same, "da")
    assert detail == ["agreement 0,80", "⇆ divided room"]
    assert presentation.agreement_detail({"agreement": None, "divided": False}, same, "en") == []


def test_shared_places_are_marked_with_an_equals_sign_and_single_ones_with_a_full_stop():
    themes = [{"rank": 1}, {"rank": 2}, {"rank": 2}, {"rank": 4}]
    prefix = presentation.competition_prefix(themes, "rank")
    assert [prefix(theme) for theme in themes] == ["1. ", "2= ", "2= ", "4. "]


def test_a_theme_a_group_has_no_figure_for_shows_a_dash():
    group = {"themes": [{"id": 1, "mean": 3.456}]}
    assert presentation.group_theme(group, 2) is None
    assert presentation.theme_mean_cell(group, 1, "mean", "da") == "3,46"
    assert presentation.theme_mean_cell(group, 2, "mean", "da") == presentation.NO_NUMBER


def test_an_answer_in_words_is_its_text_or_its_fields():
    assert presentation.plain_answer({"text": "Fælles app"}) == "Fælles app"
    assert presentation.plain_answer({"a": 1, "b": "x"}) == "a: 1; b: x"

"""The stance kind (yes / no / not sure per theme), as pure functions."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from facilitation.errors import InvalidInput
from facilitation.kinds import KINDS, stance
from facilitation.record.models import BarChart, DisplayTable, Table

from ..danish import in_danish

ITEMS = [
    {"id": 4, "label": "Det Digitale Folkebibliotek", "description": "DDF"},
    {"id": 12, "label": "KOMBIT", "description": ""},
    {"id": 7, "label": "Det Kgl. Bibliotek", "description": ""},
]


def resolved_config(**settings) -> dict:
    # Built when a test runs, never at import (docs/testing.md: mutation testing).
    return {**stance.clean_config({"themes": "all", **settings}), "items": ITEMS}


def ballot(**stances) -> dict:
    ids = {"ddf": "4", "kombit": "12", "kb": "7"}
    return {"stances": {ids[name]: value for name, value in stances.items()}}


# The worked example of docs/aggregation.md, "Stance".
EXAMPLE = [
    ballot(ddf="yes", kombit="yes", kb="no"),
    ballot(ddf="yes", kombit="not_sure", kb="yes"),
    ballot(ddf="yes", kombit="not_sure", kb="no"),
    ballot(ddf="no", kb="yes"),
    ballot(ddf="yes", kombit="yes", kb="yes"),
]


def test_it_is_registered_as_a_theme_kind():
    assert KINDS["stance"] is stance
    assert stance.clean_config({}) == {"themes": "all", "shuffle": False, "yes_label": "", "no_label": "",
                                       "not_sure_label": ""}
    config = resolved_config(yes_label="Vi er med")
    assert stance.clean_config(config) == stance.clean_config({"yes_label": "Vi er med"})  # items never stored


def test_the_editor_form_reads_the_themes_and_the_names():
    form = MultiDict([("themes_mode", "chosen"), ("theme_ids", "12"), ("theme_ids", "7"), ("shuffle", "on"),
                      ("yes_label", "  Vi er  med "), ("no_label", "Ikke os"), ("not_sure_label", "Ved ikke")])
    assert stance.clean_config(stance.config_from_form(form)) == {
        "themes": [12, 7], "shuffle": True, "yes_label": "Vi er med", "no_label": "Ikke os",
        "not_sure_label": "Ved ikke"}


@pytest.mark.parametrize("raw", [
    None, [], {"themes": []}, {"shuffle": "yes"}, {"yes_label": 3}, {"no_label": "x" * 31},
    {"yes_label": "Ja", "no_label": " ja "},
])
def test_bad_settings_are_refused_in_danish(raw):
    with pytest.raises(InvalidInput) as refused:
        stance.clean_config(raw)
    in_danish(refused.value)


def test_a_name_may_be_30_characters():
    assert stance.clean_config({"yes_label": "x" * 30})["yes_label"] == "x" * 30


def test_clean_answer_keeps_the_items_order_and_allows_a_part():
    answer = stance.clean_answer(resolved_config(), {"stances": {"7": "no", "4": "not_sure"}})
    assert list(answer["stances"].items()) == [("4", "not_sure"), ("7", "no")]


@pytest.mark.parametrize("raw", [
    None, {}, {"stances": []}, {"stances": {}}, {"stances": {"4": "maybe"}}, {"stances": {"4": True}},
    {"stances": {"99": "yes"}}, {"stances": {4: "yes"}}, {"stances": {"4": ["yes"]}},
])
def test_bad_answers_are_refused_in_danish(raw):
    with pytest.raises(InvalidInput) as refused:
        stance.clean_answer(resolved_config(), raw)
    in_danish(refused.value)


def test_an_activity_without_themes_takes_no_answers():
    with pytest.raises(InvalidInput) as refused:
        stance.clean_answer(stance.clean_config({}), {"stances": {"4": "yes"}})
    in_danish(refused.value)


def test_the_worked_example_of_the_documentation():
    result = stance.tally(resolved_config(), EXAMPLE)
    assert result["responses"] == 5
    ddf, kombit, kb = result["themes"]
    assert (ddf["yes"], ddf["no"], ddf["not_sure"], ddf["n"]) == (4, 1, 0, 5)
    assert ddf["share_yes"] == pytest.approx(0.8) and ddf["agreement"] == pytest.approx(0.2)
    assert not ddf["divided"]
    assert (kombit["yes"], kombit["no"], kombit["not_sure"], kombit["n"]) == (2, 0, 2, 4)
    assert kombit["share_yes"] == 1.0 and kombit["agreement"] == pytest.approx(0.5) and not kombit["divided"]
    assert (kb["yes"], kb["no"], kb["not_sure"], kb["n"]) == (3, 2, 0, 5)
    assert kb["share_yes"] == pytest.approx(0.6) and kb["agreement"] == pytest.approx(-0.6) and kb["divided"]
    assert [theme["label"] for theme in stance.screen_order(resolved_config(), result)] == [
        "KOMBIT", "Det Digitale Folkebibliotek", "Det Kgl. Bibliotek"]


def test_a_theme_where_nobody_took_a_side_is_shown_after_every_theme_with_sides():
    # Kombit: three "not sure" (more answers than any other theme, but no share of yes);
    # Det Kgl. Bibliotek: one "no" (a share of 0 %), still above it.
    config = resolved_config()
    ddf, kombit, kb = (str(item["id"]) for item in config["items"])
    answers = [{"stances": {kombit: "not_sure", ddf: "yes"}}, {"stances": {kombit: "not_sure"}},
               {"stances": {kombit: "not_sure", kb: "no"}}]
    result = stance.tally(config, answers)
    assert [theme["label"] for theme in stance.screen_order(config, result)] == [
        "Det Digitale Folkebibliotek", "Det Kgl. Bibliotek", "KOMBIT"]


def test_nothing_and_one_answer():
    empty = stance.tally(resolved_config(), [])
    assert empty["responses"] == 0
    assert all(theme["n"] == 0 and theme["share_yes"] is None and theme["agreement"] is None
               and not theme["divided"] for theme in empty["themes"])
    one = stance.tally(resolved_config(), [ballot(kb="not_sure")])["themes"][2]
    assert one["n"] == 1 and one["share_yes"] is None and one["agreement"] is None


def test_a_room_that_is_only_not_sure_agrees_and_took_no_side():
    theme = stance.tally(resolved_config(), [ballot(ddf="not_sure")] * 6)["themes"][0]
    assert theme["share_yes"] is None and theme["agreement"] == 1.0 and not theme["divided"]


def test_half_yes_half_no_is_a_divided_room_from_five_answers_on():
    four = stance.tally(resolved_config(), [ballot(ddf="yes"), ballot(ddf="no")] * 2)["themes"][0]
    assert four["agreement"] == -1.0 and not four["divided"]
    six = stance.tally(resolved_config(), [ballot(ddf="yes"), ballot(ddf="no")] * 3)["themes"][0]
    assert six["agreement"] == -1.0 and six["divided"] and six["share_yes"] == 0.5


def test_answers_on_removed_themes_or_never_cleaned_are_left_out():
    result = stance.tally(resolved_config(), [{"stances": {"99": "yes", "4": "perhaps"}}, {}, {"stances": None}])
    assert result["responses"] == 3
    assert all(theme["n"] == 0 for theme in result["themes"])


ballots = st.lists(
    st.dictionaries(st.sampled_from(["4", "12", "7"]), st.sampled_from(list(stance.CHOICES)), min_size=1),
    max_size=40)


@given(ballots, st.randoms())
def test_order_does_not_matter_and_the_counts_add_up(stances, random):
    answers = [{"stances": one} for one in stances]
    result = stance.tally(resolved_config(), answers)
    shuffled = answers[:]
    random.shuffle(shuffled)
    assert stance.tally(resolved_config(), shuffled) == result
    for theme in result["themes"]:
        given_here = [one[str(theme["id"])] for one in stances if str(theme["id"]) in one]
        assert theme["yes"] == given_here.count("yes") and theme["no"] == given_here.count("no")
        assert theme["not_sure"] == given_here.count("not_sure")
        assert theme["yes"] + theme["no"] + theme["not_sure"] == theme["n"] == len(given_here) <= result["responses"]


@given(ballots)
def test_the_figures_stay_in_their_bounds(stances):
    for theme in stance.tally(resolved_config(), [{"stances": one} for one in stances])["themes"]:
        sides = theme["yes"] + theme["no"]
        if sides:
            assert 0.0 <= theme["share_yes"] <= 1.0
            assert theme["share_yes"] == theme["yes"] / sides
        else:
            assert theme["share_yes"] is None
        if theme["n"] < 2:
            assert theme["agreement"] is None and not theme["divided"]
        else:
            assert -1.0 <= theme["agreement"] <= 1.0
            assert theme["divided"] == (theme["agreement"] < 0 and theme["n"] >= 5)


@given(st.integers(0, 60), st.integers(0, 60))
def test_without_not_sure_agreement_is_one_minus_four_times_the_smaller_side(yes, no):
    figures = stance.theme_figures(yes, no, 0)
    if yes + no < 2:
        assert figures["agreement"] is None
    else:
        assert Fraction(figures["agreement"]).limit_denominator(1000) == 1 - Fraction(4 * min(yes, no), yes + no)


@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))
def test_agreement_does_not_care_which_side_is_which(yes, no, not_sure):
    assert stance.theme_figures(yes, no, not_sure)["agreement"] == stance.theme_figures(no, yes, not_sure)["agreement"]


# --- presentation --------------------------------------------------------------------------------


def translate_marked(message: str) -> str:
    # A translation that changes every word but keeps the placeholders.
    return "«" + message + "»"


@pytest.mark.parametrize("answers", [[], EXAMPLE], ids=["empty", "filled"])
def test_the_presentation_contract_gives_the_right_types(answers):
    config = resolved_config()
    result = stance.tally(config, answers)
    assert set(stance.TRAITS) == {"collects", "live_to_phones", "chart", "per_theme", "sortable", "promotes",
                                  "agreement", "entries_noun"}
    assert [theme["id"] for theme in stance.screen_order(config, result)] and all(
        isinstance(row, dict) for row in stance.screen_order(config, result))
    table = stance.summary_table(config, result, translate_marked)
    assert isinstance(table, Table) and len(table.headers) == len(table.formats)
    assert len(table.rows) == 3 and all(len(row) == len(table.headers) for row in table.rows)
    shown = stance.display_table(config, result, translate_marked, "da")
    assert isinstance(shown, DisplayTable) and all(isinstance(cell, str) for row in shown.rows for cell in row)
    assert all(isinstance(note, str) for note in stance.notes(config, result, translate_marked))
    assert isinstance(stance.chart(config, result, translate_marked, "da"), BarChart)
    assert isinstance(stance.SPLIT_FIGURE, str)
    rows = stance.split_rows(config)
    assert [row["id"] for row in rows] == [4, 12, 7]
    assert all(isinstance(stance.split_cell(config, result, row["id"], "da", str), str) for row in rows)


def test_the_record_uses_the_facilitators_names_and_danish_numbers():
    config = resolved_config(yes_label="Vi er med", no_label="Ikke os", not_sure_label="Ved ikke")
    result = stance.tally(config, EXAMPLE)
    table = stance.summary_table(config, result, lambda message: message)
    assert table.headers[1:4] == ["Vi er med", "Ikke os", "Ved ikke"]
    assert table.rows[0][:6] == ["KOMBIT", 2, 0, 2, 4, 100.0]
    shown = stance.display_table(config, result, lambda message: message, "da")
    assert shown.rows[2][5:] == ["60 %", "−0,60", "⇆ yes"]
    labels = {"4": "DDF", "12": "KOMBIT"}
    assert stance.answer_text(config, EXAMPLE[1], lambda key: labels.get(key, "(removed theme)"), str, "da") == (
        "DDF: Vi er med; KOMBIT: Ved ikke; (removed theme): Vi er med")
    assert stance.split_cell(config, result, 7, "da", str) == "60 % (5)"
    assert stance.split_cell(config, stance.tally(config, []), 7, "da", str) == "–"
    bars = stance.chart(config, result, lambda message: message, "en").bars
    assert [(bar.label, bar.value, bar.divided) for bar in bars] == [
        ("KOMBIT", "100 %", False), ("Det Digitale Folkebibliotek", "80 %", False),
        ("Det Kgl. Bibliotek", "60 %", True)]
    assert bars[2].detail == "Vi er med 3 · Ikke os 2 · Ved ikke 0 · agreement −0.60 · ⇆ divided room"


@pytest.mark.parametrize("yes, no, shown", [(5, 3, "63 %"), (1, 7, "13 %"), (2, 1, "67 %"), (1, 199, "1 %")])
def test_a_share_is_rounded_halves_up_as_on_the_screen(yes, no, shown):
    result = {"themes": [{"id": 4, "label": "DDF", **stance.theme_figures(yes, no, 0)}]}
    assert stance.display_table(resolved_config(), result, str, "da").rows[0][5] == shown


def test_default_names_are_translated():
    config = resolved_config()
    assert stance.choice_label(config, "not_sure", lambda message: {"Not sure": "Ved ikke"}[message]) == "Ved ikke"


# The kind contract's example (tests/test_kind_contract.py): raw config and answers.
CONTRACT_EXAMPLES = {"stance": ({"themes": "all", "yes_label": "Vi er med"},
                                [{"stances": {"1": "yes", "2": "no"}}, {"stances": {"1": "yes", "3": "not_sure"}},
                                 {"stances": {"2": "yes"}}])}

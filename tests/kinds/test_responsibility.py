"""The responsibility kind ("who should lead"), as pure functions."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from facilitation.errors import InvalidInput
from facilitation.kinds import KINDS, responsibility

ITEMS = [
    {"id": 4, "label": "Fælles digital infrastruktur", "description": ""},
    {"id": 12, "label": "Digital dannelse", "description": ""},
    {"id": 7, "label": "Kulturarv", "description": ""},
]
INFRA, DANNELSE, KULTURARV = "4", "12", "7"
# The default actors get the ids a … e: DDF, Centralbibliotekerne, KOMBIT, KB, BDI.
DDF, KOMBIT, KB = "a", "c", "d"


def default_config() -> dict:
    return responsibility.clean_config({"themes": "all"})


def resolved_config() -> dict:
    return {**default_config(), "items": ITEMS}


def test_a_new_activity_offers_the_national_actors_and_both_fixed_choices():
    config = default_config()
    assert [actor["label"] for actor in config["actors"]] == responsibility.DEFAULT_ACTORS
    assert [actor["id"] for actor in config["actors"]] == ["a", "b", "c", "d", "e"]
    assert config["local"] is True and config["together"] is True
    assert responsibility.choice_ids(config) == ["a", "b", "c", "d", "e", "local", "together"]
    assert responsibility.clean_config(config) == config
    assert responsibility.clean_config(resolved_config()) == config  # items are never stored


def test_the_editor_form_is_read_back():
    form = MultiDict([("themes_mode", "chosen"), ("theme_ids", "12"), ("theme_ids", "4"),
                      ("actors", " KOMBIT \r\n\r\nDet  Kgl. Bibliotek\n"), ("together", "on")])
    assert responsibility.clean_config(responsibility.config_from_form(form)) == {
        "themes": [12, 4], "shuffle": False,
        "actors": [{"id": "a", "label": "KOMBIT"}, {"id": "b", "label": "Det Kgl. Bibliotek"}],
        "local": False, "together": True,
    }


@pytest.mark.parametrize("raw", [
    None,
    {"actors": "KOMBIT"},
    {"actors": ["KOMBIT", "kombit"]},
    {"actors": ["x" * (responsibility.MAX_ACTOR_LENGTH + 1)]},
    {"actors": [f"Aktør {n}" for n in range(responsibility.MAX_ACTORS + 1)]},
    {"actors": [f"Aktør {n}" for n in range(1000)]},
    {"actors": [42]},
    {"actors": ["KOMBIT"], "local": False, "together": False},
    {"actors": [], "local": True, "together": False},
    {"local": "yes"},
    {"themes": []},
])
def test_bad_settings_are_refused(raw):
    with pytest.raises(InvalidInput):
        responsibility.clean_config(raw)


def test_limits_are_inclusive():
    twelve = [f"Aktør {n}" for n in range(responsibility.MAX_ACTORS)]
    config = responsibility.clean_config({"actors": twelve + ["", "  "], "local": False, "together": False})
    assert len(config["actors"]) == 12
    long_name = "x" * responsibility.MAX_ACTOR_LENGTH
    assert responsibility.clean_config({"actors": [{"label": long_name}]})["actors"][0]["label"] == long_name
    # Only the two fixed choices: still two choices.
    assert responsibility.choice_ids(responsibility.clean_config({"actors": []})) == ["local", "together"]


def test_an_answer_is_cleaned_to_the_items_order():
    answer = responsibility.clean_answer(resolved_config(), {"leads": {KULTURARV: KB, INFRA: "together"}})
    assert list(answer["leads"].items()) == [(INFRA, "together"), (KULTURARV, KB)]


@pytest.mark.parametrize("raw", [
    None, {}, {"leads": []}, {"leads": {}}, {"leads": {"99": KB}}, {"leads": {4: KB}},
    {"leads": {INFRA: "z"}}, {"leads": {INFRA: ["a"]}}, {"leads": {INFRA: None}},
])
def test_bad_answers_are_refused(raw):
    with pytest.raises(InvalidInput):
        responsibility.clean_answer(resolved_config(), raw)


def test_a_switched_off_fixed_choice_cannot_be_chosen():
    config = {**responsibility.clean_config({"local": False}), "items": ITEMS}
    with pytest.raises(InvalidInput):
        responsibility.clean_answer(config, {"leads": {INFRA: "local"}})


def test_no_themes_no_answer():
    with pytest.raises(InvalidInput):
        responsibility.clean_answer({**default_config(), "items": []}, {"leads": {INFRA: KB}})


# The worked example of docs/aggregation.md ("Who should lead").
EXAMPLE = [
    {"leads": {INFRA: KOMBIT, DANNELSE: "local", KULTURARV: KB}},
    {"leads": {INFRA: KOMBIT, DANNELSE: "local", KULTURARV: KB}},
    {"leads": {INFRA: KOMBIT, DANNELSE: "together", KULTURARV: KB}},
    {"leads": {INFRA: DDF, DANNELSE: "together", KULTURARV: KB}},
    {"leads": {INFRA: "together", DANNELSE: "local"}},
]


def test_the_worked_example():
    result = responsibility.tally(resolved_config(), EXAMPLE)
    assert result["responses"] == 5
    assert result["choices"] == ["a", "b", "c", "d", "e", "local", "together"]
    infra, dannelse, kulturarv = result["themes"]
    assert infra["counts"] == {"a": 1, "b": 0, "c": 3, "d": 0, "e": 0, "local": 0, "together": 1}
    assert (infra["n"], infra["leaders"], infra["leading_share"]) == (5, [KOMBIT], 0.6)
    assert infra["agreement"] == pytest.approx(float(Fraction(26, 75)))
    assert infra["divided"] is False
    assert dannelse["counts"]["local"] == 3 and dannelse["counts"]["together"] == 2
    assert dannelse["agreement"] == pytest.approx(0.44)
    assert dannelse["divided"] is True  # 2 of 5 is at least a third
    assert (kulturarv["n"], kulturarv["leaders"], kulturarv["agreement"], kulturarv["divided"]) == (4, [KB], 1.0, False)


def test_ties_name_every_leader_and_small_rooms_are_never_divided():
    answers = [{"leads": {INFRA: KOMBIT}}, {"leads": {INFRA: KB}}]
    theme = responsibility.tally(resolved_config(), answers)["themes"][0]
    assert theme["leaders"] == [KOMBIT, KB] and theme["leading_share"] == 0.5
    assert theme["divided"] is False  # two people are a conversation
    one = responsibility.tally(resolved_config(), answers[:1])["themes"][0]
    assert one["agreement"] is None and one["leading_share"] == 1.0


def test_an_empty_tally():
    result = responsibility.tally(resolved_config(), [])
    for theme in result["themes"]:
        assert theme["n"] == 0 and theme["leaders"] == [] and theme["leading_share"] is None
        assert theme["agreement"] is None and theme["divided"] is False


def test_removed_themes_and_choices_no_longer_count():
    config = {**responsibility.clean_config({"local": False}), "items": ITEMS[:1]}
    result = responsibility.tally(config, [{"leads": {INFRA: "local", DANNELSE: KB}}, {"leads": {INFRA: KB}}])
    assert [theme["id"] for theme in result["themes"]] == [4]
    assert result["themes"][0]["n"] == 1 and "local" not in result["themes"][0]["counts"]


def test_an_even_spread_has_no_agreement_and_unanimity_full():
    assert responsibility.agreement([2] * 7) == 0.0
    assert responsibility.agreement([0, 9, 0]) == 1.0
    assert responsibility.agreement([5, 5]) == 0.0
    assert responsibility.divided([5, 5]) is True
    assert responsibility.divided([4, 2, 0]) is True   # 2 of 6 is a third: it counts
    assert responsibility.divided([5, 2, 0]) is False  # 2 of 7 is less
    assert responsibility.divided([7, 2, 1]) is False


answers_strategy = st.lists(
    st.dictionaries(st.sampled_from([INFRA, DANNELSE, KULTURARV]),
                    st.sampled_from(["a", "b", "c", "d", "e", "local", "together"]), min_size=1),
    max_size=40,
).map(lambda raws: [responsibility.clean_answer(resolved_config(), {"leads": raw}) for raw in raws])


@given(answers_strategy, st.randoms())
def test_the_tally_does_not_depend_on_the_order(answers, random):
    shuffled = answers[:]
    random.shuffle(shuffled)
    assert responsibility.tally(resolved_config(), shuffled) == responsibility.tally(resolved_config(), answers)


@given(answers_strategy)
def test_counts_add_up_and_figures_stay_in_bounds(answers):
    result = responsibility.tally(resolved_config(), answers)
    assert result["responses"] == len(answers)
    for theme in result["themes"]:
        key = str(theme["id"])
        assert theme["n"] == sum(theme["counts"].values()) == sum(key in a["leads"] for a in answers)
        for choice, count in theme["counts"].items():
            assert count == sum(a["leads"].get(key) == choice for a in answers)
        if theme["n"]:
            top = max(theme["counts"].values())
            assert theme["leading_share"] == top / theme["n"]
            assert 1 / 7 <= theme["leading_share"] <= 1
            assert theme["leaders"] and all(theme["counts"][c] == top for c in theme["leaders"])
        if theme["n"] >= 2:
            assert -1e-12 <= theme["agreement"] <= 1 + 1e-12
            # Agreement is 1 exactly when everyone chose the same lead.
            assert (theme["agreement"] == 1) == (theme["leading_share"] == 1)
        else:
            assert theme["agreement"] is None
        if theme["divided"]:
            assert theme["n"] >= 5 and theme["leading_share"] < 1


@given(st.lists(st.integers(0, 50), min_size=2, max_size=14), st.integers(1, 5))
def test_agreement_is_scale_free_and_bounded(counts, factor):
    value = responsibility.agreement(counts)
    if sum(counts) < 2:
        assert value is None
        return
    assert 0 <= value <= 1 + 1e-12
    assert responsibility.agreement([factor * c for c in counts]) == pytest.approx(value)
    assert responsibility.agreement(sorted(counts)) == pytest.approx(value)  # the choices have no order


def test_registered_after_the_prioritisations():
    names = list(KINDS)
    assert names[names.index("matrix"):] == ["matrix", "stance", "responsibility", "commitments"]


def test_presentation_for_an_empty_and_a_filled_tally():
    config = resolved_config()
    for answers in ([], EXAMPLE):
        result = responsibility.tally(config, answers)
        table = responsibility.summary_table(config, result)
        assert len(table.rows) == 3 and len(table.headers) == len(table.formats) == 2 + 7 + 4
        shown = responsibility.display_table(config, result, lambda m: m, "da")
        assert len(shown.rows) == 3 and all(len(row) == len(shown.headers) for row in shown.rows)
        assert responsibility.chart(config, result, lambda m: m, "da").bars[0].label == "Fælles digital infrastruktur"
        assert all(isinstance(note, str) for note in responsibility.notes(config, result, lambda m: m))
        assert [row["id"] for row in responsibility.split_rows(config)] == [4, 12, 7]
        assert responsibility.screen_order(config, result) == result["themes"]
    result = responsibility.tally(config, EXAMPLE)
    table = responsibility.summary_table(config, result, lambda m: m)
    assert table.rows[0][:9] == ["Fælles digital infrastruktur", 5, 1, 0, 3, 0, 0, 0, 1]
    assert table.rows[0][9:] == ["KOMBIT", 60.0, pytest.approx(26 / 75), "no"]
    assert table.headers[7:9] == ["The local library", "Together"]
    shown = responsibility.display_table(config, result, lambda m: m, "da")
    assert shown.rows[0][4] == "★ 3 (60 %)" and shown.rows[1][7] == "★ 3 (60 %)" and shown.rows[1][-1] == "⇆ yes"
    assert responsibility.split_cell(config, result, 12, "da", str) == "The local library 60 %"
    assert responsibility.split_cell(config, responsibility.tally(config, []), 12, "da", str) == "–"
    danish = {"The local library": "Det lokale bibliotek"}
    assert responsibility.split_cell(config, result, 12, "da", lambda m: danish.get(m, m)) == "Det lokale bibliotek 60 %"
    names = {"4": "Infrastruktur", "7": "Kulturarv"}
    text = responsibility.answer_text(config, EXAMPLE[3], lambda key: names.get(key, "(fjernet)"), lambda m: m, "da")
    assert text == "Infrastruktur: Det Digitale Folkebibliotek; (fjernet): Together; Kulturarv: Det Kgl. Bibliotek"
    assert set(responsibility.TRAITS) == {"collects", "live_to_phones", "chart", "per_theme", "sortable", "promotes",
                                          "agreement", "entries_noun"}


# The kind contract's example (tests/test_kind_contract.py): raw config and answers.
CONTRACT_EXAMPLES = {"responsibility": ({"themes": "all"},
                                        [{"leads": {"1": "a", "2": "local"}}, {"leads": {"1": "a", "3": "together"}},
                                         {"leads": {"2": "b"}}])}


@pytest.mark.parametrize("value, words", [
    (None, "too few answers"), (1.0, "everyone chose the same lead"), (0.5, "most chose the same lead"),
    (0.49, "the choices spread over several leads"), (0.0, "the choices spread evenly over every lead"),
])
def test_the_words_for_an_agreement_on_who_leads(value, words):
    assert responsibility.agreement_words(value, lambda m: m) == words

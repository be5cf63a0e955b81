"""The commitments kind ("our next steps"), as pure functions: settings, cleaning, the tally per
theme with moderation and removed themes, and how the record presents it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from facilitation.errors import InvalidInput
from facilitation.kinds import collects, commitments, public_results

from ..danish import in_danish

ITEMS = [
    {"id": 4, "label": "Fælles digital infrastruktur", "description": ""},
    {"id": 12, "label": "Digital dannelse", "description": ""},
    {"id": 7, "label": "Kulturarv", "description": ""},
]
INFRA, DANNELSE, KULTURARV = "4", "12", "7"


def config(**settings) -> dict:
    # Built when a test runs, never at import (docs/testing.md: mutation testing).
    return {**commitments.clean_config({"themes": "all", **settings}), "items": ITEMS}


def entry(id, theme, text, status="visible"):
    """An entry as workshops.results builds it: the answer's fields, then the domain's."""
    return {"theme": theme, "text": text, "id": id, "status": status, "votes": 0, "answered": False,
            "highlighted": False}


def translate(message):
    return message


def test_defaults_one_step_of_at_most_200_characters_shown_at_once():
    assert commitments.clean_config({}) == {"themes": "all", "shuffle": False, "max_length": 200,
                                            "per_participant": 1, "moderation": "open"}
    chosen = commitments.clean_config({"themes": ["12", 4], "per_participant": 2, "moderation": "approve"})
    assert chosen["themes"] == [12, 4] and chosen["per_participant"] == 2 and chosen["moderation"] == "approve"
    assert commitments.clean_config(config()) == commitments.clean_config({})  # items are never stored
    assert collects(commitments) and not commitments.TRAITS["promotes"]


@pytest.mark.parametrize("raw", [None, [], {"themes": []}, {"themes": "some"}, {"max_length": 5},
                                 {"max_length": 281}, {"per_participant": 0}, {"moderation": "later"},
                                 {"shuffle": "yes"}])
def test_bad_settings_are_refused_in_danish(raw):
    with pytest.raises(InvalidInput) as raised:
        commitments.clean_config(raw)
    in_danish(raised.value)


def test_registered_last_the_closing_activity_of_a_day():
    from facilitation.kinds import KINDS

    assert list(KINDS)[-1] == "commitments" and KINDS["commitments"] is commitments


def test_an_answer_names_one_of_the_activitys_themes_and_a_cleaned_text():
    assert commitments.clean_answer(config(), {"theme": DANNELSE, "text": "  Kursus   for ældre  "}) == {
        "theme": DANNELSE, "text": "Kursus for ældre"}
    assert commitments.clean_answer(config(), {"theme": 12, "text": "Kursus"}) == {"theme": "12", "text": "Kursus"}
    assert commitments.clean_answer(config(), {"theme": "7", "text": "a\u202egnp.exe"})["text"] == "agnp.exe"


@pytest.mark.parametrize("raw", [None, "tekst", {"text": "Kursus"}, {"theme": "", "text": "Kursus"},
                                 {"theme": "99", "text": "Kursus"}, {"theme": True, "text": "Kursus"},
                                 {"theme": ["4"], "text": "Kursus"}, {"theme": "4"}, {"theme": "4", "text": "   "},
                                 {"theme": "4", "text": "x" * 201}])
def test_a_bad_answer_is_refused_with_a_clear_danish_error(raw):
    with pytest.raises(InvalidInput) as raised:
        commitments.clean_answer(config(), raw)
    in_danish(raised.value)


def test_no_answer_without_themes():
    with pytest.raises(InvalidInput) as raised:
        commitments.clean_answer({**commitments.clean_config({}), "items": []}, {"theme": "4", "text": "Kursus"})
    assert in_danish(raised.value) == "Denne aktivitet har endnu ingen temaer."


def test_the_tally_lists_the_visible_steps_per_theme_in_the_themes_order():
    entries = [entry(5, KULTURARV, "Digitalisér lokalarkivet"), entry(2, INFRA, "Fælles login i kommunen"),
               entry(3, INFRA, "Skjult", "hidden"), entry(4, INFRA, "Afventer", "pending"),
               entry(1, INFRA, "Tal med IT-chefen")]
    result = commitments.tally(config(), entries)
    assert result["responses"] == 3
    assert result["themes"] == [
        {"id": 4, "label": "Fælles digital infrastruktur", "removed": False,
         "commitments": [{"id": 1, "text": "Tal med IT-chefen"}, {"id": 2, "text": "Fælles login i kommunen"}]},
        {"id": 12, "label": "Digital dannelse", "removed": False, "commitments": []},
        {"id": 7, "label": "Kulturarv", "removed": False, "commitments": [{"id": 5, "text": "Digitalisér lokalarkivet"}]},
    ]
    # The facilitator sees what moderation holds back, with the theme named; screens and phones never.
    assert result["moderation"] == {
        "pending": [{"id": 4, "text": "Afventer", "theme": INFRA, "theme_label": "Fælles digital infrastruktur"}],
        "hidden": [{"id": 3, "text": "Skjult", "theme": INFRA, "theme_label": "Fælles digital infrastruktur"}]}
    shown = public_results(commitments, result)
    assert "moderation" not in shown and "Afventer" not in str(shown) and "Skjult" not in str(shown)


def test_a_step_for_a_theme_removed_since_is_kept_in_a_group_of_its_own():
    entries = [entry(1, "99", "Om et fjernet tema"), entry(2, KULTURARV, "Lokalarkiv"),
               entry(3, "99", "Venter", "pending")]
    result = commitments.tally(config(), entries)
    assert result["responses"] == 2
    assert result["themes"][-1] == {"id": None, "label": "", "removed": True,
                                     "commitments": [{"id": 1, "text": "Om et fjernet tema"}]}
    assert result["moderation"]["pending"] == [{"id": 3, "text": "Venter", "theme": "99", "theme_label": None}]
    assert commitments.summary_table(config(), result, translate).rows == [
        ["Kulturarv", "Lokalarkiv"], ["(removed theme)", "Om et fjernet tema"]]
    # No removed group when nothing was written to a removed theme.
    assert [theme["id"] for theme in commitments.tally(config(), entries[1:])["themes"]] == [4, 12, 7]


@given(st.lists(st.tuples(st.sampled_from([INFRA, DANNELSE, KULTURARV, "99"]), st.sampled_from(["visible", "pending", "hidden"])),
                max_size=12), st.randoms())
def test_the_tally_does_not_depend_on_the_order_of_the_entries(specs, rng):
    entries = [entry(number, theme, f"Skridt {number}", status) for number, (theme, status) in enumerate(specs, 1)]
    shuffled = entries[:]
    rng.shuffle(shuffled)
    result = commitments.tally(config(), entries)
    assert commitments.tally(config(), shuffled) == result
    assert result["responses"] == sum(len(theme["commitments"]) for theme in result["themes"])
    assert result["responses"] == sum(status == "visible" for _, status in specs)


def test_the_record_lists_the_steps_per_theme_with_a_dash_for_a_theme_nobody_chose():
    result = commitments.tally(config(), [entry(1, KULTURARV, "Lokalarkiv"), entry(2, INFRA, "Login"),
                                          entry(3, KULTURARV, "Podcast")])
    table = commitments.summary_table(config(), result, translate)
    assert table.headers == ["Theme", "Next step"]
    assert table.rows == [["Fælles digital infrastruktur", "Login"], ["Kulturarv", "Lokalarkiv"], ["Kulturarv", "Podcast"]]
    shown = commitments.display_table(config(), result, translate, "da")
    assert shown.rows == [["Fælles digital infrastruktur", "Login"], ["Digital dannelse", "–"],
                          ["Kulturarv", "Lokalarkiv"], ["", "Podcast"]]
    bars = commitments.chart(config(), result, translate, "da")
    assert [(bar.label, bar.value, bar.fraction) for bar in bars.bars] == [
        ("Fælles digital infrastruktur", "1", 0.5), ("Digital dannelse", "0", 0.0), ("Kulturarv", "2", 1.0)]
    assert commitments.notes(config(), result, translate) == ["1 theme got no next step: Digital dannelse."]
    two_empty = commitments.tally(config(), [entry(1, KULTURARV, "Lokalarkiv")])
    assert commitments.notes(config(), two_empty, translate) == [
        "2 themes got no next step: Fælles digital infrastruktur, Digital dannelse."]
    assert commitments.notes(config(), commitments.tally(config(), []), translate) == []
    assert commitments.answer_text(config(), {"theme": KULTURARV, "text": "Lokalarkiv"}, {"7": "Kulturarv"}.get,
                                   translate, "da") == "Kulturarv: Lokalarkiv"


def test_the_editor_form_gives_the_themes_and_the_collecting_settings():
    form = MultiDict([("themes_mode", "chosen"), ("theme_ids", "4"), ("theme_ids", "7"), ("max_length", "150"),
                      ("per_participant", "2"), ("moderation", "approve")])
    assert commitments.clean_config(commitments.config_from_form(form)) == {
        "themes": [4, 7], "shuffle": False, "max_length": 150, "per_participant": 2, "moderation": "approve"}


# The kind contract test (tests/test_kind_contract.py) runs the whole contract on these examples.
CONTRACT_EXAMPLES = {
    "commitments": ({"themes": "all"}, [{"theme": "1", "text": "Et fælles login i kommunen"},
                                        {"theme": "3", "text": "Tal med IT-chefen om drift"},
                                        {"theme": "1", "text": "Kursus for personalet"}]),
}

"""The strategy landscape (facilitation/landscape.py), as pure functions over real tallies."""

from facilitation import landscape
from facilitation.kinds import matrix, points, poll, ranking, rating

THEMES = [
    {"id": 1, "label": "Det Digitale Folkebibliotek"},
    {"id": 2, "label": "KOMBIT"},
    {"id": 3, "label": "Det Kgl. Bibliotek"},
    {"id": 4, "label": "Centralbibliotekerne"},
]


def no_translation(text):
    return text


def run(kind, raw_config, answers, activity_id, prompt):
    config = {**kind.clean_config(raw_config), "items": THEMES}
    return landscape.Activity(activity_id, prompt, kind, config, kind.tally(config, answers))


def rating_run():
    # DDF rated highest, KOMBIT lowest; Det Kgl. split between 1 and 5.
    answers = [{"ratings": {"1": 5, "2": 1, "3": 1, "4": 3}}, {"ratings": {"1": 5, "2": 2, "3": 5, "4": 3}},
               {"ratings": {"1": 4, "2": 1, "3": 1, "4": 3}}, {"ratings": {"1": 4, "2": 2, "3": 5, "4": 3}},
               {"ratings": {"1": 5, "2": 1, "3": 1, "4": 3}}, {"ratings": {"1": 5, "2": 1, "3": 5, "4": 3}}]
    return run(rating, {"themes": "all"}, answers, 10, "Hvor vigtigt?")


def points_run():
    # The same room gives KOMBIT most points and DDF none: "rated important, few points".
    answers = [{"points": {"2": 6, "4": 4}}, {"points": {"2": 10}}, {"points": {"3": 5, "4": 5}}]
    return run(points, {"themes": "all", "budget": 10}, answers, 11, "Fordel point")


def by_label(found):
    return {theme.label: theme for theme in found}


def test_each_theme_gets_its_place_in_each_prioritisation():
    found = by_label(landscape.landscape(THEMES, [rating_run(), points_run()]))
    ddf = found["Det Digitale Folkebibliotek"]
    assert [(s.figure, s.place, s.of) for s in ddf.standings] == [("mean_rating", 1, 4), ("points_share", 4, 4)]
    assert ddf.standings[0].value == 28 / 6
    assert ddf.standings[1].value == 0
    kombit = found["KOMBIT"]
    assert [(s.place, s.value) for s in kombit.standings] == [(4, 8 / 6), (1, 16 / 30)]


def test_ties_share_a_place():
    answers = [{"points": {"1": 5, "2": 5}}]
    found = landscape.landscape(THEMES, [run(points, {"themes": "all", "budget": 10}, answers, 1, "P")])
    assert [theme.standings[0].place for theme in found] == [1, 1, 3, 3]


def test_methods_disagree_when_a_theme_is_first_in_one_and_last_in_another():
    found = by_label(landscape.landscape(THEMES, [rating_run(), points_run()]))
    assert found["Det Digitale Folkebibliotek"].methods_disagree
    assert found["KOMBIT"].methods_disagree
    # Centralbibliotekerne: 2nd of 4 (3.0) in the rating, 2nd of 4 in points: agreement.
    assert not found["Centralbibliotekerne"].methods_disagree


def test_the_sentence_says_each_standing_and_the_disagreement_in_numbers():
    found = by_label(landscape.landscape(THEMES, [rating_run(), points_run()]))
    text = landscape.sentence(found["Det Digitale Folkebibliotek"], no_translation, "da")
    assert text == (
        "Det Digitale Folkebibliotek: mean rating 4,7 on 1–5 in “Hvor vigtigt?” (no. 1 of 4); "
        "0 % of the points in “Fordel point” (no. 4 of 4). "
        "The methods disagree: no. 1 of 4 in “Hvor vigtigt?”, no. 4 of 4 in “Fordel point”."
    )
    english = landscape.sentence(found["KOMBIT"], no_translation, "en")
    assert "mean rating 1.3 on 1–5" in english and "53 % of the points" in english


def test_a_divided_room_is_said_and_a_theme_nobody_answered_about_says_so():
    found = by_label(landscape.landscape(THEMES, [rating_run()]))
    assert "The room is divided on it in “Hvor vigtigt?”." in landscape.sentence(found["Det Kgl. Bibliotek"], no_translation)
    empty = landscape.landscape(THEMES, [run(rating, {"themes": "all"}, [], 1, "Tomt")])
    assert landscape.sentence(empty[0], no_translation) == "Det Digitale Folkebibliotek: no answers about it yet."
    assert empty[0].standings[0].place is None and not empty[0].methods_disagree


def test_top_third_everywhere_is_said_only_when_true():
    answers = [{"order": ["1", "4"]}, {"order": ["1", "3"]}, {"order": ["1", "4"]}]
    ranked = run(ranking, {"themes": "all", "top_k": 2}, answers, 12, "Top 2")
    found = by_label(landscape.landscape(THEMES, [rating_run(), ranked]))
    assert found["Det Digitale Folkebibliotek"].standings[1].figure == "top_k_share"
    assert found["Det Digitale Folkebibliotek"].standings[1].value == 1.0
    assert landscape.sentence(found["Det Digitale Folkebibliotek"], no_translation).endswith(
        "In the top third in every prioritisation.")
    assert landscape.sentence(found["KOMBIT"], no_translation).endswith("In the bottom third in every prioritisation.")
    assert "every prioritisation" not in landscape.sentence(found["Centralbibliotekerne"], no_translation)


def test_a_map_places_a_theme_without_ordering_it_and_polls_are_left_out():
    config = {"themes": "all", "x_label": "Effekt", "y_label": "Indsats"}
    mapped = run(matrix, config, [{"positions": {"1": [80, 20]}}, {"positions": {"1": [60, 40]}}], 13, "Kortet")
    a_poll = landscape.Activity(14, "Poll", poll, poll.clean_config({"options": ["Ja", "Nej"]}), {"responses": 0})
    found = landscape.landscape(THEMES, [mapped, a_poll])
    ddf = found[0]
    assert [(s.figure, s.place, s.detail["x"], s.detail["y"]) for s in ddf.standings] == [("map", None, 70.0, 30.0)]
    assert landscape.sentence(ddf, no_translation, "da") == (
        "Det Digitale Folkebibliotek: placed at 70 across (Effekt) and 30 up (Indsats) in “Kortet”.")


def test_a_theme_an_activity_did_not_ask_about_has_no_standing_there():
    config = {**rating.clean_config({"themes": [1, 2]}), "items": THEMES[:2]}
    partial = landscape.Activity(15, "To temaer", rating, config, rating.tally(config, [{"ratings": {"1": 3}}]))
    found = by_label(landscape.landscape(THEMES, [partial]))
    assert found["Centralbibliotekerne"].standings == []
    assert [(s.place, s.of) for s in found["Det Digitale Folkebibliotek"].standings] == [(1, 1)]


def test_themes_tied_at_the_bottom_stand_at_their_mid_place_and_say_so():
    # One theme gets all the points; three share places 2–4 with none, so they stand third on
    # average: a theme rated first and given no points is a disagreement (0 against 2/3).
    answers = [{"points": {"2": 10}}]
    points_only = run(points, {"themes": "all", "budget": 10}, answers, 11, "Fordel point")
    found = by_label(landscape.landscape(THEMES, [rating_run(), points_only]))
    ddf = found["Det Digitale Folkebibliotek"]
    assert [(s.place, s.tied, s.mid_place) for s in ddf.standings] == [(1, 1, 1.0), (2, 3, 3.0)]
    assert ddf.methods_disagree
    text = landscape.sentence(ddf, no_translation, "en")
    assert "0 % of the points in “Fordel point” (no. 2–4 of 4)" in text
    assert text.endswith("no. 1 of 4 in “Hvor vigtigt?”, no. 2–4 of 4 in “Fordel point”.")


def test_a_room_divided_in_several_prioritisations_is_said_once():
    theme = landscape.ThemeLandscape(1, "KOMBIT", [
        landscape.Standing(1, "A", "mean_rating", 3.0, 1, 2, 10, 0.1, True, {"low": 1, "high": 5}),
        landscape.Standing(2, "B", "points_share", 0.5, 1, 2, 10, 0.1, True),
    ])
    text = landscape.sentence(theme, no_translation, "en")
    assert text.count("divided") == 1 and "The room is divided on it in “A”, “B”." in text


def test_a_stance_stands_by_its_share_of_yes_among_those_who_took_a_side():
    from facilitation.kinds import stance

    answers = [{"stances": {"1": "yes", "2": "no", "3": "not_sure"}}, {"stances": {"1": "yes", "2": "yes"}},
               {"stances": {"1": "no", "3": "not_sure"}}]
    found = by_label(landscape.landscape(THEMES, [run(stance, {"themes": "all"}, answers, 16, "Er vi med?")]))
    ddf = found["Det Digitale Folkebibliotek"].standings[0]
    assert (ddf.figure, ddf.value, ddf.n, ddf.place) == ("yes_share", 2 / 3, 3, 1)
    # Only "not sure": no side taken, so no share and no place.
    kgl = found["Det Kgl. Bibliotek"].standings[0]
    assert (kgl.value, kgl.n, kgl.place) == (None, 0, None)
    assert landscape.sentence(found["Det Digitale Folkebibliotek"], no_translation, "en") == (
        "Det Digitale Folkebibliotek: 67 % yes of those who took a side in “Er vi med?” (no. 1 of 2).")


def test_every_figure_a_kind_stands_by_has_its_words():
    from facilitation.kinds import KINDS

    for kind in KINDS.values():
        if hasattr(kind, "standings"):
            assert kind.STANDING_FIGURES, kind.NAME
            for spec in kind.STANDING_FIGURES.values():
                assert spec["clause"] and spec["caption"]


def test_the_remarks_are_the_sentences_words_beyond_its_standings():
    """The screen shows the remarks when whole sentences do not fit: the same words, each from a figure."""
    found = by_label(landscape.landscape(THEMES, [rating_run(), points_run()]))
    assert landscape.remarks(found["Det Digitale Folkebibliotek"], no_translation) == [
        "The methods disagree: no. 1 of 4 in “Hvor vigtigt?”, no. 4 of 4 in “Fordel point”."]
    # Det Kgl. Bibliotek: rated 1 by three and 5 by three, a divided room; third in both, so nothing more.
    assert landscape.remarks(found["Det Kgl. Bibliotek"], no_translation) == [
        "The room is divided on it in “Hvor vigtigt?”."]
    assert landscape.remarks(found["Centralbibliotekerne"], no_translation) == []
    for theme in found.values():
        said = landscape.remarks(theme, no_translation)
        assert landscape.sentence(theme, no_translation).endswith(" " + " ".join(said) if said else ").")
    empty = landscape.landscape(THEMES, [run(rating, {"themes": "all"}, [], 1, "Tomt")])
    assert landscape.remarks(empty[0], no_translation) == []

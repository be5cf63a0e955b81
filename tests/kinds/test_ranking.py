"""The ranking kind, as pure functions."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from facilitation.errors import InvalidInput
from facilitation.kinds import ranking

from ..danish import in_danish

ITEMS = [
    {"id": 4, "label": "Det Digitale Folkebibliotek", "description": "DDF"},
    {"id": 12, "label": "KOMBIT", "description": ""},
    {"id": 7, "label": "Det Kgl. Bibliotek", "description": ""},
]
DDF, KOMBIT, KB = "4", "12", "7"
def default_config() -> dict:
    # Built when a test runs, never at import (docs/testing.md: mutation testing).
    return ranking.clean_config({"themes": "all"})


def resolved_config() -> dict:
    return {**default_config(), "items": ITEMS}
TOP_1 = {**ranking.clean_config({"top_k": 1}), "items": ITEMS}


def test_clean_config_defaults_and_round_trips():
    assert default_config() == {"themes": "all", "shuffle": False, "top_k": None}
    assert ranking.clean_config(default_config()) == default_config()
    assert ranking.clean_config(resolved_config()) == default_config()
    assert ranking.clean_config({"top_k": "2"})["top_k"] == 2


def test_clean_config_reads_the_editor_form():
    form = MultiDict([("themes_mode", "all"), ("top_k", "")])
    assert ranking.clean_config(ranking.config_from_form(form)) == default_config()
    form = MultiDict([("themes_mode", "chosen"), ("theme_ids", "7"), ("top_k", "3"), ("shuffle", "on")])
    assert ranking.clean_config(ranking.config_from_form(form)) == {
        "themes": [7],
        "shuffle": True,
        "top_k": 3,
    }


@pytest.mark.parametrize(
    "raw", [None, {"top_k": 0}, {"top_k": -1}, {"top_k": 1.5}, {"top_k": True}, {"top_k": "tre"}]
)
def test_clean_config_rejects_bad_settings(raw):
    with pytest.raises(InvalidInput) as raised:
        ranking.clean_config(raw)
    in_danish(raised.value)


def test_clean_answer_accepts_a_full_ranking():
    assert ranking.clean_answer(resolved_config(), {"order": [KOMBIT, DDF, KB]}) == {"order": [KOMBIT, DDF, KB]}
    assert ranking.clean_answer(resolved_config(), {"order": [12, 4, 7]}) == {"order": [KOMBIT, DDF, KB]}


def test_top_k_asks_for_k_themes_or_all_when_there_are_fewer():
    assert ranking.clean_answer(TOP_1, {"order": [KB]}) == {"order": [KB]}
    top_5 = {**ranking.clean_config({"top_k": 5}), "items": ITEMS}
    assert ranking.clean_answer(top_5, {"order": [KB, DDF, KOMBIT]}) == {"order": [KB, DDF, KOMBIT]}
    with pytest.raises(InvalidInput) as raised:
        ranking.clean_answer(top_5, {"order": [KB, DDF]})
    assert in_danish(raised.value).endswith(" 3.") and raised.value.params == {"count": 3}
    with pytest.raises(InvalidInput) as raised:
        ranking.clean_answer(TOP_1, {"order": [KB, DDF]})
    assert raised.value.params == {"count": 1}


def message_of(config, raw) -> str:
    with pytest.raises(InvalidInput) as error:
        ranking.clean_answer(config, raw)
    in_danish(error.value)
    return error.value.message


def test_duplicate_missing_and_unknown_themes_each_have_their_own_message():
    duplicate = message_of(resolved_config(), {"order": [DDF, DDF, KB]})
    missing = message_of(resolved_config(), {"order": [DDF, KB]})
    unknown = message_of(resolved_config(), {"order": [DDF, KB, "99"]})
    too_many = message_of(TOP_1, {"order": [DDF, KB]})
    assert len({duplicate, missing, unknown, too_many}) == 4
    assert "only one place" in duplicate
    assert "missing" in missing
    assert "not part of" in unknown


@pytest.mark.parametrize(
    "raw",
    [None, {"order": "4,12,7"}, {"order": []}, {"order": [DDF, KOMBIT, None]}, {"order": [DDF, KOMBIT, True]}],
)
def test_clean_answer_rejects(raw):
    with pytest.raises(InvalidInput) as raised:
        ranking.clean_answer(resolved_config(), raw)
    in_danish(raised.value)


def test_tally_of_full_rankings_by_hand():
    # Three themes: first place 2 points, second 1, third 0.
    answers = [
        {"order": [DDF, KOMBIT, KB]},  # DDF 2, KOMBIT 1, KB 0
        {"order": [DDF, KB, KOMBIT]},  # DDF 2, KB 1, KOMBIT 0
        {"order": [KOMBIT, DDF, KB]},  # KOMBIT 2, DDF 1, KB 0
        {"order": [KB, DDF, KOMBIT]},  # KB 2, DDF 1, KOMBIT 0
        {"order": [KOMBIT, KB, DDF]},  # KOMBIT 2, KB 1, DDF 0
    ]
    # DDF 2+2+1+1+0 = 6, KOMBIT 1+0+2+0+2 = 5, KB 0+1+0+2+1 = 4; 15 = 5 ballots × 3 points.
    # Mean ranks: DDF (1+1+2+2+3)/5 = 1.8, KOMBIT (2+3+1+3+1)/5 = 2, KB (3+2+3+1+2)/5 = 2.2.
    assert ranking.tally(resolved_config(), answers) == {
        "responses": 5,
        "themes": [
            {"id": 4, "label": "Det Digitale Folkebibliotek", "borda": 6, "mean_rank": 1.8,
             "first_places": 2, "ranked_by": 5, "places": [2, 2, 1], "places_rank": 1, "rank": 1},
            {"id": 12, "label": "KOMBIT", "borda": 5, "mean_rank": 2.0,
             "first_places": 2, "ranked_by": 5, "places": [2, 1, 2], "places_rank": 2, "rank": 2},
            {"id": 7, "label": "Det Kgl. Bibliotek", "borda": 4, "mean_rank": 2.2,
             "first_places": 1, "ranked_by": 5, "places": [1, 2, 2], "places_rank": 3, "rank": 3},
        ],
        "max_borda": 10,  # 5 ballots × 2 points for a first place
        "top_k": None,  # every theme ranked
        "by_places": [4, 12, 7],
    }


def test_tally_of_top_1_ballots_shares_the_bottom_places_and_shows_ties():
    # top_k = 1 of 3 themes: the chosen theme gets 2 points; the two others share the places
    # worth 1 and 0 points: (1 + 0) / 2 = (3 − 1 − 1) / 2 = 0.5 each. Each ballot: 3 points.
    answers = [{"order": [DDF]}, {"order": [KOMBIT]}, {"order": [DDF]}, {"order": [KOMBIT]}]
    # DDF: 2 + 0.5 + 2 + 0.5 = 5; KOMBIT the same; KB: 4 × 0.5 = 2. Total 12 = 4 × 3.
    # Mean rank of an unranked theme: the average of places 2..3 = 2.5.
    # DDF: (1 + 2.5 + 1 + 2.5) / 4 = 1.75; KB: 2.5.
    result = ranking.tally(TOP_1, answers)
    assert result["max_borda"] == 8
    assert [(t["label"], t["borda"], t["mean_rank"], t["first_places"], t["ranked_by"], t["rank"])
            for t in result["themes"]] == [
        ("Det Digitale Folkebibliotek", 5, 1.75, 2, 2, 1),
        ("KOMBIT", 5, 1.75, 2, 2, 1),  # a tie: same score, same rank
        ("Det Kgl. Bibliotek", 2, 2.5, 0, 0, 3),  # competition rank: 1, 1, 3
    ]


def test_half_points_are_kept_exactly():
    # One top-1 ballot over 3 themes: 2 points for KB, (3 − 1 − 1)/2 = 0.5 for each other
    # theme: a float, not rounded; whole scores stay ints.
    result = ranking.tally(TOP_1, [{"order": [KB]}])
    assert [t["borda"] for t in result["themes"]] == [2, 0.5, 0.5]


def test_tally_of_nothing():
    result = ranking.tally(resolved_config(), [])
    assert result["responses"] == 0 and result["max_borda"] == 0
    assert [t["rank"] for t in result["themes"]] == [1, 1, 1]
    assert all(t["borda"] == 0 and t["mean_rank"] is None for t in result["themes"])
    # Equal scores are listed by label.
    assert [t["label"] for t in result["themes"]] == [
        "Det Digitale Folkebibliotek", "Det Kgl. Bibliotek", "KOMBIT"]


def test_a_removed_theme_closes_up_the_ballot():
    # KOMBIT was removed after this ballot: DDF is first of 2 (1 point), KB second (0).
    without_kombit = {**default_config(), "items": [ITEMS[0], ITEMS[2]]}
    result = ranking.tally(without_kombit, [{"order": [KOMBIT, DDF, KB]}])
    assert [(t["id"], t["borda"], t["mean_rank"], t["first_places"]) for t in result["themes"]] == [
        (4, 1, 1.0, 1), (7, 0, 2.0, 0)]


@st.composite
def ballots(draw):
    """Items (1 to 7 themes), a top_k and valid ballots for them."""
    n = draw(st.integers(1, 7))
    items = [{"id": i * 3 + 1, "label": f"Tema {i}", "description": ""} for i in range(n)]
    top_k = draw(st.one_of(st.none(), st.integers(1, 8)))
    config = {**ranking.clean_config({"top_k": top_k}), "items": items}
    length = ranking.ballot_length(config)
    keys = [str(item["id"]) for item in items]
    answers = draw(
        st.lists(st.permutations(keys).map(lambda order: {"order": list(order[:length])}), max_size=30)
    )
    return config, [ranking.clean_answer(config, answer) for answer in answers]


@given(ballots(), st.randoms())
def test_every_ballot_hands_out_the_same_points_and_order_does_not_matter(case, random):
    config, answers = case
    n = len(config["items"])
    result = ranking.tally(config, answers)
    assert result["responses"] == len(answers)
    assert abs(sum(t["borda"] for t in result["themes"]) - len(answers) * n * (n - 1) / 2) < 1e-9
    assert result["max_borda"] == len(answers) * (n - 1)
    for theme in result["themes"]:
        assert 0 <= theme["borda"] <= result["max_borda"]
        assert theme["ranked_by"] <= len(answers) and theme["first_places"] <= theme["ranked_by"]
    if answers:
        assert sum(t["first_places"] for t in result["themes"]) == len(answers)
        # Mean ranks average to the middle place (n + 1) / 2.
        assert abs(sum(t["mean_rank"] for t in result["themes"]) - n * (n + 1) / 2) < 1e-9
    ranks = [t["rank"] for t in result["themes"]]
    assert ranks[0] == 1 and ranks == sorted(ranks)
    shuffled = list(answers)
    random.shuffle(shuffled)
    assert ranking.tally(config, shuffled) == result


def naive_borda_recount(config, answers):
    """A person's recount: a theme in place p of n gets n − p points; the themes a ballot leaves
    out share its remaining points and places equally. Then rank 1, 2, 2, 4 … by points."""
    keys = [str(item["id"]) for item in config["items"]]
    n = len(keys)
    points = {key: Fraction(0) for key in keys}
    places = {key: Fraction(0) for key in keys}
    for answer in answers:
        order = answer["order"]
        left_out = [key for key in keys if key not in order]
        for place, key in enumerate(order, start=1):
            points[key] += n - place
            places[key] += place
        for key in left_out:
            points[key] += Fraction(sum(n - place for place in range(len(order) + 1, n + 1)), len(left_out))
            places[key] += Fraction(sum(range(len(order) + 1, n + 1)), len(left_out))
    return {
        int(key): {
            "borda": points[key],
            "mean_rank": float(places[key] / len(answers)) if answers else None,
            "first_places": sum(1 for answer in answers if answer["order"][:1] == [key]),
            "ranked_by": sum(1 for answer in answers if key in answer["order"]),
            "rank": 1 + sum(1 for other in keys if points[other] > points[key]),
            "places": [sum(1 for answer in answers if answer["order"][p - 1:p] == [key])
                       for p in range(1, ranking.ballot_length(config) + 1)],
        }
        for key in keys
    }


@given(ballots())
def test_a_ranking_tally_equals_a_naive_recount_for_any_ballots(case):
    config, answers = case
    expected = naive_borda_recount(config, answers)
    result = ranking.tally(config, answers)
    assert {t["id"]: {key: t[key] for key in expected[t["id"]]} for t in result["themes"]} == expected
    # Equal points are ordered by label, so a tie reads alphabetically on the screen.
    for before, after in zip(result["themes"], result["themes"][1:]):
        assert (-before["borda"], before["label"]) <= (-after["borda"], after["label"])


def test_whole_borda_scores_are_whole_numbers_and_halves_are_kept():
    result = ranking.tally({**ranking.clean_config({"top_k": 1}), "items": ITEMS}, [{"order": [DDF]}, {}])
    borda = {t["id"]: t["borda"] for t in result["themes"]}
    # The first ballot gives DDF 2 and the others half of 1 each; the empty one shares 3 points.
    assert borda == {4: 3, 12: 1.5, 7: 1.5}
    assert type(borda[4]) is int and type(borda[12]) is float
    assert result["responses"] == 2


def test_theme_ids_may_come_as_numbers_but_nothing_else_is_an_id():
    assert ranking.clean_answer(resolved_config(), {"order": [4, KOMBIT, 7]}) == {"order": [DDF, KOMBIT, KB]}
    for bad in ([4.0, KOMBIT, KB], [True, KOMBIT, KB], [None, KOMBIT, KB], [[4], KOMBIT, KB]):
        with pytest.raises(InvalidInput) as refused:
            ranking.clean_answer(resolved_config(), {"order": bad})
        assert refused.value.message == "That theme is not part of this activity."
    with pytest.raises(InvalidInput) as refused:
        ranking.clean_answer(resolved_config(), {"order": [4, DDF, KB]})
    assert refused.value.message == "Each theme can have only one place in the ranking."


DANISH_ITEMS = [{"id": 1, "label": "Åbne biblioteker"}, {"id": 2, "label": "Ældre borgere"},
                {"id": 3, "label": "Øresund"}, {"id": 4, "label": "Zoologi"}]


@pytest.mark.parametrize("language, expected", [
    ("da", ["Zoologi", "Ældre borgere", "Øresund", "Åbne biblioteker"]),
    ("en", ["Åbne biblioteker", "Ældre borgere", "Øresund", "Zoologi"]),
])
def test_tied_themes_are_listed_in_the_workshops_alphabet(language, expected):
    # Code point order gave Åbne, Ældre, Øresund; Danish has Æ, Ø, Å after Z.
    config = {**ranking.clean_config({"themes": "all"}), "items": DANISH_ITEMS, "language": language}
    result = ranking.tally(config, [])
    assert [t["label"] for t in result["themes"]] == expected
    assert [t["rank"] for t in result["themes"]] == [1, 1, 1, 1]
    # A top k read by places lists its ties in the same alphabet.
    labels = {item["id"]: item["label"] for item in DANISH_ITEMS}
    top_2 = {**config, **ranking.clean_config({"themes": "all", "top_k": 2})}
    assert [labels[theme_id] for theme_id in ranking.tally(top_2, [])["by_places"]] == expected


def test_without_a_language_ties_are_danish():
    config = {**ranking.clean_config({"themes": "all"}), "items": DANISH_ITEMS}
    assert [t["label"] for t in ranking.tally(config, [])["themes"]][-1] == "Åbne biblioteker"


def test_a_top_k_is_read_as_how_many_put_a_theme_in_their_top_k_and_how_high():
    # A top 3 of 12 with 40 ballots: Borda gives a theme nobody picked (12 − 3 − 1)/2 = 4 points
    # per ballot, 36 % of the full bar. Read as people do: how many put it in their top 3.
    items = [{"id": n, "label": f"Tema {n:02d}"} for n in range(1, 13)]
    config = {**ranking.clean_config({"themes": "all", "top_k": 3}), "items": items}
    ballots = [{"order": ["1", "2", "3"]}] * 25 + [{"order": ["2", "1", "4"]}] * 10 + [{"order": ["4", "3", "1"]}] * 5
    result = ranking.tally(config, ballots)
    themes = {t["id"]: t for t in result["themes"]}
    assert result["top_k"] == 3
    assert themes[1]["places"] == [25, 10, 5] and themes[1]["ranked_by"] == 40
    assert themes[2]["places"] == [10, 25, 0] and themes[4]["places"] == [5, 0, 10]
    assert themes[12]["places"] == [0, 0, 0] and themes[12]["ranked_by"] == 0
    assert themes[12]["borda"] / result["max_borda"] == pytest.approx(4 * 40 / (11 * 40))  # 36 %: Borda's floor
    # Read order: most in the top 3 (1: 40, 2: 35, 3: 30, 4: 15), then the unpicked, alphabetically.
    assert result["by_places"][:4] == [1, 2, 3, 4]
    assert result["by_places"][4:] == list(range(5, 13))
    assert [themes[n]["places_rank"] for n in (1, 2, 3, 4, 5, 12)] == [1, 2, 3, 4, 5, 5]


def test_equal_counts_in_the_top_k_are_told_apart_by_the_higher_places():
    config = {**ranking.clean_config({"themes": "all", "top_k": 2}), "items": ITEMS}
    result = ranking.tally(config, [{"order": [DDF, KOMBIT]}, {"order": [KB, DDF]}, {"order": [KOMBIT, KB]}])
    # Each theme is in two top 2s, each once first: a tie, listed alphabetically.
    assert [t["places"] for t in result["themes"]] == [[1, 1]] * 3
    assert [t["places_rank"] for t in result["themes"]] == [1, 1, 1]
    assert result["by_places"] == [4, 7, 12]



def test_a_stored_ballot_longer_than_the_top_k_counts_its_places_up_to_k():
    # Never cleaned (written before a check, or by hand): places beyond k are not places of the top k.
    config = {**ranking.clean_config({"themes": "all", "top_k": 2}), "items": ITEMS}
    result = ranking.tally(config, [{"order": [KB, DDF, KOMBIT]}])
    assert {t["id"]: t["places"] for t in result["themes"]} == {7: [1, 0], 4: [0, 1], 12: [0, 0]}


# The kind contract test (tests/test_kind_contract.py) runs the whole contract on this example.
CONTRACT_EXAMPLES = {"ranking": ({"themes": "all", "top_k": 2},
                                 [{"order": ["1", "2"]}, {"order": ["2", "3"]}, {"order": ["1", "3"]}])}


def test_renaming_themes_reads_only_an_order_given_as_a_list():
    # A text is not an order: read letter by letter, "01" would become a ranking of two themes.
    assert ranking.rename_themes({"order": "01"}, {"0": "5", "1": "7"}) == {"order": []}
    assert ranking.rename_themes({"order": ["1", "0", "9"]}, {"0": "5", "1": "7"}) == {"order": ["7", "5"]}

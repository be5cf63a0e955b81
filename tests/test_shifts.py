"""What moved between two runs of the same question (facilitation/shifts.py), as pure functions."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation import shifts
from facilitation.kinds import matrix, points, poll, ranking, rating

MORNING = [
    {"id": 4, "label": "Det Digitale Folkebibliotek"},
    {"id": 12, "label": "KOMBIT"},
    {"id": 7, "label": "Det Kgl. Bibliotek"},
]
# Last year's workshop: other ids, the same titles (one written differently), one theme gone.
LAST_YEAR = [
    {"id": 40, "label": "det digitale folkebibliotek "},
    {"id": 41, "label": "KOMBIT"},
    {"id": 42, "label": "Centralbibliotekerne"},
]


def rating_config(items=MORNING) -> dict:
    return {**rating.clean_config({"themes": "all"}), "items": items}


def ratings(values: dict[int, list]) -> list[dict]:
    """Answers where person i gives theme id its i-th value in `values[id]`."""
    people = max(len(v) for v in values.values())
    return [{"ratings": {str(key): vals[i] for key, vals in values.items() if i < len(vals)}} for i in range(people)]


def by_label(found: list[shifts.Shift]) -> dict[str, shifts.Shift]:
    return {shift.label: shift for shift in found}


def test_the_same_answers_twice_move_nothing_and_are_within_the_noise():
    answers = ratings({4: [1, 2, 3, 4, 5, 3], 12: [2, 2, 3, 3, 4, 4], 7: [5, 5, 4, 4, 3, 3]})
    found = shifts.compare(rating, rating_config(), answers, rating_config(), answers)
    assert [shift.label for shift in found] == [item["label"] for item in MORNING]
    for shift in found:
        assert shift.difference == 0 and shift.within_noise
        assert shift.low <= 0 <= shift.high
        assert shift.n_before == shift.n_after == 6


def test_a_clear_shift_is_named_with_its_size_and_interval():
    before = ratings({4: [2, 3] * 10})
    after = ratings({4: [4, 5] * 10})
    shift = by_label(shifts.compare(rating, rating_config(), before, rating_config(), after))["Det Digitale Folkebibliotek"]
    assert (shift.before, shift.after, shift.difference) == (2.5, 4.5, 2.0)
    assert 1.5 < shift.low <= 2.0 <= shift.high < 2.5
    assert not shift.within_noise


def test_dont_know_and_missing_ratings_are_not_counted():
    before = ratings({4: [3, "dont_know", 3], 12: [1, 1]})
    after = ratings({4: [5, 5, "dont_know"], 12: [2]})
    found = by_label(shifts.compare(rating, rating_config(), before, rating_config(), after))
    assert (found["Det Digitale Folkebibliotek"].n_before, found["Det Digitale Folkebibliotek"].n_after) == (2, 2)
    kombit = found["KOMBIT"]
    # One rating afterwards is too few to say anything: no figures, no claim.
    assert (kombit.n_before, kombit.n_after) == (2, 1)
    assert kombit.difference is None and kombit.low is None and kombit.within_noise


def test_last_years_workshop_is_matched_by_title():
    before = ratings({40: [2, 2, 3], 41: [4, 4, 4], 42: [5, 5, 5]})
    after = ratings({4: [4, 4, 5], 12: [4, 4, 4], 7: [1, 1, 1]})
    found = shifts.compare(rating, rating_config(LAST_YEAR), before, rating_config(), after)
    # The Royal Library was not asked last year, Centralbibliotekerne is not asked now.
    assert [shift.label for shift in found] == ["Det Digitale Folkebibliotek", "KOMBIT"]
    assert found[0].before == pytest.approx(7 / 3) and found[0].after == pytest.approx(13 / 3)


def test_an_id_reused_for_another_theme_is_matched_by_title_not_id():
    renamed = [{"id": 4, "label": "Bibliotekernes Data og IT"}, {"id": 99, "label": "Det Digitale Folkebibliotek"}]
    before = ratings({4: [1, 1], 99: [5, 5]})
    after = ratings({4: [5, 5]})
    found = shifts.compare(rating, rating_config(renamed), before, rating_config(), after)
    assert found[0].label == "Det Digitale Folkebibliotek" and found[0].before == 5.0


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(1, 5), min_size=2, max_size=45),
    st.lists(st.integers(1, 5), min_size=2, max_size=45),
    st.randoms(use_true_random=False),
)
def test_the_interval_holds_the_difference_and_ignores_the_order_of_answers(before_values, after_values, rng):
    before, after = ratings({12: before_values}), ratings({12: after_values})
    shift = by_label(shifts.compare(rating, rating_config(), before, rating_config(), after))["KOMBIT"]
    assert shift.low <= shift.difference <= shift.high or shift.method == "bootstrap"
    if shift.method == "bootstrap":
        # A percentile interval of resampled differences lies between the extremes possible.
        assert min(after_values) - max(before_values) <= shift.low and shift.high <= max(after_values) - min(before_values)
    assert shift.method == ("normal" if min(len(before_values), len(after_values)) >= shifts.NORMAL_FROM else "bootstrap")
    assert shift.difference == pytest.approx(sum(after_values) / len(after_values) - sum(before_values) / len(before_values))
    rng.shuffle(before)
    rng.shuffle(after)
    assert by_label(shifts.compare(rating, rating_config(), before, rating_config(), after))["KOMBIT"] == shift


def test_points_compare_the_mean_points_of_everyone_who_answered():
    config = {**points.clean_config({"themes": "all", "budget": 10}), "items": MORNING}
    before = [{"points": {"4": 10}}, {"points": {"12": 10}}, {"points": {"4": 5, "7": 5}}]
    after = [{"points": {"4": 10}}, {"points": {"4": 10}}, {"points": {"4": 10}}]
    found = by_label(shifts.compare(points, config, before, config, after))
    ddf = found["Det Digitale Folkebibliotek"]
    assert ddf.figure == "points" and ddf.before == 5.0 and ddf.after == 10.0
    # The tally's mean is the same figure.
    assert ddf.before == next(t["mean"] for t in points.tally(config, before)["themes"] if t["id"] == 4)
    assert found["KOMBIT"].n_before == 3 and found["KOMBIT"].after == 0.0


def test_a_top_k_ranking_compares_the_share_of_ballots_with_the_theme_in_their_top_k():
    config = {**ranking.clean_config({"themes": "all", "top_k": 1}), "items": MORNING}
    before = [{"order": ["4"]}, {"order": ["12"]}, {"order": ["12"]}, {"order": ["7"]}]
    after = [{"order": ["4"]}, {"order": ["4"]}, {"order": ["4"]}, {"order": ["12"]}]
    found = by_label(shifts.compare(ranking, config, before, config, after))
    assert found["Det Digitale Folkebibliotek"].figure == "top_k_share"
    assert (found["Det Digitale Folkebibliotek"].before, found["Det Digitale Folkebibliotek"].after) == (0.25, 0.75)
    assert (found["KOMBIT"].before, found["KOMBIT"].after) == (0.5, 0.25)


def test_a_full_ranking_compares_borda_points_as_a_share_of_the_most_a_ballot_gives():
    config = {**ranking.clean_config({"themes": "all"}), "items": MORNING}
    values = ranking.values_per_theme(config, [{"order": ["7", "4", "12"]}, {"order": ["4", "7", "12"]}])
    assert values == {"4": {"borda_share": [0.5, 1.0]}, "12": {"borda_share": [0.0, 0.0]},
                      "7": {"borda_share": [1.0, 0.5]}}
    # Times the most a ballot gives, the shares add up to the tally's Borda scores.
    tally = {t["id"]: t["borda"] for t in ranking.tally(config, [{"order": ["7", "4", "12"]}, {"order": ["4", "7", "12"]}])["themes"]}
    assert {key: sum(v["borda_share"]) * 2 for key, v in values.items()} == {str(k): v for k, v in tally.items()}


def test_the_map_compares_across_and_up_as_two_figures_of_the_placed_only():
    config = {**matrix.clean_config({"themes": "all", "x_label": "Effekt", "y_label": "Indsats"}), "items": MORNING}
    before = [{"positions": {"4": [20, 80]}}, {"positions": {"4": [40, 60]}}, {"positions": {}}]
    after = [{"positions": {"4": [80, 20]}}, {"positions": {"4": [60, 40]}}]
    found = [s for s in shifts.compare(matrix, config, before, config, after) if s.label == "Det Digitale Folkebibliotek"]
    assert [(s.figure, s.before, s.after, s.n_before) for s in found] == [("x", 30.0, 70.0, 2), ("y", 70.0, 30.0, 2)]


def test_only_theme_kinds_are_comparable():
    assert all(shifts.comparable(kind) for kind in (rating, ranking, points, matrix))
    assert not shifts.comparable(poll)


def test_the_record_reads_the_same_every_time():
    rng = random.Random(5)
    before = ratings({4: [rng.randint(1, 5) for _ in range(150)]})
    after = ratings({4: [rng.randint(2, 5) for _ in range(150)]})
    first = shifts.compare(rating, rating_config(), before, rating_config(), after)
    assert shifts.compare(rating, rating_config(), before, rating_config(), after) == first


def test_from_30_answers_in_each_run_the_interval_is_the_normal_one():
    # 40 people rate 2 or 4 (mean 3, sample variance 40/39), then 40 rate 3 or 5 (mean 4, the same).
    before, after = ratings({12: [2, 4] * 20}), ratings({12: [3, 5] * 20})
    shift = by_label(shifts.compare(rating, rating_config(), before, rating_config(), after))["KOMBIT"]
    error = (2 * (40 / 39) / 40) ** 0.5
    assert shift.method == "normal" and shift.difference == 1.0
    assert shift.low == pytest.approx(1.0 - 1.959964 * error) and shift.high == pytest.approx(1.0 + 1.959964 * error)
    # With 29 in one run, the bootstrap: the two methods give nearly the same interval here.
    fewer = by_label(shifts.compare(rating, rating_config(), ratings({12: [2, 4] * 14 + [3]}), rating_config(), after))["KOMBIT"]
    assert fewer.method == "bootstrap" and abs(fewer.low - shift.low) < 0.2

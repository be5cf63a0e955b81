"""Ideas and Q&A as pure functions: settings, cleaning, moderation split, word cloud."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.errors import InvalidInput
from facilitation.kinds import ideas, qa
from facilitation.blocking import contains_blocked_word
from facilitation.kinds.words import word_counts, words_of

IDEAS = ideas.clean_config({})
QA = qa.clean_config({})


def entry(id, text, status="visible", votes=0, answered=False, highlighted=False):
    return {"id": id, "text": text, "status": status, "votes": votes, "answered": answered, "highlighted": highlighted}


def test_defaults():
    assert IDEAS == {"max_length": 140, "per_participant": 3, "moderation": "open", "display": "wall"}
    assert QA == {"max_length": 280, "per_participant": 5, "moderation": "open", "sort": "votes"}


@pytest.mark.parametrize("raw", [None, {"max_length": 5}, {"max_length": 281}, {"per_participant": 0},
                                 {"per_participant": 21}, {"moderation": "later"}, {"display": "list"}])
def test_bad_idea_settings(raw):
    with pytest.raises(InvalidInput):
        ideas.clean_config(raw)


def test_a_text_is_trimmed_and_limited():
    assert ideas.clean_answer(IDEAS, {"text": "  Fælles   app  "}) == {"text": "Fælles app"}
    for bad in (None, {"text": ""}, {"text": "   "}, {"text": 3}, {"text": "x" * 141}):
        with pytest.raises(InvalidInput):
            ideas.clean_answer(IDEAS, bad)


def test_ideas_tally_shows_only_visible_ideas_and_keeps_the_rest_for_the_facilitator():
    result = ideas.tally(IDEAS, [entry(3, "Fælles app"), entry(1, "Mere data", "pending"), entry(2, "Skjult", "hidden")])
    assert result["responses"] == 1
    assert result["ideas"] == [{"id": 3, "text": "Fælles app"}]
    assert result["moderation"] == {"pending": [{"id": 1, "text": "Mere data"}], "hidden": [{"id": 2, "text": "Skjult"}]}
    assert "moderation" not in ideas.public_results(result)
    assert [w["word"] for w in result["words"]] == ["app", "fælles"]


def test_questions_rank_by_votes_then_age_or_by_age():
    entries = [entry(1, "Første?", votes=1), entry(2, "Anden?", votes=3), entry(3, "Tredje?", votes=3)]
    assert [q["id"] for q in qa.tally(QA, entries)["questions"]] == [2, 3, 1]
    by_time = qa.clean_config({"sort": "time"})
    assert [q["id"] for q in qa.tally(by_time, entries)["questions"]] == [1, 2, 3]


def test_words_are_normalised_without_stop_words():
    assert words_of("Vi skal have en FÆLLES app, og data-deling!") == ["fælles", "app", "data-deling"]
    assert words_of("The library and the data") == ["library", "data"]
    counts = word_counts(["Fælles data", "data, data", "Fælles!"])
    assert counts == [{"word": "data", "count": 3}, {"word": "fælles", "count": 2}]


def test_blocked_words_match_whole_words_whatever_the_case():
    assert contains_blocked_word("Det er noget LORT", ["lort"])
    assert not contains_blocked_word("Lortemøde", ["lort"])
    assert contains_blocked_word("dum ide, rigtig dum ide", ["dum ide"])
    assert not contains_blocked_word("fin idé", [])


texts = st.lists(st.tuples(st.integers(1, 10**6), st.text(max_size=40), st.sampled_from(["visible", "pending", "hidden"])),
                 max_size=30, unique_by=lambda t: t[0])


@given(texts, st.randoms())
def test_tallies_do_not_depend_on_arrival_order_and_count_only_visible(items, random):
    entries = [entry(i, text or "x", status) for i, text, status in items]
    shuffled = list(entries)
    random.shuffle(shuffled)
    for kind, config in ((ideas, IDEAS), (qa, QA)):
        assert kind.tally(config, entries) == kind.tally(config, shuffled)
        assert kind.tally(config, entries)["responses"] == sum(1 for e in entries if e["status"] == "visible")

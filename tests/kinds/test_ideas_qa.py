"""Ideas and Q&A as pure functions: settings, cleaning, moderation split, word cloud."""

import pytest
from werkzeug.datastructures import MultiDict
from hypothesis import given
from hypothesis import strategies as st

from facilitation.errors import InvalidInput
from facilitation.kinds import ideas, qa
from facilitation.blocking import contains_blocked_word
from facilitation.kinds.words import word_counts, words_of

from ..danish import in_danish

def ideas_config() -> dict:
    # Built when a test runs, never at import (docs/testing.md: mutation testing).
    return ideas.clean_config({})


def qa_config() -> dict:
    # Built when a test runs, never at import (docs/testing.md: mutation testing).
    return qa.clean_config({})




def entry(id, text, status="visible", votes=0, answered=False, highlighted=False):
    return {"id": id, "text": text, "status": status, "votes": votes, "answered": answered, "highlighted": highlighted}


def test_defaults():
    assert ideas_config() == {"max_length": 140, "per_participant": 3, "moderation": "open", "display": "wall"}
    assert qa_config() == {"max_length": 280, "per_participant": 5, "moderation": "open", "sort": "votes"}


@pytest.mark.parametrize("raw", [None, {"max_length": 5}, {"max_length": 281}, {"per_participant": 0},
                                 {"per_participant": 21}, {"moderation": "later"}, {"display": "list"}])
def test_bad_idea_settings(raw):
    with pytest.raises(InvalidInput) as raised:
        ideas.clean_config(raw)
    in_danish(raised.value)


def test_a_text_is_trimmed_and_limited():
    assert ideas.clean_answer(ideas_config(), {"text": "  Fælles   app  "}) == {"text": "Fælles app"}
    for bad in (None, {"text": ""}, {"text": "   "}, {"text": 3}, {"text": "x" * 141}):
        with pytest.raises(InvalidInput) as raised:
            ideas.clean_answer(ideas_config(), bad)
        in_danish(raised.value)


def test_ideas_tally_shows_only_visible_ideas_and_keeps_the_rest_for_the_facilitator():
    result = ideas.tally(ideas_config(), [entry(3, "Fælles app"), entry(1, "Mere data", "pending"), entry(2, "Skjult", "hidden")])
    assert result["responses"] == 1
    assert result["ideas"] == [{"id": 3, "text": "Fælles app"}]
    assert result["moderation"] == {"pending": [{"id": 1, "text": "Mere data"}], "hidden": [{"id": 2, "text": "Skjult"}]}
    assert "moderation" not in ideas.public_results(result)
    assert [w["word"] for w in result["words"]] == ["app", "fælles"]


def test_questions_rank_by_votes_then_age_or_by_age():
    entries = [entry(1, "Første?", votes=1), entry(2, "Anden?", votes=3), entry(3, "Tredje?", votes=3)]
    assert [q["id"] for q in qa.tally(qa_config(), entries)["questions"]] == [2, 3, 1]
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
    for kind, config in ((ideas, ideas_config()), (qa, qa_config())):
        assert kind.tally(config, entries) == kind.tally(config, shuffled)
        assert kind.tally(config, entries)["responses"] == sum(1 for e in entries if e["status"] == "visible")


# --- the settings and texts both collecting kinds share (collect.py) ---------------------------


@pytest.mark.parametrize("kind", [ideas, qa])
@pytest.mark.parametrize("max_length, accepted", [(9, False), (10, True), (280, True), (281, False), ("140", True),
                                                  (" 50 ", True), (12.0, False), (True, False)])
def test_the_length_limit_is_a_whole_number_from_10_to_280(kind, max_length, accepted):
    if accepted:
        assert kind.clean_config({"max_length": max_length})["max_length"] == int(max_length)
    else:
        with pytest.raises(InvalidInput) as refused:
            kind.clean_config({"max_length": max_length})
        in_danish(refused.value)
        assert "length limit" in refused.value.message


@pytest.mark.parametrize("kind", [ideas, qa])
@pytest.mark.parametrize("count, accepted", [(0, False), (1, True), (20, True), (21, False), ("3", True), (None, False)])
def test_each_participant_sends_from_1_to_20(kind, count, accepted):
    if accepted:
        assert kind.clean_config({"per_participant": count})["per_participant"] == int(count)
    else:
        with pytest.raises(InvalidInput) as refused:
            kind.clean_config({"per_participant": count})
        in_danish(refused.value)
        assert "number per participant" in refused.value.message


@pytest.mark.parametrize("kind", [ideas, qa])
def test_moderation_is_open_or_approve(kind):
    assert kind.clean_config({})["moderation"] == "open"
    assert kind.clean_config({"moderation": "approve"})["moderation"] == "approve"
    with pytest.raises(InvalidInput) as refused:
        kind.clean_config({"moderation": "Approve"})
    in_danish(refused.value)
    assert "Moderation" in refused.value.message


def test_the_editor_form_gives_the_shared_settings_and_approval_only_when_ticked():
    form = MultiDict([("max_length", "100"), ("per_participant", "2"), ("moderation", "approve"), ("display", "cloud"),
                      ("sort", "time")])
    assert ideas.clean_config(ideas.config_from_form(form)) == {
        "max_length": 100, "per_participant": 2, "moderation": "approve", "display": "cloud"}
    assert qa.clean_config(qa.config_from_form(form)) == {
        "max_length": 100, "per_participant": 2, "moderation": "approve", "sort": "time"}
    # An empty form field is refused (not silently the default); an unknown moderation is open.
    empty = MultiDict([("max_length", ""), ("per_participant", "3"), ("moderation", "later")])
    assert ideas.config_from_form(empty) == {"max_length": "", "per_participant": "3", "moderation": "open",
                                             "display": "wall"}
    assert qa.config_from_form(MultiDict())["sort"] == "votes"
    with pytest.raises(InvalidInput) as raised:
        ideas.clean_config(ideas.config_from_form(empty))
    in_danish(raised.value)


def test_a_text_of_exactly_the_length_limit_is_taken_and_one_more_character_is_not():
    config = ideas.clean_config({"max_length": 10})
    assert ideas.clean_answer(config, {"text": " 0123456789 "}) == {"text": "0123456789"}
    assert ideas.clean_answer(config, {"text": "01234   6789"}) == {"text": "01234 6789"}
    with pytest.raises(InvalidInput) as refused:
        ideas.clean_answer(config, {"text": "0123456789X"})
    in_danish(refused.value)
    assert refused.value.params == {"max": 10}


def test_moderation_lists_keep_the_order_the_entries_were_sent():
    entries = [entry(5, "e", "pending"), entry(2, "b", "hidden"), entry(4, "d"), entry(1, "a", "pending"),
               entry(3, "c", "hidden"), entry(6, "f")]
    result = ideas.tally(ideas_config(), entries)
    assert [i["id"] for i in result["ideas"]] == [4, 6]
    assert {status: [i["id"] for i in items] for status, items in result["moderation"].items()} == {
        "pending": [1, 5], "hidden": [2, 3]}
    assert ideas.public_results(result) == {key: value for key, value in result.items() if key != "moderation"}
    assert qa.public_results(qa.tally(qa_config(), entries))["responses"] == 2


# --- the word cloud and blocked words (words.py) ------------------------------------------------


def test_one_letter_words_and_numbers_are_left_out_and_two_letter_words_kept():
    assert words_of("A b PC 42 pc-2 øl") == ["pc", "pc", "øl"]
    assert words_of("'citat' -bindestreg- it’s") == ["citat", "bindestreg", "it’s"]


def test_the_cloud_has_the_60_most_frequent_words_ties_alphabetically():
    texts = [f"ord{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(70)] + ["zulu zulu"]
    counts = word_counts(texts)
    assert len(counts) == 60
    assert counts[0] == {"word": "zulu", "count": 2}
    assert [c["word"] for c in counts[1:3]] == ["ordaa", "ordab"]
    assert len(word_counts(texts, limit=5)) == 5


def test_blank_blocked_words_block_nothing():
    assert not contains_blocked_word("Fælles app", ["  ", ""])
    assert contains_blocked_word("Fælles app!", ["", "APP"])
    assert contains_blocked_word("app", ["app"])
    assert contains_blocked_word("appen", ["app"])  # with a Danish ending (facilitation/blocking.py)
    assert not contains_blocked_word("apparat", ["app"])  # another word that merely starts with it


def test_a_kind_is_found_by_its_name_and_anything_else_is_refused_briefly():
    from facilitation.kinds import KINDS, collects, get_kind, public_results

    assert [get_kind(name).NAME for name in KINDS] == ["poll", "ideas", "qa", "rating", "ranking", "points", "matrix", "stance",
                                                    "responsibility", "commitments"]
    for bad in (["poll"], None, "x" * 50):
        with pytest.raises(InvalidInput) as refused:
            get_kind(bad)
        in_danish(refused.value)
        assert refused.value.params == {"kind": str(bad)[:20]}
    assert collects(ideas) and collects(qa) and not collects(get_kind("poll"))
    tallied = ideas.tally(ideas_config(), [entry(1, "a", "pending")])
    assert public_results(ideas, tallied) == {key: value for key, value in tallied.items() if key != "moderation"}
    assert public_results(get_kind("poll"), {"counts": {}}) == {"counts": {}}


def test_ideas_and_questions_settings_of_their_own():
    assert ideas.clean_config({"display": "cloud"})["display"] == "cloud"
    assert qa.clean_config({"sort": "time"})["sort"] == "time"
    for kind, raw in ((ideas, {"display": "list"}), (qa, {"sort": "age"}), (ideas, []), (qa, None)):
        with pytest.raises(InvalidInput) as raised:
            kind.clean_config(raw)
        in_danish(raised.value)
    assert ideas.public_config(ideas_config()) == ideas_config() and qa.public_config(qa_config()) == qa_config()
    assert qa.clean_answer(qa_config(), {"text": " Hvem  betaler? "}) == {"text": "Hvem betaler?"}


def test_questions_show_votes_answered_and_highlighted_and_equal_votes_oldest_first():
    entries = [entry(2, "Anden?", votes=2, answered=True), entry(1, "Første?", votes=2, highlighted=True),
               entry(3, "Tredje?", votes=5, status="hidden")]
    result = qa.tally(qa_config(), entries)
    assert result["questions"] == [
        {"id": 1, "text": "Første?", "votes": 2, "answered": False, "highlighted": True},
        {"id": 2, "text": "Anden?", "votes": 2, "answered": True, "highlighted": False}]
    assert result["moderation"]["hidden"] == [{"id": 3, "text": "Tredje?", "votes": 5, "answered": False, "highlighted": False}]
    assert result["responses"] == 2
    # A config without a sort (stored before sorting existed) sorts by votes.
    assert [q["id"] for q in qa.tally({}, [entry(1, "a", votes=0), entry(2, "b", votes=1)])["questions"]] == [2, 1]


def test_a_phone_gets_the_top_twenty_questions_the_highlighted_one_and_how_many_more():
    from facilitation.kinds import phone_results

    entries = [entry(n, f"Spørgsmål {n}", votes=n) for n in range(1, 31)]  # 30 questions, 30 votes most
    entries[0]["highlighted"] = True  # the one with 1 vote is on the screen
    by_votes = phone_results(qa, qa_config(), qa.tally(qa_config(), entries))
    assert [q["id"] for q in by_votes["questions"]] == [1] + list(range(30, 10, -1))
    assert by_votes["more"] == 9 and by_votes["responses"] == 30
    by_time = phone_results(qa, {**qa_config(), "sort": "time"}, qa.tally({**qa_config(), "sort": "time"}, entries))
    assert [q["id"] for q in by_time["questions"]] == [1] + list(range(11, 31))  # the newest, oldest first
    few = phone_results(qa, qa_config(), qa.tally(qa_config(), entries[:5]))
    assert len(few["questions"]) == 5 and few["more"] == 0
    assert "moderation" not in by_votes and "moderation" not in few


# The kind contract test (tests/test_kind_contract.py) runs the whole contract on these examples.
CONTRACT_EXAMPLES = {
    "ideas": ({}, [{"text": "Fælles lånerkort"}, {"text": "Åbne biblioteker om aftenen"}, {"text": "Lånerkort for alle"}]),
    "qa": ({}, [{"text": "Hvem betaler?"}, {"text": "Hvornår starter vi?"}]),
}

"""Alphabetical order in the workshop's language (facilitation/kinds/collation.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.kinds.collation import sort_key


def ordered(labels, language):
    return sorted(labels, key=lambda label: sort_key(label, language))


def test_danish_puts_ae_oe_aa_after_z_in_that_order():
    assert ordered(["Åbne", "Ældre", "Øresund", "Zoologi", "Aarhus"], "da") == [
        "Aarhus", "Zoologi", "Ældre", "Øresund", "Åbne"]
    assert ordered(["åbne", "Øresund", "ældre"], "da") == ["ældre", "Øresund", "åbne"]


def test_danish_sorts_the_german_and_accented_letters_as_danish_dictionaries_do():
    assert ordered(["Öl", "Ål", "Æl", "Ol", "Zl"], "da") == ["Ol", "Zl", "Æl", "Öl", "Ål"]
    assert ordered(["Ezra", "Émile", "Eva"], "da") == ["Émile", "Eva", "Ezra"]


def test_english_reads_the_danish_letters_as_their_latin_neighbours():
    assert ordered(["Åbne", "Ældre", "Øresund", "Zoologi", "Bibliotek"], "en") == [
        "Åbne", "Ældre", "Bibliotek", "Øresund", "Zoologi"]


def test_case_only_breaks_ties_and_equal_letters_keep_a_fixed_order():
    assert ordered(["kb", "KB", "Kb"], "da") == ordered(["Kb", "KB", "kb"], "da")
    assert ordered(["KB", "ddf"], "da") == ["ddf", "KB"]


@given(st.lists(st.text(max_size=6), max_size=8), st.sampled_from(["da", "en"]))
def test_the_order_is_total_whatever_the_input_order(labels, language):
    assert ordered(labels, language) == ordered(list(reversed(labels)), language)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_key_takes_any_text(language):
    assert sort_key("", language) < sort_key("a", language)


def test_english_reads_ae_as_a_then_e_so_it_sorts_among_the_ae_words():
    assert ordered(["Aeblx", "Æblf", "Aeblz"], "en") == ["Æblf", "Aeblx", "Aeblz"]


def test_without_a_language_the_order_is_danish():
    assert sorted(["Åbne", "Zoologi"], key=sort_key) == ["Zoologi", "Åbne"]

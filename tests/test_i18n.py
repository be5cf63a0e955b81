"""Every text is translatable, and both catalogues are complete."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("facilitation/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "pgettext": ((1, "c"), 2)}


def extracted_messages() -> set[tuple[str | None, str]]:
    """(context, message id) of every translatable text in the code and templates."""
    messages = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, options_map={"templates/**.html": {}}
    ):
        messages.add((context, message if isinstance(message, str) else message[0]))
    return messages


def catalogue(language: str):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_catalogue_has_every_message_of_the_code(language):
    in_catalogue = {(message.context, message.id) for message in catalogue(language) if message.id}
    missing = extracted_messages() - in_catalogue
    assert not missing, f"run `make extract-messages` and translate: {sorted(missing)}"


def test_every_danish_message_is_translated_and_keeps_its_placeholders():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for message in catalogue("da"):
        if not message.id:
            continue
        assert message.string, f"no Danish for {message.id!r}"
        assert not message.fuzzy, f"fuzzy Danish for {message.id!r}"
        assert sorted(placeholder.findall(message.string)) == sorted(placeholder.findall(message.id)), message.id


def test_the_phone_page_comes_in_danish_by_default(app, workshop):
    page = app.test_client().get(f"/j/{workshop.code}")
    assert "Deltag" in page.text


def test_the_phone_page_comes_in_english_when_chosen(app, workshop):
    client = app.test_client()
    client.get("/lang/en")
    page = client.get(f"/j/{workshop.code}")
    assert "Join" in page.text and "Deltag" not in page.text


# Danish that is the same word as the English on purpose; anything else left in English is a miss
# (as "Multiple choice" was).
SAME_IN_DANISH = {"%(group)s (n = %(n)d)", "%(theme)s (A = %(a)s: %(meaning)s)", "CSV", "English", "Median",
                  "Send", "Workshop", "n"}
# The team's words (issue 18), the same in Danish.
SAME_IN_DANISH |= {"Invitation", "Moderator", "Team"}
# The landscape's sentence: a theme's name and its standings (facilitation/landscape.py).
SAME_IN_DANISH |= {"%(theme)s: %(standings)s.", "%(theme)s (%(symbol)s = %(a)s: %(meaning)s)"}


def test_no_danish_message_is_left_in_english():
    left = [m.id for m in catalogue("da") if m.id and m.string == m.id and m.id not in SAME_IN_DANISH]
    assert not left, left


def danish_client_texts(app, n: int) -> dict[str, str]:
    """Every text the scripts show, in Danish, as App.t fills it for a count of n: the key + "_one"
    form where there is one and n is 1, {n} set to n and every other {placeholder} to 5."""
    import re

    from flask_babel import force_locale

    from facilitation.web.strings import client_strings

    with app.test_request_context("/"), force_locale("da"):
        strings = client_strings()
    texts = {}
    for key, text in strings.items():
        if key.endswith("_one"):
            continue
        chosen = strings.get(key + "_one", text) if n == 1 else text
        texts[key] = re.sub(r"\{\w+\}", "5", chosen.replace("{n}", str(n)))
    return texts


def test_danish_counts_of_one_are_singular(app):
    """“1 stemmer”, “førsteplads 1 gange”, “Nye temaer: 1.” read wrong: a count of one needs its
    singular form (App.t's key + "_one", Danish and English having one singular and one plural)."""
    import re

    texts = danish_client_texts(app, 1)
    plural_after_one = re.compile(r"\b1 (stemmer|gange|idéer|temaer|sekunder|prikker|deltagere|grupper)\b")
    texts["ranking_detail"] = texts["ranking_detail"].replace("5", "1")  # {first} is the count there
    wrong = {key: text for key, text in texts.items() if plural_after_one.search(text) or "Nye temaer: 1" in text}
    assert not wrong, wrong
    assert texts["themes_made"].startswith("1 nyt tema.")
    assert texts["time_left"] == "1 sekund tilbage"
    assert texts["votes"] == "1 stemme"
    plural = danish_client_texts(app, 3)
    assert plural["themes_made"].startswith("3 nye temaer.") and plural["time_left"] == "3 sekunder tilbage"


def test_danish_wording_means_what_the_english_says():
    """A few that were translated word for word into something else."""
    danish = {m.id: m.string for m in catalogue("da") if m.id}
    assert "tæt på" not in danish["close at zero"]  # it closes the activity when the timer reaches 0
    assert danish["Multiple choice"] == "Flervalg"
    assert danish["Present"] != danish["Show"]  # present on the projector, not show an idea
    # Plan syntax errors are explained in Danish, not in PyYAML's English.
    from facilitation.plans import PlanError, load_plan

    with pytest.raises(PlanError) as caught:
        load_plan("title: Strategidag\nthemes: [KOMBIT, Kulturarv\nactivities: []\n")
    assert caught.value.detail is not None
    assert caught.value.detail.message in danish and "expected" not in danish[caught.value.detail.message]

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

"""What a Danish phone or dashboard shows for a refusal: the domain's English message id looked
up in the Danish catalogue, the way the web layer translates it.

A refusal whose message id is not in the catalogue would reach a Danish room in English, so tests
of refusals check `in_danish(error)`: it fails for a message id that was changed, emptied or
never translated.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

from facilitation.errors import DomainError

CATALOGUE = Path(__file__).resolve().parent.parent / "translations" / "da" / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=1)
def _danish() -> dict[str, str]:
    with open(CATALOGUE, "rb") as handle:
        return {message.id: message.string for message in read_po(handle) if message.id and message.string}


def in_danish(error: DomainError) -> str:
    """The Danish text of a domain error, its parameters filled in."""
    assert isinstance(error.message, str) and error.message in _danish(), f"not in the Danish catalogue: {error.message!r}"
    translated = _danish()[error.message]
    return translated % error.params if error.params else translated

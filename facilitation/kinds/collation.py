"""Alphabetical order in the workshop's language, for labels that tie (ranking) and any other
sort of labels people read. Pure and small: the machine has no ICU, and the Unicode default
order (code points, or pyuca's DUCET) puts Å beside A, which is wrong for Danish.

Danish (da): the alphabet ends … X, Y, Z, Æ, Ø, Å; Ä sorts as Æ, Ö as Ø and Ü as Y (Danish
dictionaries do this); other accented letters sort as their base letter (é as e). English (en):
Æ as "ae", Ø as "o", Å as "a", accents ignored. Case only breaks ties ("kb" before "KB"), and
the text itself breaks the last ones, so the order is total and does not depend on input order.
"""

from __future__ import annotations

import unicodedata

# Danish letters after z: code points past every ASCII letter and digit, below any other script.
DANISH_LETTERS = {"æ": "\u007b", "ä": "\u007b", "ø": "\u007c", "ö": "\u007c", "å": "\u007d", "ü": "y"}
ENGLISH_LETTERS = {"æ": "ae", "ø": "o", "ß": "ss", "œ": "oe"}


def _without_accents(text: str) -> str:
    """`text` with its accents dropped (é → e, å → a)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def sort_key(text: str, language: str = "da") -> tuple:
    """A key that sorts `text` alphabetically in `language` ("da" or "en"; anything else is
    treated as English). Ties on the letters are broken by case, then by the text itself."""
    folded = unicodedata.normalize("NFC", str(text)).casefold()
    letters = DANISH_LETTERS if language == "da" else ENGLISH_LETTERS
    # The language's own letters first (Danish å must not lose its ring), then the accents.
    primary = _without_accents("".join(letters.get(c, c) for c in folded))
    return (primary, folded, str(text))

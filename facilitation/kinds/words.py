"""Words for the word cloud: normalised (case, punctuation), with Danish and English stop words
left out, counted. Pure."""

from __future__ import annotations

import re
from collections import Counter

STOP_WORDS = frozenset(
    """
    ad af aldrig alle alt anden andet andre at bare begge blev blive bliver da de dem den denne
    der deres det dette dig din dine disse dit du efter eller en end er et ét far fik fordi
    fra få får gør har havde have hen her hende hendes herfra hos hun hvad hvem hver hvilke
    hvilken hvis hvor hvordan hvorfor i igen ikke ind ingen intet jeg jer jeres jo kan kom
    komme kunne lad lidt man mange med meget men mere mig min mine mit mod må måske ned noget
    nogle nu når og også om op os over på sammen selv sig sin sine sit skal skulle som sådan
    så til ud uden var ved vi vil ville vor vores være været
    a about after all also an and any are as at be been but by can could did do does for from
    had has have he her his how i if in into is it its just more most my no not of on one or
    our out so some such than that the their them then there these they this to too up us
    very was we were what when where which who why will with would you your
    """.split()
)

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)


def words_of(text: str) -> list[str]:
    """The words of a text, lower-cased, without punctuation, numbers and stop words."""
    return [
        word
        for word in (match.group(0).casefold() for match in WORD.finditer(text))
        if len(word) > 1 and word not in STOP_WORDS
    ]


def word_counts(texts: list[str], limit: int = 60) -> list[dict]:
    """The most frequent words of the texts, ``[{"word", "count"}]``, most frequent first
    (ties alphabetically, so the order never depends on the order of the texts)."""
    counts = Counter(word for text in texts for word in words_of(text))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"word": word, "count": count} for word, count in ranked[:limit]]

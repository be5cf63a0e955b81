"""Text from participants: bidi controls removed on input, and blocked words found however they
are disguised. Pure.

Matching works on a normalised form of both the text and the blocked words: format characters
(Unicode category Cf: zero-width spaces, soft hyphens, direction overrides) removed, NFKC
(fullwidth letters become ordinary ones), case folded, and common look-alike letters (Cyrillic
and Greek ones that look Latin, the dotless i) replaced by the Latin letter. Letters written one
by one with separators between them ("i.d.i.o.t", "i d i o t") are read as one word.

A blocked word matches a whole word, or the word with a Danish inflection ending ("idioten",
"idioterne"; "pisse", where the last consonant is doubled). It does not match inside a word
("spis" is not "pis") nor the start of a compound ("lortebøtte" is not "lort"): a facilitator
who wants every word beginning with it held writes it with a star ("lort*"). A short blocked
word (three letters or fewer) takes only the endings that cannot make another ordinary word
("røven", "pissen", but not "røver", a robber). Phrases match word by word.
"""

from __future__ import annotations

import re
import unicodedata

# Bidirectional embedding, override and isolate controls, and the direction marks: they make
# "gnp.exe" read as "exe.png". Removed from every text a person types.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")

# Letters from other scripts that look like Latin ones, after case folding.
LOOK_ALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "і": "i", "ї": "i", "ј": "j", "к": "k",
        "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
        "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
        # Greek
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ς": "s", "σ": "s",
        # Latin letters that pass for others
        "ı": "i", "ł": "l", "ſ": "s",
    }
)

LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)

# Danish endings: definite and plural forms of nouns, and the forms of adjectives and verbs.
ENDINGS = frozenset(
    "e en er et ere erne ernes ers ens ets ene enes es s ne nes n t r rne ede ed te ts".split()
)
# For blocked words of three letters or fewer, only these (or any ending after a doubled last
# consonant): "røv" must not hold "røver" or "røvet".
SHORT_WORD_ENDINGS = frozenset("en ens".split())


def strip_bidi_controls(text: str) -> str:
    """The text without bidi embedding/override/isolate controls and direction marks."""
    return BIDI_CONTROLS.sub("", text)


def normalise(text: str) -> str:
    """The text as matching sees it: format characters removed, NFKC, case folded, look-alike
    letters replaced by Latin ones."""
    text = "".join(character for character in text if unicodedata.category(character) != "Cf")
    return unicodedata.normalize("NFKC", text).casefold().translate(LOOK_ALIKES)


def words(text: str) -> list[str]:
    """The normalised words of a text; runs of three or more single letters, however they are
    separated ("i.d.i.o.t", "i d i o t"), joined into one word."""
    tokens = LETTERS.findall(normalise(text))
    joined: list[str] = []
    run: list[str] = []
    for token in tokens + [""]:
        if len(token) == 1:
            run.append(token)
            continue
        if len(run) >= 3:
            joined.append("".join(run))
        else:
            joined.extend(run)
        run = []
        if token:
            joined.append(token)
    return joined


def _matches(word: str, blocked: str) -> bool:
    """True if `word` is the blocked word, or it with an inflection ending ("*" at the end of the
    blocked word: any word beginning with it)."""
    if blocked.endswith("*"):
        stem = blocked[:-1]
        return bool(stem) and word.startswith(stem)
    if word == blocked:
        return True
    if not word.startswith(blocked):
        return False
    ending = word[len(blocked):]
    if ending[0] == blocked[-1] and ending[1:] in ENDINGS:
        return True  # a doubled last consonant: "pis" → "pisse"
    return ending in (ENDINGS if len(blocked) > 3 else SHORT_WORD_ENDINGS)


def _blocked_words(entry: str) -> list[str]:
    """A blocked word or phrase in the same normalised words as a text (a final star kept)."""
    star = entry.rstrip().endswith("*")
    parts = words(entry)
    if star and parts:
        parts[-1] += "*"
    return parts


def contains_blocked_word(text: str, blocked: list[str]) -> bool:
    """True if the text has one of the blocked words or phrases, however it is disguised (see the
    module's docstring for what counts as the word)."""
    if not blocked:
        return False
    text_words = words(text)
    for entry in blocked:
        phrase = _blocked_words(entry)
        if not phrase:
            continue
        for start in range(len(text_words) - len(phrase) + 1):
            if all(_matches(text_words[start + i], part) for i, part in enumerate(phrase)):
                return True
    return False

"""Fill Danish translations into the catalogue: `python scripts/translate.py 'English=Dansk' …`.

A small aid for `make extract-messages`: it sets msgstr for the given msgids (context-free
messages only) and leaves everything else as it is.
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOGUE = Path(__file__).resolve().parent.parent / "translations" / "da" / "LC_MESSAGES" / "messages.po"


def main(pairs: list[str]) -> None:
    with open(CATALOGUE, "rb") as handle:
        catalogue = read_po(handle)
    for pair in pairs:
        english, _, danish = pair.partition("=")
        if english not in catalogue:
            raise SystemExit(f"not in the catalogue: {english!r}")
        catalogue[english].string = danish
    with open(CATALOGUE, "wb") as handle:
        write_po(handle, catalogue, sort_output=True)


if __name__ == "__main__":
    main(sys.argv[1:])

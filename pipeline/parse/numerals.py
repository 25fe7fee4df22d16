"""French numbers written in words, as old-style deliberations date their sittings.

"L'an deux mille vingt-six, le douze février" → 2026 and 12.

>>> words_to_int("deux mille vingt-six")
2026
>>> words_to_int("quatre-vingt-dix-huit")
98
>>> words_to_int("trente et un")
31
>>> words_to_int("premier")
1
>>> words_to_int("douze heures") is None
True
"""

from __future__ import annotations

import re

_VALUES = {
    "zero": 0,
    "un": 1,
    "une": 1,
    "premier": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
}
WORDS = "|".join(
    sorted([*_VALUES, "vingts", "cent", "cents", "mille", "et"], key=len, reverse=True)
)
"""Every word a number may be made of (accents folded), for building patterns."""
NUMBER_WORDS = "|".join(sorted(_VALUES, key=len, reverse=True))
"""The single words that are numbers ("douze", "trois"), for counts of votes."""


def words_to_int(text: str) -> int | None:
    """The number the words say, or None when a word is not a number word."""
    tokens = [t for t in re.split(r"[\s-]+", text.strip().lower()) if t and t != "et"]
    if not tokens:
        return None
    total = current = 0
    for token in tokens:
        if token in ("vingt", "vingts") and current % 100 == 4:
            current += 80 - 4  # quatre-vingt(s)
        elif token in ("cent", "cents"):
            current = (current or 1) * 100
        elif token == "mille":
            total += (current or 1) * 1000
            current = 0
        elif token in _VALUES:
            current += _VALUES[token]
        else:
            return None
    return total + current

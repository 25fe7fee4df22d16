"""A unit of billing read for a devis: how often it is billed, and the quantity it
allows at most.

« Par compte et par an » is billed every year; « Par poste et la première année » the
first year only; « Par compte » (a mise en service), « Par unité » or « Par certificat »
once. « Par an et dans la limite de 100 Go – supérieur à 100 Go devis sous réserve de
faisabilité » allows 100 at most, and says that beyond, the price is set on a devis.
The words are those of :class:`~pipeline.settings.DevisSettings`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pipeline.devis.models import Periodicity
from pipeline.settings import DevisSettings

_SPACES = "\u00a0\u202f\u2009"


@dataclass(frozen=True)
class UnitReading:
    periodicity: Periodicity
    limit: int | None = None
    """The quantity the unit allows at most, when it says one."""
    measure: str = ""
    """What the limit counts (« Go »), as written after the number."""
    beyond_on_quote: bool = False
    """True when the unit says that beyond the limit the price is set on a devis."""

    def limit_text(self) -> str:
        """« 100 Go »."""
        from pipeline.french import integer

        return f"{integer(self.limit or 0)} {self.measure}".strip()


def _folded(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe and space, « / » without spaces."""
    text = text.replace("’", "'")
    for space in _SPACES:
        text = text.replace(space, " ")
    plain = unicodedata.normalize("NFKD", re.sub(r" */ *", "/", text.casefold()))
    return "".join(c for c in plain if not unicodedata.combining(c))


@lru_cache(maxsize=8)
def _patterns(words: tuple[tuple[str, ...], ...]) -> tuple[re.Pattern[str], ...]:
    def any_of(phrases: tuple[str, ...]) -> str:
        return "|".join(re.escape(_folded(p)) for p in sorted(phrases, key=len, reverse=True))

    yearly, first_year, limit, quote = words
    return (
        re.compile(rf"(?<!\w)(?:{any_of(yearly)})(?!\w)"),
        re.compile(rf"(?<!\w)(?:{any_of(first_year)})(?!\w)"),
        re.compile(rf"(?<!\w)(?:{any_of(limit)})\s*(\d[\d ]*)\s*([^\W\d]+\.?)?"),
        re.compile(rf"(?<!\w)(?:{any_of(quote)})(?!\w)"),
    )


def read_unit(unit: str, settings: DevisSettings) -> UnitReading:
    """How often ``unit`` is billed and the limit it writes, if any."""
    yearly, first_year, limit, quote = _patterns(
        (
            settings.yearly_words,
            settings.first_year_words,
            settings.limit_words,
            settings.quote_words,
        )
    )
    text = _folded(unit)
    if first_year.search(text):
        periodicity = Periodicity.FIRST_YEAR
    elif yearly.search(text):
        periodicity = Periodicity.YEARLY
    else:
        periodicity = Periodicity.ONE_OFF
    found = limit.search(text)
    if found is None:
        return UnitReading(periodicity)
    number = int(found.group(1).replace(" ", ""))
    measure = _measure(unit, found) if found.group(2) else ""
    return UnitReading(
        periodicity,
        limit=number,
        measure=measure,
        beyond_on_quote=quote.search(text, found.end()) is not None,
    )


def _measure(unit: str, found: re.Match[str]) -> str:
    """The word after the number as the unit writes it (« Go », not « go »): the folded
    text keeps the unit's length unless a letter lost an accent it had."""
    start, end = found.span(2)
    written = unicodedata.normalize("NFC", unit)
    if len(_folded(written)) == len(written):
        return written[start:end]
    return found.group(2)

"""French forms of what users read: money, numbers, dates, percentages, words.

The one place that turns values into French text, for the CLI, the findings, the
audit report and the Word documents alike.

>>> money(Decimal("14"))
'14,00\\xa0€'
>>> money(Decimal("200"), drop_zero_cents=True)
'200\\xa0€'
>>> integer(1994)
'1\\u202f994'
>>> long_date(dt.date(2026, 7, 1))
'1er juillet 2026'
>>> short_date(dt.date(2026, 4, 1))
'01/04/2026'
>>> percent(Decimal("3.6"))
'+3,6\\u202f%'
>>> amount_in_words(Decimal("80"))
'quatre-vingts euros'
>>> of_name("Ablain-Saint-Nazaire")
"d'Ablain-Saint-Nazaire"
>>> population_range(3501, None)
'3\\u202f501 et plus'
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from num2words import num2words

from pipeline.models import (
    Change,
    EffectiveDateSource,
    Severity,
    Tier,
    TierKind,
    VersionStatus,
)

LOCALE = "fr_FR"
NNBSP = "\u202f"
"""Narrow no-break space: between thousands and before « % »."""
_VOWELS = set("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒaeiouyàâäéèêëîïôöùûüœ")


# --- Numbers and money ----------------------------------------------------------------


def money(value: Decimal, *, drop_zero_cents: bool = False) -> str:
    """``16,80 €``, ``1 234,50 €``, ``14,00 €``.

    With ``drop_zero_cents``, whole euros lose their cents (``200 €``), as a fee is
    written in a sentence or a tier table; other amounts keep them.
    """
    return _money(str(value), drop_zero_cents)


@functools.lru_cache(maxsize=4096)
def _money(value: str, drop_zero_cents: bool) -> str:
    """:func:`money` of a number written as text (``-0`` and ``0`` stay apart):
    remembered, since the same few prices are written in every document of a run."""
    amount = Decimal(value)
    if drop_zero_cents and amount == amount.to_integral_value():
        return format_currency(
            amount, "EUR", format="#,##0\u00a0¤", locale=LOCALE, currency_digits=False
        )
    return format_currency(amount, "EUR", locale=LOCALE)


@functools.lru_cache(maxsize=4096)
def integer(value: int) -> str:
    """``1 994``: a narrow no-break space between thousands."""
    return format_decimal(value, locale=LOCALE)


def percent(value: Decimal) -> str:
    """A signed variation already in percent: ``Decimal("3.6")`` → ``+3,6 %``."""
    text = format_decimal(value, format="+#,##0.0;-#,##0.0", locale=LOCALE)
    return f"{text}{NNBSP}%"


def _euros(words: str, count: int) -> str:
    if count in (0, 1):
        return f"{words} euro"
    if words.endswith(("million", "millions", "milliard", "milliards")):
        return f"{words} d'euros"
    return f"{words} euros"


def amount_in_words(value: Decimal) -> str:
    """``deux cents euros``, ``seize euros et quatre-vingts centimes``.

    num2words gives the words; its currency mode mishandles whole euros, so the
    unit is written here.
    """
    cents_total = int((value * 100).to_integral_value())
    euros, cents = divmod(cents_total, 100)
    text = _euros(num2words(euros, lang="fr"), euros)
    if cents:
        unit = "centime" if cents == 1 else "centimes"
        text += f" et {num2words(cents, lang='fr')} {unit}"
    return text


# --- Dates ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def long_date(value: dt.date) -> str:
    """``10 juillet 2025``, and ``1er juillet 2026`` for the first of the month."""
    text = format_date(value, "d MMMM y", locale=LOCALE)
    return "1er" + text[1:] if value.day == 1 else text


def parse_short_date(text: str) -> dt.date | None:
    """``2026-04-01`` or ``01/04/2026`` as a date; None for anything else (another form,
    or a day that does not exist)."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def short_date(value: dt.date) -> str:
    """``10/07/2025``."""
    return value.strftime("%d/%m/%Y")


# --- Names and populations ----------------------------------------------------------------


def of_name(name: str) -> str:
    """The name after « de », with French elision and contraction.

    ``d'Ablain-Saint-Nazaire``, ``du Portel``, ``des Attaques``, ``de La Couture``,
    ``de Desvres``. A leading *h* is left alone: whether it is mute cannot be told
    from the spelling.
    """
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[:1] in _VOWELS:
        return "d'" + name
    return "de " + name


def population_range(low: int | None, high: int | None) -> str:
    """Inclusive bounds as a table shows them: ``500 à 999``, ``3 501 et plus``."""
    start = integer(low or 0)
    return f"{start} et plus" if high is None else f"{start} à {integer(high)}"


def population_bounds(low: int | None, high: int | None) -> str:
    """Inclusive bounds in a sentence: ``de 500 à 999``, ``jusqu'à 499``,
    ``à partir de 3 501``, ``toute population``."""
    if low in (None, 0) and high is None:
        return "toute population"
    if low in (None, 0):
        return f"jusqu'à {integer(high)}"  # type: ignore[arg-type]
    if high is None:
        return f"à partir de {integer(low)}"  # type: ignore[arg-type]
    return f"de {integer(low)} à {integer(high)}"  # type: ignore[arg-type]


def tier_population(tier: Tier) -> str:
    """Who a tier is for: its population range, or the kind of structure."""
    if tier.kind is TierKind.PUBLIC_ESTABLISHMENT:
        return "établissement public"
    if tier.kind is TierKind.OTHER:
        return "autre structure"
    return population_range(tier.min_population, tier.max_population)


# --- Words for the models' values, the same in the CLI, the report and the exports ---

STATUS = {
    VersionStatus.PENDING: "en attente d'approbation",
    VersionStatus.APPROVED: "approuvée",
    VersionStatus.REJECTED: "rejetée",
    VersionStatus.SUPERSEDED: "remplacée",
}
EFFECTIVE_SOURCE = {
    EffectiveDateSource.STATED: "date indiquée par la délibération",
    EffectiveDateSource.ENFORCEABLE: "date à laquelle la délibération est devenue exécutoire",
    EffectiveDateSource.SITTING: "date de la séance, faute de date indiquée",
}
SEVERITY = {
    Severity.ERROR: "erreur",
    Severity.WARNING: "avertissement",
    Severity.INFO: "information",
}
CHANGE = {
    Change.ADDED: "ajoutée",
    Change.REMOVED: "supprimée",
    Change.CHANGED: "modifiée",
    Change.UNCHANGED: "inchangée",
}
TIER_KIND = {
    TierKind.COLLECTIVITY: "collectivité",
    TierKind.PUBLIC_ESTABLISHMENT: "établissement public",
    TierKind.OTHER: "autre structure",
}
VOTE = {"unanimity": "à l'unanimité", "majority": "à la majorité", "rejected": "non adoptée"}


def timestamp(value: str | None) -> str | None:
    """An ISO 8601 instant as the staff read it: ``26 novembre 2026 à 10 h 45`` (Paris time).

    >>> timestamp("2026-11-26T09:45:55+00:00")
    '26 novembre 2026 à 10 h 45'
    """
    if not value:
        return value
    try:
        instant = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if instant.tzinfo is not None:
        try:
            from zoneinfo import ZoneInfo

            instant = instant.astimezone(ZoneInfo("Europe/Paris"))
        except (ImportError, KeyError, OSError):  # no time zone database on this machine
            pass
    return f"{long_date(instant.date())} à {instant.hour} h {instant.minute:02d}"


def plural(count: int, word: str) -> str:
    """``1 erreur``, ``2 erreurs`` (regular plurals only).

    >>> plural(2, "avertissement")
    '2 avertissements'
    """
    return f"{count} {word}{'s' if count > 1 else ''}"

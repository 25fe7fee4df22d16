"""French forms for what the documents show: money, dates, numbers and amounts in words.

>>> money(Decimal("16.80"))
'16,80\\xa0€'
>>> amount_in_words(Decimal("80"))
'quatre-vingts euros'
>>> long_date(date(2026, 7, 1))
'1er juillet 2026'
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from num2words import num2words

LOCALE = "fr_FR"
_VOWELS = set("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒaeiouyàâäéèêëîïôöùûüœ")


def money(value: Decimal) -> str:
    """``16,80 €``, ``1 234,50 €``; whole euros without cents: ``200 €``."""
    if value == value.to_integral_value():
        return format_currency(
            value, "EUR", format="#,##0\u00a0¤", locale=LOCALE, currency_digits=False
        )
    return format_currency(value, "EUR", locale=LOCALE)


def integer(value: int) -> str:
    """``1 994`` with a narrow no-break space between thousands."""
    return format_decimal(value, locale=LOCALE)


def long_date(value: date) -> str:
    """``10 juillet 2025``, and ``1er juillet 2026`` for the first of the month."""
    text = format_date(value, "d MMMM y", locale=LOCALE)
    return "1er" + text[1:] if value.day == 1 else text


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

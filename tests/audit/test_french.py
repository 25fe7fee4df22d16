from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pipeline.audit import french


def test_money_uses_french_separators() -> None:
    assert french.money(Decimal("1234.5")) == "1\u202f234,50\xa0€"
    assert french.money(None) == "—"


def test_price_says_on_quote_and_free() -> None:
    assert french.price(Decimal("12"), on_quote=True) == "Sur devis"
    assert french.price(Decimal("0"), free=True) == "Gratuit"
    assert french.price(Decimal("3.10")) == "3,10\xa0€"


def test_percent_is_signed_with_a_comma() -> None:
    assert french.percent(Decimal("12.5")) == "+12,5\u202f%"
    assert french.percent(Decimal("-3")) == "-3,0\u202f%"
    assert french.percent(None) == ""


def test_dates_say_1er() -> None:
    assert french.date(dt.date(2026, 4, 1)) == "1er avril 2026"
    assert french.date(dt.date(2025, 7, 10)) == "10 juillet 2025"


def test_bounds_in_words() -> None:
    assert french.bounds(None, 499) == "jusqu'à 499"
    assert french.bounds(3501, None) == "à partir de 3\u202f501"
    assert french.bounds(500, 999) == "de 500 à 999"
    assert french.bounds(None, None) == "toute population"


def test_vote_in_words() -> None:
    assert french.vote("unanimity", None, None, None) == "à l'unanimité"
    assert french.vote("majority", 15, 2, 1) == "à la majorité (15 pour, 2 contre, 1 abstention)"

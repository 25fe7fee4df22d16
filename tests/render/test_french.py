from datetime import date
from decimal import Decimal

import pytest

from pipeline.render.french import amount_in_words, integer, long_date, money, of_name


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("16.80", "16,80\u00a0€"),
        ("200", "200\u00a0€"),
        ("200.00", "200\u00a0€"),
        ("1234.5", "1\u202f234,50\u00a0€"),
    ],
)
def test_money(value, text):
    assert money(Decimal(value)) == text


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("200", "deux cents euros"),
        ("80", "quatre-vingts euros"),
        ("50", "cinquante euros"),
        ("1", "un euro"),
        ("1000000", "un million d'euros"),
        ("16.80", "seize euros et quatre-vingts centimes"),
        ("42.05", "quarante-deux euros et cinq centimes"),
    ],
)
def test_amount_in_words(value, words):
    assert amount_in_words(Decimal(value)) == words


def test_dates_and_integers():
    assert long_date(date(2026, 7, 1)) == "1er juillet 2026"
    assert long_date(date(2025, 7, 10)) == "10 juillet 2025"
    assert integer(1994) == "1\u202f994"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Ablain-Saint-Nazaire", "d'Ablain-Saint-Nazaire"),
        ("Le Portel", "du Portel"),
        ("Les Attaques", "des Attaques"),
        ("La Couture", "de La Couture"),
        ("Desvres", "de Desvres"),
        ("Écoivres", "d'Écoivres"),
    ],
)
def test_of_name(name, text):
    assert of_name(name) == text

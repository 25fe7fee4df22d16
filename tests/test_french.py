import doctest
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pipeline.french
from pipeline.french import (
    amount_in_words,
    integer,
    long_date,
    money,
    of_name,
    percent,
    population_bounds,
    population_range,
    short_date,
    tier_population,
)
from pipeline.models import Tier, TierKind

NNBSP, NBSP = "\u202f", "\u00a0"
cents = st.decimals(min_value=0, max_value=10_000_000, places=2)


def test_doctests():
    assert doctest.testmod(pipeline.french).failed == 0


@pytest.mark.parametrize(
    ("value", "text", "short"),
    [
        ("16.80", f"16,80{NBSP}€", f"16,80{NBSP}€"),
        ("14", f"14,00{NBSP}€", f"14{NBSP}€"),
        ("200.00", f"200,00{NBSP}€", f"200{NBSP}€"),
        ("1234.5", f"1{NNBSP}234,50{NBSP}€", f"1{NNBSP}234,50{NBSP}€"),
    ],
)
def test_money_with_and_without_cents(value, text, short):
    assert money(Decimal(value)) == text
    assert money(Decimal(value), drop_zero_cents=True) == short


@given(cents)
def test_money_reads_back_to_the_same_amount(value):
    text = money(value)
    assert text.endswith(f"{NBSP}€")
    digits = text.removesuffix(f"{NBSP}€").replace(NNBSP, "").replace(",", ".")
    assert Decimal(digits) == value
    assert text[-5] == ","  # always two decimals


@given(cents)
def test_whole_euros_drop_their_cents_only_when_asked(value):
    short = money(value, drop_zero_cents=True)
    assert ("," in short) == (value != value.to_integral_value())


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


@given(cents)
def test_amount_in_words_names_cents_only_when_there_are_some(value):
    words = amount_in_words(value)
    assert ("centime" in words) == (value != value.to_integral_value())
    assert "euro" in words


def test_dates_integers_and_percentages():
    assert long_date(date(2026, 7, 1)) == "1er juillet 2026"
    assert long_date(date(2025, 7, 10)) == "10 juillet 2025"
    assert short_date(date(2025, 7, 1)) == "01/07/2025"
    assert integer(1994) == f"1{NNBSP}994"
    assert percent(Decimal("3.6")) == f"+3,6{NNBSP}%"
    assert percent(Decimal("-3")) == f"-3,0{NNBSP}%"


@given(st.dates())
def test_long_date_says_1er_on_the_first_only(value):
    assert long_date(value).startswith("1er ") == (value.day == 1)


@given(st.integers(min_value=0, max_value=10**9))
def test_integer_groups_by_three(value):
    assert integer(value).replace(NNBSP, "") == str(value)
    assert all(len(group) == 3 for group in integer(value).split(NNBSP)[1:])


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


def test_population_ranges_and_bounds():
    assert population_range(500, 999) == "500 à 999"
    assert population_range(None, 499) == "0 à 499"
    assert population_range(3501, None) == f"3{NNBSP}501 et plus"
    assert population_bounds(500, 999) == "de 500 à 999"
    assert population_bounds(0, 499) == "jusqu'à 499"
    assert population_bounds(3501, None) == f"à partir de 3{NNBSP}501"
    assert population_bounds(None, None) == "toute population"


def test_tier_population_names_the_structures_without_population():
    def tier(kind, low=None, high=None):
        return Tier(label="x", kind=kind, min_population=low, max_population=high, page=1)

    assert tier_population(tier(TierKind.COLLECTIVITY, 1000, 1999)) == f"1{NNBSP}000 à 1{NNBSP}999"
    assert tier_population(tier(TierKind.PUBLIC_ESTABLISHMENT)) == "établissement public"
    assert tier_population(tier(TierKind.OTHER)) == "autre structure"

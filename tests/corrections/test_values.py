"""Corrected values typed by a person, in canonical form, and shown in French."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pipeline.corrections import (
    InvalidValue,
    date_value,
    parse_population,
    parse_price,
    price_value,
    shown,
    text_value,
)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("12,50", "12.50"),
        ("12.5", "12.50"),
        ("1 234,50 €", "1234.50"),
        ("1\u202f234,50\u00a0€", "1234.50"),
        ("16,80 € TTC", "16.80"),
        ("Sur devis", "sur devis"),
        ("gratuit", "gratuit"),
        ("50", "50.00"),
    ],
)
def test_a_typed_price_becomes_canonical(typed, canonical):
    assert parse_price(typed) == canonical


@pytest.mark.parametrize("typed", ["12,5x", "-3", "", "à partir de 990 €", "douze"])
def test_a_price_that_is_not_one_is_refused_in_french_with_exit_code_2(typed):
    with pytest.raises(InvalidValue, match="tarif invalide") as refused:
        parse_price(typed)
    assert refused.value.exit_code == 2


def test_population_bounds():
    assert parse_population("3 500") == "3500"
    assert parse_population("aucune") is None
    assert parse_population("") is None
    with pytest.raises(InvalidValue, match="population invalide"):
        parse_population("-1")
    with pytest.raises(InvalidValue):
        parse_population("3,5k")


def test_canonical_forms_of_prices_dates_and_texts():
    assert price_value(Decimal("7")) == "7.00"
    assert price_value(None, on_quote=True) == "sur devis"
    assert price_value(Decimal("0"), free=True) == "gratuit"
    assert price_value(None) is None
    assert date_value(dt.date(2026, 4, 1)) == "2026-04-01"
    assert text_value("  Par  compte ") == "Par compte"
    assert text_value("   ") is None


def test_values_are_shown_in_french():
    assert shown("price", "1234.50") == "1\u202f234,50\u00a0€"
    assert shown("price", "sur devis") == "sur devis"
    assert shown("price", None) == "sans tarif"
    assert shown("effective_date", "2026-04-01") == "1er avril 2026"
    assert shown("min_population", "3501") == "3\u202f501"
    assert shown("max_population", None) == "aucune"
    assert shown("label", "Licence") == "« Licence »"

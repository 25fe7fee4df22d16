from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.parse.money import AmountError, parse_amount

SEPARATORS = ["\u00a0", "\u202f", " ", "."]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("16,80 €", Decimal("16.80")),
        ("12 €", Decimal("12.00")),
        ("1 104,00 €", Decimal("1104.00")),
        ("1\u202f104,00\u00a0€", Decimal("1104.00")),
        ("1\u00a0104,00\u00a0€", Decimal("1104.00")),
        ("1.104,00 €", Decimal("1104.00")),
        ("16,80 euros", Decimal("16.80")),
        ("16,80 € TTC", Decimal("16.80")),
        ("16,80 € HT", Decimal("16.80")),
        ("16,80€", Decimal("16.80")),
        ("16,8 €", Decimal("16.80")),
        ("0,00 €", Decimal("0.00")),
    ],
)
def test_french_amounts(text: str, value: Decimal) -> None:
    amount = parse_amount(text)
    assert amount.value == value
    assert not amount.on_quote
    assert not amount.free


def test_gratuit_is_zero_and_free() -> None:
    amount = parse_amount("Gratuit")
    assert amount.value == Decimal("0.00")
    assert amount.free


def test_zero_written_as_number_is_not_free() -> None:
    assert not parse_amount("0 €").free


@pytest.mark.parametrize("text", ["Sur devis", "sur devis", "Sur  devis", "Devis"])
def test_on_quote(text: str) -> None:
    amount = parse_amount(text)
    assert amount.on_quote
    assert amount.value is None


@pytest.mark.parametrize(
    "text",
    ["Sur devis établi par le syndicat mixte pour chaque collectivité concernée", "Devis (1)"],
)
def test_on_quote_in_a_longer_cell(text: str) -> None:
    assert parse_amount(text).on_quote


def test_a_sentence_about_a_quote_is_no_price_on_quote() -> None:
    """OCR cut a justified paragraph of a scanned page into two columns; its « prix »
    half said « … fera l'objet d'un devis émis par La Fibre Numérique 5962 pour », and
    a service line « sur devis » was invented from it."""
    with pytest.raises(AmountError):
        parse_amount(
            "La participation financière de la collectivité ou de l'établissement fera "
            "l'objet d'un devis émis par La Fibre Numérique 5962 pour"
        )


@pytest.mark.parametrize("text", ["", "abc", "16,80,00 €", "€", "12 34 €", "1,2,3"])
def test_unreadable_amounts_raise(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text)


@given(
    euros=st.integers(min_value=0, max_value=9_999_999),
    cents=st.integers(min_value=0, max_value=99),
    separator=st.sampled_from(SEPARATORS),
    suffix=st.sampled_from([" €", "\u00a0€", " euros", " € TTC", "€", ""]),
)
def test_round_trip_of_formatted_amounts(euros: int, cents: int, separator: str, suffix: str):
    grouped = f"{euros:,}".replace(",", separator)
    text = f"{grouped},{cents:02d}{suffix}"
    assert parse_amount(text).value == Decimal(euros) + Decimal(cents) / 100


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
def test_babel_formatted_amounts_read_back(value: Decimal) -> None:
    from babel.numbers import format_currency

    assert parse_amount(format_currency(value, "EUR", locale="fr_FR")).value == value


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_words_are_not_amounts(word: str) -> None:
    if word in {"devis", "gratuit", "gratuite", "offert", "inclus"}:
        return
    with pytest.raises(AmountError):
        parse_amount(word)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("18,60 € TTC/an", Decimal("18.60")),
        ("25,20 € TTC / an", Decimal("25.20")),
        ("105,00 € HT (126,00 € TTC)", Decimal("126.00")),
        ("126,00 € TTC (105,00 € HT)", Decimal("126.00")),
        ("EUR 19,20", Decimal("19.20")),
    ],
)
def test_suffixes_and_both_bases(text: str, value: Decimal) -> None:
    assert parse_amount(text).value == value


def test_a_floor_is_not_a_price() -> None:
    amount = parse_amount("À partir de 990 €")
    assert amount.on_quote and amount.value is None
    assert amount.floor == Decimal("990.00")


def test_another_period_than_the_year_stays_unreadable() -> None:
    with pytest.raises(AmountError):
        parse_amount("16,80 €/mois")


@pytest.mark.parametrize("text", ["110,00 € :", ":210,00 €", "110,00 €;"])
def test_a_colon_beside_an_amount_and_its_currency_is_a_speck(text: str) -> None:
    """A 150 dpi scan's specks read as a colon after the euro sign or glued before the
    digits: the amount is still the one printed."""
    assert parse_amount(text).value in (Decimal("110.00"), Decimal("210.00"))


@pytest.mark.parametrize("text", ["1 :", "12 : 30"])
def test_a_colon_without_a_currency_keeps_a_number_from_being_an_amount(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text)

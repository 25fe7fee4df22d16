"""Price cells holding more than an amount, as real tariff tables write them."""

from __future__ import annotations

from decimal import Decimal

from pipeline.parse.price_cell import qualifiers_from_label, split_price_cell


def _amounts(text: str) -> list[Decimal | None]:
    return [part.amount.value for part in split_price_cell(text)]


def test_unit_written_after_the_amount_in_words() -> None:
    (part,) = split_price_cell("3 € par m² et par mois")
    assert part.amount.value == Decimal("3.00")
    assert part.unit == "par m² et par mois"
    assert part.qualifier == ""


def test_unit_after_a_slash_belongs_to_the_amount() -> None:
    (part,) = split_price_cell("1 € / jour")
    assert part.amount.value == Decimal("1.00")
    assert part.unit == "jour"


def test_two_prices_split_by_a_slash_are_two_parts() -> None:
    parts = split_price_cell("5 € / 50 €")
    assert _amounts("5 € / 50 €") == [Decimal("5.00"), Decimal("50.00")]
    assert [p.unit for p in parts] == ["", ""]


def test_each_price_keeps_the_qualifier_written_before_it() -> None:
    parts = split_price_cell(
        "En dehors de la zone hyper centre : 2 500 € / Zone hyper centre : 3 500 €"
    )
    assert [(p.qualifier, p.amount.value) for p in parts] == [
        ("En dehors de la zone hyper centre", Decimal("2500.00")),
        ("Zone hyper centre", Decimal("3500.00")),
    ]


def test_free_with_its_reason_in_brackets() -> None:
    (part,) = split_price_cell("Gratuit (intérêt général)")
    assert part.amount.free
    assert part.amount.value == Decimal("0.00")
    assert part.qualifier == "intérêt général"
    assert part.unit == ""


def test_tax_basis_and_compound_unit_after_the_amount() -> None:
    (part,) = split_price_cell("60 € HT/m²/an")
    assert part.amount.value == Decimal("60.00")
    assert part.tax == "HT"
    assert part.unit == "m²/an"


def test_percentage_increase_is_no_price() -> None:
    assert split_price_cell("Tarifs majorés de 50 %") == []


def test_empty_cell_is_no_price() -> None:
    assert split_price_cell("  \n ") == []


def test_label_names_each_price_of_the_cell() -> None:
    assert qualifiers_from_label("mensuel / annuel", 2) == ["mensuel", "annuel"]
    assert qualifiers_from_label("mensuel / annuel", 3) is None

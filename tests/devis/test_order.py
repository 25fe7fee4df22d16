"""An order read from the command line and matched to the version's lines."""

from __future__ import annotations

import pytest

from pipeline.devis.order import Item, Order, match, parse_item, parse_quantity
from pipeline.errors import OrderError
from pipeline.settings import DevisSettings
from tests.render.helpers import version_2025

WORDS = DevisSettings()


@pytest.mark.parametrize(("text", "value"), [("3", 3), (" 1 000 ", 1000), ("40.0", 40), ("7,", 7)])
def test_quantities(text, value):
    assert parse_quantity(text, most=100_000) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [("0", "nulle"), ("-2", "invalide"), ("2,5", "invalide"), ("trois", "invalide"),
     ("", "invalide"), ("²", "invalide"), ("100001", "au-delà")],
)  # fmt: skip
def test_bad_quantities(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_quantity(text, most=100_000)


def test_an_item_from_the_command_line():
    assert parse_item("Messagerie compte 5 Go : 3", most=10) == Item("Messagerie compte 5 Go", 3)
    assert parse_item("Nom de domaine=1", most=10) == Item("Nom de domaine", 1)
    assert parse_item("Abonnement : niveau 1 : 2", most=10).name == "Abonnement : niveau 1"


@pytest.mark.parametrize("text", ["Messagerie compte 5 Go", ": 3", "Nom de domaine : 0"])
def test_bad_items_are_order_errors(text):
    with pytest.raises(OrderError):
        parse_item(text, most=10)


def order(*items: tuple[str, int]) -> Order:
    return Order(
        "62001", [Item(n, q, row=i + 2, column="service") for i, (n, q) in enumerate(items)]
    )


def test_an_order_matched_to_the_version():
    found = match(order(("Licence antivirus", 2), ("Nom de domaine", 1)), version_2025(), WORDS)
    assert [(o.line.group, o.line.label, o.item.quantity) for o in found] == [
        ("Antivirus", "Licence", 2),
        (None, "Nom de domaine", 1),
    ]


def test_the_same_service_twice_is_refused_with_both_rows():
    with pytest.raises(OrderError) as caught:
        match(order(("Nom de domaine", 1), ("nom de domaine", 2)), version_2025(), WORDS)
    assert caught.value.row == 3
    assert "déjà commandé (ligne 2)" in str(caught.value)


def test_an_unknown_service_names_its_row_and_column():
    with pytest.raises(OrderError) as caught:
        match(order(("Nom de domaine", 1), ("Certificat 3 ans", 1)), version_2025(), WORDS)
    assert str(caught.value).startswith("ligne 3, colonne « service » : service inconnu")


def test_beyond_a_limit_that_says_devis_is_a_line_on_quote():
    (found,) = match(order(("Go de stockage supplémentaire", 140)), version_2025(), WORDS)
    assert found.over_limit and found.unit.beyond_on_quote
    (within,) = match(order(("Go de stockage supplémentaire", 100)), version_2025(), WORDS)
    assert not within.over_limit


def test_beyond_a_limit_without_devis_is_an_error():
    version = version_2025()
    lines = [
        s.model_copy(update={"unit": "Par an, dans la limite de 100 Go"})
        if "stockage" in s.label
        else s
        for s in version.extraction.services
    ]
    limited = version.model_copy(
        update={"extraction": version.extraction.model_copy(update={"services": lines})}
    )
    with pytest.raises(OrderError, match="quantité 140 au-delà de la limite de 100 Go"):
        match(order(("Go de stockage supplémentaire", 140)), limited, WORDS)

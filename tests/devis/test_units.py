"""Reading a unit of billing: yearly, first year or once, and a limit."""

from __future__ import annotations

import pytest

from pipeline.devis.models import Periodicity
from pipeline.devis.units import read_unit
from pipeline.settings import DevisSettings

WORDS = DevisSettings()


@pytest.mark.parametrize(
    ("unit", "periodicity"),
    [
        ("Par compte et par an", Periodicity.YEARLY),
        ("Par nom de domaine et par an", Periodicity.YEARLY),
        ("12 € / an", Periodicity.YEARLY),
        ("Abonnement annuel", Periodicity.YEARLY),
        ("Par poste et la première année", Periodicity.FIRST_YEAR),
        ("Par compte", Periodicity.ONE_OFF),
        ("Par unité", Periodicity.ONE_OFF),
        ("Par certificat", Periodicity.ONE_OFF),
        ("Par ancienneté", Periodicity.ONE_OFF),  # « an » inside a word is not « an »
    ],
)
def test_periodicity_from_the_wording(unit, periodicity):
    assert read_unit(unit, WORDS).periodicity is periodicity


def test_a_limit_and_a_devis_beyond_it():
    reading = read_unit(
        "Par an et dans la limite de 100 Go – supérieur à 100 Go devis sous réserve de faisabilité",
        WORDS,
    )
    assert (reading.periodicity, reading.limit, reading.measure) == (Periodicity.YEARLY, 100, "Go")
    assert reading.beyond_on_quote
    assert reading.limit_text() == "100 Go"


def test_a_limit_without_a_devis():
    reading = read_unit("Par an, jusqu’à 1 000 comptes", WORDS)
    assert (reading.limit, reading.measure, reading.beyond_on_quote) == (1000, "comptes", False)


def test_no_limit():
    reading = read_unit("Par compte et par an", WORDS)
    assert reading.limit is None and not reading.beyond_on_quote


def test_the_words_are_settings():
    words = DevisSettings(yearly_words=("chaque exercice",), limit_words=("plafond",))
    assert read_unit("Par compte et chaque exercice", words).periodicity is Periodicity.YEARLY
    assert read_unit("Par compte et par an", words).periodicity is Periodicity.ONE_OFF
    assert read_unit("plafond 5 postes", words).limit == 5

"""The lines and totals of a devis."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.devis.compute import accompaniment_line, service_lines, totals
from pipeline.devis.models import Line, LineKind, Periodicity
from pipeline.devis.order import Item, Order, match
from pipeline.errors import DevisError
from pipeline.models import TaxBasis
from pipeline.registry import place
from pipeline.settings import DevisSettings
from tests.devis.helpers import CITY, EXACTLY_3500, SMALL, SYNDICATE
from tests.render.helpers import version_2025, version_2026

WORDS = DevisSettings()


def lines_of(version, *items: tuple[str, int]) -> list[Line]:
    ordered = match(Order("62990", [Item(n, q) for n, q in items]), version, WORDS)
    return [
        Line(number=i, **draft.model_dump())
        for i, draft in enumerate(service_lines(ordered), start=1)
    ]


def test_the_check_of_the_issue():
    lines = lines_of(
        version_2025(),
        ("Messagerie compte 5 Go", 3),
        ("Nom de domaine", 1),
        ("Licence antivirus", 2),
    )
    sums = totals(lines)
    assert (
        sums.yearly
        == sums.first_year
        == 3 * Decimal("16.80") + Decimal("15.60") + 2 * Decimal("16.80")
    )
    assert sums.yearly == Decimal("99.60") and sums.one_off == 0 and sums.basis == "TTC"
    assert sums.first_year_ht is None and sums.vat_rate is None


def test_one_off_amounts_apart_from_yearly_ones():
    lines = lines_of(
        version_2026(),
        ("Abonnement niveau 1", 1),
        ("Mise en service niveau 1", 1),
        ("Certificat 3 ans", 1),
        ("Pack antivirus", 4),
    )
    kinds = {line.label: line.periodicity for line in lines}
    assert kinds["Mise en service niveau 1"] is Periodicity.ONE_OFF
    assert kinds["Licences"] is Periodicity.FIRST_YEAR
    sums = totals(lines)
    assert sums.yearly == Decimal("441.60")
    assert sums.one_off == Decimal("110.40") + Decimal("1104.00") + 4 * Decimal("31.20")
    assert sums.first_year == sums.yearly + sums.one_off


def test_ht_and_vat_rate_when_the_version_has_both():
    version = version_2025()
    services = [
        s.model_copy(update={"amount_ht": (s.amount / Decimal("1.2")).quantize(Decimal("0.01"))})
        for s in version.extraction.services
    ]
    both = version.model_copy(
        update={"extraction": version.extraction.model_copy(update={"services": services})}
    )
    sums = totals(lines_of(both, ("Messagerie compte 5 Go", 3), ("Nom de domaine", 1)))
    assert sums.first_year_ht == 3 * Decimal("14.00") + Decimal("13.00")
    assert sums.vat_rate == Decimal("20.0")
    assert sums.vat == sums.first_year - sums.first_year_ht


def test_prices_in_ht_and_ttc_mixed_are_refused():
    version = version_2025()
    services = [
        s.model_copy(update={"tax_basis": TaxBasis.HT}) if s.label == "Nom de domaine" else s
        for s in version.extraction.services
    ]
    mixed = version.model_copy(
        update={"extraction": version.extraction.model_copy(update={"services": services})}
    )
    with pytest.raises(DevisError, match="TTC et d'autres en HT"):
        lines_of(mixed, ("Messagerie compte 5 Go", 3), ("Nom de domaine", 1))


def test_storage_beyond_the_limit_waits_for_a_price():
    (line,) = lines_of(version_2025(), ("Go de stockage supplémentaire", 140))
    assert line.on_quote and line.price is None and line.quantity == 140
    assert "140 Go : au-delà de la limite de 100 Go" in line.note
    with pytest.raises(DevisError, match="ligne\\(s\\) 1 à chiffrer"):
        totals([line])


def fee(collectivity, version):
    placement = place(collectivity, version.extraction.strata, on=version.effective_date)
    return accompaniment_line(placement, version.extraction.strata, WORDS)


def test_the_fee_of_the_tier():
    line = fee(SMALL, version_2025())
    assert (line.kind, line.unit_price, line.on_quote) == (
        LineKind.ACCOMPANIMENT,
        Decimal("200.00"),
        False,
    )
    assert "Moins de 2 000 habitants" in line.label
    assert line.periodicity is Periodicity.YEARLY and line.quantity == 1


@pytest.mark.parametrize("who", [CITY, SYNDICATE, EXACTLY_3500])
def test_a_fee_on_quote(who):
    line = fee(who, version_2025())
    assert line.on_quote and line.unit_price is None and line.note


def test_a_collectivite_in_no_tier_says_why():
    line = fee(EXACTLY_3500, version_2025())
    assert "aucune strate ne couvre 3" in line.note and line.key[1] is None


def test_the_basis_of_the_fee_is_a_setting():
    placement = place(SMALL, version_2025().extraction.strata, on=version_2025().effective_date)
    line = accompaniment_line(
        placement, version_2025().extraction.strata, DevisSettings(accompaniment_basis="HT")
    )
    assert line.basis == "HT"

"""Tier lookup in the approved 2025 version, and the boundary report."""

from __future__ import annotations

from pipeline.registry import Collectivity, CollectivityKind, TariffBasis, place
from pipeline.registry.models import DEFAULT_BASIS
from tests.render.helpers import version_2025

TIERS = version_2025().extraction.strata


def commune(population: int, totale: int | None = None) -> Collectivity:
    return Collectivity(
        code="62990",
        insee_code="62990",
        name="Exemple",
        kind=CollectivityKind.COMMUNE,
        basis=TariffBasis.POPULATION,
        population_municipale=population,
        population_totale=totale,
        origin="test",
    )


def test_1994_inhabitants_pay_200():
    placement = place(commune(1994), TIERS)
    assert placement.tier.label == "Moins de 2 000 habitants"
    assert str(placement.tier.amount) == "200.00"


def test_exactly_3500_falls_in_no_tier():
    placement = place(commune(3500), TIERS)
    assert placement.tier is None
    assert "3\u202f500 habitants" in placement.problem


def test_above_3500_is_on_quote():
    assert place(commune(3501), TIERS).tier.on_quote


def test_public_establishment_gets_its_tier_whatever_its_population():
    ccas = Collectivity(
        code="266200013",
        siren="266200013",
        name="CCAS",
        kind=CollectivityKind.CCAS,
        basis=DEFAULT_BASIS[CollectivityKind.CCAS],
        origin="test",
    )
    placement = place(ccas, TIERS)
    assert placement.tier.label == "Établissement public"
    assert placement.tier.on_quote


def test_boundary_margin():
    near = place(commune(1994), TIERS, margin=0.02).boundary
    assert near is not None and near.boundary == 2000
    assert place(commune(1800), TIERS, margin=0.02).boundary is None
    assert place(commune(1994), TIERS, margin=0.001).boundary is None


def test_boundary_note_says_when_the_other_figure_changes_the_tier():
    placement = place(commune(1994, totale=2010), TIERS, population_kind="municipale")
    assert placement.boundary.other_tier.label == "Moins de 2 500 habitants"
    assert "population totale" in placement.boundary.message
    placement = place(commune(1994, totale=2010), TIERS, population_kind="totale")
    assert placement.population == 2010 and placement.population_kind == "totale"

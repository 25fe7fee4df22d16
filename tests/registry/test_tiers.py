"""Tier lookup in the approved 2025 version, and the boundary report."""

from __future__ import annotations

import datetime as dt

from pipeline.registry import Collectivity, CollectivityKind, TariffBasis, place
from pipeline.registry.models import DEFAULT_BASIS, PopulationFigure
from tests.render.helpers import version_2025

TIERS = version_2025().extraction.strata
ON = dt.date(2026, 3, 25)
"""The millésime 2023 is in force."""


def commune(municipale: int | None, totale: int | None = None, vintage: int = 2023):
    figures = [
        PopulationFigure(kind=kind, value=value, vintage=vintage, source="test")
        for kind, value in (("municipale", municipale), ("totale", totale))
        if value is not None
    ]
    return Collectivity(
        code="62990",
        insee_code="62990",
        name="Exemple",
        kind=CollectivityKind.COMMUNE,
        basis=TariffBasis.POPULATION,
        populations=tuple(figures),
        origin="test",
    )


def placed(item, **kwargs):
    return place(item, TIERS, on=ON, **kwargs)


def test_1994_inhabitants_pay_200():
    placement = placed(commune(1994), population_kind="municipale")
    assert placement.tier.label == "Moins de 2 000 habitants"
    assert str(placement.tier.amount) == "200.00"


def test_the_totale_is_the_default_figure():
    placement = placed(commune(1994, totale=2010))
    assert placement.population == 2010 and placement.population_kind == "totale"
    assert placement.tier.label == "Moins de 2 500 habitants"
    assert placement.choice.exact and placement.population_vintage == 2023


def test_exactly_3500_falls_in_no_tier():
    placement = placed(commune(3400, totale=3500))
    assert placement.tier is None
    assert "3\u202f500 habitants" in placement.problem and "population totale" in placement.problem


def test_above_3500_is_on_quote():
    assert placed(commune(3400, totale=3501)).tier.on_quote


def test_a_figure_missing_for_the_vintage_in_force_is_said():
    older = commune(1994, totale=2010, vintage=2022)
    placement = placed(older)
    assert placement.population == 2010 and placement.population_vintage == 2022
    assert not placement.choice.exact
    assert "millésime 2023" in placement.choice.note and "millésime 2022" in placement.choice.note


def test_no_figure_at_all_for_the_kind_is_a_problem():
    placement = placed(commune(None, totale=None))
    assert placement.tier is None and placement.problem == "population inconnue"
    placement = placed(commune(1994))  # the municipale only; the totale is asked for
    assert placement.tier is None
    assert "population totale du millésime 2023" in placement.problem


def test_public_establishment_gets_its_tier_whatever_its_population():
    ccas = Collectivity(
        code="266200013",
        siren="266200013",
        name="CCAS",
        kind=CollectivityKind.CCAS,
        basis=DEFAULT_BASIS[CollectivityKind.CCAS],
        origin="test",
    )
    placement = placed(ccas)
    assert placement.tier.label == "Établissement public"
    assert placement.tier.on_quote and placement.choice is None


def test_boundary_margin():
    near = placed(commune(1994), population_kind="municipale", margin=0.02).boundary
    assert near is not None and near.boundary == 2000
    assert placed(commune(1800), population_kind="municipale", margin=0.02).boundary is None
    assert placed(commune(1994), population_kind="municipale", margin=0.001).boundary is None


def test_boundary_note_says_when_the_other_figure_changes_the_tier():
    placement = placed(commune(1994, totale=2010), population_kind="municipale")
    assert placement.boundary.other_tier.label == "Moins de 2 500 habitants"
    assert "population totale (2\u202f010)" in placement.boundary.message
    placement = placed(commune(3480, totale=3500))
    assert placement.tier is None  # 3 500 totale: no tier
    placement = placed(commune(3500, totale=3537))
    assert "population municipale (3\u202f500), aucune strate" in placement.boundary.message

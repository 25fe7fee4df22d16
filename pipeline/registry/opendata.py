"""The default registry: the communes and EPCI of the Pas-de-Calais shipped in ``pipeline/data``.

Source: @etalab/decoupage-administratif 6.0.0 (INSEE Code officiel géographique and
populations légales, Licence Ouverte / Etalab). Communes carry only the population
municipale; EPCI carry both the municipale and the totale.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.registry.models import (
    DEFAULT_BASIS,
    Collectivity,
    CollectivityKind,
    PopulationSource,
)

DATA = Path(__file__).resolve().parent.parent / "data"
ORIGIN = "référentiel INSEE (découpage administratif 6.0.0)"
POPULATION_SOURCE = PopulationSource(
    label="INSEE, populations légales", vintage=2023, in_force=2026
)


def _read(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def communes() -> list[Collectivity]:
    return [
        Collectivity(
            code=row["code"],
            insee_code=row["code"],
            siren=row.get("siren"),
            name=row["nom"],
            kind=CollectivityKind.COMMUNE,
            basis=DEFAULT_BASIS[CollectivityKind.COMMUNE],
            population_municipale=row.get("population"),
            population_source=POPULATION_SOURCE,
            representative_role="Maire",
            origin=ORIGIN,
        )
        for row in _read("communes-62.json")
    ]


def epcis() -> list[Collectivity]:
    return [
        Collectivity(
            code=row["code"],
            siren=row["code"],
            name=row["nom"],
            kind=CollectivityKind.EPCI,
            basis=DEFAULT_BASIS[CollectivityKind.EPCI],
            population_municipale=row.get("populationMunicipale"),
            population_totale=row.get("populationTotale"),
            population_source=POPULATION_SOURCE,
            representative_role="Président",
            origin=ORIGIN,
        )
        for row in _read("epci-62.json")
    ]


def default_collectivities() -> list[Collectivity]:
    """The 887 communes and 20 EPCI, communes first, each in the data's order."""
    return communes() + epcis()

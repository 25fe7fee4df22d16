"""The default registry: the communes and EPCI of the Pas-de-Calais shipped in ``pipeline/data``.

Who is who comes from ``communes-62.json`` and ``epci-62.json`` (COG 2026 and the
DGCL's list of EPCI for 2026); the populations from one file per millésime,
``populations-<millésime>.json``, each naming its source, licence and the date it
came into force (see ``pipeline/data/README.md``). Every figure keeps its millésime:
a document never takes a figure of one millésime for another without saying so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.registry.models import (
    DEFAULT_BASIS,
    POPULATION_KINDS,
    Collectivity,
    CollectivityKind,
    PopulationFigure,
)

DATA = Path(__file__).resolve().parent.parent / "data"
ORIGIN = "référentiel INSEE (découpage administratif 6.0.0)"


def _read(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Vintage:
    """One shipped file of legal populations."""

    vintage: int
    source: str
    licence: str
    kinds: tuple[str, ...]
    """The kinds of figure the file has (``municipale``, ``totale``)."""
    missing: str
    """What the file lacks, in French (empty when nothing)."""
    communes: dict[str, dict[str, int]]
    epci: dict[str, dict[str, int]]

    @property
    def label(self) -> str:
        return f"INSEE, populations légales millésime {self.vintage}"


@cache
def vintages() -> tuple[Vintage, ...]:
    """The shipped millésimes, oldest first."""
    found = []
    for path in sorted(DATA.glob("populations-*.json")):
        data = _read(path)
        assert isinstance(data, dict)
        found.append(
            Vintage(
                vintage=data["millesime"],
                source=data["source"],
                licence=data["licence"],
                kinds=tuple(data["chiffres"]),
                missing=data.get("absents", ""),
                communes=data["communes"],
                epci=data["epci"],
            )
        )
    return tuple(found)


def _figures(code: str, group: str) -> tuple[PopulationFigure, ...]:
    figures = []
    for vintage in vintages():
        row = getattr(vintage, group).get(code, {})
        for kind in POPULATION_KINDS:
            if row.get(kind) is not None:
                figures.append(
                    PopulationFigure(
                        kind=kind, value=row[kind], vintage=vintage.vintage, source=vintage.label
                    )
                )
    return tuple(figures)


def communes() -> list[Collectivity]:
    return [
        Collectivity(
            code=row["code"],
            insee_code=row["code"],
            siren=row.get("siren"),
            name=row["nom"],
            kind=CollectivityKind.COMMUNE,
            basis=DEFAULT_BASIS[CollectivityKind.COMMUNE],
            populations=_figures(row["code"], "communes"),
            representative_role="Maire",
            origin=ORIGIN,
        )
        for row in _read(DATA / "communes-62.json")  # type: ignore[union-attr]
    ]


def epcis() -> list[Collectivity]:
    return [
        Collectivity(
            code=row["code"],
            siren=row["code"],
            name=row["nom"],
            kind=CollectivityKind.EPCI,
            basis=DEFAULT_BASIS[CollectivityKind.EPCI],
            populations=_figures(row["code"], "epci"),
            representative_role="Président",
            origin=ORIGIN,
        )
        for row in _read(DATA / "epci-62.json")  # type: ignore[union-attr]
    ]


def default_collectivities() -> list[Collectivity]:
    """The 887 communes and 20 EPCI, communes first, each in the data's order."""
    return communes() + epcis()

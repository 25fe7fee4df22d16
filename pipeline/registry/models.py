"""A collectivité as the registry knows it, with where its population comes from."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PopulationKind = Literal["municipale", "totale"]


class CollectivityKind(StrEnum):
    COMMUNE = "commune"
    EPCI = "epci"
    CCAS = "ccas"
    SYNDICAT = "syndicat"
    PUBLIC_ESTABLISHMENT = "etablissement_public"


class TariffBasis(StrEnum):
    """Which accompaniment tier applies: by population, or the établissement public one."""

    POPULATION = "population"
    PUBLIC_ESTABLISHMENT = "etablissement_public"


DEFAULT_BASIS = {
    CollectivityKind.COMMUNE: TariffBasis.POPULATION,
    # An EPCI is legally an établissement public (CGCT L5210-1-1 A); the staff may set
    # « tarification = population » for one in their registry file.
    CollectivityKind.EPCI: TariffBasis.PUBLIC_ESTABLISHMENT,
    CollectivityKind.CCAS: TariffBasis.PUBLIC_ESTABLISHMENT,
    CollectivityKind.SYNDICAT: TariffBasis.PUBLIC_ESTABLISHMENT,
    CollectivityKind.PUBLIC_ESTABLISHMENT: TariffBasis.PUBLIC_ESTABLISHMENT,
}

KIND_LABELS = {
    CollectivityKind.COMMUNE: "commune",
    CollectivityKind.EPCI: "établissement public de coopération intercommunale",
    CollectivityKind.CCAS: "centre communal d'action sociale",
    CollectivityKind.SYNDICAT: "syndicat",
    CollectivityKind.PUBLIC_ESTABLISHMENT: "établissement public",
}


class PopulationSource(BaseModel):
    """Where a population figure comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(description="ex. INSEE, populations légales")
    vintage: int | None = Field(default=None, description="année décrite par le chiffre")
    in_force: int | None = Field(
        default=None, description="année à partir de laquelle il s'applique"
    )


class Collectivity(BaseModel):
    """One collectivité or établissement public that may sign the convention."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(description="identifiant : code INSEE pour une commune, sinon SIREN")
    insee_code: str | None = Field(default=None, description="code INSEE (communes)")
    siren: str | None = Field(default=None, description="numéro SIREN")
    name: str = Field(min_length=1, description="nom officiel")
    kind: CollectivityKind = Field(
        description="commune, epci, ccas, syndicat, etablissement_public"
    )
    basis: TariffBasis = Field(description="strate par population ou « établissement public »")
    population_municipale: int | None = Field(default=None, ge=0)
    population_totale: int | None = Field(default=None, ge=0)
    population_source: PopulationSource | None = None
    representative_title: str | None = Field(default=None, description="civilité, ex. M., Mme")
    representative_name: str | None = Field(default=None, description="prénom et nom")
    representative_role: str | None = Field(default=None, description="qualité, ex. Maire")
    deliberation_date: dt.date | None = Field(
        default=None, description="date de la délibération qui autorise la signature"
    )
    address: str | None = None
    email: str | None = None
    origin: str = Field(description="référentiel par défaut et/ou fichier des collectivités")

    def population(self, preferred: PopulationKind) -> tuple[int, PopulationKind] | None:
        """The figure of the preferred kind, or the other one when only it is known."""
        figures: dict[PopulationKind, int | None] = {
            "municipale": self.population_municipale,
            "totale": self.population_totale,
        }
        other: PopulationKind = "totale" if preferred == "municipale" else "municipale"
        for kind in (preferred, other):
            value = figures[kind]
            if value is not None:
                return value, kind
        return None

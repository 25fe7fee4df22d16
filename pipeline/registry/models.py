"""A collectivité as the registry knows it, with where its population comes from."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

PopulationKind = Literal["municipale", "totale"]
POPULATION_KINDS: tuple[PopulationKind, ...] = ("municipale", "totale")


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


class PopulationFigure(BaseModel):
    """One population figure of one kind and one vintage, with where it comes from.

    Legal populations of vintage N describe 1 January N and are in force from
    1 January N + 3 (the millésime 2023 from 1 January 2026).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: PopulationKind
    value: int = Field(ge=0)
    vintage: int | None = Field(description="millésime ; None : année inconnue")
    source: str = Field(description="ex. INSEE, populations légales millésime 2023")


class RegisterSource(BaseModel):
    """Where a fact on a collectivité comes from (a register, the staff's file) and how
    recent it is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(description="ex. Répertoire national des élus")
    date: dt.date | None = Field(default=None, description="date des données")
    date_kind: str = Field(
        default="fichier du",
        description="ce que la date désigne, ex. « fichier du », « fiche mise à jour le »",
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
    populations: tuple[PopulationFigure, ...] = Field(
        default=(), description="chiffres de population, par type et par millésime"
    )
    representative_title: str | None = Field(default=None, description="civilité, ex. M., Mme")
    representative_name: str | None = Field(default=None, description="prénom et nom")
    representative_role: str | None = Field(default=None, description="qualité, ex. Maire")
    deliberation_date: dt.date | None = Field(
        default=None, description="date de la délibération qui autorise la signature"
    )
    deliberating_body: str | None = Field(
        default=None, description="assemblée qui autorise la signature, ex. conseil municipal"
    )
    address: str | None = None
    email: str | None = None
    representative_source: RegisterSource | None = Field(
        default=None, description="d'où vient le représentant (registre, fichier du service)"
    )
    address_source: RegisterSource | None = Field(
        default=None, description="d'où vient l'adresse (annuaire, fichier du service)"
    )
    origin: str = Field(description="référentiel par défaut et/ou fichier des collectivités")

    @model_validator(mode="before")
    @classmethod
    def _single_figures(cls, data: object) -> object:
        """Accept ``population_municipale`` / ``population_totale`` (and
        ``population_source``) as one figure of each kind, of the source's vintage."""
        if not isinstance(data, dict) or not any(k.startswith("population_") for k in data):
            return data
        data = dict(data)
        source = data.pop("population_source", None)
        if isinstance(source, dict):
            source = PopulationSource(**source)
        figures = list(data.get("populations", ()))
        for kind in POPULATION_KINDS:
            value = data.pop(f"population_{kind}", None)
            if value is not None:
                figures.append(
                    PopulationFigure(
                        kind=kind,
                        value=value,
                        vintage=source.vintage if source else None,
                        source=source.label if source else "source non précisée",
                    )
                )
        data["populations"] = tuple(figures)
        return data

    def figure(self, kind: PopulationKind, vintage: int | None = None) -> PopulationFigure | None:
        """The figure of ``kind`` for ``vintage``; without a vintage, the latest one
        (a figure of unknown vintage counts as the latest)."""
        found = [f for f in self.populations if f.kind == kind]
        if vintage is not None:
            found = [f for f in found if f.vintage == vintage]
        return max(found, key=lambda f: f.vintage or 10_000, default=None)

    @property
    def population_municipale(self) -> int | None:
        """The latest population municipale known."""
        found = self.figure("municipale")
        return found.value if found else None

    @property
    def population_totale(self) -> int | None:
        """The latest population totale known."""
        found = self.figure("totale")
        return found.value if found else None

    @property
    def population_source(self) -> PopulationSource | None:
        """The source of the latest figure (for display)."""
        latest = max(self.populations, key=lambda f: f.vintage or 10_000, default=None)
        if latest is None:
            return None
        in_force = latest.vintage + 3 if latest.vintage else None
        return PopulationSource(label=latest.source, vintage=latest.vintage, in_force=in_force)

    def population(self, preferred: PopulationKind) -> tuple[int, PopulationKind] | None:
        """The latest figure of the preferred kind, or of the other one when only it is
        known (for display; documents use :func:`pipeline.registry.populations.choose`)."""
        other: PopulationKind = "totale" if preferred == "municipale" else "municipale"
        for kind in (preferred, other):
            found = self.figure(kind)
            if found is not None:
                return found.value, kind
        return None

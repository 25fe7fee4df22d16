"""The tier of a collectivité, from its population or its kind, in a tariff version.

The population is the figure :func:`pipeline.registry.populations.choose` gives: the
kind the version's rule names, of the millésime in force on the document's date. A
collectivité that no tier covers (3 500 inhabitants exactly under the 10 July 2025
deliberation), or whose figure is unknown, gets a :class:`Placement` with a
``problem`` and no convention; one near a tier boundary gets a :class:`BoundaryNote`
for the run's report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.french import integer
from pipeline.models import Tier, TierKind
from pipeline.registry.models import Collectivity, PopulationKind, TariffBasis
from pipeline.registry.populations import Fallback, PopulationChoice, choose


@dataclass(frozen=True)
class BoundaryNote:
    """A population within the margin of a tier boundary."""

    boundary: int
    """The N of « Moins de N » / the first population of the next tier."""
    gap: float
    """Relative distance to the boundary (0.012 = 1,2 %)."""
    other_kind: PopulationKind | None = None
    other_tier: Tier | None = None
    """The tier the other population figure (same millésime) would give, when it differs."""
    other_value: int | None = None
    """The other figure, when it gives another tier or none."""

    @property
    def message(self) -> str:
        percent = f"{self.gap * 100:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        text = f"à {percent} % de la borne {integer(self.boundary)}"
        if self.other_kind and self.other_value is not None:
            tier = f"strate « {self.other_tier.label} »" if self.other_tier else "aucune strate"
            text += f" ; avec la population {self.other_kind} ({integer(self.other_value)}), {tier}"
        return text


@dataclass(frozen=True)
class Placement:
    """Where a collectivité falls in a version's tiers."""

    collectivity: Collectivity
    population: int | None
    population_kind: PopulationKind | None
    tier: Tier | None
    problem: str | None = None
    """Why no tier applies (in French); then no convention is generated."""
    boundary: BoundaryNote | None = None
    choice: PopulationChoice | None = None
    """The population figure used and why (None for a tier by kind of structure)."""

    @property
    def population_vintage(self) -> int | None:
        figure = self.choice.figure if self.choice else None
        return figure.vintage if figure else None


def _covering(tiers: Sequence[Tier], population: int) -> list[Tier]:
    return [t for t in tiers if t.covers(population)]


def _boundaries(tiers: Sequence[Tier]) -> set[int]:
    found: set[int] = set()
    for tier in tiers:
        if tier.kind is not TierKind.COLLECTIVITY:
            continue
        if tier.min_population:
            found.add(tier.min_population)
        if tier.max_population is not None:
            found.add(tier.max_population + 1)
    return found


def boundary_note(
    collectivity: Collectivity,
    population: int,
    kind: PopulationKind,
    tiers: Sequence[Tier],
    margin: float,
    vintage: int | None = None,
) -> BoundaryNote | None:
    """The nearest boundary within ``margin``, and what the other figure of the same
    millésime would give."""
    near = [
        (abs(population - b) / b, b)
        for b in _boundaries(tiers)
        if abs(population - b) <= margin * b
    ]
    if not near:
        return None
    gap, boundary = min(near)
    other_kind: PopulationKind = "totale" if kind == "municipale" else "municipale"
    other = collectivity.figure(other_kind, vintage)
    if other is None:
        return BoundaryNote(boundary=boundary, gap=gap)
    mine, theirs = _covering(tiers, population), _covering(tiers, other.value)
    if theirs == mine:
        return BoundaryNote(boundary=boundary, gap=gap)
    return BoundaryNote(
        boundary=boundary,
        gap=gap,
        other_kind=other_kind,
        other_tier=theirs[0] if theirs else None,
        other_value=other.value,
    )


def place(
    collectivity: Collectivity,
    tiers: Sequence[Tier],
    *,
    population_kind: PopulationKind = "totale",
    margin: float = 0.02,
    on: dt.date | None = None,
    fallback: Fallback = Fallback.EARLIER_VINTAGE,
) -> Placement:
    """The tier that applies to ``collectivity`` among ``tiers`` on ``on`` (today by
    default), or why none does; ``population_kind`` is the version's rule."""
    choice = choose(collectivity, population_kind, on or dt.date.today(), fallback)
    figure = choice.figure
    population, kind = (figure.value, figure.kind) if figure else (None, None)

    if collectivity.basis is TariffBasis.PUBLIC_ESTABLISHMENT:
        found = [t for t in tiers if t.kind is TierKind.PUBLIC_ESTABLISHMENT]
        if not found:
            return Placement(
                collectivity,
                population,
                kind,
                None,
                problem="la version ne prévoit pas de strate « établissement public »",
            )
        return Placement(collectivity, population, kind, found[0])

    if population is None or kind is None:
        problem = "population inconnue"
        if collectivity.populations:
            problem = f"{choice.note} : à compléter dans le fichier des collectivités"
        return Placement(collectivity, None, None, None, problem=problem, choice=choice)
    note = boundary_note(
        collectivity, population, kind, tiers, margin, figure.vintage if figure else None
    )
    covering = _covering(tiers, population)
    if not covering:
        return Placement(
            collectivity,
            population,
            kind,
            None,
            problem=(
                f"aucune strate ne couvre {integer(population)} habitants "
                f"(population {kind}) : à trancher par le service juridique"
            ),
            boundary=note,
            choice=choice,
        )
    if len(covering) > 1:
        labels = " ; ".join(f"« {t.label} »" for t in covering)
        return Placement(
            collectivity,
            population,
            kind,
            None,
            problem=f"plusieurs strates couvrent {integer(population)} habitants : {labels}",
            boundary=note,
            choice=choice,
        )
    return Placement(collectivity, population, kind, covering[0], boundary=note, choice=choice)

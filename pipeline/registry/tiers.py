"""The tier of a collectivité, from its population or its kind, in a tariff version.

A collectivité that no tier covers (3 500 inhabitants exactly under the 10 July 2025
deliberation) gets a :class:`Placement` with a ``problem`` and no convention; one
near a tier boundary gets a :class:`BoundaryNote` for the run's report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.french import integer
from pipeline.models import Tier, TierKind
from pipeline.registry.models import Collectivity, PopulationKind, TariffBasis


@dataclass(frozen=True)
class BoundaryNote:
    """A population within the margin of a tier boundary."""

    boundary: int
    """The N of « Moins de N » / the first population of the next tier."""
    gap: float
    """Relative distance to the boundary (0.012 = 1,2 %)."""
    other_kind: PopulationKind | None = None
    other_tier: Tier | None = None
    """The tier the other population figure would give, when it differs."""

    @property
    def message(self) -> str:
        percent = f"{self.gap * 100:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        text = f"à {percent} % de la borne {integer(self.boundary)}"
        if self.other_kind and self.other_tier is not None:
            text += f" ; avec la population {self.other_kind}, strate « {self.other_tier.label} »"
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
) -> BoundaryNote | None:
    """The nearest boundary within ``margin``, and what the other figure would give."""
    near = [
        (abs(population - b) / b, b)
        for b in _boundaries(tiers)
        if abs(population - b) <= margin * b
    ]
    if not near:
        return None
    gap, boundary = min(near)
    other_kind: PopulationKind = "totale" if kind == "municipale" else "municipale"
    other = getattr(collectivity, f"population_{other_kind}")
    other_tier = None
    if other is not None:
        mine, theirs = _covering(tiers, population), _covering(tiers, other)
        if theirs != mine:
            other_tier = theirs[0] if theirs else None
    return BoundaryNote(
        boundary=boundary,
        gap=gap,
        other_kind=other_kind if other_tier is not None else None,
        other_tier=other_tier,
    )


def place(
    collectivity: Collectivity,
    tiers: Sequence[Tier],
    *,
    population_kind: PopulationKind = "municipale",
    margin: float = 0.02,
) -> Placement:
    """The tier that applies to ``collectivity`` among ``tiers``, or why none does."""
    figure = collectivity.population(population_kind)
    population, kind = figure if figure else (None, None)

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
        return Placement(collectivity, None, None, None, problem="population inconnue")
    note = boundary_note(collectivity, population, kind, tiers, margin)
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
        )
    return Placement(collectivity, population, kind, covering[0], boundary=note)

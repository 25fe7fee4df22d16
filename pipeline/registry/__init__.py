"""Collectivités and their populations: open data, overlaid by the staff's own file."""

from pipeline.registry.models import (
    Collectivity,
    CollectivityKind,
    PopulationKind,
    PopulationSource,
    TariffBasis,
)
from pipeline.registry.registry import Registry, load_registry
from pipeline.registry.tiers import BoundaryNote, Placement, place

__all__ = [
    "BoundaryNote",
    "Collectivity",
    "CollectivityKind",
    "Placement",
    "PopulationKind",
    "PopulationSource",
    "Registry",
    "TariffBasis",
    "load_registry",
    "place",
]

"""The registry: the default open data with the staff's file laid over it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import RegistryError
from pipeline.registry.models import (
    DEFAULT_BASIS,
    Collectivity,
    CollectivityKind,
    PopulationSource,
)
from pipeline.registry.opendata import default_collectivities
from pipeline.registry.overlay import OverlayRow, read_overlay

STAFF_ORIGIN = "fichier des collectivités"


class Registry:
    """Collectivités by code (INSEE code for a commune, otherwise SIREN)."""

    def __init__(self, collectivities: Iterable[Collectivity]):
        self._items: dict[str, Collectivity] = {}
        self._aliases: dict[str, str] = {}
        self.warnings: list[str] = []
        """Questions on the staff's rows for a person (one French line each)."""
        for item in collectivities:
            self._add(item)

    def _add(self, item: Collectivity) -> None:
        self._items[item.code] = item
        for alias in (item.code, item.insee_code, item.siren):
            if alias:
                self._aliases[alias] = item.code

    def __iter__(self) -> Iterator[Collectivity]:
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def get(self, code: str) -> Collectivity | None:
        """By INSEE code or SIREN."""
        key = self._aliases.get(code.strip())
        return self._items[key] if key else None

    def find(self, code: str) -> Collectivity:
        found = self.get(code)
        if found is None:
            raise RegistryError(f"collectivité inconnue : « {code} » (code INSEE ou SIREN)")
        return found

    def apply(self, rows: Iterable[OverlayRow], path: Path) -> None:
        """Lay the staff's rows over the registry."""
        for row in rows:
            self.warnings.extend(row.warnings)
            existing = None
            for alias in (row.insee_code, row.siren):
                if alias and alias in self._aliases:
                    existing = self._items[self._aliases[alias]]
                    break
            self._add(_merge(existing, row, path))


def _merge(existing: Collectivity | None, row: OverlayRow, path: Path) -> Collectivity:
    update: dict = {
        field: value
        for field in (
            "insee_code",
            "siren",
            "name",
            "kind",
            "basis",
            "representative_title",
            "representative_name",
            "representative_role",
            "deliberation_date",
            "address",
            "email",
        )
        if (value := getattr(row, field)) is not None
    }
    if row.population is not None:
        update[f"population_{row.population_kind}"] = row.population
        update["population_source"] = PopulationSource(
            label=row.population_source or f"{STAFF_ORIGIN} ({path.name})",
            vintage=row.population_vintage,
        )
    if row.kind is not None and row.basis is None:
        update["basis"] = DEFAULT_BASIS[row.kind]

    if existing is not None:
        return existing.model_copy(
            update={**update, "origin": f"{existing.origin} + {STAFF_ORIGIN} (ligne {row.row})"}
        )
    if row.name is None:
        raise RegistryError(
            "collectivité absente du référentiel : le nom est requis",
            path=path,
            row=row.row,
            column="nom",
        )
    if row.kind is None:
        raise RegistryError(
            "collectivité absente du référentiel : le type est requis",
            path=path,
            row=row.row,
            column="type",
        )
    code = row.insee_code if row.kind is CollectivityKind.COMMUNE and row.insee_code else None
    code = code or row.siren or row.insee_code
    assert code is not None  # read_overlay requires one of them
    return Collectivity(code=code, origin=f"{STAFF_ORIGIN} (ligne {row.row})", **update)


def load_registry(overlay: Path | None = None) -> Registry:
    """The default communes and EPCI of the Pas-de-Calais, with the staff's file if any."""
    registry = Registry(default_collectivities())
    if overlay is not None:
        registry.apply(read_overlay(overlay), overlay)
    return registry

"""The registry: the default open data, the public registers, then the staff's file.

Each layer fills or replaces what the one below says: the open data give names, codes
and populations; the imported registers (:mod:`pipeline.registry.registers`) the
mayors, presidents and addresses; the staff's file has the last word. Each fact keeps
where it comes from and how recent it is, for the documents and the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import RegistryError
from pipeline.registry.models import (
    DEFAULT_BASIS,
    Collectivity,
    CollectivityKind,
    PopulationFigure,
    RegisterSource,
)
from pipeline.registry.opendata import default_collectivities
from pipeline.registry.overlay import OverlayRow, read_overlay
from pipeline.registry.registers import Known, Registers, load_registers

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

    def known(self) -> Known:
        """The codes a register file's rows are kept for."""
        return Known(
            communes={c.insee_code for c in self if c.insee_code},
            sirens={c.siren for c in self if c.siren and c.kind is not CollectivityKind.COMMUNE},
        )

    def apply_registers(self, registers: Registers) -> None:
        """Fill representatives and addresses from the imported public registers."""
        for item in list(self):
            self._add(_from_registers(item, registers))

    def apply(self, rows: Iterable[OverlayRow], path: Path) -> None:
        """Lay the staff's rows over the registry."""
        source = RegisterSource(
            label=f"{STAFF_ORIGIN} ({path.name})",
            date=dt.datetime.fromtimestamp(path.stat().st_mtime).date(),
        )
        for row in rows:
            self.warnings.extend(row.warnings)
            existing = None
            for alias in (row.insee_code, row.siren):
                if alias and alias in self._aliases:
                    existing = self._items[self._aliases[alias]]
                    break
            self._add(_merge(existing, row, path, source))


_OFFICE_KIND = {
    CollectivityKind.COMMUNE: "mairie",
    CollectivityKind.EPCI: "epci",
    CollectivityKind.CCAS: "ccas",
}


def _from_registers(item: Collectivity, registers: Registers) -> Collectivity:
    update: dict = {}
    elected = None
    if item.kind is CollectivityKind.COMMUNE:
        elected = registers.mayor(item.insee_code)
    elif item.kind is CollectivityKind.EPCI:
        elected = registers.president(item.siren)
    if elected is not None:
        person, source = elected
        update |= {
            "representative_title": person.title,
            "representative_name": person.name,
            "representative_role": person.role,
            "representative_source": source,
        }
    office_kind = _OFFICE_KIND.get(item.kind)
    key = item.insee_code if item.kind is CollectivityKind.COMMUNE else item.siren
    office = registers.office(f"{office_kind}:{key}") if office_kind and key else None
    if office is not None:
        found, source = office
        update |= {"address": found.address, "address_source": source}
        if found.email:
            update["email"] = found.email
    return item.model_copy(update=update) if update else item


def _merge(
    existing: Collectivity | None, row: OverlayRow, path: Path, source: RegisterSource
) -> Collectivity:
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
            "deliberating_body",
            "address",
            "email",
        )
        if (value := getattr(row, field)) is not None
    }
    if row.representative_name is not None:
        update["representative_source"] = source
    if row.address is not None:
        update["address_source"] = source
    if row.population is not None:
        figure = PopulationFigure(
            kind=row.population_kind,
            value=row.population,
            vintage=row.population_vintage,
            source=row.population_source or f"{STAFF_ORIGIN} ({path.name})",
        )
        kept = tuple(
            f
            for f in (existing.populations if existing else ())
            if (f.kind, f.vintage) != (figure.kind, figure.vintage)
        )
        update["populations"] = (*kept, figure)
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


def load_registry(
    overlay: Path | None = None, registers: Registers | Path | None = None
) -> Registry:
    """The default communes and EPCI of the Pas-de-Calais, with the imported registers
    (a :class:`Registers` or their folder) and the staff's file, if any."""
    registry = Registry(default_collectivities())
    if registers is not None:
        if not isinstance(registers, Registers):
            registers = load_registers(Path(registers))
        registry.apply_registers(registers)
    if overlay is not None:
        registry.apply(read_overlay(overlay), overlay)
    return registry

"""A collectivité's order: which services and how many, read from the command line
(« Messagerie compte 5 Go : 3 ») or from an order sheet (:mod:`pipeline.devis.sheet`),
and matched to the lines of the tariff version in force.

Every problem is an :class:`~pipeline.errors.OrderError` naming the row (and the
column of a sheet): an unknown or ambiguous service, a quantity that is not a positive
whole number, the same service twice, a quantity beyond the limit its unit writes
when the unit does not say that a devis takes over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.devis.match import Matcher, NoMatch, shown
from pipeline.devis.units import UnitReading, read_unit
from pipeline.errors import OrderError
from pipeline.french import integer
from pipeline.models import ServiceLine, TariffVersion
from pipeline.settings import DevisSettings

_SPACES = re.compile(r"[\s\u00a0\u202f]")


@dataclass(frozen=True)
class Item:
    """One service of an order as written, and where."""

    name: str
    quantity: int
    row: int | None = None
    column: str | None = None


@dataclass
class Order:
    """What one collectivité orders; ``path``: the sheet it was read from, if any."""

    code: str
    items: list[Item] = field(default_factory=list)
    path: Path | None = None
    row: int | None = None
    """The first row of the collectivité in the sheet."""

    def error(self, message: str, item: Item | None = None) -> OrderError:
        row = item.row if item is not None and item.row is not None else self.row
        column = item.column if item is not None else None
        return OrderError(message, path=self.path, row=row, column=column)


@dataclass(frozen=True)
class Ordered:
    """An item matched to its line of the version, with what its unit says."""

    item: Item
    line: ServiceLine
    unit: UnitReading

    @property
    def over_limit(self) -> bool:
        return self.unit.limit is not None and self.item.quantity > self.unit.limit


def parse_quantity(text: str, *, most: int) -> int:
    """A positive whole number (« 3 », « 1 000 », « 40.0 » from a spreadsheet);
    raises ValueError with the French reason."""
    raw = _SPACES.sub("", str(text))
    if re.fullmatch(r"\d+[.,]0*", raw):
        raw = re.split(r"[.,]", raw)[0]
    if not raw.isascii() or not raw.isdigit():
        raise ValueError(f"quantité invalide : « {text} » (un nombre entier positif, ex. 3)")
    value = int(raw)
    if value < 1:
        raise ValueError(f"quantité nulle : « {text} » (au moins 1 ; laissez vide sinon)")
    if value > most:
        raise ValueError(f"quantité « {text} » au-delà de {integer(most)} par ligne")
    return value


def parse_item(text: str, *, most: int, row: int | None = None) -> Item:
    """« Messagerie compte 5 Go : 3 » (or « = 3 ») as an item."""
    name, sep, quantity = text.rpartition(":") if ":" in text else text.rpartition("=")
    if not sep or not name.strip():
        raise OrderError(
            f"service mal écrit : « {text} » (attendu : « Messagerie compte 5 Go : 3 »)", row=row
        )
    try:
        return Item(" ".join(name.split()), parse_quantity(quantity, most=most), row=row)
    except ValueError as error:
        raise OrderError(str(error), row=row) from None


def match(order: Order, version: TariffVersion, settings: DevisSettings) -> list[Ordered]:
    """The order's items matched to the version's lines; raises OrderError on the first
    item that cannot be (unknown, ambiguous, twice, beyond its limit)."""
    lines = version.extraction.services
    matcher = Matcher(
        lines,
        ratio=settings.match_ratio,
        margin=settings.match_margin,
        near=settings.match_suggest,
    )
    found: list[Ordered] = []
    seen: dict[int, Item] = {}
    for item in order.items:
        try:
            index = matcher.find(item.name)
        except NoMatch as error:
            raise order.error(str(error), item) from None
        if index in seen:
            first = seen[index]
            where = f"ligne {first.row}" if first.row is not None else f"« {first.name} »"
            raise order.error(
                f"« {shown(lines[index])} » est déjà commandé ({where}) : une ligne par service",
                item,
            )
        seen[index] = item
        ordered = Ordered(item, lines[index], read_unit(lines[index].unit, settings))
        if ordered.over_limit and not ordered.unit.beyond_on_quote:
            raise order.error(
                f"quantité {integer(item.quantity)} au-delà de la limite de "
                f"{ordered.unit.limit_text()} de « {shown(lines[index])} » "
                f"(unité : « {lines[index].unit} »)",
                item,
            )
        found.append(ordered)
    return found

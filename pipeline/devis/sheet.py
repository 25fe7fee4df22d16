"""Orders read from a sheet (CSV or XLSX, first sheet), one or many collectivités.

Two layouts, told by the headers (without case or accents):

- one row per service: ``code`` (INSEE or SIREN; also ``code_insee``, ``siren``),
  ``service``, ``quantite``;
- one row per collectivité: ``code``, then one column per service, named as in the
  annex 2 (« Messagerie compte 5 Go »), holding the quantity (empty: not ordered).

A column ``nom`` (or ``collectivite``) may stand beside the code for the reader. A row
with a code and nothing ordered asks for the CDG's devis alone. A bad cell is an
:class:`~pipeline.errors.OrderError` naming the row and the column; it sets aside that
collectivité's order, never the others'. The file is read as the staff's registry
file is (encodings, separators, a damaged workbook: one French line).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.devis.order import Item, Order, parse_quantity
from pipeline.errors import OrderError, RegistryError
from pipeline.registry.overlay import _plain, sheet_rows

CODE = ("code", "code_insee", "siren", "code_collectivite")
NAME = ("nom", "collectivite", "nom_collectivite")
SERVICE, QUANTITY = "service", ("quantite", "nombre", "qte")


@dataclass
class SheetReading:
    """The orders a sheet holds, and the rows set aside (with the orders they spoiled)."""

    path: Path
    orders: list[Order] = field(default_factory=list)
    errors: list[OrderError] = field(default_factory=list)


def _rows(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise OrderError("bon de commande introuvable", path=path)
    try:
        return list(sheet_rows(path))
    except RegistryError as error:
        raise OrderError(error.message, path=path, row=error.row) from None


def read_orders(path: Path, *, most: int) -> SheetReading:
    """Read an order sheet; ``most``: the largest quantity a line may have."""
    path = Path(path)
    rows = _rows(path)
    if not rows:
        raise OrderError("fichier vide", path=path, row=1)
    header = [cell.strip() for cell in rows[0]]
    keys = [_plain(cell) for cell in header]
    code = next((i for i, key in enumerate(keys) if key in CODE), None)
    if code is None:
        raise OrderError(
            "il faut une colonne « code » (code INSEE ou SIREN de la collectivité)",
            path=path,
            row=1,
        )
    long = SERVICE in keys
    if long and not any(key in QUANTITY for key in keys):
        raise OrderError("il faut une colonne « quantite » à côté de « service »", path=path, row=1)
    reading = SheetReading(path)
    orders: dict[str, Order] = {}
    spoiled: set[str] = set()
    for number, cells in enumerate(rows[1:], start=2):
        cells = [*cells, *[""] * (len(header) - len(cells))]
        if not any(cell.strip() for cell in cells):
            continue
        who = cells[code].strip().removesuffix(".0")
        if not who:
            reading.errors.append(
                OrderError(
                    "code de la collectivité manquant", path=path, row=number, column=header[code]
                )
            )
            continue
        order = orders.setdefault(who, Order(who, path=path, row=number))
        try:
            if long:
                order.items += _long_row(cells, header, keys, number, most)
            else:
                order.items += _wide_row(cells, header, keys, number, most)
        except OrderError as error:
            error.path = path
            reading.errors.append(error)
            spoiled.add(who)
    reading.orders = [order for who, order in orders.items() if who not in spoiled]
    return reading


def _long_row(
    cells: list[str], header: list[str], keys: list[str], number: int, most: int
) -> list[Item]:
    service = keys.index(SERVICE)
    quantity = next(i for i, key in enumerate(keys) if key in QUANTITY)
    name, amount = cells[service].strip(), cells[quantity].strip()
    if not name and not amount:
        return []
    if not name:
        raise OrderError("service manquant", row=number, column=header[service])
    if not amount:
        raise OrderError(f"quantité manquante pour « {name} »", row=number, column=header[quantity])
    try:
        return [Item(name, parse_quantity(amount, most=most), row=number, column=header[service])]
    except ValueError as error:
        raise OrderError(str(error), row=number, column=header[quantity]) from None


def _wide_row(
    cells: list[str], header: list[str], keys: list[str], number: int, most: int
) -> list[Item]:
    items = []
    for index, (title, key) in enumerate(zip(header, keys, strict=True)):
        if key in CODE or key in NAME or not key or not cells[index].strip():
            continue
        try:
            quantity = parse_quantity(cells[index], most=most)
        except ValueError as error:
            raise OrderError(str(error), row=number, column=title) from None
        items.append(Item(title, quantity, row=number, column=title))
    return items

"""The staff's adhesions spreadsheet (CSV or XLSX) read into adhesions.

One row per service taken, the adhesion's cells repeated on each of its rows (or a
row without service for an adherent that takes only the accompaniment). French
headers, matched without case or accents:

- ``code_insee`` or ``siren``: the collectivité (one of them, known to the registry);
- ``date_signature``: the date the convention was signed (required);
- ``annexe_du``: the date of the deliberation whose annex 2 was signed, or the number
  of its version (« 2 »); empty: the version in force on the signature date;
- ``sous_rubrique``, ``prestation``, ``quantite``: a service taken and how many
  (accounts, workstations…; 1 when empty);
- ``accompagnement_sur_devis``: the yearly accompaniment fee agreed by quote, for a
  tier « sur devis » (an EPCI, a large commune);
- ``date_fin``, ``motif_fin``: when the convention ended (its last day) and why;
- ``nom``: read by people only (the registry's name is kept).

Every bad cell raises a :class:`~pipeline.errors.RegistryError` naming the file, the
row (as the spreadsheet numbers it) and the column; nothing is recorded then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.adhesions.model import Adhesion, Subscription
from pipeline.adhesions.services import UnknownService, find_line, subscription
from pipeline.errors import RegistryError
from pipeline.french import long_date
from pipeline.models import TariffVersion, VersionStatus
from pipeline.parse.money import AmountError, parse_amount
from pipeline.registry import Registry
from pipeline.registry.overlay import _date, _insee, _siren, header_columns, sheet_rows

DECIDED = (VersionStatus.APPROVED, VersionStatus.SUPERSEDED)


def _quantity(value: str) -> int:
    text = value.strip().removesuffix(".0")
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise ValueError(f"quantité invalide « {value} » (un nombre entier, 1 ou plus)")
    return int(text)


def _fee(value: str) -> Decimal:
    try:
        amount = parse_amount(value)
    except AmountError:
        amount = None
    if amount is None or amount.value is None:
        raise ValueError(f"montant invalide « {value} » (ex. 450 ou 450,00 €)")
    return amount.value


def _text(value: str) -> str:
    return " ".join(value.split())


COLUMNS: dict[str, Callable[[str], Any]] = {
    "code_insee": _insee,
    "siren": _siren,
    "nom": _text,
    "date_signature": _date,
    "annexe_du": _text,
    "sous_rubrique": _text,
    "prestation": _text,
    "quantite": _quantity,
    "accompagnement_sur_devis": _fee,
    "date_fin": _date,
    "motif_fin": _text,
}
"""French header → parser of its cells."""

ADHESION_CELLS = ("annexe_du", "accompagnement_sur_devis", "date_fin", "motif_fin")
"""Cells of the adhesion itself: repeated on its rows, they must agree."""


@dataclass
class _Draft:
    """An adhesion being read, with the row each of its facts came from."""

    code: str
    name: str
    signed_on: dt.date
    first_row: int | None
    """None for an adhesion given on the command line."""
    cells: dict[str, tuple[Any, int | None]] = field(default_factory=dict)
    services: list[tuple[str | None, str, int, int | None]] = field(default_factory=list)
    """(sous-rubrique, prestation, quantité, row)."""


def _header(rows: Iterator[list[str]], path: Path) -> list[str | None]:
    columns = header_columns(rows, path, COLUMNS)
    if "date_signature" not in columns:
        raise RegistryError("il faut une colonne « date_signature »", path=path, row=1)
    return columns


def _values(columns: list[str | None], cells: list[str], path: Path, number: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, cell in zip(columns, cells, strict=False):
        if key is None or not cell.strip():
            continue
        try:
            values[key] = COLUMNS[key](cell)
        except ValueError as error:
            raise RegistryError(str(error), path=path, row=number, column=key) from None
    return values


def read_register(
    path: Path, registry: Registry, versions: Sequence[TariffVersion], *, source: str = ""
) -> list[Adhesion]:
    """Read and check the staff's adhesions file against the registry and the stored
    ``versions`` (annexes and their services); raises RegistryError on the first bad
    cell."""
    path = Path(path)
    if not path.is_file():
        raise RegistryError("fichier des adhésions introuvable", path=path)
    rows = sheet_rows(path)
    columns = _header(rows, path)
    drafts: dict[tuple[str, dt.date], _Draft] = {}
    for number, cells in enumerate(rows, start=2):
        values = _values(columns, cells, path, number)
        if not values:
            continue  # an empty line
        _add_row(drafts, values, registry, path, number)
    return [
        _adhesion(draft, versions, path, source or path.name)
        for draft in sorted(drafts.values(), key=lambda d: d.first_row or 0)
    ]


def _add_row(
    drafts: dict[tuple[str, dt.date], _Draft],
    values: dict[str, Any],
    registry: Registry,
    path: Path,
    number: int,
) -> None:
    code = values.get("code_insee") or values.get("siren")
    if code is None:
        raise RegistryError("ni code INSEE ni SIREN", path=path, row=number, column="code_insee")
    item = registry.get(code)
    if item is None:
        column = "code_insee" if "code_insee" in values else "siren"
        raise RegistryError(
            f"collectivité inconnue du référentiel « {code} » (ajoutez-la au fichier des "
            "collectivités)",
            path=path,
            row=number,
            column=column,
        )
    signed = values.get("date_signature")
    if signed is None:
        raise RegistryError(
            "date de signature manquante", path=path, row=number, column="date_signature"
        )
    draft = drafts.setdefault(
        (item.code, signed), _Draft(item.code, item.name, signed, first_row=number)
    )
    for key in ADHESION_CELLS:
        if key not in values:
            continue
        known = draft.cells.get(key)
        if known is not None and known[0] != values[key]:
            raise RegistryError(
                f"« {values[key]} » contredit la ligne {known[1]} (« {known[0]} ») pour la "
                "même adhésion",
                path=path,
                row=number,
                column=key,
            )
        draft.cells[key] = (values[key], number)
    if "prestation" in values:
        draft.services.append(
            (values.get("sous_rubrique"), values["prestation"], values.get("quantite", 1), number)
        )
    elif "quantite" in values or "sous_rubrique" in values:
        raise RegistryError(
            "quantité ou sous-rubrique sans prestation", path=path, row=number, column="prestation"
        )


def annex_of(
    text: str | None, signed_on: dt.date, versions: Sequence[TariffVersion]
) -> tuple[dt.date | None, TariffVersion | None]:
    """The annex an adhesion signed: « 10/07/2025 » (a deliberation's date) or « 2 » (a
    version's number); nothing: the version in force on the signature date. Returns the
    deliberation's date and its stored version (None when the store does not have it).
    Raises ValueError (in French) for a version number the store does not have."""
    decided = [v for v in versions if v.status in DECIDED]
    if not text:
        dated = [
            v for v in decided if v.effective_date is not None and v.effective_date <= signed_on
        ]
        chosen = max(dated, key=lambda v: (v.effective_date, v.id), default=None)
        return (chosen.extraction.deliberation.date if chosen else None), chosen
    digits = text.removeprefix("n°").strip()
    if digits.isdigit() and len(digits) < 5:
        found = next((v for v in versions if v.id == int(digits)), None)
        if found is None:
            raise ValueError(f"version n° {digits} inconnue")
        return found.extraction.deliberation.date, found
    day = _date(text)
    same = [v for v in decided if v.extraction.deliberation.date == day]
    return day, max(same, key=lambda v: v.id, default=None)


def _catalogues(versions: Sequence[TariffVersion]) -> list[TariffVersion]:
    """Where the services of an adhesion whose annex the store does not have are looked
    for: the decided versions, the latest first (a service an older annex had, and the
    latest dropped, is still one the adherent takes)."""
    decided = [v for v in versions if v.status in DECIDED and v.effective_date is not None]
    return sorted(decided, key=lambda v: (v.effective_date, v.id), reverse=True)


def _taken(
    catalogues: Sequence[TariffVersion],
    group: str | None,
    label: str,
    quantity: int,
    path: Path | None,
    row: int | None,
) -> Subscription:
    """The service named, found in the first of ``catalogues`` that has it; raises
    RegistryError (naming the first catalogue) when none has it."""
    first: UnknownService | None = None
    for catalogue in catalogues:
        try:
            return subscription(find_line(catalogue.extraction.services, group, label), quantity)
        except UnknownService as error:
            first = first or error
    sitting_of = catalogues[0].extraction.deliberation.date
    of = f" dans l'annexe du {long_date(sitting_of)}" if sitting_of else ""
    raise RegistryError(f"{first}{of}", path=path, row=row, column="prestation")


def _adhesion(
    draft: _Draft, versions: Sequence[TariffVersion], path: Path | None, source: str
) -> Adhesion:
    cells = {key: value for key, (value, _) in draft.cells.items()}
    rows = {key: row for key, (_, row) in draft.cells.items()}
    try:
        sitting, annex = annex_of(cells.get("annexe_du"), draft.signed_on, versions)
    except ValueError as error:
        raise RegistryError(
            str(error), path=path, row=rows.get("annexe_du"), column="annexe_du"
        ) from None
    if ("date_fin" in cells) != ("motif_fin" in cells):
        missing = "motif_fin" if "date_fin" in cells else "date_fin"
        raise RegistryError(
            "une fin d'adhésion demande sa date et son motif",
            path=path,
            row=rows.get("date_fin") or rows.get("motif_fin"),
            column=missing,
        )
    ended = cells.get("date_fin")
    if ended is not None and ended < draft.signed_on:
        raise RegistryError(
            f"date de fin antérieure à la signature du {long_date(draft.signed_on)}",
            path=path,
            row=rows["date_fin"],
            column="date_fin",
        )
    catalogues = [annex] if annex is not None else _catalogues(versions)
    services = []
    for group, label, quantity, row in draft.services:
        taken = Subscription(group=group, label=label, quantity=quantity)
        if catalogues:
            taken = _taken(catalogues, group, label, quantity, path, row)
        if any(s.group == taken.group and s.label == taken.label for s in services):
            raise RegistryError(
                f"prestation « {taken.name} » déjà indiquée pour cette adhésion",
                path=path,
                row=row,
                column="prestation",
            )
        services.append(taken)
    return Adhesion(
        code=draft.code,
        name=draft.name,
        signed_on=draft.signed_on,
        annex_sitting=sitting,
        annex_version=annex.id if annex else None,
        services=tuple(services),
        quote_fee=cells.get("accompagnement_sur_devis"),
        ended_on=ended,
        end_reason=cells.get("motif_fin"),
        source=f"{source}, ligne {draft.first_row}",
    )


def from_command(
    code: str,
    registry: Registry,
    versions: Sequence[TariffVersion],
    *,
    signed_on: dt.date,
    annex: str | None = None,
    services: Sequence[tuple[str | None, str, int]] = (),
    quote_fee: Decimal | None = None,
    source: str = "pipeline adhesions signer",
) -> Adhesion:
    """An adhesion signed, as ``pipeline adhesions signer`` gives it, checked like a row
    of the spreadsheet (raises RegistryError)."""
    item = registry.find(code)
    draft = _Draft(item.code, item.name, signed_on, first_row=None)
    if annex:
        draft.cells["annexe_du"] = (annex, None)
    if quote_fee is not None:
        draft.cells["accompagnement_sur_devis"] = (quote_fee, None)
    draft.services = [(group, label, quantity, None) for group, label, quantity in services]
    adhesion = _adhesion(draft, versions, None, source)
    return replace(adhesion, source=source)

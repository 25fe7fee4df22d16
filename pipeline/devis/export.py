"""The devis register for the accounting office: one row per devis, CSV or XLSX.

The same conventions as the tariff exports (:mod:`pipeline.export`): French headers,
amounts as numbers in euros, dates as dates, a text never read as a formula; the CSV
in UTF-8 with a BOM and « ; ». Statuses are those of the day of the export (a devis
issued and past its validity is « expiré »). Both write atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from pipeline import atomic
from pipeline.devis.compute import totals
from pipeline.devis.models import STATUS, Devis, EventKind, Issuer
from pipeline.errors import DevisError
from pipeline.export.columns import Column, Value
from pipeline.export.csv_export import _cell
from pipeline.export.xlsx_export import _table

ISSUER = {Issuer.SYNDICAT: "Syndicat mixte", Issuer.CDG: "CDG 62"}


def _total(devis: Devis, name: str) -> Decimal | None:
    try:
        return getattr(totals(devis.lines), name)
    except DevisError:  # lines still to price
        return None


def _decision(row: tuple[Devis, dt.date]) -> str:
    last = row[0].decision
    if last is None or last.kind is EventKind.ISSUED:
        return ""
    return last.by


COLUMNS: tuple[Column, ...] = (
    Column("Numéro", "text", 18, lambda r: r[0].number),
    Column("Émetteur", "text", 15, lambda r: ISSUER[r[0].issuer]),
    Column("Date", "date", 12, lambda r: r[0].dated),
    Column("Valable jusqu'au", "date", 12, lambda r: r[0].valid_until),
    Column("Code", "text", 11, lambda r: r[0].collectivity_code),
    Column("Collectivité", "text", 30, lambda r: r[0].collectivity_name),
    Column("Statut", "text", 11, lambda r: STATUS[r[0].status(r[1])]),
    Column(
        "Date d'acceptation", "date", 12, lambda r: r[0].accepted.day if r[0].accepted else None
    ),
    Column("Base", "text", 6, lambda r: r[0].lines[0].basis if r[0].lines else None),
    Column("Total première année", "money", 14, lambda r: _total(r[0], "first_year")),
    Column("Total annuel", "money", 14, lambda r: _total(r[0], "yearly")),
    Column("Total payé une fois", "money", 14, lambda r: _total(r[0], "one_off")),
    Column("Total première année HT", "money", 14, lambda r: _total(r[0], "first_year_ht")),
    Column("Taux de TVA (%)", "text", 9, lambda r: _rate(r[0])),
    Column("Lignes à chiffrer", "integer", 9, lambda r: len(r[0].unpriced)),
    Column("Version tarifaire", "integer", 9, lambda r: r[0].version_id),
    Column(
        "Délibération", "text", 30, lambda r: r[0].details.get("tarifs", {}).get("deliberation")
    ),
    Column("Commande", "text", 17, lambda r: r[0].order),
    Column("Remplace", "text", 18, lambda r: r[0].replaces),
    Column("Remplacé par", "text", 18, lambda r: r[0].replaced_by),
    Column("Émis par", "text", 18, lambda r: r[0].created_by),
    Column("Décision enregistrée par", "text", 18, _decision),
    Column("Motif du refus", "text", 30, lambda r: _reason(r[0])),
)
"""A row is (devis, day of the export)."""


def _rate(devis: Devis) -> str | None:
    try:
        rate = totals(devis.lines).vat_rate
    except DevisError:
        return None
    return None if rate is None else f"{rate.normalize():f}".replace(".", ",")


def _reason(devis: Devis) -> str | None:
    last = devis.decision
    return last.reason if last is not None and last.kind is EventKind.REFUSED else None


def _rows(devis: Sequence[Devis], today: dt.date) -> list[list[Value]]:
    return [[column.get((one, today)) for column in COLUMNS] for one in devis]


def csv_text(devis: Sequence[Devis], today: dt.date) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.header for column in COLUMNS])
    for row in _rows(devis, today):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def xlsx_bytes(devis: Sequence[Devis], today: dt.date) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Devis"
    _table(sheet, COLUMNS, _rows(devis, today))
    workbook.properties.title = "Registre des devis"
    workbook.properties.creator = "pipeline"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_register(devis: Sequence[Devis], path: Path, *, today: dt.date | None = None) -> Path:
    """Write the register to ``path`` (``.csv`` or ``.xlsx``) atomically."""
    day = today or dt.date.today()
    if Path(path).suffix.lower() == ".csv":
        return atomic.write_text(path, csv_text(devis, day), encoding="utf-8-sig")
    return atomic.write_bytes(path, xlsx_bytes(devis, day))

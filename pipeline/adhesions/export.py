"""The impact of a version for the director's spreadsheet: CSV and XLSX.

The XLSX has the sheets « Concernées » (affected adherents), « Non concernées »,
« Prestations » (each service of an affected adherent whose price changes) and
« Totaux » (CDG and Syndicat, before and after); the CSV is one table of every
adherent with a column « Concernée » and the totals as its last rows. Amounts are
numbers in euros, written as the tariff exports write them (:mod:`pipeline.export`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook

from pipeline import atomic
from pipeline.adhesions.impact import AdherentImpact, Impact, ServiceChange
from pipeline.errors import PipelineError
from pipeline.export.columns import Column, Value
from pipeline.export.csv_export import _cell
from pipeline.export.xlsx_export import _table
from pipeline.french import long_date, percent
from pipeline.registry.models import KIND_LABELS
from pipeline.safe_text import for_xml


def _percent(value: object) -> str:
    return percent(value) if value is not None else ""  # type: ignore[arg-type]


ADHERENT_COLUMNS: tuple[Column, ...] = (
    Column("Code", "text", 11, lambda a: a.collectivity.code),
    Column("Collectivité", "text", 30, lambda a: a.collectivity.name),
    Column("Type", "text", 18, lambda a: KIND_LABELS[a.collectivity.kind]),
    Column("Concernée", "yesno", 10, lambda a: a.affected),
    Column("Signée le", "date", 11, lambda a: a.adhesion.signed_on),
    Column("Annexe signée du", "date", 11, lambda a: a.adhesion.annex_sitting),
    Column("Strate avant", "text", 26, lambda a: a.before.tier.label if a.before.tier else ""),
    Column("Strate après", "text", 26, lambda a: a.after.tier.label if a.after.tier else ""),
    Column("Accompagnement avant", "money", 13, lambda a: a.before.amount),
    Column("Accompagnement après", "money", 13, lambda a: a.after.amount),
    Column("Services annuels avant", "money", 13, lambda a: a.services_before),
    Column("Services annuels après", "money", 13, lambda a: a.services_after),
    Column("Montant annuel avant", "money", 13, lambda a: a.yearly_before),
    Column("Montant annuel après", "money", 13, lambda a: a.yearly_after),
    Column("Écart", "money", 12, lambda a: a.difference),
    Column("Écart en %", "text", 10, lambda a: _percent(a.percent)),
    Column("Montants complets", "yesno", 10, lambda a: a.complete),
    Column("Changements", "text", 70, lambda a: " ; ".join(a.reasons) or "aucun"),
    Column("Fin d'adhésion", "date", 11, lambda a: a.adhesion.ended_on),
)
"""One row per adherent. « Montants complets » is « non » when a fee is on quote
with no fee agreed, or the collectivité falls in no tier (counted as 0 €)."""

SERVICE_COLUMNS: tuple[Column, ...] = (
    Column("Code", "text", 11, lambda p: p[0].collectivity.code),
    Column("Collectivité", "text", 30, lambda p: p[0].collectivity.name),
    Column("Prestation", "text", 44, lambda p: p[1].taken.name),
    Column("Quantité", "integer", 9, lambda p: p[1].taken.quantity),
    Column("Changement", "text", 12, lambda p: p[1].status),
    Column("Tarif avant", "money", 12, lambda p: p[1].before.amount if p[1].before else None),
    Column("Tarif après", "money", 12, lambda p: p[1].after.amount if p[1].after else None),
    Column("Variation", "text", 10, lambda p: _percent(p[1].percent)),
    Column("Annuel", "yesno", 8, lambda p: p[1].yearly),
    Column("Montant annuel avant", "money", 13, lambda p: p[1].amount_before),
    Column("Montant annuel après", "money", 13, lambda p: p[1].amount_after),
)


def _service_rows(impact: Impact) -> list[tuple[AdherentImpact, ServiceChange]]:
    return [(a, s) for a in impact.affected for s in a.services if s.changed]


def _totals(impact: Impact) -> list[tuple[str, Value, Value]]:
    totals = impact.totals
    return [
        ("Accompagnement du CDG", totals.cdg_before, totals.cdg_after),
        ("Services du Syndicat mixte", totals.syndicat_before, totals.syndicat_after),
        (
            "Ensemble",
            totals.cdg_before + totals.syndicat_before,
            totals.cdg_after + totals.syndicat_after,
        ),
    ]


def _title(impact: Impact) -> str:
    sitting = impact.version.extraction.deliberation.date
    of = f" (délibération du {long_date(sitting)})" if sitting else ""
    return (
        f"Impact de la version n° {impact.version.id}{of} au {long_date(impact.on)}, "
        f"comparée à la version n° {impact.previous.id}"
    )


def xlsx_bytes(impact: Impact) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Concernées"
    _table(sheet, ADHERENT_COLUMNS, _rows(ADHERENT_COLUMNS, impact.affected))
    _table(
        book.create_sheet("Non concernées"),
        ADHERENT_COLUMNS,
        _rows(ADHERENT_COLUMNS, impact.unaffected),
    )
    _table(
        book.create_sheet("Prestations"),
        SERVICE_COLUMNS,
        _rows(SERVICE_COLUMNS, _service_rows(impact)),
    )
    totals = (
        Column("Montant annuel", "text", 34, lambda t: t[0]),
        Column("Avant", "money", 14, lambda t: t[1]),
        Column("Après", "money", 14, lambda t: t[2]),
        Column("Écart", "money", 14, lambda t: t[2] - t[1]),
    )
    _table(book.create_sheet("Totaux"), totals, _rows(totals, _totals(impact)))
    book.properties.title = for_xml(_title(impact))
    book.properties.creator = "pipeline"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rows(columns: Sequence[Column], items: Iterable[object]) -> list[list[Value]]:
    return [[column.get(item) for column in columns] for item in items]


def csv_text(impact: Impact) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in ADHERENT_COLUMNS])
    for row in _rows(ADHERENT_COLUMNS, [*impact.affected, *impact.unaffected]):
        writer.writerow([_cell(value) for value in row])
    headers = [c.header for c in ADHERENT_COLUMNS]
    before, after = headers.index("Montant annuel avant"), headers.index("Montant annuel après")
    for label, old, new in _totals(impact):
        cells: list[Value] = [None] * len(headers)
        cells[1], cells[before], cells[after] = f"Total – {label}", old, new
        writer.writerow([_cell(value) for value in cells])
    return buffer.getvalue()


def write_export(impact: Impact, path: Path) -> Path:
    """Write the impact to ``path``: XLSX or CSV by its suffix, atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return atomic.write_bytes(path, xlsx_bytes(impact))
    if suffix == ".csv":
        return atomic.write_text(path, csv_text(impact), encoding="utf-8-sig")
    raise ExportRefused("format d'export inconnu : .xlsx ou .csv attendu.", path=path)


class ExportRefused(PipelineError):
    """An export to a file whose format is unknown (exit 2)."""

    exit_code = 2

"""CSV export for French spreadsheets: one file, one row per service line and per tier.

The choice, for a French Excel or LibreOffice user who double-clicks the file:

- UTF-8 with a BOM (so accents open right), ``;`` as separator, CRLF line ends;
- one table, not two sections: the first column « Type » says « Service » or
  « Strate », so that a filter on it gives either list and sorting never mixes
  sections; columns that do not apply to a row are empty;
- amounts with a decimal comma and no thousands separator nor « € » (``1234,50``),
  so that the spreadsheet reads them as numbers; yes/no as « oui » / « non »;
  dates as ``JJ/MM/AAAA``;
- a text that would start a formula (``=``, ``+``, ``-``, ``@``, a tab …) is prefixed
  with an apostrophe, as spreadsheets expect, so that opening the file never runs
  anything (:func:`pipeline.safe_text.for_spreadsheet`); numbers are not texts and
  stay numbers, a negative amount included.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from pipeline import atomic
from pipeline.export.columns import TIER_KIND, Value, correction_notes
from pipeline.models import Extraction, ServiceLine, TariffVersion, Tier
from pipeline.safe_text import for_spreadsheet

HEADERS = (
    "Type",
    "Rubrique",
    "Sous-rubrique",
    "Libellé",
    "Type de strate",
    "Population min (incluse)",
    "Population max (incluse)",
    "Tarif",
    "Base",
    "Tarif HT",
    "Sur devis",
    "Gratuit",
    "Unité de facturation",
    "Page",
    "Délibération du",
    "Correction",
)


def csv_text(extraction: Extraction, *, version: TariffVersion | None = None) -> str:
    """The export as text (without the BOM); ``version``: the stored version the values
    are the effective ones of, whose corrections fill the « Correction » column."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADERS)
    sitting = extraction.deliberation.date
    line_notes, tier_notes = correction_notes(extraction, version)
    for line, line_note in zip(extraction.services, line_notes, strict=True):
        writer.writerow([_cell(value) for value in [*_service(line, sitting), line_note]])
    for tier, tier_note in zip(extraction.strata, tier_notes, strict=True):
        writer.writerow([_cell(value) for value in [*_tier(tier, sitting), tier_note]])
    return buffer.getvalue()


def write_csv(extraction: Extraction, path: Path, *, version: TariffVersion | None = None) -> Path:
    """Write the CSV export to ``path`` atomically (UTF-8 with BOM, ``;``)."""
    return atomic.write_text(path, csv_text(extraction, version=version), encoding="utf-8-sig")


def _service(line: ServiceLine, sitting: dt.date | None) -> list[Value]:
    return [
        "Service",
        line.category,
        line.group,
        line.full_label,
        None,
        None,
        None,
        line.amount,
        line.tax_basis.value,
        line.amount_ht,
        line.on_quote,
        line.free,
        line.unit,
        line.page,
        sitting,
    ]


def _tier(tier: Tier, sitting: dt.date | None) -> list[Value]:
    return [
        "Strate",
        None,
        None,
        tier.label,
        TIER_KIND[tier.kind],
        tier.min_population,
        tier.max_population,
        tier.amount,
        None,
        None,
        tier.on_quote,
        False,
        tier.unit,
        tier.page,
        sitting,
    ]


def _cell(value: Value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return str(value)
    return for_spreadsheet(value)

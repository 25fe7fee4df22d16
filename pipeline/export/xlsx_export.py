"""XLSX export: sheets « Services », « Strates » and « Source », real numbers in euros,
and « Corrections » when values of the version were corrected.

Amounts are numeric cells with a euro format, population bounds and pages are
integers, dates are dates; the header row is bold and frozen, with a filter, and
the columns have a width. Texts are always stored as text, never as a formula: a
text that a spreadsheet would read as one (``=1+1``) is also marked with Excel's
leading apostrophe (``quotePrefix``), so that editing the cell keeps it a text;
characters a workbook cannot hold (a NUL …) are removed.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline import atomic
from pipeline.export.columns import (
    CORRECTION,
    CORRECTION_HEADERS,
    SERVICE_COLUMNS,
    TIER_COLUMNS,
    Column,
    Value,
    correction_notes,
    correction_rows,
    service_values,
    source_rows,
    tier_values,
)
from pipeline.models import Extraction, TariffVersion
from pipeline.safe_text import for_xml, is_formula

EURO_FORMAT = '#,##0.00 "€"'
INTEGER_FORMAT = "0"
DATE_FORMAT = "DD/MM/YYYY"
HEADER_FILL = PatternFill("solid", start_color="DDEBF7")


def xlsx_bytes(extraction: Extraction, *, version: TariffVersion | None = None) -> bytes:
    workbook = Workbook()
    services = workbook.active
    services.title = "Services"
    line_notes, tier_notes = correction_notes(extraction, version)
    _table(
        services,
        (*SERVICE_COLUMNS, CORRECTION),
        (service_values(*pair) for pair in zip(extraction.services, line_notes, strict=True)),
    )
    strata = workbook.create_sheet("Strates")
    _table(
        strata,
        (*TIER_COLUMNS, CORRECTION),
        (tier_values(*pair) for pair in zip(extraction.strata, tier_notes, strict=True)),
    )
    _source(workbook.create_sheet("Source"), source_rows(extraction, version))
    corrections = correction_rows(version)
    if corrections:
        _corrections(workbook.create_sheet("Corrections"), corrections)
    workbook.properties.title = for_xml(f"Tarifs – {extraction.source.file}")
    workbook.properties.creator = "pipeline"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx(extraction: Extraction, path: Path, *, version: TariffVersion | None = None) -> Path:
    """Write the XLSX export to ``path`` atomically."""
    return atomic.write_bytes(Path(path), xlsx_bytes(extraction, version=version))


def _table(sheet: Worksheet, columns: Sequence[Column], rows: Iterable[Sequence[Value]]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    last = 1
    for last, values in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            _set(sheet.cell(row=last, column=index), value, column.kind)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    sheet.row_dimensions[1].height = 30


def _source(sheet: Worksheet, rows: list[tuple[str, Value]]) -> None:
    for index, header in enumerate(("Information", "Valeur"), start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for number, (label, value) in enumerate(rows, start=2):
        sheet.cell(row=number, column=1, value=label).font = Font(bold=True)
        kind = "date" if isinstance(value, dt.date) else "text"
        if isinstance(value, bool):
            kind = "yesno"
        elif isinstance(value, int):
            kind = "integer"
        _set(sheet.cell(row=number, column=2), value, kind)
        sheet.cell(row=number, column=2).alignment = Alignment(horizontal="left")
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 70
    sheet.freeze_panes = "A2"


def _corrections(sheet: Worksheet, rows: list[tuple[Value, ...]]) -> None:
    """Every correction of the version, in order: what, by whom, when, why."""
    widths = (6, 14, 60, 24, 28, 50)
    for index, (header, width) in enumerate(zip(CORRECTION_HEADERS, widths, strict=True), 1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            _set(sheet.cell(row=number, column=index), value, "integer" if index == 1 else "text")
    sheet.freeze_panes = "A2"


def _set(cell: Cell, value: Value, kind: str) -> None:
    if value is None:
        return
    if kind == "yesno":
        cell.value = "oui" if value else "non"
        return
    if kind == "money" and isinstance(value, Decimal):
        cell.value = value
        cell.number_format = EURO_FORMAT
        return
    if kind == "integer" and isinstance(value, int):
        cell.value = value
        cell.number_format = INTEGER_FORMAT
        return
    if kind == "date" and isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return
    text = for_xml(str(value))
    cell.value = text
    cell.data_type = "s"  # a label starting with "=" stays a text, never a formula
    if is_formula(text):
        cell.quotePrefix = True

"""The columns of the exports, with French headers, shared by the CSV and the XLSX.

A column has a kind that says how the spreadsheet should see it: ``money`` (a
:class:`~decimal.Decimal` in euros), ``integer``, ``yesno``, ``date`` or ``text``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pipeline import french
from pipeline.corrections import describe, line_corrections, note, subject, tier_corrections
from pipeline.models import (
    Extraction,
    ServiceLine,
    TariffVersion,
    Tier,
)

Kind = Literal["text", "money", "integer", "yesno", "date"]
Value = str | Decimal | int | bool | dt.date | None


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind
    width: int
    """Column width in characters in the XLSX."""
    get: Callable[[Any], Value]


TIER_KIND = {key: label.capitalize() for key, label in french.TIER_KIND.items()}
STATUS = french.STATUS
EFFECTIVE_SOURCE = french.EFFECTIVE_SOURCE
VOTE = french.VOTE

SERVICE_COLUMNS: tuple[Column, ...] = (
    Column("Rubrique", "text", 20, lambda s: s.category),
    Column("Sous-rubrique", "text", 32, lambda s: s.group),
    Column("Libellé", "text", 34, lambda s: s.full_label),
    Column("Tarif", "money", 12, lambda s: s.amount),
    Column("Base", "text", 6, lambda s: s.tax_basis.value),
    Column("Tarif HT", "money", 12, lambda s: s.amount_ht),
    Column("Sur devis", "yesno", 9, lambda s: s.on_quote),
    Column("Gratuit", "yesno", 8, lambda s: s.free),
    Column("Unité de facturation", "text", 40, lambda s: s.unit),
    Column("Page", "integer", 6, lambda s: s.page),
)

TIER_COLUMNS: tuple[Column, ...] = (
    Column("Strate", "text", 30, lambda t: t.label),
    Column("Type", "text", 20, lambda t: TIER_KIND[t.kind]),
    Column("Population min (incluse)", "integer", 14, lambda t: t.min_population),
    Column("Population max (incluse)", "integer", 14, lambda t: t.max_population),
    Column("Tarif", "money", 12, lambda t: t.amount),
    Column("Sur devis", "yesno", 9, lambda t: t.on_quote),
    Column("Unité de facturation", "text", 34, lambda t: t.unit),
    Column("Page", "integer", 6, lambda t: t.page),
)


CORRECTION = Column("Correction", "text", 60, lambda note: note or None)
"""The last column of both tables: what was corrected in the value, by whom and why."""


def service_values(line: ServiceLine, correction: str = "") -> list[Value]:
    return [column.get(line) for column in SERVICE_COLUMNS] + [CORRECTION.get(correction)]


def tier_values(tier: Tier, correction: str = "") -> list[Value]:
    return [column.get(tier) for column in TIER_COLUMNS] + [CORRECTION.get(correction)]


def correction_notes(
    extraction: Extraction, version: TariffVersion | None
) -> tuple[list[str], list[str]]:
    """For each line and each tier of ``extraction``, the note on its corrections (empty
    when it was not corrected, or without a version)."""
    if version is None or not version.corrections:
        return [""] * len(extraction.services), [""] * len(extraction.strata)
    return (
        [note(c) for c in line_corrections(version)],
        [note(c) for c in tier_corrections(version)],
    )


CORRECTION_HEADERS = ("N°", "Valeur", "Correction", "Par", "Le", "Motif")


def correction_rows(version: TariffVersion | None) -> list[tuple[Value, ...]]:
    """One row per correction of the version, in order, for the « Corrections » sheet."""
    if version is None:
        return []
    return [
        (c.id, subject(c), describe(c), c.by, french.timestamp(c.at), c.reason)
        for c in version.corrections
    ]


def source_rows(
    extraction: Extraction, version: TariffVersion | None = None
) -> list[tuple[str, Value]]:
    """The deliberation's metadata as (label, value) pairs, for the "Source" sheet."""
    source, meta = extraction.source, extraction.deliberation
    rows: list[tuple[str, Value]] = [
        ("Fichier", source.file),
        ("Empreinte SHA-256", source.sha256),
        ("Pages", source.pages),
        ("Lu par OCR", source.ocr),
        ("Objet", meta.title),
        ("Assemblée", meta.assembly),
        ("Autorité", meta.authority),
        ("Date de la séance", meta.date),
        ("Lieu", meta.place),
        ("Président", meta.president),
        ("Secrétaire de séance", meta.secretary),
        ("Présents", meta.present_count),
        ("Absents ou excusés", meta.absent_count),
        ("Représentés", meta.represented_count),
        ("Vote", VOTE.get(meta.vote) if meta.vote else None),
        ("Voix pour", meta.votes_for),
        ("Voix contre", meta.votes_against),
        ("Abstentions", meta.abstentions),
        ("Délibérations visées", ", ".join(meta.references) or None),
        ("Date d'application indiquée", meta.effective_date),
        ("Exécutoire le", meta.enforceable_date),
    ]
    if version is not None:
        rows += [
            ("Version", version.id),
            ("Statut de la version", STATUS[version.status]),
            ("En vigueur à partir du", version.effective_date),
            ("Origine de cette date", EFFECTIVE_SOURCE[version.effective_date_source]),
            ("Corrections", len(version.corrections)),
        ]
    return rows

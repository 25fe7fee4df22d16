"""A small deliberation drawn with reportlab, with the boxes of what it shows.

``draw(folder)`` writes the PDF and returns it with the extraction a perfect parser
would give, every value carrying the exact box it was drawn in, so that the audit's
boxes can be checked against the ink on the rendered page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from pipeline.models import (
    Deliberation,
    Extraction,
    Finding,
    ServiceLine,
    Severity,
    Source,
    Tier,
    TierKind,
)

WIDTH, HEIGHT = A4
COLUMNS = (60.0, 280.0, 380.0, 540.0)
"""x of the rules of the tables: label | price | unit."""
ROW = 18.0
TRICKY = 'Compte <b>pro</b> & "partagé"'
"""A label that must come out escaped in the HTML."""


@dataclass(frozen=True)
class Drawn:
    pdf: Path
    extraction: Extraction


def draw(folder: Path) -> Drawn:
    pdf = folder / "deliberation-dessinee.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(60, HEIGHT - 80, "Le Conseil d'Administration s'est réuni le")
    date_box = _text(canvas, 270, 80, "10 juillet 2025")
    services = [
        ("Messagerie compte 5 Go", "16,80 €", Decimal("16.80"), False, "Par compte et par an"),
        (TRICKY, "1 234,50 €", Decimal("1234.50"), False, "Par compte"),
        ("NAS 4 disques", "Sur devis", None, True, "Par unité"),
    ]
    lines = []
    for index, (label, written, amount, on_quote, unit) in enumerate(services):
        top = 150 + index * ROW
        row, price = _row(canvas, top, label, written, unit)
        lines.append(
            ServiceLine(
                category="Présence en ligne",
                group="Messagerie" if index == 0 else None,
                label=label,
                amount=amount,
                on_quote=on_quote,
                unit=unit,
                page=1,
                bbox=row,
                amount_bbox=price,
                amount_text=written,
            )
        )
    canvas.showPage()
    canvas.setFont("Helvetica", 10)
    tiers_spec = [
        ("Moins de 500 habitants", "50 €", Decimal("50"), None, 499),
        ("Moins de 1 000 habitants", "100 €", Decimal("100"), 500, 999),
        ("Plus de 1 000 habitants", "Sur devis", None, 1001, None),
    ]
    strata = []
    for index, (label, written, amount, low, high) in enumerate(tiers_spec):
        top = 100 + index * ROW
        row, price = _row(canvas, top, label, written, "Par collectivité et par an")
        strata.append(
            Tier(
                label=label,
                kind=TierKind.COLLECTIVITY,
                min_population=low,
                max_population=high,
                amount=amount,
                on_quote=amount is None,
                unit="Par collectivité et par an",
                page=2,
                bbox=row,
                amount_bbox=price,
                amount_text=written,
            )
        )
    canvas.showPage()
    canvas.save()
    data = pdf.read_bytes()
    extraction = Extraction(
        source=Source(file=pdf.name, sha256=hashlib.sha256(data).hexdigest(), pages=2),
        deliberation=Deliberation(
            date=dt.date(2025, 7, 10),
            assembly="Conseil d'Administration",
            president="René HOCQ",
            vote="majority",
            votes_for=15,
            votes_against=2,
            abstentions=1,
            page=1,
            bbox=date_box,
        ),
        services=lines,
        strata=strata,
        findings=[
            Finding(
                severity=Severity.WARNING,
                code="tiers.gap",
                message="Aucune strate ne couvre exactement 1 000 habitants.",
                page=2,
                bbox=strata[1].bbox,
            ),
            Finding(severity=Severity.ERROR, code="rules.test", message="Un constat bloquant."),
        ],
    )
    return Drawn(pdf=pdf, extraction=extraction)


def _text(canvas: Canvas, x: float, top: float, text: str) -> tuple[float, float, float, float]:
    """Draw ``text`` with its baseline at ``top`` (from the page's top); return its box."""
    canvas.drawString(x, HEIGHT - top, text)
    width = canvas.stringWidth(text, "Helvetica", 10)
    return (x, top - 8.0, x + width, top + 2.0)


def _row(
    canvas: Canvas, top: float, label: str, price: str, unit: str
) -> tuple[tuple[float, float, float, float], tuple[float, float, float, float]]:
    bottom = top + ROW
    for x in COLUMNS:
        canvas.line(x, HEIGHT - top, x, HEIGHT - bottom)
    canvas.line(COLUMNS[0], HEIGHT - top, COLUMNS[-1], HEIGHT - top)
    canvas.line(COLUMNS[0], HEIGHT - bottom, COLUMNS[-1], HEIGHT - bottom)
    baseline = HEIGHT - (top + 13)
    canvas.drawString(COLUMNS[0] + 4, baseline, label)
    canvas.drawRightString(COLUMNS[2] - 4, baseline, price)
    canvas.drawString(COLUMNS[2] + 4, baseline, unit)
    return (COLUMNS[0], top, COLUMNS[-1], bottom), (COLUMNS[1], top, COLUMNS[2], bottom)

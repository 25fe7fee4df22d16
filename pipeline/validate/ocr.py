"""Findings for values read by OCR: OCR is never silently trusted.

For an extraction read from a scan (``source.ocr``), every service line and tier
gets a warning, with its page and box, when its characters are uncertain: a low
Tesseract confidence, an amount that is not written as a French amount in euros,
or a billing unit never seen before (neither in the reference list shipped in
``known_units.txt`` nor in the units of approved tariff versions, which the caller
passes as ``known_units``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from pipeline.models import BBox, Extraction, Finding, ServiceLine, Severity, Tier

if TYPE_CHECKING:
    from pipeline.read.document import Page

LOW_CONFIDENCE = 80.0
"""Below this Tesseract confidence (0-100), a value is checked by a person."""

UNREADABLE_PAGE = 50.0
"""A scanned page whose words are read with a lower mean confidence is unreadable: even
turned upright and levelled, its text is mostly guessed."""

_MONEY = re.compile(
    r"""^\d{1,3}(?:[\u00a0\u202f ]\d{3})*(?:,\d{2})?   # 1 234,56 / 16,80 / 12
        \s?(?:€|euros?)(?:\s?(?:TTC|HT))?$""",
    re.X | re.I,
)
_WORDS_FOR_NO_AMOUNT = re.compile(r"^(sur\s+devis|gratuit|gratuite|offert|inclus)$", re.I)


def check(extraction: Extraction, *, known_units: Iterable[str] = ()) -> list[Finding]:
    """Warnings for the uncertain values of an OCR extraction; none for a text layer."""
    if not extraction.source.ocr:
        return []
    units = reference_units() | {normalise(unit) for unit in known_units}
    findings: list[Finding] = []
    for item in [*extraction.services, *extraction.strata]:
        findings.extend(_check_item(item, units))
    return findings


def check_pages(pages: Iterable[Page]) -> list[Finding]:
    """One warning per scanned page that stays unreadable, naming its number: its
    values may be missing or wrong, so a person reads it on the document."""
    findings = []
    for page in pages:
        read = [
            word.confidence
            for word in page.words
            if page.ocr and word.confidence is not None and any(ch.isalnum() for ch in word.text)
        ]
        if not read or sum(read) / len(read) >= UNREADABLE_PAGE:
            continue  # a text page, a blank page, or a page read well enough
        findings.append(
            _warning(
                "ocr.unreadable_page",
                f"Page {page.number} numérisée illisible : son texte est lu par OCR avec une "
                f"confiance moyenne de {round(sum(read) / len(read))}\u00a0% ; des valeurs "
                "peuvent manquer ou être fausses — lisez-la sur le document.",
                page.number,
                None,
            )
        )
    return findings


def check_sitting(extraction: Extraction) -> list[Finding]:
    """One warning on a scan's sitting: its facts come from running text, with no cell
    and no confidence to judge them by, so a person reads them on the page."""
    if not extraction.source.ocr:
        return []
    sitting = extraction.deliberation
    return [
        _warning(
            "ocr.sitting",
            "Séance lue par OCR : vérifiez sur le document la date, le nombre de présents et "
            "d'absents et le vote avant d'approuver.",
            sitting.page,
            sitting.bbox,
        )
    ]


def _check_item(item: ServiceLine | Tier, units: frozenset[str] | set[str]) -> Iterator[Finding]:
    what = f"« {item.label} »"
    value = item.amount_text if item.amount_text is not None else _shown(item)
    box = item.amount_bbox or item.bbox
    if item.confidence is not None and item.confidence < LOW_CONFIDENCE:
        yield _warning(
            "ocr.low_confidence",
            f"Valeur lue par OCR avec une confiance faible ({round(item.confidence)}\u00a0%) : "
            f"{what}, « {value} » — à vérifier sur la page {item.page}.",
            item.page,
            item.bbox or box,
        )
    if item.amount_text is not None and not _is_french_amount(item.amount_text):
        yield _warning(
            "ocr.amount_format",
            f"Montant lu par OCR qui n'a pas la forme d'un montant en euros : "
            f"« {item.amount_text} » ({what}) — à vérifier sur la page {item.page}.",
            item.page,
            box,
        )
    if item.unit and normalise(item.unit) not in units:
        yield _warning(
            "ocr.unknown_unit",
            f"Unité de facturation lue par OCR jamais vue jusqu'ici : « {item.unit} » "
            f"({what}) — à vérifier sur la page {item.page}.",
            item.page,
            item.bbox or box,
        )


def _is_french_amount(text: str) -> bool:
    raw = " ".join(text.split())
    return bool(_MONEY.match(raw) or _WORDS_FOR_NO_AMOUNT.match(raw))


def _shown(item: ServiceLine | Tier) -> str:
    if item.on_quote:
        return "sur devis"
    return "" if item.amount is None else f"{item.amount} €"


def _warning(code: str, message: str, page: int, bbox: BBox | None) -> Finding:
    return Finding(severity=Severity.WARNING, code=code, message=message, page=page, bbox=bbox)


def normalise(unit: str) -> str:
    """A unit as compared: case, composition, spacing, dashes and apostrophes ignored."""
    text = unicodedata.normalize("NFKC", unit).casefold()
    text = re.sub(r"[\u2010-\u2015\-]", "-", text)
    text = re.sub(r"[’‘`´]", "'", text)
    return " ".join(text.split())


@cache
def reference_units() -> frozenset[str]:
    """The units of the reference list shipped with the package."""
    text = resources.files("pipeline.validate").joinpath("known_units.txt").read_text("utf-8")
    return frozenset(
        normalise(line) for line in text.splitlines() if line.strip() and not line.startswith("#")
    )

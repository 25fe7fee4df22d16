"""Findings for values read by OCR: OCR is never silently trusted.

For an extraction read from a scan (``source.ocr``), every service line and tier
gets a warning, with its page and box, when its characters are uncertain: a low
Tesseract confidence, an amount that is not written as a French amount in euros,
or a billing unit never seen before (neither in the reference list shipped in
``pipeline/parse/known_units.txt`` nor in the units of approved tariff versions, which the caller
passes as ``known_units``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

from pipeline.models import BBox, Extraction, Finding, ServiceLine, Severity, Tier, TierKind
from pipeline.parse.units import normalise, reference_units

if TYPE_CHECKING:
    from pipeline.read.document import Page, Word

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
_PRICE_WORD = re.compile(r"^\d{1,3},\d{2}(?:€|euros?)?$", re.I)
"""A word read as a price with its cents ("12,50", "12,50€"; "1 189,80" ends in one)."""

UNPLACED_SHOWN = 3
"""Prices quoted in the warning about a page's unplaced prices."""

_WORDS_FOR_NO_AMOUNT = re.compile(r"^(sur\s+devis|gratuit|gratuite|offert|inclus)$", re.I)


def check(extraction: Extraction, *, known_units: Iterable[str] = ()) -> list[Finding]:
    """Warnings for the uncertain values of an OCR extraction; none for a text layer."""
    if not extraction.source.ocr:
        return []
    units = reference_units() | {normalise(unit) for unit in known_units}
    findings: list[Finding] = []
    items = [*extraction.services, *extraction.strata]
    for item in items:
        findings.extend(_check_item(item, units))
        findings.extend(_check_against_column(item, items))
    findings.extend(_check_tier_order(extraction.strata))
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


def check_unplaced_prices(pages: Iterable[Page], extraction: Extraction) -> list[Finding]:
    """One warning per scanned page where prices were read that no line or tier took up.

    OCR can break a table (a photographed grid, a cell misread) so that its prices
    become no line: a value missed that way would be silent. A page is checked when it
    gave at least one line or tier, or when the document gave none at all (a page whose
    tables were all judged not to be tariffs, in a document with tariffs elsewhere, is
    a budget or a bill and left alone). A price is taken up when it stands in the row
    of a line or tier of its page.
    """
    items = [*extraction.services, *extraction.strata]
    rows: dict[int, list[BBox]] = {}
    for item in items:
        if item.page is not None and item.bbox is not None:
            rows.setdefault(item.page, []).append(item.bbox)
    findings = []
    for page in pages:
        if not page.ocr or (items and page.number not in rows):
            continue
        unplaced = [
            word
            for word in page.words
            if _PRICE_WORD.match(word.text)
            and not any(_holds(row, word) for row in rows.get(page.number, []))
        ]
        if not unplaced:
            continue
        shown = ", ".join(f"« {word.text} »" for word in unplaced[:UNPLACED_SHOWN])
        more = "…" if len(unplaced) > UNPLACED_SHOWN else ""
        box = (
            min(w.x0 for w in unplaced),
            min(w.top for w in unplaced),
            max(w.x1 for w in unplaced),
            max(w.bottom for w in unplaced),
        )
        findings.append(
            _warning(
                "ocr.unplaced_prices",
                f"Page {page.number} numérisée : {len(unplaced)} prix lu(s) sur la page "
                f"({shown}{more}) ne sont repris dans aucune ligne ni strate ; une ligne peut "
                "manquer ou être incomplète — comparez avec le document.",
                page.number,
                box,
            )
        )
    return findings


def _holds(row: BBox, word: Word) -> bool:
    """Whether the word's middle stands in the row's box (a point of slack)."""
    x = (word.x0 + word.x1) / 2
    y = (word.top + word.bottom) / 2
    return row[0] - 1 <= x <= row[2] + 1 and row[1] - 1 <= y <= row[3] + 1


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
    likely = _likely_reading(item.amount_text) if item.amount_text is not None else None
    if likely is not None:
        yield _suspect(item, likely, "une lettre lue pour un chiffre ou une virgule doublée")
    elif item.amount_text is not None and not _is_french_amount(item.amount_text):
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


def _suspect(item: ServiceLine | Tier, likely: str, why: str) -> Finding:
    return _warning(
        "ocr.amount_suspect",
        f"Montant lu par OCR douteux ({why}) : « {item.label} », lu « {item.amount_text} », "
        f"probablement « {likely} » — à vérifier sur la page {item.page}.",
        item.page,
        item.amount_bbox or item.bbox,
    )


_LOOKALIKE_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1"})
_AMOUNT_BODY = re.compile(
    r"^(?P<body>[\dOoDlI|][\dOoDlI|\u00a0\u202f ,.]*)(?P<tail>\s?(?:€|euros?).*)$"
)


def _likely_reading(text: str) -> str | None:
    """The French amount an OCR slip most likely stands for (a letter read for a digit,
    a doubled comma), or None when the text is well formed or no single fix makes it so."""
    raw = " ".join(text.split())
    if _is_french_amount(raw):
        return None
    found = _AMOUNT_BODY.match(raw)
    if found is None or not any(ch.isdigit() for ch in found["body"]):
        return None
    body = re.sub(r"[,.]{2,}", ",", found["body"].translate(_LOOKALIKE_DIGITS))
    likely = body.rstrip() + " " + found["tail"].strip()
    return likely if _is_french_amount(likely) else None


DECIMALS = re.compile(r",\d{2}\b")
WHOLE = re.compile(r"^\d{3,}\s?(?:€|euros?)", re.I)
COLUMN_NEIGHBOURS = 2
"""Amounts with cents needed in the same column to judge one that has none."""

LOST_COMMA_FACTOR = 4
"""An amount without cents this many times above its column's largest, whose hundredth
falls within the column's range, has most likely lost its comma ("210 €" for "2,10 €")."""


def _check_against_column(item: ServiceLine | Tier, items: list) -> Iterator[Finding]:
    """A whole amount among amounts with cents, far above them, that reads like them
    with its comma back ("210 €" among "2,10 €" and "3,50 €")."""
    text = " ".join((item.amount_text or "").split())
    if item.amount is None or item.amount_bbox is None or not WHOLE.match(text):
        return
    column = [
        other
        for other in items
        if other is not item
        and other.page == item.page
        and other.amount is not None
        and other.amount_bbox is not None
        and _overlap(other.amount_bbox, item.amount_bbox)
    ]
    cents = [o.amount for o in column if DECIMALS.search(o.amount_text or "")]
    if len(cents) < COLUMN_NEIGHBOURS or len(cents) * 2 < len(column):
        return
    low, high = min(cents), max(cents)
    back = item.amount / 100
    if item.amount >= LOST_COMMA_FACTOR * high and low / LOST_COMMA_FACTOR <= back <= high * 2:
        likely = f"{back:.2f}".replace(".", ",") + " €"
        yield _suspect(item, likely, "virgule perdue au vu des montants de sa colonne")


def _check_tier_order(strata: Iterable[Tier]) -> Iterator[Finding]:
    """A fee that breaks the order of its scale: a collectivity's fee grows with its
    population, so a tier dearer than a larger one was most likely misread ("655,00 €"
    for "55,00 €", a speck read as a digit). The tier whose amount, left out, puts the
    scale back in order is flagged; when no single one does, every tier of a drop."""
    for scale in _scales(strata):
        amounts = [tier.amount for tier in scale]
        if _ordered(amounts):
            continue
        odd = [i for i in range(len(scale)) if _ordered(amounts[:i] + amounts[i + 1 :])]
        if not odd:
            drops = [i for i, (a, b) in enumerate(pairwise(amounts)) if a > b]
            odd = sorted({j for i in drops for j in (i, i + 1)})
        for i in odd:
            tier = scale[i]
            yield _warning(
                "ocr.tier_order",
                f"Montant lu par OCR hors de l'ordre des strates (une strate plus peuplée "
                f"ne paie pas moins) : « {tier.label} », « {_shown(tier)} » — à vérifier "
                f"sur la page {tier.page}.",
                tier.page,
                tier.amount_bbox or tier.bbox,
            )


def _scales(strata: Iterable[Tier]) -> Iterator[list[Tier]]:
    """The runs of collectivity tiers with an amount, each ordered by population as the
    document lists them (a new scale starts where the populations start again)."""
    scale: list[Tier] = []
    for tier in strata:
        if tier.kind != TierKind.COLLECTIVITY or tier.amount is None or tier.min_population is None:
            continue
        if scale and tier.min_population <= scale[-1].min_population:
            yield scale
            scale = []
        scale.append(tier)
    if scale:
        yield scale


def _ordered(amounts: list) -> bool:
    return all(a <= b for a, b in pairwise(amounts))


def _overlap(a: BBox, b: BBox) -> bool:
    """Whether two boxes share at least half the width of the narrower: same column."""
    shared = min(a[2], b[2]) - max(a[0], b[0])
    return shared >= 0.5 * min(a[2] - a[0], b[2] - b[0])


def _is_french_amount(text: str) -> bool:
    raw = " ".join(text.split())
    return bool(_MONEY.match(raw) or _WORDS_FOR_NO_AMOUNT.match(raw))


def _shown(item: ServiceLine | Tier) -> str:
    if item.on_quote:
        return "sur devis"
    return "" if item.amount is None else f"{item.amount} €"


def _warning(code: str, message: str, page: int, bbox: BBox | None) -> Finding:
    return Finding(severity=Severity.WARNING, code=code, message=message, page=page, bbox=bbox)

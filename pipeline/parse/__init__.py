"""Parse stage: a read :class:`~pipeline.read.Document` to an :class:`~pipeline.models.Extraction`.

Metadata come from the running text (:mod:`.sitting`), prices and tiers from the
tables (:mod:`.grid` finds them, :mod:`.tables` reads them), or tiers from a list in
the text when there is no tier table (:mod:`.lists`). Every value keeps the
page and box it was read from. Findings of the parse itself (an unreadable amount)
are carried on; business rules are the validate stage's.
"""

from __future__ import annotations

import re

from pipeline.models import Extraction, Source
from pipeline.parse.grid import find_grids
from pipeline.parse.layout import group_lines, page_text
from pipeline.parse.lists import tiers_from_text
from pipeline.parse.sitting import parse_date, parse_sitting
from pipeline.parse.tables import read_tables
from pipeline.read.document import Document, Page

__all__ = ["parse_document"]

_FOOTNOTE = re.compile(r"^\(?(\d{1,2}|\*{1,3})\)?\s?(?=[A-ZÀ-Ýa-z])")


def parse_document(document: Document) -> Extraction:
    grids = []
    texts = []
    fills = {}
    markers = {}
    page_lines = {}
    for page in document.pages:
        lines = group_lines(page.words)
        page_lines[page.number] = lines
        texts.append(page_text(lines))
        grids.extend(find_grids(page))
        fills[page.number] = page.fills
        markers[page.number] = _footnote_markers(page, lines)
    sitting = parse_sitting("\n".join(texts))
    if sitting.date is not None:
        where = _locate_date(sitting.date, page_lines)
        if where is not None:
            sitting = sitting.model_copy(update={"page": where[0], "bbox": where[1]})
    tables = read_tables(grids, fills, markers)
    strata = tables.strata or tiers_from_text(page_lines)
    return Extraction(
        source=Source(
            file=document.path.name,
            sha256=document.sha256,
            pages=max(len(document.pages), 1),
            ocr=document.ocr,
            rotations={p.number: p.rotation for p in document.pages if p.rotation},
        ),
        deliberation=sitting,
        services=tables.services,
        strata=strata,
        findings=tables.findings,
    )


def _locate_date(day, page_lines) -> tuple[int, tuple[float, float, float, float]] | None:
    """The page and line box where the sitting's date is written first."""
    for number, lines in page_lines.items():
        for first, second in zip(lines, [*lines[1:], None], strict=True):
            text = first.text if second is None else f"{first.text} {second.text}"
            if parse_date(text) == day:
                hit = first if parse_date(first.text) == day or second is None else second
                return number, hit.bbox
    return None


def _footnote_markers(page: Page, lines) -> set[str]:
    """Markers that open a footnote on the page ("¹Pour les autres structures…")."""
    found = {w.text for w in page.words if w.superscript}
    for line in lines:
        first = line.words[0]
        if first.superscript:
            found.add(first.text)
        match = _FOOTNOTE.match(line.text)
        if match and line.size < max((w.size for w in page.words), default=0):
            found.add(match.group(1))
    return found

"""Parse stage: a read :class:`~pipeline.read.Document` to an :class:`~pipeline.models.Extraction`.

Metadata come from the running text (:mod:`.sitting`), prices and tiers from the
tables (:mod:`.grid` finds them, :mod:`.tables` reads them). Every value keeps the
page and box it was read from. Findings of the parse itself (an unreadable amount)
are carried on; business rules are the validate stage's.
"""

from __future__ import annotations

import re

from pipeline.models import Extraction, Source
from pipeline.parse.grid import find_grids
from pipeline.parse.layout import group_lines, page_text
from pipeline.parse.sitting import parse_sitting
from pipeline.parse.tables import read_tables
from pipeline.read.document import Document, Page

__all__ = ["parse_document"]

_FOOTNOTE = re.compile(r"^\(?(\d{1,2}|\*{1,3})\)?\s?(?=[A-ZÀ-Ýa-z])")


def parse_document(document: Document) -> Extraction:
    grids = []
    texts = []
    fills = {}
    markers = {}
    for page in document.pages:
        lines = group_lines(page.words)
        texts.append(page_text(lines))
        grids.extend(find_grids(page))
        fills[page.number] = page.fills
        markers[page.number] = _footnote_markers(page, lines)
    sitting = parse_sitting("\n".join(texts))
    tables = read_tables(grids, fills, markers)
    return Extraction(
        source=Source(
            file=document.path.name,
            sha256=document.sha256,
            pages=max(len(document.pages), 1),
            ocr=document.ocr,
        ),
        deliberation=sitting,
        services=tables.services,
        strata=tables.strata,
        findings=tables.findings,
    )


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

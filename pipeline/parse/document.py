"""A deliberation's pages parsed into an extraction: the flow of :mod:`pipeline.parse`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.models import BBox, Extraction, Finding, ServiceLine, Severity, Source
from pipeline.parse.classify import Decision, TableContext, classify_table
from pipeline.parse.clean import clean_page
from pipeline.parse.grid import Cell, Grid, find_grids
from pipeline.parse.layout import Line, centred_in, group_lines, page_text
from pipeline.parse.lists import tiers_from_text
from pipeline.parse.minutes import Section, sitting_for, split_sections
from pipeline.parse.prose import prices_from_text
from pipeline.parse.settings import PARSE
from pipeline.parse.sitting import parse_date, parse_sitting
from pipeline.parse.tables import Judge, read_tables
from pipeline.parse.tiers import looks_like_tier
from pipeline.read.document import Document, Page, Word

__all__ = ["parse_document"]

_FOOTNOTE = re.compile(r"^\(?(\d{1,2}|\*{1,3})\)?(?:\s(?=[A-ZÀ-Ýa-z])|(?=[A-ZÀ-Ý]))")
_LINES_BEFORE_TABLE = PARSE.headers.lines_before_table


def parse_document(document: Document) -> Extraction:
    grids: list[Grid] = []
    texts = []
    fills = {}
    markers = {}
    page_lines: dict[int, list[Line]] = {}
    cleaning = [clean_page(page) for page in document.pages]
    control_findings = [finding for _, finding in cleaning if finding is not None]
    for page, _ in cleaning:
        lines = group_lines(page.words)
        page_lines[page.number] = lines
        texts.append(page_text(lines))
        grids.extend(find_grids(page))
        fills[page.number] = page.fills
        markers[page.number] = _footnote_markers(page, lines)
    framed = [(grid.page, grid.bbox) for grid in grids]  # no title stands in a table
    grids = _with_heading_lines(grids, page_lines)
    sections = split_sections(sorted(page_lines.items()), PARSE.minutes, framed)
    sitting = sitting_for(sections, parse_sitting("\n".join(texts)))
    if sitting.date is not None:
        where = _locate_date(sitting.date, page_lines)
        if where is not None:
            sitting = sitting.model_copy(update={"page": where[0], "bbox": where[1]})
    tables = read_tables(grids, fills, markers, _judge(sections, page_lines))
    strata = tables.strata or tiers_from_text(page_lines)
    prose = _prices_in_text(sections, page_lines, grids, tables.services)
    notes = [
        Finding(
            severity=Severity.INFO,
            code="deliberation.takes_note",
            message=f"« {s.title} » : l'assemblée prend acte d'un rapport, ce point ne fixe "
            "aucun tarif.",
            page=s.start[0],
        )
        for s in sections
        if s.takes_note and len(sections) == 1
    ]
    return Extraction(
        source=Source(
            file=document.path.name,
            sha256=document.sha256,
            pages=max(len(document.pages), 1),
            ocr=document.ocr,
            rotations={p.number: p.rotation for p in document.pages if p.rotation},
        ),
        deliberation=sitting,
        services=[*tables.services, *prose[0]],
        strata=strata,
        findings=[*control_findings, *notes, *tables.findings, *prose[1]],
    )


def _with_heading_lines(grids: list[Grid], page_lines: dict[int, list[Line]]) -> list[Grid]:
    """Bold short lines of text standing just above a table (or last on the page before
    one that opens the next page) become title frames: the table's category."""
    tops = {n: min(g.bbox[1] for g in grids if g.page == n) for n in {g.page for g in grids}}
    titles: list[Grid] = []
    for number, lines in page_lines.items():
        boxes = [g.bbox for g in grids if g.page == number]
        free = [ln for ln in lines if not any(centred_in(ln.bbox, box) for box in boxes)]
        for line in free:
            if not _heading_line(line):
                continue
            later = [ln.top for ln in free if ln.top > line.bottom]
            below = [g.bbox[1] for g in grids if g.page == number and g.bbox[1] >= line.bottom]
            if below:
                table_top = min(below)
                close = table_top - line.bottom < PARSE.headers.title_gap
                heads = close and not any(top < table_top for top in later)
            else:  # last on its page, the next page opening on a table
                heads = not later and number + 1 in tops
            if heads:
                cell = Cell(line.bbox, list(line.words))
                titles.append(Grid(number, line.bbox, [[cell]], [line.bbox]))
    if not titles:
        return grids
    return sorted([*grids, *titles], key=lambda g: (g.page, g.bbox[1]))


def _heading_line(line: Line) -> bool:
    words = line.text.split()
    return (
        line.bold
        and 0 < len(words) <= HEADING_WORDS
        and not line.text.rstrip().endswith((":", ".", ";", ","))
        and not PARSE.grid.amount_in_line.search(line.text)
        and len(line.segments()) == 1
    )


HEADING_WORDS = 8
"""A bold line of at most this many words above a table may be its heading."""


def _section_at(sections: Sequence[Section], page: int, top: float) -> Section | None:
    return next((s for s in sections if s.contains(page, top)), None)


def _judge(sections: Sequence[Section], page_lines: dict[int, list[Line]]) -> Judge:
    """Tables judged with what surrounds them: their point's object and the text above."""

    def judge(rows: Sequence[Sequence[str]], page: int, bbox: BBox) -> Decision:
        section = _section_at(sections, page, bbox[1])
        above = [ln.text for ln in page_lines.get(page, []) if ln.bottom <= bbox[1] + 1]
        context = TableContext(
            section_title=section.title if section is not None else None,
            text_before="\n".join(above[-_LINES_BEFORE_TABLE:]),
            takes_note=section.takes_note if section is not None else False,
            about_tariffs=section.about_tariffs if section is not None else None,
        )
        return classify_table(rows, context, settings=PARSE.classify)

    return judge


def _prices_in_text(
    sections: Sequence[Section],
    page_lines: dict[int, list[Line]],
    grids: Sequence[Grid],
    from_tables: Sequence[ServiceLine],
) -> tuple[list[ServiceLine], list[Finding]]:
    """Prices written in the running text of the points about tariffs, outside tables;
    a price a table of the same point already gives is not read twice."""
    tariff_points = [s for s in sections if s.about_tariffs and not s.takes_note]
    if not tariff_points:
        return [], []
    pages = []
    for number, lines in sorted(page_lines.items()):
        boxes = [g.bbox for g in grids if g.page == number]
        kept = [
            ln
            for ln in lines
            if not any(centred_in(ln.bbox, box) for box in boxes)
            and any(s.contains(number, ln.top) for s in tariff_points)
        ]
        if kept:
            pages.append((number, kept))
    if not pages:
        return [], []
    result = prices_from_text(pages)
    known = {(line.amount, line.page) for line in from_tables}
    services = [
        line
        for line in result.services
        if (line.amount, line.page) not in known and not looks_like_tier(line.label)
    ]
    boxes = {(line.page, box) for line in services for box in (line.bbox, line.amount_bbox)}
    findings = [f for f in result.findings if (f.page, f.bbox) in boxes]
    return services, findings


def _locate_date(day, page_lines) -> tuple[int, tuple[float, float, float, float]] | None:
    """The page and line box where the sitting's date is written first."""
    for number, lines in page_lines.items():
        if not lines:  # a blank page
            continue
        for first, second in zip(lines, [*lines[1:], None], strict=True):
            text = first.text if second is None else f"{first.text} {second.text}"
            if parse_date(text) == day:
                hit = first if parse_date(first.text) == day or second is None else second
                return number, hit.bbox
    return None


_MARKER = re.compile(r"\(?\d{1,2}\)?|\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2}|[†‡]")
"""What a footnote call read by OCR looks like: a number, asterisks, a dagger. A letter
or a stray mark the OCR takes for raised ("c", "!") is not one: stripped from labels,
it would cut their last letter ("Établissement publi"). A text layer says what is
raised: any of its raised words may be a call."""


def _marker(word: Word) -> bool:
    return word.superscript and (word.confidence is None or bool(_MARKER.fullmatch(word.text)))


def _footnote_markers(page: Page, lines) -> set[str]:
    """Markers that open a footnote on the page ("¹Pour les autres structures…")."""
    found = {w.text for w in page.words if _marker(w)}
    for line in lines:
        first = line.words[0]
        if _marker(first):
            found.add(first.text)
        match = _FOOTNOTE.match(line.text)
        if match and line.size < max((w.size for w in page.words), default=0):
            found.add(match.group(1))
    return found

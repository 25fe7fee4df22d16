"""A scanned page that stays unreadable is said so, with its number."""

from __future__ import annotations

from decimal import Decimal

from pipeline.models import Deliberation, Extraction, ServiceLine, Source
from pipeline.read import Page, Word
from pipeline.validate.ocr import check_pages, check_unplaced_prices


def _page(number: int, confidences: list[float], *, ocr: bool = True) -> Page:
    words = [Word(f"mot{i}", 10, 10, 40, 20, 10.0, confidence=c) for i, c in enumerate(confidences)]
    return Page(number, 595.0, 842.0, words, ocr=ocr)


def test_only_the_unreadable_scanned_page_is_flagged_with_its_number() -> None:
    pages = [
        _page(1, [91.0, 88.0, 35.0]),  # read well, one doubtful word
        _page(2, [22.0, 41.0, 30.0, 64.0]),  # noise
        _page(3, []),  # blank
        _page(4, [10.0, 12.0], ocr=False),  # a text layer has no OCR to doubt
    ]
    findings = check_pages(pages)
    assert [(f.code, f.page) for f in findings] == [("ocr.unreadable_page", 2)]
    assert findings[0].message.startswith("Page 2 numérisée illisible")
    assert "39\u00a0%" in findings[0].message


def _priced_page(number: int, tops: list[float]) -> Page:
    """A scanned page with a label and a price on a row at each of ``tops`` (points)."""
    words = []
    for top in tops:
        words.append(Word("Licence", 60, top, 100, top + 10, 10.0, confidence=95.0))
        words.append(Word("19,80€", 300, top, 330, top + 10, 10.0, confidence=95.0))
    return Page(number, 595.0, 842.0, words, ocr=True)


def _lines(*rows: tuple[int, float]) -> Extraction:
    services = [
        ServiceLine(
            category=None,
            group=None,
            label="Licence",
            amount=Decimal("19.80"),
            unit="Par poste et par an",
            page=page,
            bbox=(56.0, top, 555.0, top + 10),
        )
        for page, top in rows
    ]
    source = Source(file="scan.pdf", sha256="0" * 64, pages=3, ocr=True)
    return Extraction(source=source, deliberation=Deliberation(date=None), services=services)


def test_prices_of_a_page_that_no_line_took_up_are_flagged_with_their_box() -> None:
    """A photographed grid broke in two: two of its three prices became no line. Missed
    that way, a value was silent; now its page says so, with the prices' box."""
    pages = [_priced_page(1, [100.0, 130.0, 160.0])]
    [finding] = check_unplaced_prices(pages, _lines((1, 100.0)))
    assert finding.code == "ocr.unplaced_prices" and finding.page == 1
    assert "2 prix" in finding.message and "« 19,80€ »" in finding.message
    assert finding.bbox == (300, 130.0, 330, 170.0)


def test_a_page_whose_prices_all_became_lines_is_not_flagged() -> None:
    pages = [_priced_page(1, [100.0, 130.0])]
    assert check_unplaced_prices(pages, _lines((1, 100.0), (1, 130.0))) == []


def test_a_priced_page_without_lines_is_left_alone_when_other_pages_gave_some() -> None:
    """A budget page of a scanned set of minutes: its tables were judged not tariffs."""
    pages = [_priced_page(1, [100.0]), _priced_page(2, [100.0, 130.0])]
    assert check_unplaced_prices(pages, _lines((1, 100.0))) == []
    # ... but when the whole document gave nothing, every priced page is pointed at
    assert [f.page for f in check_unplaced_prices(pages, _lines())] == [1, 2]

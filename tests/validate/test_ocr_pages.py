"""A scanned page that stays unreadable is said so, with its number."""

from __future__ import annotations

from pipeline.read import Page, Word
from pipeline.validate.ocr import check_pages


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

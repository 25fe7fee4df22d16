"""Pages fed in sideways or upside down: turned upright before OCR, the turn recorded."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

import pipeline.read.ocr as ocr
from pipeline.read import read_document
from pipeline.read.ocr_image import turn
from tests.conftest import require_tool
from tests.read.test_ocr import TEXT_PDF, make_scan


def _words(page) -> Counter:
    return Counter(w.text for w in page.words if not w.superscript)


@pytest.fixture(scope="module")
def upright(tmp_path_factory):
    require_tool("tesseract")
    folder = tmp_path_factory.mktemp("upright")
    scan = make_scan(TEXT_PDF, folder / "upright.pdf", dpi=150, angle=0.6, pages={3})
    return read_document(scan).pages[0]


@pytest.mark.tesseract
@pytest.mark.parametrize("quarter", [90, 180])
def test_a_turned_scan_reads_like_the_upright_one(tmp_path, upright, quarter) -> None:
    scan = make_scan(TEXT_PDF, tmp_path / "turned.pdf", dpi=150, angle=0.6, pages={3}, turn=quarter)
    got = read_document(scan).pages[0]
    assert (got.width, got.height) == pytest.approx((upright.width, upright.height), abs=1)
    # Turned back by the rest of the full turn, then levelled like the upright page.
    assert got.rotation == pytest.approx(360 - quarter + upright.rotation, abs=0.15)
    same = sum((_words(got) & _words(upright)).values())
    assert same >= 0.95 * sum(_words(upright).values())
    text = " ".join(w.text for w in got.words)
    assert "Plus de 3 500 habitants" in text


@pytest.mark.tesseract
def test_without_orientation_detection_the_best_read_turn_wins(monkeypatch, tmp_path) -> None:
    require_tool("tesseract")
    monkeypatch.setattr(ocr, "orientation", lambda gray, dpi: None)
    monkeypatch.setattr(ocr, "ink_turn", lambda gray, dpi, layout: None)  # the ink unsure
    scan = make_scan(TEXT_PDF, tmp_path / "turned.pdf", dpi=150, angle=0, pages={3}, turn=270)
    got = read_document(scan).pages[0]
    assert round(got.rotation) == 90
    assert "Plus de 3 500 habitants" in " ".join(w.text for w in got.words)


@pytest.mark.tesseract
def test_a_blank_page_is_left_as_it_is() -> None:
    require_tool("tesseract")
    blank = np.full((1650, 1275), 255, dtype=np.uint8)
    assert ocr.upright_turn(blank, 150) == 0
    assert ocr.upright_turn(turn(blank, 90), 150) == 0


def _reading(boxes, confidence=90.0):
    from pipeline.read.ocr_engine import OcrLine, OcrWord

    words = [OcrWord("tarif", box, confidence) for box in boxes]
    return [OcrLine((0, 0, 1000, 1000), (0.0, 0.0), 30.0, words)]


def test_only_a_reading_that_does_not_look_upright_asks_for_the_orientation() -> None:
    wide = [(100 * i, 10, 100 * i + 80, 40) for i in range(6)]
    tall = [(10, 100 * i, 40, 100 * i + 80) for i in range(6)]
    assert ocr.looks_upright(_reading(wide))
    assert not ocr.looks_upright(_reading(tall))  # a sideways page read as it is
    assert not ocr.looks_upright(_reading(wide, confidence=30.0))  # upside down
    assert not ocr.looks_upright(_reading(wide[:2]))  # too little to tell


@pytest.mark.tesseract
def test_a_page_whose_lines_run_down_is_seen_sideways_before_it_is_read(tmp_path) -> None:
    """Counting lines of text across and down the pixels takes milliseconds; reading a
    sideways page first took seconds, for nothing."""
    from pipeline.read.ocr_image import render_pages, text_layout

    require_tool("tesseract")
    scan = make_scan(TEXT_PDF, tmp_path / "upright.pdf", dpi=150, angle=0.6, pages={3})
    gray, dpi, _, _ = render_pages(scan, [1])[1]
    upright = text_layout(gray, dpi)
    assert upright.across >= 20 and upright.down <= upright.across / 10
    assert not upright.sideways and not upright.upside_down
    assert text_layout(turn(gray, 90), dpi).sideways
    assert text_layout(turn(gray, 270), dpi).sideways
    blank = text_layout(np.full((1650, 1275), 255, dtype=np.uint8), 150)
    assert not blank.sideways and not blank.upside_down


@pytest.mark.tesseract
def test_a_page_upside_down_has_more_ink_below_its_lines_than_above(tmp_path) -> None:
    """Ascenders and capitals outnumber descenders: turned over, the ink below the
    lines' small letters outweighs the ink above."""
    from pipeline.read.ocr_image import render_pages, text_layout

    require_tool("tesseract")
    scan = make_scan(TEXT_PDF, tmp_path / "upright.pdf", dpi=150, angle=0.6, pages={1, 2, 3})
    for gray, dpi, _, _ in render_pages(scan, [1, 2, 3]).values():
        upright, over = text_layout(gray, dpi), text_layout(turn(gray, 180), dpi)
        assert upright.above > upright.below and not upright.upside_down
        assert over.upside_down and not over.sideways


@pytest.mark.tesseract
@pytest.mark.parametrize("quarter", [90, 180])
def test_a_turned_page_is_read_once(monkeypatch, tmp_path, quarter) -> None:
    require_tool("tesseract")
    readings = []
    level_and_read = ocr._level_and_read

    def counted(*args, **kwargs):
        readings.append(1)
        return level_and_read(*args, **kwargs)

    monkeypatch.setattr(ocr, "_level_and_read", counted)
    scan = make_scan(TEXT_PDF, tmp_path / "turned.pdf", dpi=150, angle=0.6, pages={3}, turn=quarter)
    got = read_document(scan).pages[0]
    assert got.rotation == pytest.approx(360 - quarter, abs=3)
    assert len(readings) == 1


@pytest.mark.tesseract
@pytest.mark.parametrize(
    ("quarter", "page", "text"),
    [
        (90, 3, "Plus de 3 500 habitants"),
        (270, 3, "Plus de 3 500 habitants"),
        (180, 2, "Syndicat Mixte la Fibre Numérique"),
    ],
)
def test_a_turned_page_its_ink_tells_is_turned_without_orientation_detection(
    monkeypatch, tmp_path, quarter, page, text
) -> None:
    """Tesseract's orientation detection took 1.3 s of the 6.8 s a sideways photo took:
    a page whose lines clearly carry their ascenders one way is turned by its ink.
    (Page 3 upside down is not clear enough: 1.14 against 0.88; it is asked for.)"""
    require_tool("tesseract")
    asked = []
    monkeypatch.setattr(ocr, "orientation", lambda gray, dpi: asked.append(1))
    scan = make_scan(
        TEXT_PDF, tmp_path / "turned.pdf", dpi=150, angle=0.6, pages={page}, turn=quarter
    )
    got = read_document(scan).pages[0]
    assert got.rotation == pytest.approx(360 - quarter, abs=3)
    assert text in " ".join(w.text for w in got.words)
    assert asked == []


@pytest.mark.tesseract
def test_a_turn_told_wrong_by_the_ink_is_checked_by_orientation_detection(
    monkeypatch, tmp_path
) -> None:
    """Should the ink tell the opposite turn, the page reads upside down: its reading
    does not look upright, orientation detection is asked, and the page read again."""
    require_tool("tesseract")
    monkeypatch.setattr(ocr, "ink_turn", lambda gray, dpi, layout: 270)  # wrong: 90 is right
    scan = make_scan(TEXT_PDF, tmp_path / "turned.pdf", dpi=150, angle=0.6, pages={3}, turn=270)
    got = read_document(scan).pages[0]
    assert got.rotation == pytest.approx(90, abs=3)
    assert "Plus de 3 500 habitants" in " ".join(w.text for w in got.words)

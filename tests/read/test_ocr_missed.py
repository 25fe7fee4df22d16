"""Blocks of ink the first reading left without a word are found to be read again."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pipeline.read.ocr_engine import OcrLine, OcrWord
from pipeline.read.ocr_missed import _unread_blocks
from tests.conftest import require_tool


def _text_row(ink: np.ndarray, x0: int, y0: int, letters: int) -> None:
    """A row of ``letters`` letter-sized blots, 30 px tall, 18 px wide, 6 px apart."""
    for i in range(letters):
        x = x0 + 24 * i
        ink[y0 : y0 + 30, x : x + 18] = True


def _line(box: tuple[int, int, int, int]) -> OcrLine:
    return OcrLine(box, (0.0, 0.0), 30.0, [OcrWord("Licence", box, 95.0)])


def test_a_column_no_word_covers_is_found_and_read_words_are_not() -> None:
    ink = np.zeros((600, 1200), dtype=bool)
    for row in range(4):
        _text_row(ink, 100, 100 + 60 * row, 8)  # labels, read
        _text_row(ink, 900, 100 + 60 * row, 4)  # prices, dropped by the first reading
    lines = [_line((100, 100 + 60 * row, 100 + 24 * 8, 130 + 60 * row)) for row in range(4)]
    blocks = _unread_blocks(ink, lines, 30.0)
    assert len(blocks) == 4
    assert all(box[0] >= 890 and box[2] <= 1000 for box in blocks)


def test_specks_and_pictures_are_not_text_blocks() -> None:
    ink = np.zeros((600, 1200), dtype=bool)
    ink[50:53, 50:53] = True  # a speck
    ink[200:500, 300:700] = True  # a stamp, ten lines tall
    assert _unread_blocks(ink, [_line((0, 0, 10, 30))], 30.0) == []


@pytest.mark.tesseract
def test_a_price_column_the_first_reading_dropped_is_read_again_whole(tmp_path) -> None:
    """A landscape page of small print with a shaded header, scanned at 150 dpi: the first
    reading of its lower band gave no word of the price column, and its blocks, stacked
    and read again as « one column of lines of various sizes », none either (Tesseract
    took the sheet for a picture): not one of the page's eleven lines was read. Read as
    one block of lines, every price of the page comes back."""
    require_tool("tesseract")
    from dataclasses import replace

    from pipeline.extract import extract
    from pipeline.settings import Settings
    from tests.pdfgen.build import build_all
    from tests.pdfgen.scan import STYLES, scan
    from tests.pdfgen.variations import by_name

    name = "small_font_narrow_margins"
    source = build_all([by_name(name)], tmp_path)[name]
    truth = json.loads((tmp_path / f"{name}.truth.json").read_text("utf-8"))
    scanned = scan(source, tmp_path / "scan.pdf", replace(STYLES["dark"], dpi=150, skew=-1.1))
    got = json.loads(extract(scanned, settings=Settings(cache_dir=tmp_path)).to_json())
    amounts = sorted(str(s["amount"]) for s in got["services"])
    assert sorted(str(s["amount"]) for s in truth["services"]) == amounts

"""Slipped amounts ("1O,50", "2,,10") corrected only when a larger re-read agrees."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.read import ocr_reread
from pipeline.read.ocr_engine import OcrLine, OcrWord
from tests.conftest import require_tool


def _lines(text: str, box=(100, 40, 220, 70)) -> list[OcrLine]:
    return [OcrLine(box, (0.0, 0.0), 30.0, [OcrWord(text, box, 88.0)])]


@pytest.mark.parametrize(
    ("read", "again", "kept"),
    [
        ("1O,50", "10,50", "10,50"),  # the ink agrees: corrected
        ("2,,10", "2,10", "2,10"),
        ("1O,50", "18,50", "1O,50"),  # the ink says otherwise: left for validation to flag
        ("1O,50", "1O,50", "1O,50"),
        ("10,50", "18,50", "10,50"),  # a well-formed amount is never read again
    ],
)
def test_a_slipped_amount_is_corrected_only_when_the_larger_reading_agrees(
    monkeypatch, read, again, kept
) -> None:
    asked = []

    def fake(images, dpi, **options):
        asked.extend((gray.shape, dpi, options) for gray in images)
        return [_lines(again) for _ in images]

    monkeypatch.setattr(ocr_reread, "recognise_each", fake)
    gray = np.full((120, 400), 255, dtype=np.uint8)
    [line] = ocr_reread.reread_amounts(gray, _lines(read), 300)
    assert line.words[0].text == kept
    if ocr_reread.likely_amount(read) is None:
        assert asked == []
    else:
        [(shape, dpi, options)] = asked
        assert dpi == 600 and options == {"single_line": True}
        assert shape[1] > 2 * 120  # the word's box, with its margin, twice as large


@pytest.mark.tesseract
def test_a_real_amount_read_larger_confirms_the_fix() -> None:
    require_tool("tesseract")
    font = ImageFont.truetype("DejaVuSans.ttf", 28)
    image = Image.new("L", (400, 120), 255)
    ImageDraw.Draw(image).text((100, 40), "10,50", font=font, fill=0)
    gray = np.asarray(image)
    ys, xs = np.nonzero(gray < 128)
    box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    [line] = ocr_reread.reread_amounts(gray, _lines("1O,50", box), 300)
    assert line.words[0].text == "10,50"
    [line] = ocr_reread.reread_amounts(gray, _lines("1O,80", box), 300)
    assert line.words[0].text == "1O,80"  # "10,80" is not what the ink says

"""Tesseract's answer: several small images in one run read as each alone."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.read.ocr_engine import recognise, recognise_each
from tests.conftest import require_tool


def _line_of(text: str, width: int) -> np.ndarray:
    image = Image.new("L", (width, 70), 255)
    ImageDraw.Draw(image).text(
        (12, 14), text, font=ImageFont.truetype("DejaVuSans.ttf", 32), fill=0
    )
    return np.asarray(image)


def _read(lines) -> list[tuple[str, tuple[int, int, int, int], float]]:
    return [(word.text, word.box, word.confidence) for line in lines for word in line.words]


@pytest.mark.tesseract
def test_images_read_in_one_run_give_what_each_gives_alone_and_in_order() -> None:
    require_tool("tesseract")
    images = [
        _line_of("Messagerie 19,80 €", 420),
        np.full((60, 200), 255, dtype=np.uint8),  # a blank cut keeps its place
        _line_of("Sauvegarde", 260),
        _line_of("1 190,40", 220),
    ]
    together = recognise_each(images, 300, single_line=True)
    alone = [recognise(image, 300, single_line=True) for image in images]
    assert [_read(lines) for lines in together] == [_read(lines) for lines in alone]
    texts = [" ".join(text for text, _, _ in _read(lines)) for lines in together]
    assert [texts[0], texts[2], texts[3]] == ["Messagerie 19,80 €", "Sauvegarde", "1 190,40"]


def test_no_image_needs_no_run() -> None:
    assert recognise_each([], 300) == []

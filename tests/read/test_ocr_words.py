"""OCR words kept or dropped as dust and rule remnants."""

from __future__ import annotations

import pytest

from pipeline.read.ocr_engine import OcrWord
from pipeline.read.ocr_words import _is_noise


@pytest.mark.parametrize("text", ["_", "__", "|", "|_", "'", "."])
def test_what_is_left_of_a_rule_or_a_speck_is_dropped_at_any_confidence(text: str) -> None:
    """A dark 150 dpi scan leaves the soft edge of a table's last rule after the rule is
    erased; Tesseract reads it as "_" with good confidence, and the header
    « Unité de facturation _ » no longer matched the same header on the next page."""
    assert _is_noise(OcrWord(text, (0, 0, 10, 10), 95.0))


@pytest.mark.parametrize("text", ["€", "12,50", "l", "I", "n°", "-", "%"])
def test_words_of_the_text_are_kept(text: str) -> None:
    assert not _is_noise(OcrWord(text, (0, 0, 10, 10), 95.0))

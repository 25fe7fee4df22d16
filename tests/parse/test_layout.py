"""Words of a line joined into text: pieces of one word glued, words spaced."""

import pytest

from pipeline.parse.layout import join_words
from pipeline.read.document import Word


def word(text: str, x0: float, x1: float, confidence: float | None) -> Word:
    return Word(text, x0, 100.0, x1, 109.0, 9.0, confidence=confidence)


@pytest.mark.parametrize(
    ("pieces", "text"),
    [
        ((("NAS", 63.0, 82.5), ("2", 83.2, 88.0)), "NAS 2"),  # a box widened by grain
        ((("Boîtier", 63.0, 90.0), ("4", 90.5, 95.0)), "Boîtier 4"),
        ((("2", 63.0, 68.0), ("disques", 68.5, 95.0)), "2 disques"),
        ((("Rhin", 63.0, 80.0), ("-Meuse", 80.3, 105.0)), "Rhin-Meuse"),  # still one word
        ((("12,50", 63.0, 85.0), ("€", 85.4, 90.0)), "12,50€"),
        ((("10", 63.0, 72.0), ("m²", 72.4, 82.0)), "10 m²"),
    ],
)
def test_ocr_words_touching_are_one_unless_a_word_meets_a_number(pieces, text):
    assert join_words(word(t, x0, x1, 90.0) for t, x0, x1 in pieces) == text


def test_typed_words_touching_are_one_word_whatever_they_hold():
    """In a text PDF, a word in two pieces is one word (« Office » « 365 » set in two
    fonts with no space between them)."""
    pieces = [word("Office", 63.0, 90.0, None), word("365", 90.2, 105.0, None)]
    assert join_words(pieces) == "Office365"

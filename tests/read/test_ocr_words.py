"""OCR words kept or dropped as dust and rule remnants."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.read.ocr_engine import OcrLine, OcrWord
from pipeline.read.ocr_words import (
    Frame,
    _is_noise,
    join_split_lines,
    join_split_words,
    to_words,
)


@pytest.mark.parametrize("text", ["_", "__", "|", "|_", "'", "."])
def test_what_is_left_of_a_rule_or_a_speck_is_dropped_at_any_confidence(text: str) -> None:
    """A dark 150 dpi scan leaves the soft edge of a table's last rule after the rule is
    erased; Tesseract reads it as "_" with good confidence, and the header
    « Unité de facturation _ » no longer matched the same header on the next page."""
    assert _is_noise(OcrWord(text, (0, 0, 10, 10), 95.0))


@pytest.mark.parametrize("text", ["€", "12,50", "l", "I", "n°", "-", "%"])
def test_words_of_the_text_are_kept(text: str) -> None:
    assert not _is_noise(OcrWord(text, (0, 0, 10, 10), 95.0))


def _line(*words: tuple[str, int, int]) -> list[OcrWord]:
    """Words on one row of letters 30 px high: (text, left, right)."""
    return [OcrWord(text, (x0, 100, x1, 130), 90.0) for text, x0, x1 in words]


def test_a_word_cut_in_two_by_a_narrow_gap_is_joined() -> None:
    words = _line(("Partage", 0, 160), ("de", 178, 226), ("fich", 243, 319), ("iers", 323, 398))
    words += _line(("10", 416, 464), ("Go", 480, 533))
    joined = join_split_words(words, 30.0)
    assert [w.text for w in joined] == ["Partage", "de", "fichiers", "10", "Go"]
    assert joined[2].box == (243, 100, 398, 130)


@pytest.mark.parametrize(
    ("left", "right"),
    [("1", "000"), ("19,80", "€"), ("de", "BAPAUME"), ("n°", "12")],
)
def test_words_close_together_that_are_not_letters_meeting_stay_apart(left, right) -> None:
    """Digits (« 1 000 »), a sign, a small letter before a capital stay two words."""
    words = _line(("Par", 0, 60), ("compte", 78, 200), (left, 218, 260), (right, 263, 320))
    assert [w.text for w in join_split_words(words, 30.0)][-2:] == [left, right]


def test_words_at_the_usual_gap_stay_apart() -> None:
    words = _line(("Par", 0, 60), ("compte", 66, 190), ("et", 196, 230), ("par", 236, 290))
    assert len(join_split_words(words, 30.0)) == 4


def test_a_line_cut_at_a_column_edge_is_joined_to_its_other_half() -> None:
    """Tesseract ended one line on « fich » where a column of the table begins, and
    started another with « iers 10 Go » on the same baseline."""
    first = OcrLine(
        (0, 100, 319, 138), (0.0, -8.0), 38.0, _line(("de", 178, 226), ("fich", 243, 319))
    )
    second = OcrLine(
        (323, 100, 533, 130), (0.0, 0.0), 37.0, _line(("iers", 323, 398), ("Go", 480, 533))
    )
    below = OcrLine((0, 160, 100, 190), (0.0, 0.0), 30.0, _line(("Licence", 0, 100)))
    joined = join_split_lines([first, below, second])
    assert [[w.text for w in line.words] for line in joined] == [
        ["de", "fich", "iers", "Go"],
        ["Licence"],
    ]


def test_cells_of_one_row_apart_stay_separate_lines() -> None:
    left = OcrLine((0, 100, 200, 130), (0.0, 0.0), 30.0, _line(("Licence", 0, 200)))
    right = OcrLine((400, 100, 500, 130), (0.0, 0.0), 30.0, _line(("20,40", 400, 500)))
    assert len(join_split_lines([left, right])) == 2


def _words_of(*words: OcrWord) -> list[str]:
    line = OcrLine((0, 0, 1000, 40), (0.0, 0.0), 36.0, list(words))
    return [w.text for w in to_words([line], np.zeros((60, 1000), bool), Frame(0.24, 0.24))]


def test_a_dash_between_words_is_kept_however_unsure_and_read_as_one() -> None:
    """« Sauvegarde 100 Go – mise en service » at 150 dpi: the dash read « -— » at 43 %."""
    go = OcrWord("Go", (547, 7, 596, 39), 93.0)
    mise = OcrWord("mise", (640, 10, 718, 38), 96.0)
    assert _words_of(go, OcrWord("-—", (608, 25, 629, 29), 43.0), mise) == ["Go", "–", "mise"]


def test_a_low_stroke_under_the_letters_is_still_dust() -> None:
    """At the foot of the letters it is what is left of a rule, not a dash."""
    go = OcrWord("Go", (547, 7, 596, 39), 93.0)
    mise = OcrWord("mise", (640, 10, 718, 38), 96.0)
    assert _words_of(go, OcrWord("—", (608, 36, 629, 39), 43.0), mise) == ["Go", "mise"]

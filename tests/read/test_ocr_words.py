"""OCR words kept or dropped as dust and rule remnants."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.read.ocr_engine import OcrLine, OcrWord
from pipeline.read.ocr_words import (
    Frame,
    _is_noise,
    join_split_lines,
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


def test_strokes_read_as_letters_with_no_confidence_are_dropped() -> None:
    """Montpellier's 2014 book scanned at 150 dpi: the left rule of the first price cell
    of page 10 was read « ll. » (8 %) beside « 3,00 € »; the cell no longer held an
    amount alone and its row became a heading, its price lost."""
    assert _is_noise(OcrWord("ll.", (0, 0, 10, 10), 8.0))
    assert not _is_noise(OcrWord("ll.", (0, 0, 10, 10), 60.0))
    assert not _is_noise(OcrWord("Il", (0, 0, 10, 10), 45.0))
    assert not _is_noise(OcrWord("l1", (0, 0, 10, 10), 8.0))  # a figure: flagged, not dropped


def _line(*words: tuple[str, int, int]) -> list[OcrWord]:
    """Words on one row of letters 30 px high: (text, left, right)."""
    return [OcrWord(text, (x0, 100, x1, 130), 90.0) for text, x0, x1 in words]


def _halves(left: str, right: str, gap: int = 4) -> list[OcrLine]:
    """A line ending on ``left`` and the next, on the same baseline, starting with ``right``."""
    first = OcrLine((0, 100, 319, 130), (0.0, 0.0), 37.0, _line(("de", 178, 226), (left, 243, 319)))
    start = 319 + gap
    second = OcrLine(
        (start, 100, 533, 130), (0.0, 0.0), 37.0, _line((right, start, 398), ("Go", 480, 533))
    )
    return [first, second]


def test_a_word_cut_in_two_with_its_line_is_one_word_again() -> None:
    (line,) = join_split_lines(_halves("fich", "iers"))
    assert [w.text for w in line.words] == ["de", "fichiers", "Go"]
    assert line.words[1].box == (243, 100, 398, 130)


@pytest.mark.parametrize(
    ("left", "right"),
    [("1", "000"), ("19,80", "€"), ("de", "BAPAUME"), ("n°", "12")],
)
def test_halves_that_are_not_letters_meeting_stay_two_words(left, right) -> None:
    """Digits (« 1 000 »), a sign, a small letter before a capital stay two words."""
    (line,) = join_split_lines(_halves(left, right))
    assert [w.text for w in line.words] == ["de", left, right, "Go"]


def test_words_close_together_within_a_line_are_kept_as_read() -> None:
    """A small font at 150 dpi: its spaces are as narrow as a cut word's gap, and gluing
    them made « Par compteet par an »."""
    line = OcrLine(
        (0, 100, 290, 130),
        (0.0, 0.0),
        30.0,
        _line(("Par", 0, 60), ("compte", 63, 190), ("et", 193, 230), ("par", 233, 290)),
    )
    assert [w.text for w in join_split_lines([line])[0].words] == ["Par", "compte", "et", "par"]


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
        ["de", "fichiers", "Go"],
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


def _ink(*glyphs: tuple[int, int, int, int]) -> np.ndarray:
    """A page's ink: solid glyphs (x0, top, x1, bottom) in pixels."""
    ink = np.zeros((120, 600), bool)
    for x0, top, x1, bottom in glyphs:
        ink[top:bottom, x0:x1] = True
    return ink


def _superscripts(line: OcrLine, ink: np.ndarray) -> list[str]:
    return [w.text for w in to_words([line], ink, Frame(0.24, 0.24)) if w.superscript]


def test_a_digit_beside_a_word_given_its_whole_line_s_height_is_no_marker() -> None:
    """« 1 000 à 1 999 hab. » in a shaded heading at 150 dpi: Tesseract gave « 000 » the
    box of its two-line cell, down into « hab. » below it; beside it the « 1 » looked small
    and raised, was taken for a footnote call, and the tier became « 000 à 1 999 »."""
    glyphs = [(10, 20, 20, 48), (30, 20, 80, 48), (90, 28, 104, 48), (115, 20, 160, 48)]
    hab = (40, 60, 90, 88)  # the next line, partly within the box given to « 000 »
    line = OcrLine(
        (10, 14, 160, 64),
        (0.0, 0.0),
        28.0,
        [
            OcrWord("1", (10, 20, 20, 48), 90.0),
            OcrWord("000", (30, 14, 80, 64), 90.0),  # the line's height, and more
            OcrWord("à", (90, 28, 104, 48), 90.0),
            OcrWord("999", (115, 14, 160, 64), 90.0),
        ],
    )
    assert _superscripts(line, _ink(*glyphs, hab)) == []


def test_a_small_raised_figure_is_still_a_marker() -> None:
    line = OcrLine(
        (10, 14, 200, 48),
        (0.0, 0.0),
        28.0,
        [
            OcrWord("Tarif", (10, 20, 90, 48), 90.0),
            OcrWord("1", (94, 14, 102, 30), 90.0),
            OcrWord("annuel", (110, 20, 200, 48), 90.0),
        ],
    )
    ink = _ink((10, 20, 90, 48), (94, 14, 102, 30), (110, 20, 200, 48))
    assert _superscripts(line, ink) == ["1"]


def test_a_colon_is_no_marker_for_the_gap_between_its_dots() -> None:
    line = OcrLine(
        (10, 20, 200, 48),
        (0.0, 0.0),
        28.0,
        [OcrWord("Absents", (10, 20, 120, 48), 90.0), OcrWord(":", (126, 28, 132, 48), 90.0)],
    )
    ink = _ink((10, 20, 120, 48), (126, 28, 132, 32), (126, 43, 132, 48))
    assert _superscripts(line, ink) == []


def _niveau_and_bar(foot: int, top: int = 10) -> tuple[OcrLine, np.ndarray]:
    """« niveau » (letters 21 px, baseline at row 31) and a « | » 13 px after it: a stem
    4 px wide from ``top`` to the baseline, its last rows ``foot`` px wide."""
    ink = np.zeros((60, 600), bool)
    ink[18:31, 100:220] = True  # « niveau »
    ink[top:31, 235:239] = True
    ink[28:31, 237 - foot // 2 : 237 - foot // 2 + foot] = True
    niveau = OcrWord("niveau", (100, 10, 220, 31), 96.0)
    bar = OcrWord("|", (233, top, 241, 31), 82.0)
    amount = OcrWord("128,40", (400, 10, 480, 33), 95.0)
    return OcrLine((100, 10, 480, 33), (0.0, 0.0), 23.0, [niveau, bar, amount]), ink


def test_a_serif_figure_one_read_as_a_bar_is_a_one_to_check() -> None:
    """« Mise en service niveau 1 » in Times, printed and scanned at 150 dpi: Tesseract
    reads the 1 « | », even enlarged, and the bar was dropped as a rule's remnant: the
    line became « Mise en service niveau ». As tall as the letters, on their baseline,
    with its foot, it is a 1, given a low confidence so that the line is flagged."""
    line, ink = _niveau_and_bar(foot=8)
    words = to_words([line], ink, Frame(0.24, 0.24))
    assert [w.text for w in words] == ["niveau", "1", "128,40"]
    assert words[1].confidence == 50.0


@pytest.mark.parametrize(("foot", "top"), [(4, 10), (8, 0)])
def test_a_bar_with_no_foot_or_taller_than_the_letters_is_still_a_rule_remnant(foot, top):
    line, ink = _niveau_and_bar(foot=foot, top=top)
    assert [w.text for w in to_words([line], ink, Frame(0.24, 0.24))] == ["niveau", "128,40"]

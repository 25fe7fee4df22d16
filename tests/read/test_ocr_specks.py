"""Specks of dust read as words, glued to words, or widening their boxes, taken out."""

from __future__ import annotations

import numpy as np

from pipeline.read.ocr_engine import OcrChar, OcrWord
from pipeline.read.ocr_specks import without_specks

LETTERS = 28.0
"""The line's letter height, in pixels (a 10 pt line at 300 dpi)."""

POINTS = 72 / 300
"""Points per pixel at 300 dpi."""


def _ink() -> np.ndarray:
    return np.zeros((100, 1000), dtype=bool)


def _letter(ink: np.ndarray, x: int, width: int = 14) -> None:
    """A letter's body: a block of strokes 28 px high."""
    ink[30:58, x : x + 3] = True
    ink[30:58, x + width - 3 : x + width] = True
    ink[30:33, x : x + width] = True


def _word(text: str, box: tuple[int, int, int, int], chars=None, confidence=90.0) -> OcrWord:
    return OcrWord(text, box, confidence, chars or [])


def test_a_speck_read_as_a_word_is_dropped_whatever_it_was_read_as() -> None:
    """A speck in the blank between two columns, read « : » or « 4 » with good
    confidence: it bridged the gap between the price and its unit."""
    ink = _ink()
    ink[50:52, 400:402] = True  # a speck
    ink[40:42, 600:603] = ink[48:50, 600:603] = True  # two specks, one above the other
    words = [_word(":", (399, 49, 403, 53)), _word("4", (599, 39, 604, 51))]
    assert without_specks(words, ink, LETTERS, POINTS) == []


def test_real_marks_are_kept() -> None:
    """A colon (two dots of a few pixels, as little ink as a speck, but as tall as a
    small letter: « Etaient présents : » must keep it), a hyphen, a letter « i »."""
    ink = _ink()
    ink[38:41, 100:103] = ink[54:57, 100:103] = True  # a colon
    ink[46:49, 200:212] = True  # a hyphen
    ink[30:33, 300:303] = ink[38:58, 300:303] = True  # an « i »
    words = [_word(":", (100, 38, 103, 57)), _word("-", (200, 46, 212, 49))]
    words.append(_word("i", (300, 30, 303, 58)))
    assert without_specks(words, ink, LETTERS, POINTS) == words


def test_a_speck_glued_before_a_word_is_cut_off_with_the_quote_it_was_read_as() -> None:
    """« ‘Boîte » for « Boîte »: the speck 8 px before the B was read as a quote."""
    ink = _ink()
    ink[35:37, 100:102] = True  # the speck
    for x in range(110, 200, 18):
        _letter(ink, x)
    chars = [OcrChar("‘", (100, 35, 102, 37))]
    chars += [OcrChar(ch, (110 + 18 * i, 30, 124 + 18 * i, 58)) for i, ch in enumerate("Boîte")]
    (word,) = without_specks([_word("‘Boîte", (100, 30, 196, 58), chars)], ink, LETTERS, POINTS)
    assert word.text == "Boîte"
    assert word.box == (110, 30, 196, 58)


def test_a_box_widened_by_a_far_speck_is_brought_back_to_the_letters() -> None:
    """A « P » whose box runs 60 px to the left of its ink (a speck there, or nothing):
    the word « Par » is read in the price column's blank."""
    ink = _ink()
    ink[40:42, 500:502] = True
    for x in (560, 578, 596):
        _letter(ink, x)
    chars = [OcrChar("P", (500, 30, 574, 58)), OcrChar("a", (578, 30, 592, 58))]
    chars.append(OcrChar("r", (596, 30, 610, 58)))
    (word,) = without_specks([_word("Par", (500, 30, 610, 58), chars)], ink, LETTERS, POINTS)
    assert word.text == "Par"
    assert word.box == (560, 30, 610, 58)


def test_a_full_stop_after_a_word_and_a_word_without_ink_are_left_alone() -> None:
    """A full stop right after a word is text; a word the ink mask does not show (light
    print) gives nothing to go by."""
    ink = _ink()
    for x in (100, 118):
        _letter(ink, x)
    ink[54:58, 136:140] = True  # the full stop, 4 px after the last letter
    words = [_word("an.", (100, 30, 140, 58)), _word("faint", (400, 30, 480, 58))]
    assert without_specks(words, ink, LETTERS, POINTS) == words


def test_a_letter_guessed_from_a_scratch_or_from_nothing_is_dropped() -> None:
    """« é » read at 0 % from a box 2 px wide in the blank between two columns (its
    line is its own, so its letter height is the scratch's): it made an empty column."""
    ink = _ink()
    ink[40:56, 400:402] = True  # a thin scratch, as tall as a letter
    scratch = _word("l", (400, 40, 402, 56), confidence=12.0)
    assert without_specks([scratch], ink, LETTERS, POINTS) == []
    nothing = _word("é", (700, 60, 702, 62), confidence=0.0)
    assert without_specks([nothing], ink, 2.0, POINTS) == []


def test_a_thin_letter_read_with_confidence_or_a_faint_word_is_kept() -> None:
    ink = _ink()
    ink[30:58, 400:403] = True  # an « l », or a « 1 »
    one = _word("1", (400, 30, 403, 58))
    faint = _word("an", (500, 30, 530, 58), confidence=15.0)  # light print: no ink seen
    assert without_specks([one, faint], ink, LETTERS, POINTS) == [one, faint]


def test_specks_read_as_a_colon_glued_before_an_amount_or_side_by_side_are_dust() -> None:
    """A printed page scanned at 150 dpi: « :210,00 » for « 210,00 » (a speck just
    before the 2), and two specks apart from each other after « 110,00 € » read « : »;
    the price cells were no amounts any more."""
    ink = _ink()
    ink[50:53, 104:107] = True  # the speck, 3 px before the digits
    for x in range(110, 200, 18):
        _letter(ink, x)
    chars = [OcrChar(":", (104, 40, 107, 53))]
    chars += [OcrChar(ch, (110 + 18 * i, 30, 124 + 18 * i, 58)) for i, ch in enumerate("210,00")]
    (word,) = without_specks([_word(":210,00", (104, 30, 196, 58), chars)], ink, LETTERS, POINTS)
    assert word.text == "210,00" and word.box[0] == 110
    ink[34:37, 404:407] = ink[49:53, 398:402] = True  # two specks, apart
    assert without_specks([_word(":", (398, 34, 407, 53))], ink, LETTERS, POINTS) == []


def test_a_word_read_from_specks_apart_is_dust_however_long() -> None:
    """Three specks of a laser-printed page in a price cell, read « Es, » (44 %): the cell
    « 98,40 € Es, » was no amount."""
    ink = _ink()
    ink[40:43, 300:303] = ink[52:55, 318:321] = ink[45:48, 340:343] = True
    assert (
        without_specks([_word("Es,", (299, 38, 344, 56), confidence=44.0)], ink, LETTERS, POINTS)
        == []
    )

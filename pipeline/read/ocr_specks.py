"""Dust on a scan taken out of the words Tesseract read from it.

A speck of dust in the blank between two columns is read as a word of its own (« : »,
« - », read with good confidence), or glued to the next word (« ‘Par »), or it widens
a letter's box far beyond its ink (a « P » 20 points wide). Any of them bridges the gap
the table reader takes for the boundary between two columns, and a price runs into its
unit. The ink tells them apart: a speck is a tiny blot, set apart from the letters by
blank paper.
"""

from __future__ import annotations

import numpy as np

from pipeline.read.ocr_engine import OcrChar, OcrWord
from pipeline.read.ocr_image import runs

SPECK_SIZE = 0.25
"""A blot of ink at most this share of the line's letter height, across and down, is a
speck (a colon stands taller, a hyphen wider, a bullet larger): read as punctuation on
its own, it is dust."""

SPECK_GAP = 0.5
"""Blank paper at least this share of the letter height parts a speck, or an empty edge
of a word's box, from its letters (the gaps inside a word are narrower)."""

SPECK_INK = 0.03
"""A letter or a digit with less ink than this share of the square of the letter height
is a speck or two (an « i » has twice as much)..."""

MAX_SPECK_READING = 2
"""... when Tesseract read one or two (« Ù », « 4 »): a longer word with so little ink
is faint print, kept as read."""

SPECK_CONFIDENCE = 20.0
"""... and so is a letter or two read with at most this confidence (0-100) from ink no
wider than a speck: a scratch Tesseract guessed at."""

GLYPH_MIN_HEIGHT_PT = 2.0
"""No letter is printed shorter than this (points): a letter or two guessed (see
SPECK_CONFIDENCE) from a smaller box is dust, whatever the line's letter height (a line
of its own has the speck's: « é » read at 0 % from a box of two pixels, in the blank
between two columns, made an empty column of its own)."""

KEPT_SYMBOLS = frozenset("€%$£+&§")
"""Symbols that are text even alone."""

SPECKS = frozenset({".", ",", "'", "`", "‘", "’", "·"})
"""What Tesseract reads a speck as: alone, such a word is dust at any confidence; glued
before a word, in a blot of its own no larger than a speck, it is dust too."""

GLUED_SPECKS = SPECKS | {":", ";"}
"""... and so is a colon glued before a word (« :210,00 »), read from a speck or two:
French sets a colon apart, after a word."""


def without_specks(
    words: list[OcrWord], ink: np.ndarray, letters: float, points_per_pixel: float
) -> list[OcrWord]:
    """The line's ``words`` without the specks among them or at their ends, their boxes
    brought in to their letters (``letters``: the line's letter height, in pixels)."""
    if letters <= 0:
        return words
    smallest = GLYPH_MIN_HEIGHT_PT / points_per_pixel
    kept = []
    for word in words:
        if _guessed(word) and word.box[3] - word.box[1] < smallest:
            continue
        trimmed = _trimmed(word, ink, letters)
        if trimmed is not None:
            kept.append(trimmed)
    return kept


def _trimmed(word: OcrWord, ink: np.ndarray, letters: float) -> OcrWord | None:
    """The word with its specks and empty edges cut off; None when it is all dust."""
    x0, y0, x1, y1 = word.box
    patch = ink[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)]
    inked = np.count_nonzero(patch)
    if not inked:
        return word  # no ink seen: nothing to go by
    size, gap = SPECK_SIZE * letters, SPECK_GAP * letters
    blots = runs(patch.any(axis=0))  # the runs of inked columns
    if len(blots) > 1 and all(_is_speck(patch, blot, size) for blot in blots):
        return None  # specks apart from each other, read as « Es, » or « : »
    if is_text(word.text):
        if len(word.text) <= MAX_SPECK_READING and (
            inked < SPECK_INK * letters * letters
            or (_guessed(word) and blots[-1][1] - blots[0][0] <= size)
        ):
            return None  # a speck or two, or a scratch, read as a letter or a digit
    elif _is_speck(patch, (blots[0][0], blots[-1][1]), size):
        return None  # a speck read as a punctuation mark
    chars = list(word.chars)
    first, last = 0, len(blots) - 1
    while first < last and _is_speck(patch, blots[first], size):
        if chars and chars[0].text in GLUED_SPECKS:  # a dot read as a quote glued to the word
            chars = chars[1:]
        elif blots[first + 1][0] - blots[first][1] < gap:
            break  # part of its first letter
        first += 1
    while last > first and _is_speck(patch, blots[last], size):
        if blots[last][0] - blots[last - 1][1] < gap:
            break  # a full stop, or part of its last letter
        if chars and chars[-1].text in SPECKS:
            chars = chars[:-1]
        last -= 1
    start, end = blots[first][0], blots[last][1]
    left = x0 + start if first or start >= gap else x0
    right = x0 + end if last < len(blots) - 1 or patch.shape[1] - end >= gap else x1
    if (left, right) == (x0, x1):
        return word
    chars = [c for c in chars if is_text(c.text) or _overlaps(c, left, right)]
    text = "".join(c.text for c in chars) if word.chars else word.text
    if not text:
        return None
    return OcrWord(text, (left, y0, right, y1), word.confidence, chars)


def _guessed(word: OcrWord) -> bool:
    """A letter or two Tesseract barely recognised."""
    return len(word.text) <= MAX_SPECK_READING and word.confidence <= SPECK_CONFIDENCE


def _is_speck(patch: np.ndarray, blot: tuple[int, int], size: float) -> bool:
    start, end = blot
    return end - start <= size and _height(patch[:, start:end]) <= size


def _height(patch: np.ndarray) -> int:
    rows = np.flatnonzero(patch.any(axis=1))
    return int(rows[-1] - rows[0] + 1) if rows.size else 0


def is_text(text: str) -> bool:
    """Whether a word says something: a letter, a digit or a symbol such as « € »."""
    return any(ch.isalnum() or ch in KEPT_SYMBOLS for ch in text)


def _overlaps(char: OcrChar, left: int, right: int) -> bool:
    return char.box[2] > left and char.box[0] < right

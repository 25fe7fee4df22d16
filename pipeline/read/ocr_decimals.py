"""A decimal comma the OCR lost, found again in the ink of its amount.

At 150 dpi, under JPEG, the comma of "3 150,00 €" is a blot of a few pixels: Tesseract
reads the amount "315000€", a hundred times too much. The ink still says where the
comma stands: a small mark low between two digits, two digits right of it before the
euro sign. A word read as bare digits (with or without its "€") whose ink shows exactly
that gets its comma back; any doubt leaves the word as read, for validation to weigh
against its column (``ocr.amount_suspect``).

The ink is measured, not read: digits that touch make one blot (the "00" of the
cents), so the digits on either side of the mark are counted by the width of their
blots, in widths of a digit's ink (DecimalMarkSettings.digit_ink); the mark must leave
exactly two on its right and, on its left, the digits the text has before its cents
(a comma read as one more digit does not fit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from pipeline.read.ocr_engine import OcrLine, OcrWord
from pipeline.read.ocr_image import components


@dataclass(frozen=True, slots=True)
class DecimalMarkSettings:
    """What a lost decimal mark looks like beside the digits of its word, each measure a
    share of the digits' height."""

    below: float = 0.5
    """How far below the word's box its ink is looked at (a comma's tail hangs below the
    line Tesseract boxed)."""

    digit_least: float = 0.6
    """A blot at least this tall is a digit (or digits, or the euro sign)."""

    mark_most: float = 0.45
    """A mark is at most this tall and this wide (a comma, or a full stop)."""

    mark_least: float = 0.12
    """A mark is at least this tall and this wide: smaller, it is grain."""

    mark_top: float = 0.6
    """A mark begins below this share of the digits' height from their top, and above
    their foot: a comma or a full stop sits on the line, an apostrophe or a hyphen
    stands higher, the line below lower."""

    mark_base: float = 0.15
    """A mark reaches down to the digits' foot within this share (or hangs below it)."""

    digit_ink: float = 0.62
    """Width of a digit's ink, as a share of its height (0.62 in Times, 0.65 in Arial): a
    blot of digits that touch (the "00" of the cents) holds as many as it is wide, a
    narrow one (a "1") one."""


DECIMAL_MARK = DecimalMarkSettings()

_BARE_AMOUNT = re.compile(r"^(?P<digits>\d{3,})(?P<euro>€?)$")
_UNITS = re.compile(r"^\d{1,3}$")
_CENTS = re.compile(r"^(?P<cents>\d{2})(?P<euro>€?)$")


def restore_decimal_marks(
    ink: np.ndarray, lines: list[OcrLine], settings: DecimalMarkSettings = DECIMAL_MARK
) -> list[OcrLine]:
    """``lines`` with each bare amount whose ink shows a lost decimal mark before its last
    two digits written with its comma ("315000€" → "3150,00€"), and each amount cut in
    two at its lost comma joined again ("2 70€" → "2,70€")."""
    for line in lines:
        for word in line.words:
            found = _BARE_AMOUNT.match(word.text)
            if found is None:
                continue
            digits, euro = found["digits"], found["euro"]
            if _mark_before_cents(ink, word, len(digits), bool(euro), settings):
                word.text = f"{digits[:-2]},{digits[-2:]}{euro}"
        line.words = _cents_joined(ink, line.words, settings)
    return lines


def _cents_joined(
    ink: np.ndarray, words: list[OcrWord], settings: DecimalMarkSettings
) -> list[OcrWord]:
    """``words`` with each amount the OCR cut in two at its lost comma ("2 70 €") made
    one again ("2,70 €") when the ink between its two parts shows the mark."""
    joined: list[OcrWord] = []
    for word in words:
        before = joined[-1] if joined else None
        cents = _CENTS.match(word.text)
        if before is not None and cents is not None and _UNITS.match(before.text):
            box = (
                before.box[0],
                min(before.box[1], word.box[1]),
                word.box[2],
                max(before.box[3], word.box[3]),
            )
            count = len(before.text) + 2
            close = word.box[0] - before.box[2] <= box[3] - box[1]  # a comma apart, no more
            whole = OcrWord(before.text + word.text, box, min(before.confidence, word.confidence))
            if close and _mark_before_cents(ink, whole, count, bool(cents["euro"]), settings):
                whole.text = f"{before.text},{cents['cents']}{cents['euro']}"
                whole.chars = [*before.chars, *word.chars]
                joined[-1] = whole
                continue
        joined.append(word)
    return joined


def _mark_before_cents(
    ink: np.ndarray, word: OcrWord, count: int, euro: bool, settings: DecimalMarkSettings
) -> bool:
    """Whether the word's ink holds one mark, low between its digits, with two digits
    right of it (before the euro sign) and the rest of its ``count`` digits left of it."""
    x0, y0, x1, y1 = word.box
    bottom = min(ink.shape[0], y1 + round((y1 - y0) * settings.below))
    _, _, stats = components(ink[y0:bottom, x0:x1])
    blots = [tuple(int(v) for v in row[:4]) for row in stats[1:]]  # x, y, width, height
    if not blots:
        return False
    largest = max(blot[3] for blot in blots)
    height = float(np.median([blot[3] for blot in blots if blot[3] >= largest / 2]))
    tall = sorted((b for b in blots if b[3] >= settings.digit_least * height), key=lambda b: b[0])
    if euro:
        tall = tall[:-1]  # the euro sign, last
    if len(tall) < 2:
        return False
    top = min(blot[1] for blot in tall)
    foot = max(blot[1] + blot[3] for blot in tall)
    least, most = settings.mark_least * height, settings.mark_most * height
    marks = [
        (x, y, w, h)
        for x, y, w, h in blots
        if least <= h <= most
        and least <= w <= most
        and top + settings.mark_top * height <= y < foot
        and y + h >= foot - settings.mark_base * height
        and tall[0][0] + tall[0][2] <= x + w / 2 <= tall[-1][0]
    ]
    if len(marks) != 1:
        return False
    x, _, w, _ = marks[0]
    middle = x + w / 2  # a comma's tail may reach under the next digit
    if any(blot[0] < middle < blot[0] + blot[2] for blot in tall):
        return False  # a digit across the mark: no mark between digits
    digit = settings.digit_ink * height
    left = sum(max(1, round(blot[2] / digit)) for blot in tall if blot[0] < middle)
    right = sum(max(1, round(blot[2] / digit)) for blot in tall if blot[0] > middle)
    return right == 2 and left == count - 2

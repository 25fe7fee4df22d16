"""Tesseract's words to :class:`~pipeline.read.document.Word` in PDF points.

Besides the change of unit, three things the text layer knows and OCR must guess:
the font size (from the line's height), bold (from the thickness of the strokes)
and footnote markers (small raised glyphs, often glued to the word before them,
as in "public¹" read "public1" or "public!").
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import numpy as np

from pipeline.read.document import Word
from pipeline.read.ocr_engine import OcrLine, OcrWord, PxBox
from pipeline.read.ocr_image import runs
from pipeline.read.ocr_specks import SPECKS, is_text, without_specks

SIZE_PER_LINE_HEIGHT = 0.78
"""Font size (points) per point of Tesseract's line height (ascenders to descenders)."""

BOLD_STROKE_RATIO = 1.18
"""A word whose strokes are this much thicker than the page's usual strokes is bold."""

SUPERSCRIPT_HEIGHT = 0.75
"""A marker glyph is at most this share of the height of the letters beside it."""

SUPERSCRIPT_RAISE = 0.3
"""... and its bottom stands above their baseline by at least this share of that height."""

NOT_MARKERS = set('°º-–—«»"')
"""Raised small glyphs that belong to the text (n°, dashes, quotes)."""

MARKER_LOOKALIKES = set("0123456789¹²³⁴⁵⁶⁷⁸⁹⁰*!'‘’|lIi")
"""What a small raised footnote call is read as."""

NOISE_CONFIDENCE = 60.0
"""Words of punctuation only, read with less confidence than this, are specks of dust."""


SPLIT_GAP_HEIGHT = 0.2
"""Two lines side by side, the second starting closer to the end of the first than this
share of their height, are one line that Tesseract cut at a column edge of the table."""

DASHES = set("-‐‑–—")
"""Characters a dash between words is read as."""

DASH_BAND = (0.25, 0.8)
"""The middle of such a dash lies within this band of the letters' height (from their top):
lower is an underscore, the remnant of a rule."""

SHARED_HEIGHT = 0.7
"""Two lines set side by side share at least this share of the lower one's height."""

RULE_REMNANTS = set("_|¦")
"""A word made of these only is what is left of a rule (the soft edge of a blurred scan
outside the erased line), at any confidence."""

FIGURE_ONE_HEIGHT = (0.8, 1.25)
"""A « | » read after a word, its ink as tall as the line's letters within these shares..."""

FIGURE_ONE_FOOT = 1.3
"""... standing on the word's baseline, with a foot this much wider than its stem: the
figure 1 of a serif font at 150 dpi (« niveau 1 »), which Tesseract reads « | » even
larger. It is written « 1 » with FIGURE_ONE_CONFIDENCE, so that a person checks it."""

FIGURE_ONE_CONFIDENCE = 50.0

FIGURE_ONE_BASELINE = 0.2
"""Its bottom lies within this share of the letter height from the word's before it."""

STROKE_LOOKALIKES = set("lIi|!¦_.,:;'’‘`")
"""A word made of these only (thin upright strokes and dots) ..."""

STROKE_NOISE_CONFIDENCE = 20.0
"""... read with less confidence than this is the edge of a rule or a crease read as
letters (« ll. » over a price cell's left rule), not a word."""


@dataclass(frozen=True, slots=True)
class Frame:
    """From the page image's pixels to PDF points."""

    scale_x: float
    scale_y: float

    def box(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = box
        return (
            round(x0 * self.scale_x, 2),
            round(y0 * self.scale_y, 2),
            round(x1 * self.scale_x, 2),
            round(y1 * self.scale_y, 2),
        )


def to_words(lines: list[OcrLine], ink: np.ndarray, frame: Frame) -> list[Word]:
    """Words of a page in reading order, in points, with size, bold and markers."""
    strokes = {id(word): _stroke_width(ink, word.box) for line in lines for word in line.words}
    usual = [s for s in strokes.values() if s > 0]
    page_stroke = statistics.median(usual) if usual else 0.0
    words: list[Word] = []
    for line in join_split_lines(lines):
        size = round(line.height * frame.scale_y * SIZE_PER_LINE_HEIGHT, 1)
        kept = _kept(line.words, ink)
        letters = _letter_height(kept)
        kept = without_specks(kept, ink, letters, frame.scale_y)
        thickness = [
            strokes[id(w)] if id(w) in strokes else _stroke_width(ink, w.box) for w in kept
        ]
        bold = _bold_flags(kept, thickness, page_stroke)
        for ocr_word, is_bold in zip(kept, bold, strict=True):
            if _is_marker_word(ocr_word, kept, letters, ink):
                pieces = [(ocr_word.text, ocr_word.box, True)]
            else:
                pieces = _split_markers(ocr_word, ink, letters)
            for text, box, superscript in pieces:
                words.append(
                    Word(
                        text,
                        *frame.box(box),
                        size=round(size * (0.6 if superscript else 1.0), 1),
                        bold=is_bold and not superscript,
                        superscript=superscript,
                        confidence=ocr_word.confidence,
                    )
                )
    return words


def join_split_lines(lines: list[OcrLine]) -> list[OcrLine]:
    """Lines, those Tesseract cut in two where a word runs across a column edge of the
    table (« fich » ending one line, « iers 10 Go » starting the next, on the same
    baseline) joined again, and the word cut in two with them: the second line starts
    where the first ends, closer than SPLIT_GAP_HEIGHT of their height, and the two share
    SHARED_HEIGHT of it. The two halves of the word are one when letters meet there (not
    a small letter then a capital). Within a line, Tesseract's words are kept as read: a
    small font's spaces are as narrow as such a cut."""
    joined: list[OcrLine] = []
    for line in lines:
        for index, before in enumerate(joined):
            if _continues(before, line):
                words = [*before.words, *line.words]
                cut = len(before.words)
                left, right = words[cut - 1], words[cut]
                if _letters_meet(left.text, right.text):
                    words[cut - 1 : cut + 1] = [_glued(left, right)]
                joined[index] = OcrLine(
                    box=_enclosing(before.box, line.box),
                    baseline=before.baseline,
                    height=max(before.height, line.height),
                    words=words,
                )
                break
        else:
            joined.append(line)
    return joined


def _glued(left: OcrWord, right: OcrWord) -> OcrWord:
    confidence = min(left.confidence, right.confidence)
    box = _enclosing(left.box, right.box)
    return OcrWord(left.text + right.text, box, confidence, [*left.chars, *right.chars])


def _enclosing(a: PxBox, b: PxBox) -> PxBox:
    """The box around two boxes."""
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _continues(before: OcrLine, after: OcrLine) -> bool:
    if not before.words or not after.words:
        return False
    height = min(before.box[3] - before.box[1], after.box[3] - after.box[1])
    shared = min(before.box[3], after.box[3]) - max(before.box[1], after.box[1])
    gap = after.words[0].box[0] - before.words[-1].box[2]
    return shared >= SHARED_HEIGHT * height and -1 <= gap < SPLIT_GAP_HEIGHT * height


def _letters_meet(left: str, right: str) -> bool:
    if not (left and right and left[-1].isalpha() and right[0].isalpha()):
        return False
    return not (left[-1].islower() and right[0].isupper())


def _bold_flags(words: list[OcrWord], strokes: list[float], usual: float) -> list[bool]:
    """Bold from stroke thickness (``strokes``, one per word); words too short to judge
    follow their neighbours."""
    judged: list[bool | None] = []
    for word, stroke in zip(words, strokes, strict=True):
        if sum(ch.isalpha() for ch in word.text) < 3 or usual <= 0:
            judged.append(None)
        else:
            judged.append(bool(stroke >= BOLD_STROKE_RATIO * usual))
    flags = []
    for index, value in enumerate(judged):
        if value is None:
            before = next((v for v in reversed(judged[:index]) if v is not None), None)
            after = next((v for v in judged[index + 1 :] if v is not None), None)
            value = (
                bool(before) and bool(after)
                if None not in (before, after)
                else bool(before or after)
            )
        flags.append(value)
    return flags


def _is_noise(word: OcrWord) -> bool:
    if word.text in SPECKS or (word.text and set(word.text) <= RULE_REMNANTS):
        return True
    if set(word.text) <= STROKE_LOOKALIKES and word.confidence < STROKE_NOISE_CONFIDENCE:
        return True
    return not is_text(word.text) and word.confidence < NOISE_CONFIDENCE


def _kept(words: list[OcrWord], ink: np.ndarray) -> list[OcrWord]:
    """A line's words without its dust; a dash between two words is kept, as one dash,
    and a figure 1 read « | » as a 1 (see FIGURE_ONE_FOOT)."""
    kept = []
    for index, word in enumerate(words):
        if _is_dash_between(words, index):
            kept.append(_dash(word))
        elif _is_figure_one(words, index, ink):
            confidence = min(word.confidence, FIGURE_ONE_CONFIDENCE)
            kept.append(OcrWord("1", word.box, confidence, word.chars[:1]))
        elif not _is_noise(word):
            kept.append(word)
    return kept


def _is_figure_one(words: list[OcrWord], index: int, ink: np.ndarray) -> bool:
    word = words[index]
    if word.text != "|" or index == 0 or not any(ch.isalpha() for ch in words[index - 1].text):
        return False
    letters, before = _letter_height(words), words[index - 1]
    x0, y0, x1, y1 = word.box
    patch = ink[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)]
    rows = np.flatnonzero(patch.any(axis=1))
    if not letters or rows.size < 3 or not 0 <= x0 - before.box[2] <= letters:
        return False
    low, high = FIGURE_ONE_HEIGHT
    widths = patch.sum(axis=1)[rows[0] : rows[-1] + 1]
    return bool(
        low * letters <= rows.size <= high * letters
        and abs(y0 + rows[-1] + 1 - before.box[3]) <= FIGURE_ONE_BASELINE * letters
        and widths[-3:].max() >= FIGURE_ONE_FOOT * np.median(widths)
    )


def _is_dash_between(words: list[OcrWord], index: int) -> bool:
    """A dash between two words (« Sauvegarde 100 Go – mise en service »), however
    unsure Tesseract is of it: dash characters only, wider than tall, at the height of
    the middle of the letters on both sides, near to both."""
    word = words[index]
    if not word.text or not set(word.text) <= DASHES or not 0 < index < len(words) - 1:
        return False
    left, right = words[index - 1], words[index + 1]
    if not (any(ch.isalnum() for ch in left.text) and any(ch.isalnum() for ch in right.text)):
        return False
    x0, y0, x1, y1 = word.box
    top = min(left.box[1], right.box[1])
    bottom = max(left.box[3], right.box[3])
    height = bottom - top
    middle = (y0 + y1) / 2
    return (
        x1 - x0 > y1 - y0
        and top + DASH_BAND[0] * height <= middle <= top + DASH_BAND[1] * height
        and x0 - left.box[2] < height
        and right.box[0] - x1 < height
    )


def _dash(word: OcrWord) -> OcrWord:
    """A dash read as several (« -— » for one « – »): one."""
    if len(word.text) == 1:
        return word
    return OcrWord("–", word.box, word.confidence, word.chars[:1])


def _letter_height(words: list[OcrWord]) -> float:
    """The usual height of a line's words, in pixels."""
    heights = [w.box[3] - w.box[1] for w in words if any(ch.isalnum() for ch in w.text)]
    return float(statistics.median(heights)) if heights else 0.0


def _split_markers(
    word: OcrWord, ink: np.ndarray, letters: float
) -> list[tuple[str, tuple[float, float, float, float], bool]]:
    """The word, with a footnote marker glued before or after it split off.

    Tesseract's character boxes are too rough for this, so the glyphs are found in
    the ink: the first and last groups of inked columns of the word's box. A group
    much smaller than the letters and raised above their baseline is a marker; one
    character is then taken off that end of the text.
    """
    whole = [(word.text, word.box, False)]
    if len(word.text) < 3 or not word.text[1:-1].strip():
        return whole
    x0, y0, x1, y1 = word.box
    patch = ink[max(0, y0) : y1, max(0, x0) : x1]
    glyphs = _glyph_columns(patch, letters)
    if len(glyphs) < 2:
        return whole
    extents = [_rows(patch[:, a:b]) for a, b in glyphs]
    text = word.text
    if _raised(extents[-1], extents[:-1]):
        (a, b), (top, bottom) = glyphs[-1], extents[-1]
        body_box = (x0, y0, x0 + glyphs[-2][1], y1)
        if text[-1] not in MARKER_LOOKALIKES:
            return [(text, body_box, False)]  # the marker was not read: trim the box
        return [
            (text[:-1], body_box, False),
            (text[-1], (x0 + a, y0 + top, x0 + b, y0 + bottom), True),
        ]
    if _raised(extents[0], extents[1:]):
        (a, b), (top, bottom) = glyphs[0], extents[0]
        body_box = (x0 + glyphs[1][0], y0, x1, y1)
        if text[0] not in MARKER_LOOKALIKES:
            return [(text, body_box, False)]
        return [
            (text[0], (x0 + a, y0 + top, x0 + b, y0 + bottom), True),
            (text[1:], body_box, False),
        ]
    return whole


def _raised(glyph: tuple[int, int], body: list[tuple[int, int]]) -> bool:
    """Whether a glyph (top, bottom rows) is small and raised beside the body's glyphs."""
    height = max(bottom - top for top, bottom in body)
    baseline = float(np.median([bottom for _, bottom in body]))
    top, bottom = glyph
    return (
        0.2 * height <= bottom - top <= SUPERSCRIPT_HEIGHT * height
        and bottom <= baseline - SUPERSCRIPT_RAISE * height
    )


def _glyph_columns(patch: np.ndarray, letters: float) -> list[tuple[int, int]]:
    """Groups of inked columns (start, end-exclusive), specks ignored."""
    column_ink = patch.sum(axis=0)
    minimum = max(2.0, 0.01 * letters * letters)
    return [(a, b) for a, b in runs(column_ink > 0) if column_ink[a:b].sum() >= minimum]


def _rows(patch: np.ndarray) -> tuple[int, int]:
    rows = np.flatnonzero(patch.any(axis=1))
    return (int(rows[0]), int(rows[-1]) + 1) if rows.size else (0, 0)


def _is_marker_word(word: OcrWord, line: list[OcrWord], letters: float, ink: np.ndarray) -> bool:
    """A word of its own that is a small raised glyph (a footnote call).

    It must look so by the words' boxes and by their ink alike: Tesseract gives some
    words the height of their whole line, which made a « 1 » the size of the « 000 »
    beside it look small and raised (« 1 000 à 1 999 »), and the ink of a thin figure
    in a pale scan may be missing its ends (« NAS 4 disques »)."""
    if len(word.text) > 3 or any(ch in NOT_MARKERS for ch in word.text):
        return False
    others = [w for w in line if w is not word and any(ch.isalnum() for ch in w.text)]
    if not others or letters <= 0:
        return False
    boxes = [(w.box[1], w.box[3]) for w in others]
    if not _small_and_raised((word.box[1], word.box[3]), boxes, letters):
        return False
    bodies = [body for body in (_body_rows(ink, w.box) for w in others) if body is not None]
    y0 = max(0, word.box[1])
    own = _rows(ink[y0 : word.box[3], max(0, word.box[0]) : word.box[2]])
    if not bodies or own == (0, 0):
        return False
    inked = statistics.median(bottom - top for top, bottom in bodies)
    # all its ink, not its tallest part: the two dots of « : » are one glyph
    return _small_and_raised((y0 + own[0], y0 + own[1]), bodies, inked)


def _small_and_raised(
    glyph: tuple[float, float], beside: list[tuple[float, float]], letters: float
) -> bool:
    """Whether a glyph (top, bottom) is small and stands above the baseline of the
    words ``beside`` it (their tops and bottoms), ``letters`` being their height."""
    top, bottom = glyph
    baseline = statistics.median(low for _, low in beside)
    small = (bottom - top) <= SUPERSCRIPT_HEIGHT * letters
    return small and bottom <= baseline - SUPERSCRIPT_RAISE * letters


def _body_rows(ink: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int] | None:
    """The page rows (top, bottom-exclusive) of the tallest unbroken run of inked rows in
    the box: its glyphs' bodies, without a speck, an accent or the tip of a letter of the
    next line that the box takes in."""
    x0, y0, x1, y1 = box
    inked = runs(ink[max(0, y0) : y1, max(0, x0) : x1].any(axis=1))
    if not inked:
        return None
    start, end = max(inked, key=lambda run: run[1] - run[0])  # the first of the tallest
    return max(0, y0) + start, max(0, y0) + end


def _stroke_width(ink: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Mean thickness of the strokes inside the box (ink area over half its outline)."""
    x0, y0, x1, y1 = box
    patch = ink[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)].astype(np.int8)
    if patch.size == 0:
        return 0.0
    outline = np.count_nonzero(np.diff(patch, axis=1)) + np.count_nonzero(np.diff(patch, axis=0))
    return 2.0 * float(patch.sum()) / outline if outline else 0.0

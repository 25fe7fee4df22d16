"""Text Tesseract left unread: blocks of ink no word covers, read again on their own.

Tesseract's layout analysis sometimes drops a whole column of a table (right-aligned
prices on a photographed page, a column standing apart behind a wide gap): its words
are simply missing, and so are the lines they belonged to. Here the ink no word of
the first reading covers is gathered into blocks of text (OpenCV), each block is cut
out with a margin and read alone, and the words it gives are added to the page.

Boxes are pixels ``(x0, y0, x1, y1)``, as in :mod:`pipeline.read.ocr_engine`.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.read.ocr_engine import OcrLine, PxBox, recognise
from pipeline.read.ocr_image import components
from pipeline.read.ocr_reread import shifted

MIN_LINE_HEIGHT_SHARE = 0.5
"""A block lower than this share of the page's usual line is a speck or a stroke."""

MAX_LINE_HEIGHT_SHARE = 3.0
"""A block taller than this many usual lines is a picture, a stamp or a signature:
not read again (too slow, and rarely a table's text)."""

MIN_WIDTH_SHARE = 1.0
"""A block narrower than this share of the usual line height is a lone mark."""

MIN_INK_SHARE = 0.08
"""Share of a block's box that must be ink for it to be text."""

WORD_MARGIN_PX = 2
"""Pixels around each word of the first reading counted as that word's."""

MAX_BLOCKS = 40
"""At most this many blocks are read again per page."""

UNIFORM_BLOCK = 6
"""Tesseract's page segmentation for one block of text: the stacked blocks are one
column of lines by construction. Its layout analysis (« one column of lines of various
sizes », 4) took a sheet of seventeen plain lines of prices for a picture and gave no
word of it at 300 dpi, five of them at 150."""

MIN_CONFIDENCE = 60.0
"""Words of the new reading kept only at this confidence (0-100) or more: what the first
reading did not see is often noise."""


def read_missed(
    gray: np.ndarray, ink: np.ndarray, lines: list[OcrLine], dpi: float
) -> list[OcrLine]:
    """``lines`` with the blocks of text no word covered read alone and added.

    The blocks are stacked one under the other on a blank sheet, a line's height apart,
    and read in one run of Tesseract (one block of text each, so none is cut by the
    lines of its neighbours, and one process for them all); each word goes back to its
    block's place on the page."""
    heights = [line.height for line in lines if line.words and line.height > 0]
    if not heights:
        return lines
    usual = float(np.median(heights))
    blocks = _unread_blocks(ink, lines, usual)[:MAX_BLOCKS]
    if not blocks:
        return lines
    gap = round(usual)
    sheet, tops = _stacked(gray, blocks, gap)
    added = []
    for line in recognise(sheet, dpi, segmentation=UNIFORM_BLOCK):
        middle = (line.box[1] + line.box[3]) / 2
        at = next(
            (
                i
                for i, (box, top) in enumerate(zip(blocks, tops, strict=True))
                if top - gap / 2 <= middle < top + box[3] - box[1] + gap / 2
            ),
            None,
        )
        if at is None:
            continue
        x0, y0 = blocks[at][0], blocks[at][1]
        line.words = [
            word
            for word in line.words
            if word.confidence >= MIN_CONFIDENCE
            and (any(ch.isalnum() for ch in word.text) or word.text == "€")
        ]
        if any(any(ch.isalnum() for ch in word.text) for word in line.words):
            added.append(shifted(line, x0 - gap, y0 - tops[at]))
    return lines + added if added else lines


def _stacked(gray: np.ndarray, blocks: list[PxBox], gap: int) -> tuple[np.ndarray, list[int]]:
    """The blocks pasted one under the other on paper, ``gap`` apart and ``gap`` from the
    left edge, and the top of each on the sheet."""
    paper = round(float(np.percentile(gray, 90)))
    width = max(x1 - x0 for x0, _, x1, _ in blocks) + 2 * gap
    height = sum(y1 - y0 for _, y0, _, y1 in blocks) + gap * (len(blocks) + 1)
    sheet = np.full((height, width), paper, dtype=np.uint8)
    tops = []
    top = gap
    for x0, y0, x1, y1 in blocks:
        sheet[top : top + y1 - y0, gap : gap + x1 - x0] = gray[y0:y1, x0:x1]
        tops.append(top)
        top += y1 - y0 + gap
    return sheet, tops


def _unread_blocks(ink: np.ndarray, lines: list[OcrLine], usual: float) -> list[PxBox]:
    """Boxes of the runs of text (letters joined across a word space) that no word of
    ``lines`` covers, top to bottom."""
    height, width = ink.shape
    left = ink.copy()
    for line in lines:
        for word in line.words:
            x0, y0, x1, y1 = word.box
            m = WORD_MARGIN_PX
            left[max(0, y0 - m) : min(height, y1 + m), max(0, x0 - m) : min(width, x1 + m)] = False
    reach = max(3, round(0.6 * usual))
    joined = cv2.dilate(
        left.astype(np.uint8), np.ones((max(1, round(0.15 * usual)), reach), np.uint8)
    )
    count, _, stats = components(joined)
    boxes = []
    for label in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[label])
        if not MIN_LINE_HEIGHT_SHARE * usual <= h <= MAX_LINE_HEIGHT_SHARE * usual:
            continue
        if w < MIN_WIDTH_SHARE * usual:
            continue
        inked = int(left[y : y + h, x : x + w].sum())
        if inked < MIN_INK_SHARE * w * h:
            continue
        boxes.append((x, y, x + w, y + h))
    return sorted(boxes, key=lambda box: (box[1], box[0]))

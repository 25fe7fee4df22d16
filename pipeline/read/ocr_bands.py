"""A page read by several Tesseract runs at once, one band of its height each.

Tesseract reads a page on one core (``OMP_THREAD_LIMIT=1``, see ``ocr_engine``). A
document of one page, a photo above all, would leave the machine's other cores idle
for the longest step of its reading. Every page is cut across, along blank bands of
paper between two lines of text (no ink over the whole width, so that no word, line
or cell is cut), into READ_BANDS bands, read side by side when cores are free for it;
their lines are put back in the page's pixels. A page with no such blank band near
where a cut should fall is read whole.

The cut is the page's own, never the machine's: Tesseract's layout analysis of a band
is not always that of the whole page (a table's header « Unité » read « UNE » on the
whole page, right in its band), so that a page cut by the cores free for it read
otherwise on another machine, or as the last page of a document rather than inside it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

import numpy as np

from pipeline.read.ocr_engine import OcrLine, recognise
from pipeline.read.ocr_image import runs
from pipeline.read.ocr_reread import shifted

CUT_GAP_IN = 0.04
"""Blank rows needed for a cut: the space between two lines of text (about 3 pt) is
more, the gap inside a letter never reaches it across the whole page."""

CUT_STRAY_PX = 2
"""Inked pixels a row may hold and still count as blank (a speck the cleaning left)."""

CUT_WINDOW = 0.3
"""A cut is sought within this share of a band's height around where it should fall."""

MIN_BAND_IN = 1.5
"""Height of the smallest band (inches): a shorter page is not worth cutting."""

READ_BANDS = 2
"""Bands every page is cut into, whatever the cores: two, the cores of the smallest
machine it runs on."""


def read_in_bands(gray: np.ndarray, ink: np.ndarray, dpi: float, workers: int = 1) -> list[OcrLine]:
    """The lines of the page ``gray`` (``ink`` its ink mask), read in READ_BANDS bands,
    up to ``workers`` at once, in the page's pixels: the same lines however many."""
    bounds = band_bounds(ink, dpi, READ_BANDS)
    if len(bounds) < 2:
        return recognise(gray, dpi)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(bounds)))) as pool:
        readings = pool.map(lambda band: recognise(gray[band[0] : band[1]], dpi), bounds)
        return [
            shifted(line, 0, top)
            for (top, _), lines in zip(bounds, readings, strict=True)
            for line in lines
        ]


def band_bounds(ink: np.ndarray, dpi: float, parts: int) -> list[tuple[int, int]]:
    """Row ranges ``[top, bottom)`` covering the page, cut along blank bands of paper:
    one range when the page is not to be cut."""
    height = ink.shape[0]
    parts = min(parts, int(height / (MIN_BAND_IN * dpi)))
    if parts < 2:
        return [(0, height)]
    blank = np.flatnonzero(_blank_runs(ink.sum(axis=1) <= CUT_STRAY_PX, CUT_GAP_IN * dpi))
    cuts: list[int] = []
    for part in range(1, parts):
        ideal = height * part / parts
        window = CUT_WINDOW * height / parts
        near = blank[np.abs(blank - ideal) <= window]
        if not near.size:
            continue
        cut = int(near[np.argmin(np.abs(near - ideal))])
        if not cuts or cut > cuts[-1]:
            cuts.append(cut)
    edges = [0, *cuts, height]
    return list(pairwise(edges))


def _blank_runs(blank: np.ndarray, length: float) -> np.ndarray:
    """True at the middle row of every run of blank rows at least ``length`` long."""
    middle = np.zeros(blank.shape, dtype=bool)
    for start, stop in runs(blank):
        if stop - start >= length:
            middle[(start + stop) // 2] = True
    return middle

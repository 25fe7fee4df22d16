"""A second look at the spots Tesseract read badly: each is cut out and read alone.

Tesseract's layout analysis builds lines across a whole page. A cell whose text
stands between two rows (a merged "Sur devis" cell beside two tiers) is then cut
in half by the lines of its neighbours and read as nonsense ("aie", "SUP") with a
very low confidence. Here, around every such word, the block of text it belongs
to is found in the ink (rows and columns with ink, small gaps bridged), cut out
with a margin and read again as one line. The new reading replaces the words of
that block only when Tesseract is clearly surer of it; otherwise nothing changes
and the low confidence stays, to be flagged by validation.
"""

from __future__ import annotations

import itertools
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PIL import Image

from pipeline.read.ocr_engine import OcrLine, OcrWord, PxBox, recognise_each

REREAD_BELOW = 50.0
"""Words read with less confidence than this (0-100) are read again in their block."""

BETTER_BY = 15.0
"""The new reading is kept when its mean confidence beats the old one's by this much."""

ROW_GAP = 0.2
"""Gaps between inked rows bridged inside a block, as a share of the line height."""

WORD_GAP = 0.9
"""Gaps between inked columns bridged inside a block (spaces between words), same unit."""

SAME_INK = 0.5
"""A word of the first reading whose centre lies outside a block read again, but whose
box covers this share of a new word's (across and down), stood on the same ink: it is
replaced with the block's words. Tesseract may give a word a box wider than its ink
(« 160,00 » over the blank before it): left in, the amount was read twice, once in the
old word and once in the new, and the line's price became two."""

MAX_REGIONS = 12
"""At most this many blocks are read again per page (a bad page is flagged, not fixed)."""

AMOUNT_ZOOM = 2
"""A slipped amount is read again this many times larger."""

MAX_AMOUNTS = 20
"""At most this many amounts are read again per page."""


def reread(
    gray: np.ndarray, ink: np.ndarray, lines: list[OcrLine], dpi: float, *, threads: int = 1
) -> list[OcrLine]:
    """``lines`` with the badly read blocks read again where that reads them better.

    The blocks go many to a Tesseract run (:func:`recognise_each`), in ``threads`` runs at
    once (the cores left to this page); each block is read as if alone, so the result is
    the same whatever their number."""
    regions: list[PxBox] = []
    for line in lines:
        for word in line.words:
            if word.confidence >= REREAD_BELOW or not any(ch.isalnum() for ch in word.text):
                continue
            region = _block(ink, word.box, max(line.height, 8.0))
            if region is not None and not any(_inside(region, done) for done in regions):
                regions.append(region)
    regions = regions[:MAX_REGIONS]
    if not regions:
        return lines
    paper = round(float(np.percentile(gray, 90)))
    cuts = [_cut(gray, region, paper) for region in regions]

    def read(part: list[tuple[np.ndarray, int]]) -> list[list[OcrLine]]:
        return recognise_each([image for image, _ in part], dpi, single_line=True)

    parts = _parts(cuts, threads)
    if len(parts) > 1:
        with ThreadPoolExecutor(max_workers=len(parts)) as pool:
            readings = [found for part in pool.map(read, parts) for found in part]
    else:
        readings = read(cuts)
    for region, (_, margin), found in zip(regions, cuts, readings, strict=True):
        lines = _replace(lines, region, margin, found)
    return lines


def _parts(items: list, count: int) -> list[list]:
    """``items`` in at most ``count`` runs of about equal length, in order."""
    count = max(1, min(count, len(items)))
    edges = [round(index * len(items) / count) for index in range(count + 1)]
    return [items[start:end] for start, end in itertools.pairwise(edges)]


def _block(ink: np.ndarray, box: PxBox, height: float) -> PxBox | None:
    """The block of text around a word's box: its inked rows, then its inked columns."""
    page_h, page_w = ink.shape
    x0, y0, x1, y1 = box
    reach_y = round(0.8 * height)
    top, bottom = max(0, y0 - reach_y), min(page_h, y1 + reach_y)
    rows = ink[top:bottom, max(0, x0) : min(page_w, x1)].any(axis=1)
    centre = min(max((y0 + y1) // 2 - top, 0), rows.size - 1)
    run = _run(rows, centre, max(1, round(ROW_GAP * height)))
    if run is None:
        return None
    r0, r1 = top + run[0], top + run[1]
    left = 0
    columns = ink[r0:r1, :].any(axis=0)
    middle = min(max((x0 + x1) // 2 - left, 0), columns.size - 1)
    span = _run(columns, middle, max(1, round(WORD_GAP * height)))
    if span is None:
        return None
    c0, c1 = left + span[0], left + span[1]
    if r1 - r0 < 0.4 * height or r1 - r0 > 2.5 * height:
        return None  # not one line of text: leave it to the flags
    return (c0, r0, c1, r1)


def _run(inked: np.ndarray, at: int, gap: int) -> tuple[int, int] | None:
    """The run of True (gaps up to ``gap`` bridged) that holds or is nearest to ``at``."""
    positions = np.flatnonzero(inked)
    if positions.size == 0:
        return None
    breaks = np.flatnonzero(np.diff(positions) > gap + 1)
    starts = np.concatenate(([positions[0]], positions[breaks + 1]))
    ends = np.concatenate((positions[breaks], [positions[-1]])) + 1
    distance = np.maximum(0, np.maximum(starts - at, at - ends + 1))
    best = int(np.argmin(distance))
    return int(starts[best]), int(ends[best])


def _inside(box: PxBox, other: PxBox) -> bool:
    return box[0] >= other[0] and box[1] >= other[1] and box[2] <= other[2] and box[3] <= other[3]


def _centre_in(word: OcrWord, region: PxBox) -> bool:
    x = (word.box[0] + word.box[2]) / 2
    y = (word.box[1] + word.box[3]) / 2
    return region[0] <= x <= region[2] and region[1] <= y <= region[3]


def _cut(gray: np.ndarray, region: PxBox, paper: int) -> tuple[np.ndarray, int]:
    """The block cut out with a margin of paper around it, and that margin."""
    x0, y0, x1, y1 = region
    margin = max(4, (y1 - y0) // 2)
    cut = np.full((y1 - y0 + 2 * margin, x1 - x0 + 2 * margin), paper, dtype=np.uint8)
    cut[margin:-margin, margin:-margin] = gray[y0:y1, x0:x1]
    return cut, margin


def _replace(
    lines: list[OcrLine], region: PxBox, margin: int, found: list[OcrLine]
) -> list[OcrLine]:
    """``lines`` with the words of ``region`` replaced by its new reading ``found`` when
    Tesseract is clearly surer of it."""
    old = [w for line in lines for w in line.words if _centre_in(w, region)]
    if not old:
        return lines
    x0, y0 = region[0], region[1]
    new = [w for line in found for w in line.words]
    if not new or not any(ch.isalnum() for w in new for ch in w.text):
        return lines
    before = sum(w.confidence for w in old) / len(old)
    after = sum(w.confidence for w in new) / len(new)
    if after < before + BETTER_BY or _letters(new) < 0.7 * _letters(old):
        return lines
    dx, dy = x0 - margin, y0 - margin
    found = [shifted(line, dx, dy) for line in found]
    placed = [w.box for line in found for w in line.words]
    kept: list[OcrLine] = []
    at = None
    for line in lines:
        words = [
            w
            for w in line.words
            if not _centre_in(w, region) and not any(_same_ink(w.box, box) for box in placed)
        ]
        if len(words) < len(line.words) and at is None:
            at = len(kept) + (1 if words else 0)
        if words:
            line.words = words
            kept.append(line)
    at = len(kept) if at is None else at
    kept[at:at] = found
    return kept


def _same_ink(old: PxBox, new: PxBox) -> bool:
    """Whether the box of a word read before covers SAME_INK of a new word's, across and
    down: the two stand on the same ink."""
    across = min(old[2], new[2]) - max(old[0], new[0])
    down = min(old[3], new[3]) - max(old[1], new[1])
    return across >= SAME_INK * (new[2] - new[0]) and down >= SAME_INK * (new[3] - new[1])


def _letters(words: list[OcrWord]) -> int:
    return sum(ch.isalnum() for word in words for ch in word.text)


def shifted(line: OcrLine, dx: int, dy: int) -> OcrLine:
    def move(box: PxBox) -> PxBox:
        return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)

    words = []
    for word in line.words:
        word.box = move(word.box)
        word.chars = [type(c)(c.text, move(c.box)) for c in word.chars]
        words.append(word)
    return OcrLine(move(line.box), line.baseline, line.height, words)


_LOOKALIKES = str.maketrans({"O": "0", "o": "0"})
_SLIPPED = re.compile(r"^(?=.*\d)(?=.*[Oo])[\dOo]+(?:,[\dOo]{2})?$|^\d+(?:,{2,}|\.,|,\.)\d{2}$")
"""An amount with a letter O among its digits, or a doubled comma: "1O,50", "2,,10"."""


def likely_amount(text: str) -> str | None:
    """The amount a slipped one stands for ("1O,50" → "10,50"), None if not slipped."""
    if not _SLIPPED.match(text):
        return None
    return re.sub(r"[,.]{2,}", ",", text.translate(_LOOKALIKES))


def reread_amounts(gray: np.ndarray, lines: list[OcrLine], dpi: float) -> list[OcrLine]:
    """Slipped amounts read again, alone and larger: corrected only when that reading
    gives the corrected amount itself (the ink agrees); otherwise left as read, for
    validation to flag. (All in one Tesseract run: each is read as if alone.)"""
    slipped = [
        (word, likely)
        for line in lines
        for word in line.words
        if (likely := likely_amount(word.text)) is not None
    ][:MAX_AMOUNTS]
    cuts = [(word, likely, _larger(gray, word.box)) for word, likely in slipped]
    cuts = [(word, likely, large) for word, likely, large in cuts if large is not None]
    readings = recognise_each([large for _, _, large in cuts], dpi * AMOUNT_ZOOM, single_line=True)
    for (word, likely, _), found in zip(cuts, readings, strict=True):
        if "".join(w.text for line in found for w in line.words) == likely:
            word.text = likely
    return lines


def _larger(gray: np.ndarray, box: PxBox) -> np.ndarray | None:
    """The word's box and a margin cut out, AMOUNT_ZOOM times larger (None when empty)."""
    x0, y0, x1, y1 = box
    margin = max(4, (y1 - y0) // 2)
    page_h, page_w = gray.shape
    cut = gray[
        max(0, y0 - margin) : min(page_h, y1 + margin),
        max(0, x0 - margin) : min(page_w, x1 + margin),
    ]
    if cut.size == 0:
        return None
    size = (cut.shape[1] * AMOUNT_ZOOM, cut.shape[0] * AMOUNT_ZOOM)
    return np.asarray(Image.fromarray(cut).resize(size, Image.Resampling.LANCZOS), dtype=np.uint8)

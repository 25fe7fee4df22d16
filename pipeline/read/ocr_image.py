"""Scanned pages as gray pixels: render, binarize, estimate and correct the skew.

Images are 2-D ``uint8`` numpy arrays (0 black, 255 white). Rendering goes through
pypdfium2 (which pdfplumber already uses), at the embedded image's own resolution
when it is known, raised to a floor that suits Tesseract.
"""

from __future__ import annotations

import itertools
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

MIN_DPI = 300
"""Pages are rendered at least at this resolution: Tesseract reads best near 300 dpi."""

MAX_DPI = 400
"""Higher native resolutions are rendered down to this, which is plenty for OCR."""

DEFAULT_DPI = 300
"""Used when the page has no image of known resolution."""

MAX_SIDE = 3500
"""Longest side, in pixels (A4 at 300 dpi), of a page larger than any paper (a photo
placed at 72 dpi): read at this size, enough for OCR and much faster."""

PAPER_INCHES = 11.7
"""Longest side of the paper (A4) assumed for a page larger than any paper size, such as
a phone photo placed at 72 dpi: its pixels per inch of paper are then estimated."""

LARGEST_PAPER_PT = 1191
"""Longest side of A3, in points: a larger page does not give the paper's size."""

STROKE_REACH_PT = 3.0
"""A stroke (a rule, a letter's stem) is ink with paper, or a lighter fill, within this
distance on both sides across it: thicker dark areas (shaded cells, however dark, and
solid blocks) are not strokes."""

STROKE_CONTRAST = 0.2
"""A pixel is a stroke's when it is darker than the ground on both sides by this share
of the ground's level: black or gray ink on white, black ink on mid gray, and the
light green or orange rules of a coloured table (0.25 missed those; 0.15 took a
150 dpi scan's grain along a rule for part of it)."""

LIGHT_WINDOW_IN = 2.0
"""Side (inches) of the window over which the paper's brightness is taken as even: the
light of a photographed page changes over a larger distance, and a shaded cell or
band is smaller (its paper is seen around it within the window)."""

UNEVEN_LIGHT = 1.08
"""The paper's level must vary by more than this ratio (its 98th to 2nd percentile) for
the page to be flattened: an evenly lit scan is left exactly as it is."""

LIGHT_SAMPLE_DPI = 25
"""Resolution at which the paper's brightness is estimated (it changes slowly)."""

MAX_SKEW = 5.0
"""Largest skew searched, in degrees either way."""


Rendered = tuple[np.ndarray, float, float, float]
"""A page's gray pixels, the resolution they were rendered at, its width and height (pt)."""


def render_pages(path: Path, numbers: list[int]) -> dict[int, Rendered]:
    """Render the 1-based ``numbers`` of ``path``."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        rendered = {}
        for number in numbers:
            page = pdf[number - 1]
            width, height = page.get_size()
            dpi = _render_dpi(page)
            oversized = max(width, height) > LARGEST_PAPER_PT
            scale = min(dpi, MAX_SIDE * 72 / max(width, height)) / 72 if oversized else dpi / 72
            bitmap = page.render(scale=scale, grayscale=True)
            image = bitmap.to_pil().convert("L")
            if oversized:
                dpi = max(image.size) / PAPER_INCHES
            rendered[number] = (np.asarray(image, dtype=np.uint8).copy(), dpi, width, height)
            page.close()
        return rendered
    finally:
        pdf.close()


def _render_dpi(page: pdfium.PdfPage) -> float:
    """The resolution of the page's largest image, kept between MIN_DPI and MAX_DPI."""
    width, height = page.get_size()
    best_area, best_dpi = 0.0, None
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = image.get_bounds()
        area = max(0.0, right - left) * max(0.0, top - bottom)
        if area > best_area:
            metadata = image.get_metadata()
            best_area, best_dpi = area, float(metadata.horizontal_dpi or 0) or None
    if best_dpi is None or best_area < 0.25 * width * height:
        return DEFAULT_DPI
    return float(min(MAX_DPI, max(MIN_DPI, round(best_dpi))))


def otsu_threshold(gray: np.ndarray) -> int:
    """The gray level that best separates ink from paper (Otsu's method, OpenCV's)."""
    if gray.size == 0:
        return 0
    level, _ = cv2.threshold(
        np.ascontiguousarray(gray, dtype=np.uint8), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU
    )
    return int(level)


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """True where the pixel is ink."""
    return gray <= otsu_threshold(gray)


def flatten_light(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The page with its paper brought to an even white: each pixel divided by the
    paper's level around it, as a flat-field correction does (the level is a gray-level
    closing over LIGHT_WINDOW_IN, which follows a slow change of light but fills in
    anything darker and smaller than the window: text, rules, shaded cells), so
    that the shadow or the uneven light of a photographed page is not ink. A page whose
    paper is evenly lit (UNEVEN_LIGHT) is given back as it is."""
    height, width = gray.shape
    factor = min(1.0, LIGHT_SAMPLE_DPI / dpi)
    small = cv2.resize(
        gray,
        (max(1, round(width * factor)), max(1, round(height * factor))),
        interpolation=cv2.INTER_AREA,
    )
    side = max(3, round(LIGHT_WINDOW_IN * dpi * factor)) | 1
    kernel = np.ones((side, side), np.uint8)
    light = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel, borderType=cv2.BORDER_REPLICATE)
    light = cv2.blur(light, (3, 3), borderType=cv2.BORDER_REPLICATE)
    low, high = np.percentile(light, (2, 98))
    if high <= UNEVEN_LIGHT * max(low, 1.0):
        return gray
    light = cv2.resize(light, (width, height), interpolation=cv2.INTER_LINEAR)
    flat = gray.astype(np.float32) * (255.0 / np.maximum(light, 1).astype(np.float32))
    return np.clip(flat, 0, 255).astype(np.uint8)


def stroke_masks(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Where the pixels are thin dark lines across the rows and across the columns.

    The first mask holds pixels darker than the ground both above and below them within
    STROKE_REACH_PT (horizontal rules, letters), the second both left and right
    (vertical rules, letters). Unlike a threshold on the whole page, neither sees a
    shaded cell, a gray band or the shadow of a photographed page, only what is drawn
    on them: the ground is taken on each side as the lightest pixel within reach (a
    gray-level dilation, OpenCV's), so that the edge of a fill is not a line either.
    """
    reach = max(3, round(STROKE_REACH_PT * dpi / 72))
    # darker than its ground by STROKE_CONTRAST of it: at most this level, per ground level
    # (a table of 256 integers, so that the page is compared in bytes, not in floats)
    ground_levels = np.arange(256)
    at_most = (ground_levels - np.ceil(STROKE_CONTRAST * ground_levels)).astype(np.uint8)

    def across(kernel_shape: tuple[int, int], before: tuple[int, int]) -> np.ndarray:
        kernel = np.ones(kernel_shape, np.uint8)
        side_a = cv2.dilate(gray, kernel, anchor=before, borderType=cv2.BORDER_REPLICATE)
        side_b = cv2.dilate(gray, kernel, anchor=(0, 0), borderType=cv2.BORDER_REPLICATE)
        ground = cv2.min(side_a, side_b)
        return gray <= cv2.LUT(ground, at_most)

    return across((reach, 1), (0, reach - 1)), across((1, reach), (reach - 1, 0))


def paper_level(gray: np.ndarray) -> float:
    """The gray level of blank paper (the median of the light pixels)."""
    light = gray[gray > otsu_threshold(gray)]
    return float(np.median(light)) if light.size else 255.0


def estimate_skew(ink: np.ndarray, dpi: float) -> float:
    """The angle (degrees, counter-clockwise positive) that makes text lines level.

    Projection profiles: the ink is projected onto the vertical axis at candidate
    angles; level lines give the sharpest profile (largest sum of squares).
    """
    step = max(1, round(dpi / 100))  # work near 100 dpi: enough for the angle
    small = ink[::step, ::step]
    ys, xs = np.nonzero(small)
    if ys.size < 500:
        return 0.0
    if ys.size > 200_000:
        pick = np.random.default_rng(0).choice(ys.size, 200_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - small.shape[1] / 2

    def sharpness(angle: float) -> float:
        shifted = ys + xs * math.tan(math.radians(angle))
        bins = np.bincount(np.round(shifted - shifted.min()).astype(np.int64))
        return float(np.dot(bins, bins))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25), key=sharpness)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.02)
    return float(round(max(fine, key=sharpness), 2))


def rotate(gray: np.ndarray, angle: float, fill: int) -> np.ndarray:
    """Rotate by ``angle`` degrees counter-clockwise about the centre, same size."""
    if abs(angle) < 0.01:
        return gray
    image = Image.fromarray(gray).rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=fill)
    return np.asarray(image, dtype=np.uint8).copy()


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """The 8-connected areas of ``mask``: their count (the background included), the
    label of each pixel, and each area's box and size (OpenCV's ``stats``). Labelled by
    Grana's blocks (``CCL_GRANA``): the same areas as OpenCV's default choice, found
    twice as fast on a page with thousands of specks."""
    count, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(
        mask.astype(np.uint8, copy=False), 8, cv2.CV_32S, cv2.CCL_GRANA
    )
    return count, labels, stats


def median(gray: np.ndarray, size: int, threads: int = 1) -> np.ndarray:
    """OpenCV's median filter of ``size`` (odd) over ``gray``, taken in up to ``threads``
    horizontal strips at once, each with the rows its window reaches beyond it: the same
    pixels as in one piece (OpenCV's borders repeat the edge rows, and the strips' own
    edges are cut off), sooner on a large median, which OpenCV does on one core."""
    height = gray.shape[0]
    reach = size // 2
    parts = max(1, min(threads, height // max(1, 4 * size)))
    if parts < 2:
        return cv2.medianBlur(gray, size)
    out = np.empty_like(gray)

    def strip(bounds: tuple[int, int]) -> None:
        top, bottom = bounds
        low, high = max(0, top - reach), min(height, bottom + reach)
        out[top:bottom] = cv2.medianBlur(gray[low:high], size)[top - low : bottom - low]

    edges = [round(part * height / parts) for part in range(parts + 1)]
    with ThreadPoolExecutor(max_workers=parts) as pool:
        list(pool.map(strip, itertools.pairwise(edges)))
    return out


def runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """The runs of True of a 1-D array, as (start, end-exclusive)."""
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    steps = np.flatnonzero(np.diff(padded))
    return list(zip(steps[::2].tolist(), steps[1::2].tolist(), strict=True))


def despeckle(gray: np.ndarray) -> np.ndarray:
    """A 3×3 median filter: removes the specks of a photocopy, keeps the letters."""
    return cv2.medianBlur(gray, 3)


def turn(gray: np.ndarray, quarter: int) -> np.ndarray:
    """Turn by a quarter turn (0, 90, 180 or 270 degrees counter-clockwise), exactly."""
    return np.ascontiguousarray(np.rot90(gray, (quarter // 90) % 4))


SIDEWAYS_DPI = 100
"""Resolution at which lines of text are counted across and down the page."""

SIDEWAYS_WORD_GAP_IN = 0.06
"""Letters and words closer than this (inches) along a line are one run of text."""

SIDEWAYS_MIN_RUN_IN = 0.4
"""A run of text at least this long (inches) ..."""

SIDEWAYS_MAX_HEIGHT_IN = 0.3
"""... and at most this thick, four times longer than thick, is a line of text."""

SIDEWAYS_MIN_LINES = 10
"""Lines of text needed before a page is judged turned by them."""

UPSIDE_DOWN_RATIO = 0.9
"""Ink above the lines' core over ink below it: upright Latin text has more (ascenders
and capitals outnumber descenders; 1.2 to 3 measured on scans and photos), a page
upside down less (0.7 to 0.9)."""


INK_UPRIGHT = 1.15
"""A page's turn is taken from its ink alone, without Tesseract's orientation detection,
when the lines of one turn have this many times more ink above their core than below,
and those of the opposite turn this many times less (1.22 against 0.82 at the closest,
measured on scans and photos turned by a quarter or a half)."""


@dataclass(frozen=True)
class TextLayout:
    """What a page's lines of text say of its orientation (see :func:`text_layout`)."""

    across: int
    """Lines of text running across the page."""
    down: int
    """... and down it (a page turned by a quarter)."""
    above: int
    """Ink of the lines across above their core (the band of their small letters) ..."""
    below: int
    """... and below it."""

    @property
    def sideways(self) -> bool:
        return self.down >= SIDEWAYS_MIN_LINES and self.down > self.across

    @property
    def upside_down(self) -> bool:
        return self.across >= SIDEWAYS_MIN_LINES and self.above < UPSIDE_DOWN_RATIO * self.below


def ink_turn(gray: np.ndarray, dpi: float, layout: TextLayout) -> int | None:
    """The turn (degrees counter-clockwise) that sets a page seen sideways or upside down
    (``layout``, its :func:`text_layout`) upright, told by its ink: of the two turns
    left (a quarter either way, or a half and none), the one whose lines carry their
    ascenders above them, clearly (INK_UPRIGHT). None when the ink cannot tell."""
    if layout.sideways:
        turns = {quarter: text_layout(turn(gray, quarter), dpi) for quarter in (90, 270)}
    elif layout.upside_down:
        turns = {0: layout, 180: text_layout(turn(gray, 180), dpi)}
    else:
        return 0
    if any(seen.sideways for seen in turns.values()):
        return None
    ratios = {quarter: seen.above / max(seen.below, 1) for quarter, seen in turns.items()}
    best, other = sorted(ratios, key=ratios.__getitem__, reverse=True)
    if ratios[best] >= INK_UPRIGHT and ratios[other] * INK_UPRIGHT <= 1.0:
        return best
    return None


def text_layout(gray: np.ndarray, dpi: float) -> TextLayout:
    """The lines of text of a page, counted across and down, and the ink above and
    below the core of those across. Table rules (straight runs an inch long) are left
    out; letters are joined along each direction in turn, and the runs long and thin
    enough to be lines of text are counted. Tens of milliseconds for a page."""
    small, small_dpi = shrink(gray, dpi, SIDEWAYS_DPI)
    ink = ink_mask(small).astype(np.uint8)
    inch = max(2, round(small_dpi))
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, inch), np.uint8)) | (
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((inch, 1), np.uint8))
    )
    text = ink & ~rules
    gap = max(2, round(SIDEWAYS_WORD_GAP_IN * small_dpi))
    counts, boxes = [], []
    for across in (True, False):
        kernel = np.ones((1, gap) if across else (gap, 1), np.uint8)
        _, _, stats = components(cv2.dilate(text, kernel))
        width, height = stats[1:, 2], stats[1:, 3]
        along, thick = (width, height) if across else (height, width)
        lines = (
            (along >= 4 * thick)
            & (thick <= SIDEWAYS_MAX_HEIGHT_IN * small_dpi)
            & (along >= SIDEWAYS_MIN_RUN_IN * small_dpi)
        )
        counts.append(int(lines.sum()))
        boxes.append(stats[1:][lines])
    above = below = 0
    for x, y, width, height, _ in boxes[0]:
        rows = text[y : y + height, x : x + width].sum(axis=1)
        core = np.flatnonzero(rows >= rows.max() / 2)
        above += int(rows[: core[0]].sum())
        below += int(rows[core[-1] + 1 :].sum())
    return TextLayout(counts[0], counts[1], above, below)


def shrink(gray: np.ndarray, dpi: float, target: float) -> tuple[np.ndarray, float]:
    """The image brought down to about ``target`` dpi (never up), and its new resolution."""
    if dpi <= target * 1.1:
        return gray, dpi
    factor = target / dpi
    size = (max(1, round(gray.shape[1] * factor)), max(1, round(gray.shape[0] * factor)))
    image = Image.fromarray(gray).resize(size, Image.Resampling.LANCZOS)
    return np.asarray(image, dtype=np.uint8).copy(), dpi * size[0] / gray.shape[1]

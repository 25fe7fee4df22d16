"""The dot screen of a printed page smoothed out before its rules, fills and words are read.

A laser printer prints a grey fill as a screen of dots (about 100 lines per inch). A
scan keeps them: at 200 dpi or more they stay apart, a mesh of dark specks over the
paper. To the stroke masks each speck is a stroke, so that a grey heading row is not
seen as a fill, and chains of specks join the stems of its bold letters to the rules
above and below them, which then pass for short vertical rules cutting the heading in
pieces. Smoothed at the scale of the screen, the mesh becomes the even grey it stands
for.

A screen is told from text by where its contrast lies: nearly all of it at the scale of
its dots (what a blur of SCREEN_SIGMA_PT takes away), while the contrast of letters and
rules is mostly at their own, larger scale. Only the screened areas, and what is printed
on them, are smoothed: the rest of the page (a light coloured rule, small print) is
left exactly as it is.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.read.ocr_image import components

SCREEN_SIGMA_PT = 0.36
"""Blur (Gaussian sigma, points) that wipes out a printer's dot screen: half the period
of a 100 lines-per-inch screen, 1.5 pixels at 300 dpi."""

SCREEN_WINDOW_PT = 2.0
"""Side of the window (points) over which a spot's contrast is weighed: a few periods of
the screen, smaller than the height of a heading row's blank above its letters."""

SCREEN_FINE_SHARE = 0.6
"""Share of a window's variance at the scale of the dots for it to be screened (0.7 to
0.9 measured on screened fills, 0.2 to 0.45 on text and rules)."""

SCREEN_MIN_CONTRAST = 0.04
"""Standard deviation, as a share of the paper's level, below which a window is even
(blank paper, a flat fill, a sensor's faint noise): nothing there to smooth."""

SCREEN_MIN_AREA_PT2 = 60.0
"""Area (square points) of the smallest screened area: a speck of dust, or the edge of a
line of text, lights a few windows (under 20 pt² measured on scans without a screen); a
screened heading cell, its letters left out, hundreds (over 500 pt² measured)."""

SCREEN_REACH_PT = 8.0
"""Distance (points) around a screened area smoothed with it: the letters printed on a
heading row break its screen, and they are smoothed with it."""


def descreen(gray: np.ndarray, dpi: float, paper: float) -> np.ndarray:
    """``gray`` with its screened areas (and SCREEN_REACH_PT around them) smoothed by a
    blur of SCREEN_SIGMA_PT; the page itself when it has none."""
    mask = screened(gray, dpi, paper)
    if not mask.any():
        return gray
    px = dpi / 72
    reach = max(3, round(SCREEN_REACH_PT * px))
    mask = cv2.dilate(mask.astype(np.uint8), np.ones((reach, reach), np.uint8)) > 0
    smooth = cv2.GaussianBlur(gray, (0, 0), SCREEN_SIGMA_PT * px)
    out = gray.copy()
    out[mask] = smooth[mask]
    return out


def screened(gray: np.ndarray, dpi: float, paper: float) -> np.ndarray:
    """Where the page is printed through a dot screen: windows whose contrast lies at the
    scale of the dots (SCREEN_FINE_SHARE of their variance), not even, in areas at least
    SCREEN_MIN_AREA_PT2 large."""
    px = dpi / 72
    sigma = SCREEN_SIGMA_PT * px
    fine = cv2.subtract(gray, cv2.GaussianBlur(gray, (0, 0), sigma), dtype=cv2.CV_16S)
    window = (max(3, round(SCREEN_WINDOW_PT * px)),) * 2
    variance = (
        cv2.sqrBoxFilter(gray, cv2.CV_32F, window) - cv2.boxFilter(gray, cv2.CV_32F, window) ** 2
    )
    dotted = (
        cv2.sqrBoxFilter(fine.astype(np.float32), -1, window) >= SCREEN_FINE_SHARE * variance
    ) & (variance > (SCREEN_MIN_CONTRAST * paper) ** 2)
    least = SCREEN_MIN_AREA_PT2 * px * px
    if np.count_nonzero(dotted) < least:
        return np.zeros(gray.shape, dtype=bool)  # most pages: quicker said than labelled
    _, labels, stats = components(dotted)
    large = stats[:, cv2.CC_STAT_AREA] >= least
    large[0] = False  # the background
    if not large.any():
        return np.zeros(gray.shape, dtype=bool)
    return large[labels]

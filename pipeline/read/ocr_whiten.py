"""Shaded cells brought back to paper before a scan is read, and what their lettering draws.

Dark letters on a gray ground read worse than on white: each fill found in the pixels
(:func:`~pipeline.read.ocr_rules.find_fills`) has its levels divided by its shade, so
that its ground becomes paper and its ink stays ink. A fill lettered in white (a dark
heading band) is turned over instead, to dark letters on paper. Between white letters,
the dark ground forms thin dark lines between lighter ones, which the rule finder takes
for rules: they are left out of the page's rules.

Boxes are pixels ``(x0, y0, x1, y1)`` with the end exclusive.
"""

from __future__ import annotations

import numpy as np

from pipeline.read.ocr_rules import PxBox, PxFill, PxRule

REVERSE_CONTRAST = 0.25
"""Pixels this much lighter (share of white) than a dark cell's ground are letters
printed in white on it."""

REVERSE_DOMINANCE = 4.0
"""White letters outnumber dark ones this many times in a cell printed in reverse
(a dark cell holds a little paper at its edges, dark letters none at all)."""

LETTERING_EDGE_PT = 1.5
"""A rule within this distance of a side of a fill lettered in white runs along that side
(see :func:`outside_white_lettering`)."""

REVERSE_INSET = 0.15
"""Share of a cell's smaller side left out along its edges when its letters are looked
at: the paper painted over the rules around it (and the white gap a scan leaves between
a shaded band and its rules) is not white lettering."""

REVERSE_MIN_SHARE = 0.02
"""Share of a cell's pixels its white letters cover at least."""

WHITE = 255.0
"""The level of white, to which a cell's ground is brought."""


def lettered_in_white(gray: np.ndarray, fills: list[PxFill]) -> list[bool]:
    """For each fill, whether its letters are lighter than its ground (white text on a
    dark heading band): REVERSE_DOMINANCE times more of its pixels stand REVERSE_CONTRAST
    above its ground than below it. Judged on the cell as scanned (``gray``), never as a
    fill holding it left it: a heading cell inside its band, whitened with it, looked
    like white lettering on its shade."""
    found = []
    for fill in fills:
        x0, y0, x1, y1 = fill.box
        cell = gray[y0:y1, x0:x1].astype(np.float32)
        ground = fill.shade * WHITE
        inset = round(REVERSE_INSET * min(cell.shape))
        inside = cell[inset : cell.shape[0] - inset, inset : cell.shape[1] - inset]
        lighter = np.count_nonzero(inside > ground + REVERSE_CONTRAST * WHITE)
        darker = np.count_nonzero(inside < ground - REVERSE_CONTRAST * WHITE)
        found.append(lighter > max(REVERSE_DOMINANCE * darker, REVERSE_MIN_SHARE * inside.size))
    return found


def whiten_fills(
    gray: np.ndarray,
    fills: list[PxFill],
    unerased: np.ndarray | None = None,
    white: list[bool] | None = None,
) -> np.ndarray:
    """A copy of ``gray`` where each shaded cell's paper is brought back to the page's.

    Dark letters on a gray ground read worse than on white: the cell's levels are
    divided by its shade, so that its ground becomes paper and its ink stays ink. A
    cell lettered in white (``white``, or :func:`lettered_in_white`) is turned to dark letters on
    paper, from ``unerased`` (the page before its rules were painted over with paper,
    when ``gray`` is after): the strokes of the dark ground between white letters pass
    for rules, and the paper painted over them came out of the turn as black lines
    through the letters (« Cautionnement & Nettoyage » read « (LCauthomement d
    Netirezre »). A fill inside another (a heading cell in its band) is whitened from
    the page as scanned, and wins over the one holding it (fills come top to bottom,
    left to right).
    """
    clean = gray.copy()
    if white is None:
        white = lettered_in_white(gray, fills)
    for fill, lettered in zip(fills, white, strict=True):
        x0, y0, x1, y1 = fill.box
        if lettered:
            cell = (unerased if unerased is not None else gray)[y0:y1, x0:x1]
            cell = (WHITE - cell.astype(np.float32)) / max(1.0 - fill.shade, 0.05)
        else:
            cell = gray[y0:y1, x0:x1].astype(np.float32) / max(fill.shade, 0.05)
        clean[y0:y1, x0:x1] = np.clip(cell, 0, WHITE).astype(np.uint8)
    return clean


def outside_white_lettering(
    rules: list[PxRule], fills: list[PxFill], white: list[bool], dpi: float
) -> list[PxRule]:
    """``rules`` without those drawn by white lettering: inside a fill lettered in white,
    the dark ground between two letters, or over and under a row of them, is a thin dark
    line between lighter ones, and passes for a rule (a dozen short verticals through
    « Cautionnement & Nettoyage », which cut the heading band into as many cells). A rule
    there is kept only when it runs from side to side of the fill, or out of it, or
    along one of its sides (within LETTERING_EDGE_PT): the column rules through a band."""
    reach = LETTERING_EDGE_PT * dpi / 72
    boxes = [fill.box for fill, lettered in zip(fills, white, strict=True) if lettered]

    def drawn_by_letters(rule: PxRule, box: PxBox) -> bool:
        x0, y0, x1, y1 = box
        if not (x0 - reach <= rule.x0 and rule.x1 <= x1 + reach):
            return False
        if not (y0 - reach <= rule.y0 and rule.y1 <= y1 + reach):
            return False
        if rule.horizontal:  # along neither side, and short of one end or the other
            along_side = rule.y1 <= y0 + reach or rule.y0 >= y1 - reach
            return not along_side and (rule.x0 > x0 + reach or rule.x1 < x1 - reach)
        along_side = rule.x1 <= x0 + reach or rule.x0 >= x1 - reach
        return not along_side and (rule.y0 > y0 + reach or rule.y1 < y1 - reach)

    return [rule for rule in rules if not any(drawn_by_letters(rule, box) for box in boxes)]

"""Table rules and shaded cells seen in the pixels of a scan.

A rule is a long, thin run of ink: the equivalent of a morphological opening with a
long horizontal (or vertical) kernel, done on run lengths. Short vertical rules
(one table row high) are kept only when both ends meet a horizontal rule, so that
letter strokes are never taken for rules. Shaded cells are the cells of that grid
whose paper is darker than the page's.

Boxes here are pixels ``(x0, y0, x1, y1)`` with the end exclusive.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

PxBox = tuple[int, int, int, int]

MIN_RULE_PT = 25.0
"""A horizontal run of ink at least this long (points) is a rule."""

MIN_LONG_VERTICAL_PT = 25.0
"""A vertical run this long is a rule wherever it stands."""

MIN_SHORT_VERTICAL_PT = 6.0
"""Shorter vertical runs are rules only between two horizontal rules."""

MAX_THICKNESS_PT = 3.0
"""Thicker bands of ink are solid shapes, not rules."""

GAP_PT = 0.8
"""Breaks in a rule up to this long (noise, print defects) are bridged."""

MIN_COVERAGE = 0.9
"""Share of a rule's length that must be ink (bridged gaps are the rest)."""

MIN_SHADE_CONTRAST = 0.025
"""A cell whose paper is darker than the page's by this share of white is shaded."""


@dataclass(frozen=True, slots=True)
class PxRule:
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.y1 - self.y0)

    @property
    def centre(self) -> float:
        """The y of a horizontal rule, the x of a vertical one."""
        if self.horizontal:
            return (self.y0 + self.y1 - 1) / 2
        return (self.x0 + self.x1 - 1) / 2


@dataclass(frozen=True, slots=True)
class PxFill:
    box: PxBox
    shade: float
    """Gray level of the cell's paper relative to the page's, 0 (black) to 1 (white)."""


def find_rules(ink: np.ndarray, dpi: float) -> list[PxRule]:
    """Horizontal and vertical rules of a deskewed page."""
    px = dpi / 72
    gap = max(1, round(GAP_PT * px))
    thick = max(2, round(MAX_THICKNESS_PT * px))
    horizontal = [
        PxRule(x0, y0, x1, y1)
        for (y0, x0, y1, x1) in _segments(ink, round(MIN_RULE_PT * px), gap, thick)
    ]
    candidates = [
        PxRule(x0, y0, x1, y1)
        for (x0, y0, x1, y1) in _segments(ink.T, round(MIN_SHORT_VERTICAL_PT * px), gap, thick)
    ]
    long_enough = MIN_LONG_VERTICAL_PT * px
    reach = gap + 1
    vertical = [
        rule
        for rule in candidates
        if rule.y1 - rule.y0 >= long_enough
        or (_meets(rule, rule.y0, horizontal, reach) and _meets(rule, rule.y1, horizontal, reach))
    ]
    return horizontal + vertical


def _meets(rule: PxRule, y: int, horizontal: list[PxRule], reach: int) -> bool:
    x = rule.centre
    return any(
        h.x0 - reach <= x <= h.x1 + reach and h.y0 - reach <= y <= h.y1 + reach for h in horizontal
    )


def _segments(ink: np.ndarray, min_length: int, gap: int, max_thickness: int) -> list[PxBox]:
    """Long runs along rows of ``ink``, joined across neighbouring rows.

    Returns ``(row0, col0, row1, col1)`` boxes in the array's own axes.
    """
    rows, starts, ends = _row_runs(ink)
    if rows.size == 0:
        return []
    # Bridge small gaps between consecutive runs of the same row.
    joined = np.ones(rows.size, dtype=bool)
    joined[1:] = (rows[1:] != rows[:-1]) | (starts[1:] - ends[:-1] > gap)
    first = np.flatnonzero(joined)
    inked = np.add.reduceat(ends - starts, first)
    rows = rows[joined]
    starts = starts[joined]
    ends = np.maximum.reduceat(ends, first)
    # Bold letters also join across small gaps: a rule is almost all ink.
    keep = (ends - starts >= min_length) & (inked >= MIN_COVERAGE * (ends - starts))
    rows, starts, ends = rows[keep], starts[keep], ends[keep]

    # Join runs of neighbouring rows that overlap (or nearly touch) into segments.
    boxes: list[list[int]] = []
    open_boxes: list[int] = []
    for row, start, end in zip(rows.tolist(), starts.tolist(), ends.tolist(), strict=True):
        open_boxes = [i for i in open_boxes if row - boxes[i][2] <= 1]
        for i in open_boxes:
            box = boxes[i]
            if start <= box[3] + gap and end >= box[1] - gap:
                box[1], box[3] = min(box[1], start), max(box[3], end)
                box[2] = row + 1
                break
        else:
            boxes.append([row, start, row + 1, end])
            open_boxes.append(len(boxes) - 1)
    merged = _merge_touching([tuple(box) for box in boxes], gap)
    return [
        (r0, c0, r1, c1)
        for r0, c0, r1, c1 in merged
        if r1 - r0 <= max_thickness and (c1 - c0) >= min_length
    ]


def _merge_touching(boxes: list[PxBox], gap: int) -> list[PxBox]:
    """Merge boxes that touch or overlap (pieces of one thick or slightly tilted rule)."""
    pending = sorted(boxes)
    merged: list[PxBox] = []
    while pending:
        r0, c0, r1, c1 = pending.pop(0)
        changed = True
        while changed:
            changed = False
            for other in list(pending):
                o0, oc0, o1, oc1 = other
                if o0 <= r1 + 1 and o1 >= r0 - 1 and oc0 <= c1 + gap and oc1 >= c0 - gap:
                    r0, c0, r1, c1 = min(r0, o0), min(c0, oc0), max(r1, o1), max(c1, oc1)
                    pending.remove(other)
                    changed = True
        merged.append((r0, c0, r1, c1))
    return merged


def _row_runs(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every run of True along the rows: (row, start, end-exclusive), in reading order."""
    height, width = ink.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    flat = np.diff(padded.ravel())
    starts = np.flatnonzero(flat == 1)
    ends = np.flatnonzero(flat == -1)
    rows = starts // (width + 2)
    return rows, starts - rows * (width + 2), ends - rows * (width + 2)


def erase_rules(gray: np.ndarray, rules: list[PxRule], paper: float, margin: int) -> np.ndarray:
    """A copy of ``gray`` with the rules painted over in the paper's gray."""
    clean = gray.copy()
    height, width = gray.shape
    for rule in rules:
        clean[
            max(0, rule.y0 - margin) : min(height, rule.y1 + margin),
            max(0, rule.x0 - margin) : min(width, rule.x1 + margin),
        ] = round(paper)
    return clean


def find_fills(
    gray: np.ndarray, ink: np.ndarray, rules: list[PxRule], paper: float
) -> list[PxFill]:
    """Cells of the ruled grid whose paper is darker than the page's."""
    horizontal = sorted((r for r in rules if r.horizontal), key=lambda r: r.centre)
    vertical = [r for r in rules if not r.horizontal]
    fills: list[PxFill] = []
    for index, upper in enumerate(horizontal):
        lower = next(
            (
                h
                for h in horizontal[index + 1 :]
                if h.y0 > upper.y1 + 2 and min(h.x1, upper.x1) - max(h.x0, upper.x0) > 0
            ),
            None,
        )
        if lower is None:
            continue
        left, right = max(upper.x0, lower.x0), min(upper.x1, lower.x1)
        top, bottom = upper.y1, lower.y0
        band = bottom - top
        edges = sorted(
            {left, right}
            | {
                round(v.centre)
                for v in vertical
                if left < v.centre < right and min(v.y1, bottom) - max(v.y0, top) >= 0.6 * band
            }
        )
        for x0, x1 in itertools.pairwise(edges):
            shade = _cell_shade(gray, ink, (x0, top, x1, bottom), paper)
            if shade is not None:
                fills.append(PxFill((x0, top, x1, bottom), shade))
    return fills


def _cell_shade(gray: np.ndarray, ink: np.ndarray, box: PxBox, paper: float) -> float | None:
    x0, y0, x1, y1 = box
    inset = 3
    if x1 - x0 <= 4 * inset or y1 - y0 <= 2 * inset:
        return None
    cell = gray[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
    background = cell[~ink[y0 + inset : y1 - inset, x0 + inset : x1 - inset]]
    if background.size < 0.3 * cell.size:
        return None  # mostly ink: a solid block, not a shaded cell
    shade = min(1.0, float(np.median(background)) / max(paper, 1.0))
    if shade > 1.0 - MIN_SHADE_CONTRAST:
        return None
    return round(shade, 3)


def whiten_fills(gray: np.ndarray, fills: list[PxFill]) -> np.ndarray:
    """A copy of ``gray`` where each shaded cell's paper is brought back to the page's.

    Dark letters on a gray ground read worse than on white: the cell's levels are
    divided by its shade, so that its ground becomes paper and its ink stays ink.
    """
    clean = gray.copy()
    for fill in fills:
        x0, y0, x1, y1 = fill.box
        cell = clean[y0:y1, x0:x1].astype(np.float32) / max(fill.shade, 0.05)
        clean[y0:y1, x0:x1] = np.clip(cell, 0, 255).astype(np.uint8)
    return clean

"""Table rules and shaded cells seen in the pixels of a scan.

A rule is a long, thin run of ink: the equivalent of a morphological opening with a
long horizontal (or vertical) kernel, done on run lengths. Short vertical rules
(one table row high) are kept only when both ends meet a horizontal rule, so that
letter strokes are never taken for rules. Both are runs of the page's strokes (thin
dark lines, whatever the ground under them), not of a threshold on the whole page, so
that a rule along a dark heading row is still thin. Shaded cells are the areas whose
ground, strokes left out, is darker than the paper.

Boxes here are pixels ``(x0, y0, x1, y1)`` with the end exclusive.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import cv2
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

RULE_PIECE_PT = 36.0
"""A rule is handed on in pieces about this long, each with its own position: a rule
left tilted by 1° (a photo's perspective) drifts by 0.6 pt along one piece."""

GAP_PT = 0.8
"""Breaks in a rule up to this long (noise, print defects) are bridged."""

MIN_COVERAGE = 0.9
"""Share of a rule's length that must be ink (bridged gaps are the rest)."""

MIN_SHADE_CONTRAST = 0.04
"""Ground darker than the page's paper by this share of its level is shaded."""

MIN_FILL_WIDTH_PT = 20.0
"""A shaded area narrower than this (points) is a smudge or a letter's halo, not a fill."""

MIN_FILL_HEIGHT_PT = 6.0
"""... or lower than this."""

MIN_FILL_SOLIDITY = 0.5
"""Share of its box a shaded area must cover (its letters and their halos are holes)."""

MAX_FILL_SHARE = 0.5
"""A shaded area over this share of the page is its background (a photo's table top,
a tinted sheet), not a cell."""

STROKE_MARGIN_PX = 2
"""Pixels around each stroke left out of the ground: the soft edge of a printed line."""

GRAIN_FILTER_PX = 5
"""Side of the median filter that removes the scanner's grain before shades are judged."""

FILL_EDGE_REACH_PT = 2.0
"""A rule this close to a shaded cell's edge, and along it, runs along that edge."""

FILL_EDGE_RULED = 0.4
"""Share of a shaded cell's edge that rules must already cover for the rest of that
edge to be taken as ruled too."""


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
    def start(self) -> int:
        """Where the rule begins along its length (x of a horizontal rule, y of a vertical)."""
        return self.x0 if self.horizontal else self.y0

    @property
    def end(self) -> int:
        """Where it ends along its length, exclusive."""
        return self.x1 if self.horizontal else self.y1

    @property
    def thickness(self) -> int:
        return (self.y1 - self.y0) if self.horizontal else (self.x1 - self.x0)

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


def find_rules(across_rows: np.ndarray, across_columns: np.ndarray, dpi: float) -> list[PxRule]:
    """Horizontal and vertical rules of a deskewed page, from its stroke masks
    (:func:`~pipeline.read.ocr_image.stroke_masks`): horizontal rules are runs of the
    strokes that are thin across the rows, vertical ones of those thin across the columns."""
    px = dpi / 72
    gap = max(1, round(GAP_PT * px))
    thick = max(2, round(MAX_THICKNESS_PT * px))
    piece = round(RULE_PIECE_PT * px)
    horizontal = [
        PxRule(x0, y0, x1, y1)
        for line in _segments(across_rows, round(MIN_RULE_PT * px), gap, thick, piece)
        for (y0, x0, y1, x1) in line
    ]
    long_enough = MIN_LONG_VERTICAL_PT * px
    reach = gap + 1
    vertical = []
    for line in _segments(across_columns.T, round(MIN_SHORT_VERTICAL_PT * px), gap, thick, piece):
        pieces = [PxRule(x0, y0, x1, y1) for (x0, y0, x1, y1) in line]
        top, bottom = pieces[0], pieces[-1]
        if bottom.y1 - top.y0 >= long_enough or (
            _meets(top, top.y0, horizontal, reach) and _meets(bottom, bottom.y1, horizontal, reach)
        ):
            vertical.extend(pieces)
    return horizontal + vertical


def _meets(rule: PxRule, y: int, horizontal: list[PxRule], reach: int) -> bool:
    x = rule.centre
    return any(
        h.x0 - reach <= x <= h.x1 + reach and h.y0 - reach <= y <= h.y1 + reach for h in horizontal
    )


def _segments(
    mask: np.ndarray, min_length: int, gap: int, max_thickness: int, piece: int
) -> list[list[PxBox]]:
    """Long thin lines along the rows of ``mask``, each as its pieces' ``(row0, col0,
    row1, col1)`` boxes in the array's own axes.

    Gaps up to ``gap`` are bridged (a morphological closing along the rows), then only
    runs at least ``min_length`` long are kept (an opening, OpenCV's); the connected
    lines left are rules when thin on average (their ink over their length), so that a
    rule tilted or bowed by the perspective of a photo, whose box grows with its drift,
    is still one. A straight line is one box; a drifting one is returned in pieces of
    about ``piece``, each piece's box tight around its own stretch, so that the box of
    a drifting rule never covers the text beside it.
    """
    lines = mask.astype(np.uint8)
    lines = cv2.morphologyEx(lines, cv2.MORPH_CLOSE, np.ones((1, gap + 1), np.uint8))
    lines = cv2.morphologyEx(lines, cv2.MORPH_OPEN, np.ones((1, min_length), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    found: list[list[PxBox]] = []
    for label in range(1, count):
        c0, r0, width, height, area = (int(v) for v in stats[label])
        if width < min_length or area > max_thickness * width:
            continue
        if height <= max_thickness:
            found.append([(r0, c0, r0 + height, c0 + width)])
            continue
        own = labels[r0 : r0 + height, c0 : c0 + width] == label
        pieces = max(1, width // piece)
        edges = np.linspace(0, width, pieces + 1).round().astype(int)
        boxes = []
        for start, end in itertools.pairwise(edges.tolist()):
            rows = np.flatnonzero(own[:, start:end].any(axis=1))
            if rows.size:
                boxes.append((r0 + int(rows[0]), c0 + start, r0 + int(rows[-1]) + 1, c0 + end))
        found.append(boxes)
    return sorted(found)


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


def find_fills(gray: np.ndarray, strokes: np.ndarray, paper: float, dpi: float) -> list[PxFill]:
    """Areas of the page whose ground is darker than its paper: shaded cells, bands and
    heading rows, found from their pixels whether rules surround them or not.

    ``strokes`` (rules and letters, see :func:`~pipeline.read.ocr_image.stroke_masks`)
    are left out, with a margin for their soft edges; what remains darker than the
    paper by MIN_SHADE_CONTRAST, after a median filter that removes the scanner's
    grain, is cut into connected areas (OpenCV) and each solid one large enough is a fill.
    Rules drawn between two shaded cells keep them apart.
    """
    px = dpi / 72
    margin = np.ones((2 * STROKE_MARGIN_PX + 1, 2 * STROKE_MARGIN_PX + 1), np.uint8)
    around_strokes = cv2.dilate(strokes.astype(np.uint8), margin) > 0
    smooth = cv2.medianBlur(gray, GRAIN_FILTER_PX)
    ground = (smooth < paper * (1.0 - MIN_SHADE_CONTRAST)) & ~around_strokes
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ground.astype(np.uint8), 8)
    page_area = gray.shape[0] * gray.shape[1]
    fills: list[PxFill] = []
    for label in range(1, count):
        x, y, width, height, area = (int(v) for v in stats[label])
        if width < MIN_FILL_WIDTH_PT * px or height < MIN_FILL_HEIGHT_PT * px:
            continue
        if area < MIN_FILL_SOLIDITY * width * height or width * height > MAX_FILL_SHARE * page_area:
            continue
        if x == 0 or y == 0 or x + width == gray.shape[1] or y + height == gray.shape[0]:
            continue  # the shadow of the scanner's lid or the desk around a photo
        inside = labels[y : y + height, x : x + width] == label
        shade = float(np.median(smooth[y : y + height, x : x + width][inside])) / max(paper, 1.0)
        fills.append(PxFill((x, y, x + width, y + height), round(min(1.0, shade), 3)))
    return sorted(fills, key=lambda fill: (fill.box[1], fill.box[0]))


def rules_along_fills(rules: list[PxRule], fills: list[PxFill], dpi: float) -> list[PxRule]:
    """``rules`` with the breaks completed where they run along the edge of a shaded cell.

    A thin rule printed against a gray band is barely darker than the band: the scan
    keeps it on the paper side and loses it in places against the gray, so that the
    band's row and the row above it are cut off from their table. The band's edge is
    as sure a boundary as the rule: where rules already cover FILL_EDGE_RULED of an
    edge, the rest of it is added as rule pieces, in line with those found.
    """
    reach = FILL_EDGE_REACH_PT * dpi / 72
    added: list[PxRule] = []
    for fill in fills:
        x0, y0, x1, y1 = fill.box
        for horizontal, edge, start, end in (
            (True, y0, x0, x1),
            (True, y1, x0, x1),
            (False, x0, y0, y1),
            (False, x1, y0, y1),
        ):
            along = [
                rule
                for rule in rules
                if rule.horizontal == horizontal and abs(rule.centre - edge) <= reach
            ]
            spans = sorted(
                (max(start, a), min(end, b))
                for a, b in ((rule.start, rule.end) for rule in along)
                if min(end, b) > max(start, a)
            )
            covered = sum(b - a for a, b in _union(spans))
            if not spans or covered < FILL_EDGE_RULED * (end - start):
                continue
            centre = float(np.median([rule.centre for rule in along]))
            half = max(1, round(float(np.median([r.thickness for r in along])) / 2))
            low, high = round(centre) - half + 1, round(centre) + half
            for a, b in _gaps(_union(spans), start, end):
                added.append(PxRule(a, low, b, high) if horizontal else PxRule(low, a, high, b))
    return rules + added


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _gaps(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    gaps, at = [], start
    for a, b in spans:
        if a > at:
            gaps.append((at, a))
        at = max(at, b)
    if at < end:
        gaps.append((at, end))
    return gaps


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

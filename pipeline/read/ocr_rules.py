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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.read.ocr_image import components, median

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

LETTER_ON_RULE_PT = 3.0
"""... and, given the page's ink, breaks up to this long where the rule's own pixels are
still ink: a letter sitting on the rule (the « j » of « / jour » in a tight row, scanned
at 150 dpi) has ink above it there, so that the rule is no thin stroke under the letter,
and its two halves, each shorter than MIN_RULE_PT, were lost: the row's cells ran into
the next row's."""

UNDER_LETTERS_MIN_PT = 4.0
"""... and only the stretches of such a rule that no rule found holds, this long or more:
the narrower breaks (where a column rule crosses it, 1 to 2 pt) the grid joins by itself,
and a rule laid again over a whole table's width cut it in pieces (page 18 of the book,
scanned alone: 8 of its 16 lines read, 14 before)."""

LETTER_ABOVE_SHARE = 0.5
"""... where letters stand on the rule: this share of its breaks, at least, has ink just
above it."""

RULE_SIDE_PT = 6.0
"""... when the break has on each side a straight stroke at least this long: a piece of
the rule, not the foot of a letter (whose ink, joined to the rule's, would make it thick
and have the letters' feet painted out with it)."""

LETTERS_ABOVE_CORE_PT = 1.5
"""A straight run found through a line of small bold letters (their strokes merged by a
blurred 150 dpi scan) is no rule: across it, the strokes it belongs to stand this much
taller than the run itself (the height of the letters; a rule's stroke is the rule,
a photo's blurred rule about 1.2 pt more than its thinnest stretch)..."""

LETTERS_UNEVEN_PT = 0.5
"""... and their heights vary along it by this much (standard deviation): letters rise
and fall, the edges of a rule run straight."""

LETTERS_REACH_PT = 5.0
"""How far on each side of a run its strokes are followed."""

STEMS_ABOVE_PT = 1.5
"""A straight run along the feet of a line of letters (the bars of « LLE » in a bold
heading, their serifs joined by a 150 dpi scan: « MATERNELLE » painted out to
« MATERNF.LLE » and read « MATERNFITE ») is no rule: upright strokes at least this
tall stand on it, rising from it (but for JUNCTION_BLUR_PX)..."""

STEMS_SHARE = 0.3
"""... over this share of its length or more (on pages of Montpellier's book scanned at
150 dpi, the feet of letters measured from 0.31 to 0.65 of their run; the rules, 0.04
at most, but for 0.19 under the white letters of a dark band)..."""

STEMS_RUN_MAX_PT = 72.0
"""... when the run is no longer than this (a rule across a cell of text is longer than
the words on it)."""

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
"""Share of a band's edge (see BAND_WIDTH) that rules must already cover for the rest of
that edge to be taken as ruled too."""

LIGHT_LINE_CONTRAST = 0.08
"""A light line across a dark band is this much lighter (share of the paper's level)
than the band on both sides."""

LIGHT_LINE_MAX_SHADE = 0.8
"""Light lines are looked for on fills darker than this (share of the paper's level)."""

SIDE_GAP_PT = 4.0
"""Holes and notches in a shaded area (its letters and rules, left out of it) closed up
before its outline is taken."""

SIDE_SLACK_PX = 2
"""Pixels a shaded area's edge may stray either way along one of its straight sides."""

MIN_SIDE_PT = 4.0
"""A straight stretch of an outline this long is a side of the shaded area."""

LETTER_BEYOND_PT = 1.0
"""Depth beyond a stretch of a shaded area's outline looked at for letters..."""

LETTER_SIDE_SHARE = 0.5
"""... found along this share of it or more: the stretch is the edge of letters, not a side."""

MEETING_RULES = 2
"""Rules across the edge of a band that passes for zebra striping (or of a faint fill)
that, ending on it, make it a rule: the column rules of the row above a category band."""

SIDE_EDGE_SHARE = 0.1
"""Share of a shaded area's outline that sets its own edge on each side: a stretch that
stands back from that edge is a notch (where letters may have stopped the area); the few
lines of an area leaking through a gap in the rule below it do not set it."""

JUNCTION_BLUR_PX = 1
"""Rows without ink allowed between a short vertical's end and the rule it meets (a
blurred scan lightens the corner of a junction)."""

COLUMNS_APART_PT = 10.0
"""Column rules ending on one side of a band stand at least this far apart: the two
edges of a bold letter's stem, seen as two strokes, do not."""

TWIN_ROWS = 0.8
"""Share of its rows two strokes side by side must have in common to be one stem's edges."""

INKED_FILL_SHARE = 0.5
"""A fill whose pixels are mostly ink (a band dark enough to pass the ink threshold)
gives no proof that a stroke on it is joined to its edges."""

MIN_FILL_SHADE = 0.3
"""An area darker than this (share of the paper's level) is ink, not a shaded cell."""

LINE_IN_FILL_PT = 10.0
"""A stroke at least this long across or down, on a shaded area, is a line between two
cells, not a letter: it keeps them apart."""

TEXT_CLOSE_PT = 8.0
"""Letters on a shaded area, up to this high, are closed up into it."""

SHADE_MEDIAN_PT = 2.5
"""Side of the median (points) through which the shade of each area is judged: wider
than a letter's stroke or a rule, narrower than a cell."""

SHADE_SLACK = 0.05
"""Share of the paper's level a shaded area may stray from its shade (the peak of the
page's histogram it is nearest to); two peaks closer than this are one shade."""

SIDES_MAX_SHADE = 0.92
"""A fill lighter than this (share of the paper's level) stands too close to the paper
for its outline to be sure: its sides complete rules already along them, as a band's,
but are not rules of their own."""

BAND_WIDTH = 0.4
"""A fill wider than this share of the page may be a band of zebra striping."""

BANDS = 3
"""This many bands of one width on a page, none touching another, are zebra striping:
their edges are not rules (the text path's reading of shaded rectangles)."""

BAND_ROWS_APART = 3.0
"""A stripe of zebra striping has another within this many of its heights: one white
row between them (the heading row and the category bands of a ruled table stand
further apart, and their edges are rules)."""

BAND_SLACK_PT = 6.0
"""Bands whose ends differ by less than this (points) have the same width."""


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


Side = tuple[bool, int, int, int]
"""A straight side of a shaded area: ``(horizontal, position, start, end)``, its
position the y of a side across (x of a side down), from ``start`` to ``end``."""


@dataclass(frozen=True, slots=True)
class PxFill:
    box: PxBox
    shade: float
    """Gray level of the cell's paper relative to the page's, 0 (black) to 1 (white)."""
    sides: tuple[Side, ...] | None = None
    """The straight sides of the shaded area's outline: the four sides of its box for a
    rectangle, six for an L-shaped band (a heading over some columns only, beside a
    cell of two rows). None: the box's four sides."""

    @property
    def outline(self) -> tuple[Side, ...]:
        if self.sides is not None:
            return self.sides
        x0, y0, x1, y1 = self.box
        return ((True, y0, x0, x1), (True, y1, x0, x1), (False, x0, y0, y1), (False, x1, y0, y1))


def find_rules(
    across_rows: np.ndarray,
    across_columns: np.ndarray,
    dpi: float,
    ink: np.ndarray | None = None,
) -> list[PxRule]:
    """Horizontal and vertical rules of a deskewed page, from its stroke masks
    (:func:`~pipeline.read.ocr_image.stroke_masks`): horizontal rules are runs of the
    strokes that are thin across the rows, vertical ones of those thin across the columns.

    A short vertical (a cell boundary within one row) is kept when each of its ends meets
    a horizontal rule; given the page's ``ink``, only when it is joined to them by ink,
    as a drawn line is: the stem of a bold « h » in a heading, as tall as its row, stops
    short of the rules above and below it with paper in between."""
    px = dpi / 72
    gap, thick, piece = _rule_sizes(px)
    horizontal = [
        PxRule(x0, y0, x1, y1)
        for line in _segments(across_rows, round(MIN_RULE_PT * px), gap, thick, piece)
        if (len(line) > 1 or not _through_letters(across_rows, line[0], px))
        and not _letters_stand_on(across_columns, line, px)
        for (y0, x0, y1, x1) in line
    ]
    long_enough = MIN_LONG_VERTICAL_PT * px
    vertical = [
        piece
        for pieces in _verticals(across_columns, dpi)
        if pieces[-1].y1 - pieces[0].y0 >= long_enough
        or _both_ends_meet(pieces, horizontal, dpi, ink)
        for piece in pieces
    ]
    return horizontal + vertical


def rules_under_letters(
    across_rows: np.ndarray,
    ink: np.ndarray,
    dpi: float,
    rules: list[PxRule],
    across_columns: np.ndarray | None = None,
) -> list[PxRule]:
    """The horizontal rules that letters sitting on them broke into pieces each too short
    for a rule (see LETTER_ON_RULE_PT), and that ``rules`` do not hold already: the breaks
    are bridged where the rule's own pixels are still ink, between straight strokes at
    least RULE_SIDE_PT long; only what no rule holds is returned. They close the cells of
    a table, and are not painted out with the others: the letters standing on them would
    lose their feet. Given ``across_columns``, the feet of a line of letters are none
    (see STEMS_ABOVE_PT)."""
    px = dpi / 72
    gap, thick, piece = _rule_sizes(px)
    strokes = across_rows.astype(np.uint8)
    sides = cv2.morphologyEx(
        strokes, cv2.MORPH_OPEN, np.ones((1, round(RULE_SIDE_PT * px)), np.uint8)
    )
    touching = np.ones((1, max(gap, round(LETTER_ON_RULE_PT * px)) + 1), np.uint8)
    bridged = across_rows | ((cv2.morphologyEx(sides, cv2.MORPH_CLOSE, touching) > 0) & ink)
    along = [rule for rule in rules if rule.horizontal]
    found = []
    for line in _segments(bridged, round(MIN_RULE_PT * px), gap, thick, piece):
        if len(line) == 1 and _through_letters(across_rows, line[0], px):
            continue
        if across_columns is not None and _letters_stand_on(across_columns, line, px):
            continue
        for y0, x0, y1, x1 in line:
            held = [rule for rule in along if rule.y0 - gap <= (y0 + y1) / 2 <= rule.y1 + gap]
            for start, end in _gaps(_union(_spans(held, x0, x1)), x0, x1):
                if end - start >= UNDER_LETTERS_MIN_PT * px and _stood_on(
                    across_rows, ink, (start, y0, end, y1)
                ):
                    found.append(PxRule(start, y0, end, y1))
    return found


def _stood_on(strokes: np.ndarray, ink: np.ndarray, box: PxBox) -> bool:
    """Whether the breaks of the stroke of a rule ``(x0, y0, x1, y1)`` have letters standing
    on them: ink just above the rule over most of them (a descender), not below (the top
    of a « 1 » under the rule, the stem of which passes for a column rule)."""
    x0, y0, x1, y1 = box
    broken = ~strokes[y0:y1, x0:x1].any(axis=0)
    if not broken.any():
        return True
    above = ink[max(0, y0 - 2) : y0, x0:x1].any(axis=0)
    return float(above[broken].mean()) >= LETTER_ABOVE_SHARE


def short_verticals_met(
    across_columns: np.ndarray,
    rules: list[PxRule],
    fills: list[PxFill],
    dpi: float,
    ink: np.ndarray,
) -> list[PxRule]:
    """The short verticals of a page that :func:`find_rules` left out, kept now that each
    of their ends meets a rule of ``rules`` through ink: the edges of the shaded bands,
    added since (:func:`rules_along_fills`), are the only rules a row under a dark heading
    band has above it, its own rule being lost against the band; the rules of that row
    were dropped and its cells read as one line of text (« [Très petite ... [U »).

    An end (or both, in a row between two bands) may also meet the side of a band whose
    edges were not taken for rules (a category band that passes for zebra striping), when
    verticals COLUMNS_APART_PT apart or more end on that side, MEETING_RULES of them: the
    column rules of the row above a band, not a letter's stem. All count, those found
    already, those kept for the rules they meet and those ending on the band at their
    other end (the table's border, lost against the bands, was left alone on their edges
    while the column rules beside it were found or met the rules: the labels of the rows
    next to each band lost their column). The sides of one edge count together, however
    its notches cut it. Two strokes side by side,
    closer than COLUMNS_APART_PT, are the edges of one bold stem and neither is kept (the
    « + » of « Pack antivirus + gestionnaire », on a light band, met the notch its own
    outline made in the band).
    Not on a fill dark enough to be ink (INKED_FILL_SHARE of it): there, every row
    between a letter's stem and the band's edge is ink, and the « i » of a bold heading
    would pass for a rule."""
    found = set(rules)
    horizontal = [rule for rule in rules if rule.horizontal]
    inked = [
        fill.box
        for fill in fills
        if ink[fill.box[1] : fill.box[3], fill.box[0] : fill.box[2]].mean() >= INKED_FILL_SHARE
    ]
    reach = max(1, round(FILL_EDGE_REACH_PT * dpi / 72)) + 1
    sides = _side_lines(fills, reach)
    long_enough = MIN_LONG_VERTICAL_PT * dpi / 72
    apart = COLUMNS_APART_PT * dpi / 72
    candidates, boxes = [], []
    for pieces in _verticals(across_columns, dpi):
        span = _span(pieces)
        if (
            span[3] - span[1] < long_enough
            and not any(piece in found for piece in pieces)
            and not any(_holds(box, span) for box in inked)
        ):
            candidates.append(pieces)
            boxes.append(span)
    spans = np.array(boxes, dtype=float).reshape(-1, 4)
    kept: list[list[PxRule]] = []
    on_lines: list[tuple[list[PxRule], list[tuple[int, int] | None]]] = []
    for index, pieces in enumerate(candidates):
        ends = [(pieces[0], pieces[0].y0), (pieces[-1], pieces[-1].y1)]
        unmet = [(piece, y) for piece, y in ends if not _meets(piece, y, horizontal, reach, ink)]
        lines = [
            next((at for at, side in sides if _meets(piece, y, [side], reach, ink)), None)
            for piece, y in unmet
        ]
        if None in lines or _has_twin(spans, index, apart):
            continue  # the two edges of one bold stem are no column rules
        if lines:
            on_lines.append((pieces, lines))
        else:
            kept.append(pieces)
    # the verticals that may end on a band's edge: those found already, those kept for
    # the rules they meet, and those met on an edge (at either of their ends)
    verticals = [rule for rule in rules if not rule.horizontal]
    verticals += [piece for pieces in kept for piece in pieces]
    verticals += [piece for pieces, _ in on_lines for piece in pieces]
    confirmed = {}
    for line in {line for _, lines in on_lines for line in lines}:
        along = [side for at, side in sides if at == line]
        centres = sorted(
            rule.centre
            for rule in verticals
            if any(_ends_on(rule, side, reach, ink) for side in along)
        )
        columns = centres[:1]
        for x in centres[1:]:
            if x - columns[-1] >= apart:
                columns.append(x)
        confirmed[line] = len(columns) >= MEETING_RULES
    kept += [pieces for pieces, lines in on_lines if all(confirmed[line] for line in lines)]
    return [piece for pieces in kept for piece in pieces]


def _side_lines(fills: list[PxFill], reach: int) -> list[tuple[tuple[int, int], PxRule]]:
    """The sides across of the fills not too faint for their outline (SIDES_MAX_SHADE),
    each as a rule one pixel thick with the line it is on: its fill's number and the
    first row of the line, its sides within ``reach`` of each other being one line (a
    notch, or a pixel of drift, cuts an edge in pieces)."""
    lines = []
    for number, fill in enumerate(fills):
        if fill.shade > SIDES_MAX_SHADE:
            continue  # a faint fill's outline is in the noise
        across = sorted((edge, start, end) for along, edge, start, end in fill.outline if along)
        first = None
        for edge, start, end in across:
            if first is None or edge - first > reach:
                first = edge
            lines.append(((number, first), PxRule(start, edge, end, edge + 1)))
    return lines


def _ends_on(rule: PxRule, side: PxRule, reach: int, ink: np.ndarray) -> bool:
    """Whether the vertical ``rule`` ends on the band's ``side`` (either end, through ink)."""
    return _meets(rule, rule.y0, [side], reach, ink) or _meets(rule, rule.y1, [side], reach, ink)


def _has_twin(spans: np.ndarray, index: int, apart: float) -> bool:
    """Whether another stroke of ``spans`` (``x0, y0, x1, y1`` each) stands beside the one
    at ``index``, closer than ``apart``, over the same rows (TWIN_ROWS of the longer):
    the two edges of a bold letter's stem, not two column rules; a column rule beside
    the letters of its cell is longer than they are."""
    x0, y0, _, y1 = spans[index]
    common = np.minimum(spans[:, 3], y1) - np.maximum(spans[:, 1], y0)
    longer = np.maximum(spans[:, 3] - spans[:, 1], y1 - y0)
    twins = (np.abs(spans[:, 0] - x0) < apart) & (common >= TWIN_ROWS * longer)
    twins[index] = False
    return bool(twins.any())


def _span(pieces: list[PxRule]) -> PxBox:
    return (
        min(p.x0 for p in pieces),
        pieces[0].y0,
        max(p.x1 for p in pieces),
        pieces[-1].y1,
    )


def _rule_sizes(px: float) -> tuple[int, int, int]:
    """In pixels (``px`` per point): the breaks bridged in a rule (GAP_PT), its greatest
    thickness (MAX_THICKNESS_PT) and the length of its pieces (RULE_PIECE_PT)."""
    gap, thick = max(1, round(GAP_PT * px)), max(2, round(MAX_THICKNESS_PT * px))
    return gap, thick, round(RULE_PIECE_PT * px)


def _verticals(across_columns: np.ndarray, dpi: float) -> list[list[PxRule]]:
    """The vertical runs of the strokes thin across the columns, each as its pieces."""
    px = dpi / 72
    gap, thick, piece = _rule_sizes(px)
    return [
        [PxRule(x0, y0, x1, y1) for (x0, y0, x1, y1) in line]
        for line in _segments(
            across_columns.T, round(MIN_SHORT_VERTICAL_PT * px), gap, thick, piece
        )
    ]


def _both_ends_meet(
    pieces: list[PxRule], horizontal: list[PxRule], dpi: float, ink: np.ndarray | None
) -> bool:
    reach = max(1, round(GAP_PT * dpi / 72)) + 1
    top, bottom = pieces[0], pieces[-1]
    return _meets(top, top.y0, horizontal, reach, ink) and _meets(
        bottom, bottom.y1, horizontal, reach, ink
    )


def _through_letters(strokes: np.ndarray, box: PxBox, px: float) -> bool:
    """Whether a straight run ``(row0, col0, row1, col1)`` of the horizontal ``strokes``
    runs through letters (see LETTERS_ABOVE_CORE_PT): the strokes it is part of, followed
    up and down from it in each of its columns, are much taller than it and uneven."""
    r0, c0, r1, c1 = box
    reach = round(LETTERS_REACH_PT * px)
    above = strokes[max(0, r0 - reach) : r0, c0:c1][::-1]
    below = strokes[r1 : r1 + reach, c0:c1]
    heights = (
        np.cumprod(above, axis=0).sum(axis=0) + np.cumprod(below, axis=0).sum(axis=0) + (r1 - r0)
    )
    return bool(
        np.median(heights) - (r1 - r0) >= LETTERS_ABOVE_CORE_PT * px
        and heights.std() >= LETTERS_UNEVEN_PT * px
    )


def _letters_stand_on(across_columns: np.ndarray, line: list[PxBox], px: float) -> bool:
    """Whether a short horizontal run (its pieces ``(row0, col0, row1, col1)``) carries
    upright strokes over much of its length, as the feet of a line of letters do (see
    STEMS_ABOVE_PT)."""
    length = sum(c1 - c0 for _, c0, _, c1 in line)
    if length > STEMS_RUN_MAX_PT * px:
        return False
    reach, tall = round(LETTERS_REACH_PT * px), STEMS_ABOVE_PT * px
    stood = 0
    for r0, c0, _, c1 in line:
        above = across_columns[max(0, r0 - reach) : r0, c0:c1][::-1]  # upwards from it
        rise = np.maximum(  # standing on it, or but for a row blurred where they join
            np.cumprod(above, axis=0).sum(axis=0),
            np.cumprod(above[JUNCTION_BLUR_PX:], axis=0).sum(axis=0),
        )
        stood += int(np.count_nonzero(rise >= tall))
    return stood >= STEMS_SHARE * length


def _meets(
    rule: PxRule, y: int, horizontal: list[PxRule], reach: int, ink: np.ndarray | None = None
) -> bool:
    """Whether the end ``y`` of a vertical ``rule`` meets a horizontal rule. Along the
    horizontal rule, the vertical's own width is allowed on top of ``reach``: where two
    rules cross, neither is seen as a stroke (both sides of the crossing are ink), so a
    horizontal rule that ends at a table's border stops short of it by that width.
    Given ``ink``, what lies between the end and the rule must be ink, but for
    JUNCTION_BLUR_PX rows."""
    x, across = rule.centre, reach + rule.thickness
    for h in horizontal:
        if h.x0 - across <= x <= h.x1 + across and h.y0 - reach <= y <= h.y1 + reach:
            if ink is None:
                return True
            low, high = (y, h.y0) if y < h.y0 else (h.y1, y)  # the rows in between
            inked = ink[low:high, max(0, rule.x0) : rule.x1].any(axis=1)
            if np.count_nonzero(~inked) <= JUNCTION_BLUR_PX:
                return True
    return False


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
    count, labels, stats = components(lines)
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


def find_fills(
    gray: np.ndarray,
    strokes: np.ndarray,
    paper: float,
    dpi: float,
    rules: list[PxRule] | None = None,
    *,
    threads: int = 1,
) -> list[PxFill]:
    """Areas of the page whose ground is darker than its paper: shaded cells, bands and
    heading rows, found from their pixels whether rules surround them or not.

    ``strokes`` (rules and letters, see :func:`~pipeline.read.ocr_image.stroke_masks`)
    are left out, with a margin for their soft edges; what remains darker than the
    paper by MIN_SHADE_CONTRAST, after a median filter that removes the scanner's
    grain, is cut into connected areas (OpenCV) and each solid one large enough is a fill.
    Rules drawn between two shaded cells keep them apart, and so do two shades: the
    areas of each shade the page is printed in (the peaks of its histogram) are found
    one shade at a time, so that a dark heading row and the light row under it are two
    fills. The letters printed on a shaded area are part of it (closed up over
    TEXT_CLOSE_PT), so that bold text across a band does not cut it in pieces; the
    ``rules`` found are not, and keep cells apart. ``threads``: cores this page may use
    (its shades are found side by side), how fast, not what is found.
    """
    px = dpi / 72
    margin = np.ones((2 * STROKE_MARGIN_PX + 1, 2 * STROKE_MARGIN_PX + 1), np.uint8)
    around_strokes = cv2.dilate(strokes.astype(np.uint8), margin) > 0
    smooth = cv2.medianBlur(gray, GRAIN_FILTER_PX)
    shaded = (smooth < paper * (1.0 - MIN_SHADE_CONTRAST)) & ~around_strokes
    least = round(MIN_FILL_WIDTH_PT * MIN_FILL_HEIGHT_PT * px * px)
    if np.count_nonzero(shaded) < least:
        return []  # a page of text on white paper: no wide median to take
    # the shade of each area, seen through a median wide enough to wipe out letters and
    # thin lines (a median keeps the edge of an area where it is)
    wide = max(3, round(SHADE_MEDIAN_PT * px) | 1)
    level = median(gray, wide, threads)
    page_area = gray.shape[0] * gray.shape[1]
    close = np.ones((max(3, round(TEXT_CLOSE_PT * px)),) * 2, np.uint8)
    peaks = _shades(level[shaded], paper, least)
    if not peaks:
        return []
    # the lines (the rules found, and any stroke as long as a cell is high), and the
    # letters: the rest of the strokes, with their margin
    reach = max(3, round(LINE_IN_FILL_PT * px))
    lines = cv2.morphologyEx(
        strokes.astype(np.uint8), cv2.MORPH_OPEN, np.ones((1, reach), np.uint8)
    ) | cv2.morphologyEx(strokes.astype(np.uint8), cv2.MORPH_OPEN, np.ones((reach, 1), np.uint8))
    for rule in rules or ():
        lines[rule.y0 : rule.y1, rule.x0 : rule.x1] = 1
    letters = around_strokes & ~(cv2.dilate(lines, margin) > 0)
    # each level's nearest shade, when it is close enough to one (-1 when not)
    shade_of = np.full(256, -1, dtype=np.int8)
    for value in range(256):
        index = min(range(len(peaks)), key=lambda i: abs(peaks[i] - value))
        if abs(peaks[index] - value) <= SHADE_SLACK * paper:
            shade_of[value] = index
    nearest = shade_of[level]

    def of_shade(index: int) -> list[PxFill]:
        # one shade at a time: areas of different shades never run into each other
        ground = shaded & (nearest == index)
        if np.count_nonzero(ground) < least:
            return []
        seeds = _areas(ground, px, page_area)
        if not seeds:
            return []
        # the letters on a seed are closed up into it (not those on the paper around it)
        closed = cv2.morphologyEx(ground.astype(np.uint8), cv2.MORPH_CLOSE, close) > 0
        whole = closed & (ground | letters)
        seeded = np.zeros(ground.shape, dtype=bool)
        for (x0, y0, x1, y1), inside in seeds:
            seeded[y0:y1, x0:x1] |= inside
        count, labels, stats = components(whole)
        kept = np.zeros(count, dtype=bool)  # the areas holding a seed, looked up per label
        kept[labels[seeded]] = True
        grown = _possible(labels, stats, (0, 0), whole.shape, px, page_area, among=kept)
        # a seed whose grown area is no fill (run into a cell of its shade through a
        # break in the rule between them) is kept as it was
        grown += [seed for seed in seeds if not any(_holds(box, seed[0]) for box, _ in grown)]
        found = []
        for box, inside in grown:
            x0, y0, x1, y1 = box
            bare = inside & ground[y0:y1, x0:x1]  # its letters left out
            values = smooth[y0:y1, x0:x1][bare if bare.any() else inside]
            shade = float(np.median(values)) / max(paper, 1.0)
            if shade < MIN_FILL_SHADE:
                continue  # a block of ink: a bar, a logo, a stamp
            sides = _sides(inside, box, px, letters[y0:y1, x0:x1])
            found.append(PxFill(box, round(min(1.0, shade), 3), sides))
        return found

    if threads > 1 and len(peaks) > 1:  # the shades side by side: the same fills, sooner
        with ThreadPoolExecutor(max_workers=threads) as pool:
            per_shade = list(pool.map(of_shade, range(len(peaks))))
    else:
        per_shade = [of_shade(index) for index in range(len(peaks))]
    fills = [fill for found in per_shade for fill in found]
    return sorted(fills, key=lambda fill: (fill.box[1], fill.box[0]))


def _holds(box: PxBox, other: PxBox) -> bool:
    """Whether the centre of ``other`` lies in ``box``."""
    x, y = (other[0] + other[2]) / 2, (other[1] + other[3]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def _shades(values: np.ndarray, paper: float, least: int) -> list[int]:
    """The gray levels the shaded areas of a page are printed in: the peaks of the
    histogram of ``values`` (smoothed), each of at least ``least`` pixels, a peak
    within SHADE_SLACK of a larger one being the same shade."""
    if values.size < least:
        return []
    counts = np.convolve(np.bincount(values.ravel(), minlength=256), np.ones(5), "same")
    tops = [
        level
        for level in range(1, 255)
        if counts[level] >= counts[level - 1]
        and counts[level] > counts[level + 1]
        and counts[level] >= least
    ]
    peaks: list[int] = []
    for level in sorted(tops, key=lambda top: -counts[top]):
        if all(abs(level - other) > SHADE_SLACK * paper for other in peaks):
            peaks.append(level)
    return sorted(peaks)


def _areas(mask: np.ndarray, px: float, page_area: int) -> list[tuple[PxBox, np.ndarray]]:
    """The connected areas of ``mask`` (OpenCV) that may be fills (see :func:`_possible`),
    each with its box and its own pixels within the box."""
    rows, columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return []
    top, left = int(rows[0]), int(columns[0])  # labelled within its box only: quicker
    part = mask[top : int(rows[-1]) + 1, left : int(columns[-1]) + 1].astype(np.uint8)
    _, labels, stats = components(part)
    return _possible(labels, stats, (left, top), mask.shape, px, page_area)


def _possible(
    labels: np.ndarray,
    stats: np.ndarray,
    offset: tuple[int, int],
    shape: tuple[int, ...],
    px: float,
    page_area: int,
    among: np.ndarray | None = None,
) -> list[tuple[PxBox, np.ndarray]]:
    """The labelled areas (``among`` those flagged, when given) that may be fills: large
    and solid enough, not the page's background, not touching its edges (of ``shape``,
    the labels standing at ``offset`` in it); each with its box and its own pixels."""
    width, height, area = (
        stats[:, column].astype(np.int64)
        for column in (cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT, cv2.CC_STAT_AREA)
    )
    spread = width * height
    possible = (
        (width >= MIN_FILL_WIDTH_PT * px)
        & (height >= MIN_FILL_HEIGHT_PT * px)
        & (area >= MIN_FILL_SOLIDITY * spread)
        & (spread <= MAX_FILL_SHARE * page_area)
    )
    if among is not None:
        possible &= among
    possible[0] = False  # the background
    left, top = offset
    found = []
    for label in np.flatnonzero(possible):  # a page has thousands of specks: none looked at
        x, y, width, height = (int(v) for v in stats[label][:4])
        x0, y0 = x + left, y + top
        if x0 == 0 or y0 == 0 or x0 + width == shape[1] or y0 + height == shape[0]:
            continue  # the shadow of the scanner's lid or the desk around a photo
        box = (x0, y0, x0 + width, y0 + height)
        found.append((box, labels[y : y + height, x : x + width] == label))
    return found


def _sides(
    inside: np.ndarray, box: PxBox, px: float, letters: np.ndarray | None = None
) -> tuple[Side, ...]:
    """The straight sides of the area ``inside`` its box, once the letters and rules left
    out of it are closed up (SIDE_GAP_PT): where, row after row, its first pixel (or its
    last) stays within SIDE_SLACK_PX over at least MIN_SIDE_PT, that is a side down; the
    same column after column for a side across. An L-shaped band has six.

    A stretch with ``letters`` (the letters' strokes within the box) right beyond it,
    over LETTER_SIDE_SHARE of its length, is not a side: it is the top of a line of bold
    letters that a dark scan set so close to the rule below that the area stops on them."""
    gap = max(1, round(SIDE_GAP_PT * px))
    mask = cv2.morphologyEx(
        np.pad(inside.astype(np.uint8), gap), cv2.MORPH_CLOSE, np.ones((gap, gap), np.uint8)
    )[gap:-gap, gap:-gap].astype(bool)
    x0, y0 = box[0], box[1]
    least = round(MIN_SIDE_PT * px)
    sides: list[Side] = []
    beyond = max(1, round(LETTER_BEYOND_PT * px))
    for horizontal, area, marks in ((False, mask, letters), (True, mask.T, _turned(letters))):
        lines = np.flatnonzero(area.any(axis=1))
        if lines.size == 0:
            continue
        first = area[lines].argmax(axis=1)
        last = area.shape[1] - area[lines, ::-1].argmax(axis=1)  # one past the area
        for edges, outward in ((first, -1), (last, 1)):
            # the area's own edge: as far out as it reaches along SIDE_EDGE_SHARE of its
            # lines (a few columns leaking through a gap in a rule do not move it)
            reached = np.quantile(edges, SIDE_EDGE_SHARE if outward < 0 else 1 - SIDE_EDGE_SHARE)
            for start, end, where in _steady(lines, edges, least):
                inner = (
                    where > reached + 2 * beyond if outward < 0 else where < reached - 2 * beyond
                )
                if marks is not None and inner:  # a notch, not the box's own edge
                    lo, hi = (where - beyond, where) if outward < 0 else (where, where + beyond)
                    if marks[start:end, lo:hi].any(axis=1).mean() >= LETTER_SIDE_SHARE:
                        continue
                if horizontal:  # ``area`` is the mask turned: its lines are columns
                    sides.append((True, where + y0, start + x0, end + x0))
                else:
                    sides.append((False, where + x0, start + y0, end + y0))
    return tuple(sides)


def _turned(mask: np.ndarray | None) -> np.ndarray | None:
    return None if mask is None else mask.T


def _steady(lines: np.ndarray, edges: np.ndarray, least: int) -> list[tuple[int, int, int]]:
    """The stretches of consecutive ``lines`` (at least ``least`` long) along which
    ``edges`` stays within 2 × SIDE_SLACK_PX: ``(start, end, edge)``."""
    found = []
    begin, low, high = 0, int(edges[0]), int(edges[0])
    for index in range(1, len(lines) + 1):
        if index < len(lines):
            value = int(edges[index])
            low, high = min(low, value), max(high, value)
            if lines[index] == lines[index - 1] + 1 and high - low <= 2 * SIDE_SLACK_PX:
                continue
        if lines[index - 1] + 1 - lines[begin] >= least:
            where = round(float(np.median(edges[begin:index])))
            found.append((int(lines[begin]), int(lines[index - 1]) + 1, where))
        if index < len(lines):
            begin, low, high = index, int(edges[index]), int(edges[index])
    return found


def light_rules(fills: list[PxFill], gray: np.ndarray, paper: float, dpi: float) -> list[PxRule]:
    """The light lines drawn across shaded cells, as rules: the white lines that part the
    cells of a dark heading band, across and down.

    A heading row shaded in a dark colour is often drawn as cells with a thin white gap
    between them, not with a dark rule: the band looks whole to the fills, and its
    heading cells would make one. Inside each fill, the pixels lighter than the fill by
    LIGHT_LINE_CONTRAST (share of the paper's level) are runs of a light line; their
    long thin runs are found as dark rules are (:func:`find_rules`), a line down being
    kept when each of its ends meets the fill's edge or a light line across.
    """
    px = dpi / 72
    gap, thick, piece = _rule_sizes(px)
    reach = gap + 1 + thick
    found: list[PxRule] = []
    for fill in fills:
        if fill.shade > LIGHT_LINE_MAX_SHADE:
            continue  # a light fill: no white line would show on it
        x0, y0, x1, y1 = fill.box
        band = gray[y0:y1, x0:x1]
        if band.size == 0:
            continue
        light = (band >= float(np.median(band)) + LIGHT_LINE_CONTRAST * paper).astype(np.uint8)
        # paper the box holds beside the fill (a corner left white), not a line
        blobs = cv2.morphologyEx(light, cv2.MORPH_OPEN, np.ones((thick + 1, thick + 1), np.uint8))
        light = (light > 0) & ~(cv2.dilate(blobs, np.ones((3, 3), np.uint8)) > 0)
        across = [
            PxRule(c0 + x0, r0 + y0, c1 + x0, r1 + y0)
            for line in _segments(light, round(MIN_RULE_PT * px), gap, thick, piece)
            for (r0, c0, r1, c1) in line
        ]
        for line in _segments(light.T, round(MIN_SHORT_VERTICAL_PT * px), gap, thick, piece):
            pieces = [PxRule(c0 + x0, r0 + y0, c1 + x0, r1 + y0) for (c0, r0, c1, r1) in line]
            first, last = pieces[0], pieces[-1]
            ends = (
                first.y0 - y0 <= reach or _meets(first, first.y0, across, reach),
                y1 - last.y1 <= reach or _meets(last, last.y1, across, reach),
            )
            if all(ends):
                found.extend(pieces)
        found.extend(across)
    return found


def rules_along_fills(
    rules: list[PxRule], fills: list[PxFill], dpi: float, page_width: int | None = None
) -> list[PxRule]:
    """``rules`` with the edges of the shaded cells added, as the text path reads the
    edges of a shaded rectangle.

    A thin rule printed against a gray band is barely darker than the band: the scan
    keeps it on the paper side and loses it in places against the gray, so that the
    band's row and the row above it are cut off from their table; a heading cell
    shaded in colour may have no dark rule at all, only its edge. A cell's edge is as
    sure a boundary as a rule: it is added as rule pieces where no rule runs along it,
    in line with those found (or on the edge itself when none is). The bands of zebra
    striping (BANDS bands of one width wider than BAND_WIDTH of ``page_width``, none
    touching another) are not cells, and the outline of a faint fill (lighter than
    SIDES_MAX_SHADE) is unsure: their edges are completed only where rules already
    cover FILL_EDGE_RULED of them, where a rule runs up to the edge from each side of
    it (the border of a table, lost against a category band that passed for a stripe),
    or where MEETING_RULES rules across the edge end on it (the column rules of the row
    above such a band).
    """
    reach = FILL_EDGE_REACH_PT * dpi / 72
    stripes = _zebra(fills, dpi, page_width) if page_width else set()
    index = _RuleIndex(rules)
    added: list[PxRule] = []
    for number, fill in enumerate(fills):
        faint = fill.shade > SIDES_MAX_SHADE  # its extent in the noise: its sides unsure
        needed = FILL_EDGE_RULED if number in stripes or faint else 0.0
        unsure = {
            side
            for line in _edge_lines(fill.outline, reach)
            if needed and not _sure(line, index, needed, reach, fill.box, dpi / 72)
            for side in line
        }
        for horizontal, edge, start, end in fill.outline:
            if (horizontal, edge, start, end) in unsure:
                continue
            start, end = _to_crossings(index, horizontal, edge, start, end, reach)
            along = index.along(horizontal, edge, reach)
            spans = _spans(along, start, end)
            if along:
                centre = float(np.median([rule.centre for rule in along]))
                half = max(1, round(float(np.median([r.thickness for r in along])) / 2))
            else:  # the side itself, as a rule one pixel wide
                centre, half = float(edge), 1
            low, high = round(centre) - half + 1, round(centre) + half
            for a, b in _gaps(_union(spans), start, end):
                added.append(PxRule(a, low, b, high) if horizontal else PxRule(low, a, high, b))
    return rules + added


def _to_crossings(
    rules: _RuleIndex, horizontal: bool, edge: int, start: int, end: int, reach: float
) -> tuple[int, int]:
    """The ends of a side taken to the rules across its line that they stop short of,
    within ``reach``: the cells of a dark heading band stop at the white gap beside the
    column rule between them, and their two edges, each short of that rule, left the
    line under the band broken there, so that the row below was no cell (Montpellier's
    2014 book, page 18: « Ces tarifs sont multipliés par 3… » cut the table in two)."""
    low, high = rules.crossing(horizontal, edge, reach)  # where they stand along the side
    before = low[(start - reach <= high) & (high <= start)]
    after = high[(end <= low) & (low <= end + reach)]
    return min([start, *before.tolist()]), max([end, *after.tolist()])


def _edge_lines(sides: tuple[Side, ...], reach: float) -> list[tuple[Side, ...]]:
    """The sides of an outline grouped by the line they stand on (across or down, their
    edges within ``reach`` of the previous one's): the pieces of one edge, broken where
    letters or a rule's gaps bent it."""
    lines: list[list[Side]] = []
    for side in sorted(sides, key=lambda side: (side[0], side[1])):
        if lines and lines[-1][-1][0] == side[0] and side[1] - lines[-1][-1][1] <= reach:
            lines[-1].append(side)
        else:
            lines.append([side])
    return [tuple(line) for line in lines]


def _sure(
    line: tuple[Side, ...], rules: _RuleIndex, needed: float, reach: float, box: PxBox, px: float
) -> bool:
    """Whether the pieces of an unsure edge are a rule after all: rules cover ``needed`` of
    them, run through the edge, or end on it (see :func:`rules_along_fills`). An edge
    that stops short of its fill's corners by SIDE_GAP_PT or less is taken to them: the
    corners of a band are rounded by the scan's blur, and its straight side starts a
    point or two in (Montpellier's 2014 book, page 18: the table's border, broken only
    by a dark category band, came up to 2.2 pt of the band's straight side, its box's
    corner 0.8 pt away)."""
    horizontal, edge = line[0][0], round(float(np.median([side[1] for side in line])))
    start, end = min(side[2] for side in line), max(side[3] for side in line)
    low, high = (box[0], box[2]) if horizontal else (box[1], box[3])
    corner = SIDE_GAP_PT * px
    start = low if start - low <= corner else start
    end = high if high - end <= corner else end
    along = rules.along(horizontal, edge, reach)
    length = sum(side[3] - side[2] for side in line)
    return (
        sum(_covered(along, side[2], side[3]) for side in line) >= needed * length
        or _runs_through(along, start, end, reach)
        or rules.meeting(horizontal, edge, start, end, reach) >= MEETING_RULES
    )


class _RuleIndex:
    """The rules of a page as arrays, for the questions asked of every side of every
    fill (which rules run along it, cross its line, end on it): one pass of numpy over
    the page's rules instead of a loop over them per side."""

    def __init__(self, rules: list[PxRule]) -> None:
        self.rules = rules
        box = np.array([(r.x0, r.y0, r.x1, r.y1) for r in rules], dtype=np.int64).reshape(-1, 4)
        x0, y0, x1, y1 = box.T
        self.horizontal = (x1 - x0) >= (y1 - y0)
        self.start = np.where(self.horizontal, x0, y0)
        self.end = np.where(self.horizontal, x1, y1)
        self.centre = np.where(self.horizontal, y0 + y1 - 1, x0 + x1 - 1) / 2
        self.box = box

    def along(self, horizontal: bool, edge: float, reach: float) -> list[PxRule]:
        """The rules in the direction of an edge, within ``reach`` of its line."""
        near = (self.horizontal == horizontal) & (np.abs(self.centre - edge) <= reach)
        return [self.rules[i] for i in np.flatnonzero(near)]

    def crossing(
        self, horizontal: bool, edge: float, reach: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Where the rules across an edge's line that reach it (within ``reach``) stand
        along it: their first and last pixel (exclusive) in the edge's direction."""
        across = (
            (self.horizontal != horizontal)
            & (self.start - reach <= edge)
            & (edge < self.end + reach)
        )
        low, high = (0, 2) if horizontal else (1, 3)
        return self.box[across, low], self.box[across, high]

    def meeting(self, horizontal: bool, edge: int, start: int, end: int, reach: float) -> int:
        """How many rules across an edge end on it (within ``reach``) between its
        ``start`` and ``end``: the rules of a row's cells that stop at the band below it,
        whose own rule the band hides."""
        return int(
            np.count_nonzero(
                (self.horizontal != horizontal)
                & (start - reach <= self.centre)
                & (self.centre <= end + reach)
                & (np.minimum(np.abs(self.start - edge), np.abs(self.end - edge)) <= reach)
            )
        )


def _spans(along: list[PxRule], start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``start``–``end`` that each of the rules ``along`` it covers."""
    return sorted(
        (max(start, r.start), min(end, r.end))
        for r in along
        if min(end, r.end) > max(start, r.start)
    )


def _covered(along: list[PxRule], start: int, end: int) -> int:
    """Pixels of ``start``–``end`` that the rules ``along`` it cover."""
    return sum(b - a for a, b in _union(_spans(along, start, end)))


def _runs_through(along: list[PxRule], start: int, end: int, reach: float) -> bool:
    """Whether rules ``along`` an edge come up to it (within ``reach``) from before its
    ``start`` and from after its ``end``: one line broken only where it crosses the fill."""
    before = any(rule.start < start and rule.end >= start - reach for rule in along)
    after = any(rule.end > end and rule.start <= end + reach for rule in along)
    return before and after


def _zebra(fills: list[PxFill], dpi: float, page_width: int) -> set[int]:
    """The indexes of the fills that are bands of zebra striping."""
    slack = BAND_SLACK_PT * dpi / 72
    wide = [i for i, f in enumerate(fills) if f.box[2] - f.box[0] > BAND_WIDTH * page_width]
    stripes: set[int] = set()
    for i in wide:
        same = [
            j
            for j in wide
            if abs(fills[j].box[0] - fills[i].box[0]) <= slack
            and abs(fills[j].box[2] - fills[i].box[2]) <= slack
        ]
        tops = sorted((fills[j].box[1], fills[j].box[3]) for j in same)
        apart = all(b[0] - a[1] > slack for a, b in itertools.pairwise(tops))
        if (
            len(same) >= BANDS
            and apart
            and _alternates(fills[i].box, [fills[j].box for j in same if j != i])
            and not _touches_another(i, fills, slack)
        ):
            stripes.add(i)
    return stripes


def _alternates(box: PxBox, others: list[PxBox]) -> bool:
    """Whether another band lies within BAND_ROWS_APART of this one's heights (the larger
    of the two) above or below it: a stripe and the next, one white row between them."""
    height = box[3] - box[1]
    return any(
        max(other[1] - box[3], box[1] - other[3])
        <= BAND_ROWS_APART * max(height, other[3] - other[1])
        for other in others
    )


def _touches_another(index: int, fills: list[PxFill], slack: float) -> bool:
    """Whether another fill lies right above or below this one (a heading row over its
    shaded cells), which no stripe of zebra striping has."""
    x0, y0, x1, y1 = fills[index].box
    return any(
        j != index
        and min(x1, f.box[2]) > max(x0, f.box[0])
        and (abs(f.box[1] - y1) <= slack or abs(y0 - f.box[3]) <= slack)
        for j, f in enumerate(fills)
    )


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

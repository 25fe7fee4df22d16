"""A photographed table squared again: the perspective taken out with its own rules.

A page photographed a little off-axis is a trapezoid: once levelled, its rules are still
tilted, each by its own angle (they run towards a vanishing point), so that the rows
of one side of a table stand lower than those of the other. The table's outermost long
rules, two across and two down, are straight lines on paper: the homography that sets
them square again (OpenCV's) is applied to the whole page, before the rules are found
once more and the words read.

Boxes and rules here are pixels, as in :mod:`pipeline.read.ocr_rules`.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.read.ocr_rules import PxRule

LONG_ACROSS_SHARE = 0.3
"""A rule across at least this share of the page's width is a table's frame, fit to
measure the perspective."""

LONG_DOWN_SHARE = 0.1
"""... and a rule down at least this share of its height."""

MIN_SPREAD_SHARE = 0.15
"""The two rules of a direction must stand apart by this share of the page at least: close
lines measure their angles too poorly to square the page."""

EDGE_SHARE = 0.02
"""Lines this close to the image's edge (as a share of its side) are the paper's edge or
the desk's, not a table's rules."""

MIN_CORRECTION_PT = 0.75
"""A table whose corners are all within this distance (points) of a rectangle is left as
it is: the levelled page is square enough to read."""

MAX_CORRECTION_SHARE = 0.06
"""A correction moving a corner further than this share of the page's diagonal is not a
photo's perspective but rules picked wrongly: the page is left as it is."""

Line = tuple[float, float]
"""``(slope, intercept)``: y = slope·x + intercept for a rule across, x = slope·y +
intercept for a rule down."""
Fitted = tuple[float, float, float, int, int, int]
"""A rule fit as a line: ``(slope, intercept, length, pieces, start, end)``, its ends
along its length."""


def keystone(rules: list[PxRule], shape: tuple[int, int], dpi: float) -> np.ndarray | None:
    """The 3×3 homography that squares the table drawn by ``rules`` on a page of
    ``shape`` (height, width), or None when the table is square already or cannot tell."""
    height, width = shape
    across = _frame(rules, True, width, height, None) or _frame(rules, True, width, height, dpi)
    down = _frame(rules, False, height, width, None) or _frame(rules, False, height, width, dpi)
    if len(across) < 2 or len(down) < 2:
        return None
    middle_x, middle_y = width / 2, height / 2
    top = min(across, key=lambda line: line[0] * middle_x + line[1])
    bottom = max(across, key=lambda line: line[0] * middle_x + line[1])
    left = min(down, key=lambda line: line[0] * middle_y + line[1])
    right = max(down, key=lambda line: line[0] * middle_y + line[1])
    if _at(bottom, middle_x) - _at(top, middle_x) < MIN_SPREAD_SHARE * height:
        return None
    if _at(right, middle_y) - _at(left, middle_y) < MIN_SPREAD_SHARE * width:
        return None
    pairs = ((top, left), (top, right), (bottom, right), (bottom, left))
    meeting = [_meet(across_line, down_line) for across_line, down_line in pairs]
    reach = CORNER_REACH_SHARE * max(width, height)
    if not all(_meets_ends(c, *pair, reach) for c, pair in zip(meeting, pairs, strict=True)):
        return None
    corners = np.array(meeting, dtype=np.float32)
    (tl, tr, br, bl) = corners
    x0, x1 = (tl[0] + bl[0]) / 2, (tr[0] + br[0]) / 2
    y0, y1 = (tl[1] + tr[1]) / 2, (bl[1] + br[1]) / 2
    square = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)
    moved = float(np.max(np.hypot(*(corners - square).T)))
    if moved < MIN_CORRECTION_PT * dpi / 72 or moved > MAX_CORRECTION_SHARE * np.hypot(*shape):
        return None
    return cv2.getPerspectiveTransform(corners, square)


CORNER_REACH_SHARE = 0.1
"""How far (share of the page's side) a frame's corner may stand beyond the ends of the
two rules that make it: the four rules of a table's frame meet at its corners."""


def _meets_ends(corner: list[float], across: Fitted, down: Fitted, reach: float) -> bool:
    """Whether ``corner`` lies along both rules, their ends stretched by ``reach``: a
    frame rule picked wrongly (a line of dust by the page's edge, another table's
    border) does not reach the others."""
    x, y = corner
    return across[4] - reach <= x <= across[5] + reach and down[4] - reach <= y <= down[5] + reach


def squared(gray: np.ndarray, homography: np.ndarray, paper: float) -> np.ndarray:
    """``gray`` seen through ``homography``, same size, the uncovered edges paper."""
    height, width = gray.shape
    return cv2.warpPerspective(
        gray,
        homography,
        (width, height),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=round(paper),
    )


def _frame(
    rules: list[PxRule], horizontal: bool, along: int, across: int, dpi: float | None
) -> list[Fitted]:
    """The long rules of a direction that may frame a table, two at least, or none.
    Unbroken rules measure best; the broken stretches of a rule are joined (``dpi``
    given) only when fewer than two long rules stand unbroken."""
    share = LONG_ACROSS_SHARE if horizontal else LONG_DOWN_SHARE
    joining = None if dpi is None else (JOIN_GAP_SHARE * along, JOIN_OFFSET_PT * dpi / 72)
    long = [
        line
        for line in _lines(rules, horizontal, joining)
        if line[2] >= share * along and _inside(line, along / 2, across)
    ]
    return long if len(long) >= 2 else []


def _lines(
    rules: list[PxRule], horizontal: bool, joining: tuple[float, float] | None = None
) -> list[Fitted]:
    """Each rule of a direction, its pieces joined again (:func:`find_rules` hands a
    drifting rule on as consecutive pieces, end to start), fit as a straight line:
    ``(slope, intercept, length)``. With ``joining`` (the longest break and the farthest
    offset, pixels), stretches of one line broken where it runs against a coloured band
    (:func:`_joined`) are one line too."""
    pieces = [rule for rule in rules if rule.horizontal == horizontal]
    chains: list[list[PxRule]] = []
    chain: list[PxRule] = []
    for piece in [*pieces, None]:
        if chain and piece is not None and _continues(chain[-1], piece, horizontal):
            chain.append(piece)
            continue
        if chain:
            chains.append(chain)
        chain = [piece] if piece is not None else []
    if joining is not None:
        chains = _joined(chains, horizontal, *joining)
    return [_fit(chain, horizontal) for chain in chains]


JOIN_OFFSET_PT = 2.5
"""Two stretches of rule whose lines pass this close to each other where the second
begins are one rule, broken (a light rule lost against a band of its own colour)."""

JOIN_GAP_SHARE = 0.1
"""... when the break is no longer than this share of the page's side along them."""


def _joined(
    chains: list[list[PxRule]], horizontal: bool, gap: float, reach: float
) -> list[list[PxRule]]:
    """Chains of pieces standing on one straight line, with breaks, joined in one.

    The outer frame of a table in light colours is often broken at every coloured row;
    each stretch alone is too short to measure the perspective, the whole line is not.
    """
    ordered = sorted(chains, key=lambda chain: chain[0].start)
    lines: list[list[PxRule]] = []
    for chain in ordered:
        begins = chain[0].start
        where = (begins + chain[0].end) / 2
        for line in lines:
            if not 0 <= begins - line[-1].end <= gap:
                continue
            slope, intercept, *_ = _fit(line, horizontal)
            if abs(slope * where + intercept - chain[0].centre) <= reach:
                line.extend(chain)
                break
        else:
            lines.append(list(chain))
    return lines


def _continues(last: PxRule, piece: PxRule, horizontal: bool) -> bool:
    if horizontal:
        return piece.x0 == last.x1 and abs(piece.centre - last.centre) <= (last.y1 - last.y0) + 2
    return piece.y0 == last.y1 and abs(piece.centre - last.centre) <= (last.x1 - last.x0) + 2


def _fit(chain: list[PxRule], horizontal: bool) -> Fitted:
    if horizontal:
        along = [(p.x0 + p.x1) / 2 for p in chain]
        start, end = chain[0].x0, chain[-1].x1
    else:
        along = [(p.y0 + p.y1) / 2 for p in chain]
        start, end = chain[0].y0, chain[-1].y1
    across = [p.centre for p in chain]
    if len(chain) == 1:
        return 0.0, across[0], float(end - start), 1, start, end
    slope, intercept = np.polyfit(along, across, 1)
    return float(slope), float(intercept), float(end - start), len(chain), start, end


def _inside(line: Fitted, middle: float, side: float) -> bool:
    """Whether a line stands away from the image's edges across it."""
    position = _at(line, middle)
    return EDGE_SHARE * side < position < (1 - EDGE_SHARE) * side


def _at(line: Line | Fitted, position: float) -> float:
    return line[0] * position + line[1]


def _meet(across: Fitted, down: Fitted) -> list[float]:
    """Where a rule across (y = a·x + b) meets a rule down (x = c·y + d)."""
    a, b = across[:2]
    c, d = down[:2]
    x = (c * b + d) / (1 - c * a)
    return [x, a * x + b]
